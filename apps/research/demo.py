"""Demo research topics, through the services and the engine: one waiting for the division
leader's approval of the plan, one being researched, one finished with its use recorded."""

from datetime import timedelta

from django.utils import timezone

from apps.workflow import api
from apps.workflow.models import Task

from . import services
from .models import Topic, Use


def _approve_all(case, people):
    for person in people:
        task = case.tasks.get(status=Task.Status.PENDING, assignee=person)
        api.approve(case.pk, task.pk, person, "同意")


def create_demo_cases(u):
    today = timezone.localdate()
    clerk, leader, director = u["office.clerk"], u["leader.lu"], u["director"]
    services.propose(
        clerk,
        {
            "title": "司法所参与基层社会治理情况调研",
            "source": Topic.Source.PLAN,
            "purpose": "摸清各司法所人员配备、承担职能及参与矛盾纠纷化解的情况，提出加强规范化建设的建议。",
            "objects_text": "全区 12 个司法所",
            "method": "实地走访、座谈、问卷",
            "participants": "办公室钱晓燕；公共法律服务科蒋欣然",
            "due_date": today + timedelta(days=60),
        },
    )
    second = services.propose(
        clerk,
        {
            "title": "律师参与信访化解工作调研",
            "source": Topic.Source.LEADER,
            "purpose": "总结律师参与信访接待、化解的做法和成效，分析存在的问题。",
            "objects_text": "律师事务所、区信访局",
            "method": "座谈、查阅卷宗",
            "due_date": today + timedelta(days=30),
        },
    )
    _approve_all(second.case, [leader])
    third = services.propose(
        clerk,
        {
            "title": "社区矫正对象教育帮扶机制调研",
            "source": Topic.Source.UPPER,
            "purpose": "落实市局调研任务，研究社区矫正对象分类教育帮扶的机制。",
            "objects_text": "矫正科、各司法所",
            "method": "实地调研",
            "due_date": today + timedelta(days=5),
        },
    )
    _approve_all(third.case, [leader])
    services.submit_draft(
        third.case_id,
        clerk,
        {
            "draft": "一、基本情况；二、主要做法；三、存在问题；四、对策建议。",
            "materials": "调研照片、座谈记录存办公室共享盘",
        },
    )
    _approve_all(third.case, [leader, director])
    services.finalise(
        third.case_id,
        clerk,
        {
            "report_title": "关于社区矫正对象分类教育帮扶机制的调研报告",
            "finished_on": today - timedelta(days=3),
            "recipients": "市司法局；区委政法委",
            "published": True,
        },
    )
    services.record_use(
        third.case_id,
        clerk,
        {
            "kind": Use.Kind.INSTRUCTION,
            "on_date": today - timedelta(days=1),
            "by_whom": "区委政法委书记",
            "content": "调研扎实，建议在全区推广分类帮扶做法。",
        },
    )
    return 3
