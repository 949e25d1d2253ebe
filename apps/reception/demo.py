"""Demo contacts at the reception desk and on the duty phone, logged through the real service
(seed_demo calls create_demo_cases): answered on the spot, turned into a petition (a group
visit), handed to a section and acknowledged, handed to a section and waiting, a disclosure
request when apps.disclosure is installed, and one logged by a section's own staff member."""

from datetime import timedelta

from django.utils import timezone

from apps.org.models import Section
from apps.workflow import api
from apps.workflow.models import Task

from . import services
from .models import Kind, Outcome


def create_demo_cases(u):
    s = {x.code: x for x in Section.objects.all()}
    now = timezone.now()
    clerk = u["office.clerk"]
    made = 0

    def log(user, minutes_ago, **data):
        return services.log_contact(user, {"occurred_at": now - timedelta(minutes=minutes_ago), "headcount": 1, **data})

    log(
        clerk,
        30,
        kind=Kind.CALL,
        name="李先生",
        phone="13963451208",
        summary="咨询办理遗嘱公证需要带哪些材料。",
        outcome=Outcome.ANSWERED,
        answer="已告知：本人身份证、户口簿、房产证等财产凭证，须本人到公证处办理；公证处电话已告知。",
    )
    log(
        clerk,
        95,
        kind=Kind.VISIT,
        name="高秀梅",
        phone="15806437719",
        headcount=6,
        summary="六名务工人员反映被拖欠工资，申请法律援助未获答复。",
        outcome=Outcome.PETITION,
    )
    contact = log(
        clerk,
        200,
        kind=Kind.CALL,
        name="田女士",
        phone="13505331876",
        summary="反映小区门口律师事务所广告存在虚假宣传。",
        outcome=Outcome.SECTION,
        section=s["lawyers"],
        note="请律师工作科核实并于三个工作日内回复来电人。",
    )
    task = contact.case.tasks.get(status=Task.Status.PENDING)
    api.complete(contact.case.pk, task.pk, task.assignee, "已签收，已安排人员核查，今日电话回复来电人。")
    log(
        u["correct.clerk"],
        45,
        kind=Kind.VISIT,
        name="许建华",
        phone="18653322904",
        summary="社区矫正对象家属询问外出请假审批流程。",
        outcome=Outcome.ANSWERED,
        answer="已一次性告知外出请假的条件、须提交的材料和审批时限。",
    )
    log(
        clerk,
        20,
        kind=Kind.VISIT,
        name="孟庆军",
        summary="反映人民调解协议对方不履行，要求调解委员会督促。",
        outcome=Outcome.SECTION,
        section=s["public_legal"],
        note="请公共法律服务管理科联系调委会了解情况。",
    )
    made += 5
    if services.disclosure_available():
        log(
            clerk,
            60,
            kind=Kind.VISIT,
            name="刘志远",
            phone="13869325540",
            summary="申请公开本局2025年行政复议案件数量及结果统计。",
            outcome=Outcome.DISCLOSURE,
            reply_form="paper",
            address="临淄区辛店街道齐园路22号",
        )
        made += 1
    return made
