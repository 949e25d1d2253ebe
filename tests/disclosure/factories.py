"""Requests registered the way the register form (and the reception desk) does it."""

from datetime import date

from apps.disclosure import services
from apps.disclosure.models import ProactiveCategory

ID_NUMBER = "11010519491231002X"
PHONE = "13800138000"
ADDRESS = "淄博市临淄区桓公路18号2单元301"


def new_request(clerk, received_on=date(2026, 9, 23), **extra):
    data = {
        "applicant": "张三",
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "address": ADDRESS,
        "channel": "letter",
        "content": "2025年度本区法律援助经费使用情况",
        "received_on": received_on,
        **extra,
    }
    return services.register_request(clerk, data)


def new_item(clerk, formed_on=date(2026, 9, 23), title="2026年度法治政府建设工作要点"):
    category, _ = ProactiveCategory.objects.get_or_create(name="规划计划", defaults={"column": "规划计划", "order": 30})
    return services.register_item(
        clerk, {"title": title, "category": category, "formed_on": formed_on, "summary": "全文公开"}
    )


OPINION = "拟由律师工作管理科检索、查询并拟定答复意见。"


def pending(case, user):
    from apps.workflow.models import Task

    return Task.objects.pending().get(case=case, assignee=user)


def sheet_and_instructions(case, people, section, on_date):
    """处理单 by the registrar, then 批示 by the office chief and the division leader."""
    from apps.workflow import services as engine

    services.issue_sheet(case.pk, people.clerk, section, OPINION, on_date)
    engine.approve(case.pk, pending(case, people.chief).pk, people.chief, "请律师工作管理科办理。")
    engine.approve(case.pk, pending(case, people.leader).pk, people.leader, "同意，按时答复。")


def draft_and_review(case, people, outcome, detail=""):
    """拟稿 by the responsible section (the lawyers' clerk), 审核 by the division leader."""
    from apps.workflow import services as engine

    services.draft_reply(case.pk, people.outsider, outcome, detail)
    engine.approve(case.pk, pending(case, people.leader).pk, people.leader, "同意答复。")


def reply_through_the_route(case, people, section, outcome, detail, on_date):
    sheet_and_instructions(case, people, section, on_date)
    draft_and_review(case, people, outcome, detail)
    return services.reply(case.pk, people.clerk, on_date)
