"""Demo records of 教育培训 through the services: this year's plan approved by the chief and
waiting for the personnel leader, two courses with attendance, and a platform import with two
rows it could not match (the report the personnel section sees)."""

from datetime import date
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from apps.workflow import api
from apps.workflow.models import Task

from . import services
from .models import Attendance, Course


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return SimpleUploadedFile("干部网络学院学时导出.xlsx", out.getvalue())


def create_demo_cases(u):
    clerk, chief = u["personnel.clerk"], u["personnel.chief"]
    year = timezone.localdate().year
    case = services.save_plan(
        clerk,
        {
            "year": year,
            "body": "一、理论和党性教育：每月“周五”集中学习，全年不少于 12 次。\n"
            "二、业务培训：行政执法、行政复议、社区矫正专题培训各 1 期。\n"
            "三、网络学习：干部教育网络学习平台、学习强国平台完成年度学习任务。",
            "required_hours": Decimal("50"),
        },
        submit=True,
    )
    task = case.tasks.get(status=Task.Status.PENDING)
    api.approve(case.pk, task.pk, chief, "同意，报分管领导审批。")
    people = [u[k] for k in ("office.clerk", "office.chief", "law.clerk", "recon.clerk", "personnel.clerk")]
    first = services.add_course(
        clerk,
        {
            "plan": case.training_plan,
            "title": "新修订行政复议法专题培训",
            "kind": Course.Kind.LECTURE,
            "held_on": date(year, 3, 14) if date(year, 3, 14) <= timezone.localdate() else timezone.localdate(),
            "hours": Decimal("4"),
            "organiser": "区司法局政工科",
            "place": "局四楼会议室",
        },
    )
    marks = {p: Attendance.Status.PRESENT for p in people}
    marks[u["recon.clerk"]] = Attendance.Status.LEAVE
    services.record_attendance(clerk, first.pk, marks)
    second = services.add_course(
        clerk,
        {
            "plan": case.training_plan,
            "title": "社区矫正执法规范化培训",
            "kind": Course.Kind.SKILL,
            "held_on": timezone.localdate(),
            "hours": Decimal("6"),
            "organiser": "市司法局",
            "place": "市司法局培训中心",
        },
    )
    services.record_attendance(clerk, second.pk, {u["correct.clerk"]: "present", u["correct.chief"]: "present"})
    upload = _xlsx(
        [
            ["干部网络学院学时统计"],
            ["序号", "姓名", "单位", "已完成学时"],
            [1, u["office.clerk"].full_name, "区司法局", 32.5],
            [2, u["law.clerk"].full_name, "区司法局", 41],
            [3, u["personnel.clerk"].full_name, "区司法局", 50],
            [4, "刘晓明", "区司法局", 20],
            [5, u["recon.clerk"].full_name, "区司法局", "未完成"],
        ]
    )
    services.import_platform_hours(clerk, year, "干部教育网络学习平台", upload)
    return 1
