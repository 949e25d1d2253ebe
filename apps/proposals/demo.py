"""Demo 建议/提案 in several states, moved by the real services (seed_demo calls
create_demo_cases): awaiting the leaders' review; handling with one co-handling opinion in and a
面商 recorded; at 答复审签; replied and awaiting the representative's view; closed 满意; sent
back for re-handling after 不满意; and one overdue in handling."""

from datetime import timedelta

from django.utils import timezone

from apps.org.models import Section
from apps.workflow import api
from apps.workflow.models import Task

from . import services
from .models import REPLY_CHAIN, Category, ContactForm, Kind, Satisfaction, Session


def _approve_all(case, chain_or_step, users):
    """Approve, as each approver, the pending steps of the chain (or the one step) named."""
    codes = [step.code for step in api.route_steps(case) if chain_or_step in (step.chain, step.code)]
    for _ in range(5):
        task = Task.objects.filter(case=case, status=Task.Status.PENDING, step__in=codes).first()
        if task is None:
            return
        api.approve(case.pk, task.pk, users[task.assignee.username], "同意")


def create_demo_cases(u):
    today = timezone.localdate()
    s = {x.code: x for x in Section.objects.all()}
    clerk = u["office.clerk"]
    npc, _ = Session.objects.get_or_create(
        kind=Kind.SUGGESTION, name="区第十九届人民代表大会第三次会议", defaults={"year": today.year}
    )
    cppcc, _ = Session.objects.get_or_create(
        kind=Kind.PROPOSAL, name="政协区第十二届委员会第三次会议", defaults={"year": today.year}
    )

    def receive(kind, number, title, proposers, delegation, days_ago, content):
        data = {
            "kind": kind,
            "session": npc if kind == Kind.SUGGESTION else cppcc,
            "number": f"第{number}号",
            "title": title,
            "proposers": proposers,
            "delegation": delegation,
            "contact_phone": "13905330000",
            "content": content,
            "received_on": today - timedelta(days=days_ago),
            "assigned_on": today - timedelta(days=days_ago),
        }
        return services.receive(clerk, data)

    def through_review_and_assign(case, lead, co=()):
        _approve_all(case, "chief", u)
        _approve_all(case, "leader", u)
        services.assign(case.pk, clerk, s[lead], [s[c] for c in co])

    def contact_and_draft(case, category=Category.A):
        chief = Task.objects.get(case=case, step="handle", status=Task.Status.PENDING).assignee
        services.record_contact(
            case.pk,
            chief,
            today,
            ContactForm.MEETING,
            f"{chief.full_name}、代表本人",
            "同意承办科室的办理思路，希望尽快落实。",
        )
        services.draft_reply(
            case.pk, chief, "经认真研究，我局已将该事项列入年度重点工作，具体措施如下：一是……二是……", category
        )

    receive(
        Kind.SUGGESTION,
        8,
        "关于加强农村法律顾问服务的建议",
        "李建华",
        "敬仲镇代表团",
        3,
        "建议为每个行政村配备法律顾问，定期驻村服务。",
    )
    handling = receive(
        Kind.SUGGESTION,
        12,
        "关于推进公共法律服务站点建设的建议",
        "王秀英、刘长青",
        "凤凰镇代表团",
        20,
        "建议在各社区建设标准化公共法律服务工作站。",
    )
    through_review_and_assign(handling, "public_legal", ["lawyers", "enforcement"])
    services.send_co_opinion(
        handling.pk, u["lawyer.chief"], "律师科可组织律师事务所派驻值班律师，请主办科室统筹。", today
    )
    services.record_contact(
        handling.pk, u["service.chief"], today, ContactForm.PHONE, "卫东升、王秀英代表", "希望先在城区试点。"
    )

    approving = receive(
        Kind.PROPOSAL, 35, "关于规范律师执业行为的提案", "赵明", "法学界", 40, "建议加强律师执业监管和投诉处理。"
    )
    through_review_and_assign(approving, "lawyers")
    contact_and_draft(approving, Category.B)
    first = Task.objects.get(case=approving, status=Task.Status.PENDING)
    api.approve(approving.pk, first.pk, first.assignee, "同意报分管领导")

    feedback = receive(
        Kind.SUGGESTION,
        21,
        "关于加大人民调解员培训力度的建议",
        "孙立新",
        "金山镇代表团",
        60,
        "建议每年组织调解员轮训。",
    )
    through_review_and_assign(feedback, "public_legal")
    contact_and_draft(feedback)
    _approve_all(feedback, REPLY_CHAIN, u)
    services.send_reply(feedback.pk, clerk, today)

    done = receive(
        Kind.PROPOSAL, 18, "关于开展青少年法治宣传教育的提案", "周婷", "教育界", 70, "建议进校园开展模拟法庭活动。"
    )
    through_review_and_assign(done, "lawyers")
    contact_and_draft(done)
    _approve_all(done, REPLY_CHAIN, u)
    services.send_reply(done.pk, clerk, today)
    services.record_feedback(done.pk, clerk, Satisfaction.SATISFIED, today, "")

    again = receive(
        Kind.SUGGESTION,
        30,
        "关于社区矫正对象就业帮扶的建议",
        "陈国庆",
        "稷下街道代表团",
        80,
        "建议联系企业提供就业岗位。",
    )
    through_review_and_assign(again, "lawyers")
    contact_and_draft(again, Category.C)
    _approve_all(again, REPLY_CHAIN, u)
    services.send_reply(again.pk, clerk, today)
    services.record_feedback(again.pk, clerk, Satisfaction.UNSATISFIED, today, "答复过于笼统，未提出具体帮扶措施。")

    overdue = receive(
        Kind.PROPOSAL, 41, "关于优化法律援助申请流程的提案", "吴宏", "社会福利界", 100, "建议推行法律援助网上申请。"
    )
    through_review_and_assign(overdue, "public_legal")
    return 7
