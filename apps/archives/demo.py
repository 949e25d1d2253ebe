"""Demo archive (seed_demo calls this after the other apps' demo cases): a 全宗号, items archived
by the archivist and by a section chief through the real services, a loan out with the archivist
and one waiting for the office chief. A case marked 已归档 from its case page without a catalogue
entry is listed apart on the 待归档 page (已归档、未编目), to be catalogued."""

from django.conf import settings

from apps.workflow import api as engine
from apps.workflow.models import Case, Task

from . import services
from .models import Fonds, Retention, RetentionRule


def _closed(title):
    return Case.objects.filter(title=title, status__in=(Case.Status.CLOSED, Case.Status.REJECTED)).first()


def create_demo_cases(u):
    Fonds.objects.get_or_create(code="J109", defaults={"name": settings.ORG_NAME, "active": True})
    archivist = u["office.archive"]
    made = 0
    # the office's finished general requests and last year's classified entries handed over
    # a notice still being read (传阅) stays open: archiving it would withdraw the staff's 待阅 items
    waiting = (
        services.catalogable_cases(archivist)
        .filter(process__in=("matters.general", "confidential.item"))
        .exclude(tasks__kind=Task.Kind.READ, tasks__status=Task.Status.PENDING)
    )
    for case in waiting.order_by("closed_at", "id"):
        rule = services.suggest_retention(case, services.facts(case).get("doc_type", ""))
        services.archive_case(case.pk, archivist, rule.retention if rule else Retention.SHORT)
        made += 1
    lawyers = _closed("关于召开全区律师行业年度座谈会的请示")
    if lawyers is not None:
        services.archive_case(lawyers.pk, u["lawyer.chief"], RetentionRule.objects.get(code="general").retention)
    office_items = list(services.lendable(u["office.clerk"]).order_by("archived_at")[:2])
    if office_items:
        loan = services.save_loan(
            u["office.clerk"],
            {"items": office_items[:1], "purpose": "编写年度工作总结查阅", "mode": "lend", "days": 3},
            submit=True,
        )
        for _ in range(2):  # the office chief approves, the archivist hands it out
            task = loan.case.tasks.filter(status=Task.Status.PENDING).select_related("assignee").first()
            if task.kind == Task.Kind.APPROVE:
                engine.approve(loan.case_id, task.pk, task.assignee, "同意借阅，按期归还。")
            else:
                engine.complete(loan.case_id, task.pk, task.assignee, "已借出1件，借阅人当面清点签收。")
        made += 1
    lawyer_items = list(services.lendable(u["lawyer.clerk"])[:1])
    if lawyer_items:
        services.save_loan(
            u["lawyer.clerk"],
            {"items": lawyer_items, "purpose": "核对座谈会纪要", "mode": "read", "days": 1},
            submit=True,
        )
        made += 1
    return made
