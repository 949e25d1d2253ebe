"""Finance test helpers: the posts the finance chains route to, claims and advances built the way
the pages build them (apps/finance/claims/services.py, apps/finance/advances/services.py)."""

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.finance.advances import services as advance_services
from apps.finance.claims import services
from apps.finance.models import DecisionRecord, MealStandard
from apps.org.models import Position
from apps.workflow import services as engine
from apps.workflow.models import Task
from tests.conftest import make_user


def pdf_upload(name="发票.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 invoice\n%%EOF", content_type="application/pdf")


def finance_posts(people, bureau, cashier_name="cashier"):
    """Who holds the finance positions in these tests: the office chief convenes the joint review
    group, the other division leader is the finance leader, a cashier in the office pays."""
    cashier = make_user(cashier_name, bureau["office"], full_name="报账员")
    holders = {"joint_review": people.chief, "finance_leader": people.other_leader, "finance_officer": cashier}
    for key, user in holders.items():
        position = Position.objects.get(key=key)
        position.holder = user
        position.save(update_fields=["holder"])
    return SimpleNamespace(cashier=cashier, **holders)


def item(amount, days_ago=1, category="office", description="A4 复印纸", **extra):
    return {
        "spent_on": timezone.localdate() - timedelta(days=days_ago),
        "category": category,
        "description": description,
        "invoices": 1,
        "amount": Decimal(amount),
        **extra,
    }


def meal_item(amount, persons, level="bureau", days_ago=1, meal="lunch"):
    return item(
        amount,
        days_ago,
        "reception",
        "公务接待用餐",
        meal=meal,
        persons=persons,
        meal_standard=MealStandard.objects.get(key=level),
    )


def new_claim(
    user, witness, items=None, kind="general", submit=False, uploads=None, advance=None, purpose="购买办公用品"
):
    items = items if items is not None else [item("800.00")]
    data = {"kind": kind, "purpose": purpose, "witness": witness, "advance": advance}
    uploads = [pdf_upload()] if uploads is None else uploads
    case = services.save_claim(user, data, items, uploads, submit=submit)
    case.refresh_from_db()
    return case


def pending(case, user=None):
    tasks = Task.objects.filter(case=case, status=Task.Status.PENDING).exclude(kind=Task.Kind.READ)
    if user is not None:
        tasks = tasks.filter(assignee=user)
    return tasks.get()


def approve_all(case):
    """Every approval step of the chain, each by its assignee, until a handling step is reached."""
    while True:
        task = Task.objects.filter(case=case, status=Task.Status.PENDING, kind=Task.Kind.APPROVE).first()
        if task is None:
            return
        engine.approve(case.pk, task.pk, task.assignee, "同意")


def add_record(case, user, kind=DecisionRecord.Kind.COLLECTIVE):
    return services.add_decision_record(
        case.pk,
        user,
        {
            "kind": kind,
            "meeting": "局长办公会议",
            "held_on": timezone.localdate(),
            "minutes_ref": "会议纪要〔2026〕3号",
        },
        pdf_upload("会议纪要.pdf"),
    )


def new_advance(user, amount="3000.00", expected_in_days=3, submit=False, kind="travel"):
    data = {
        "kind": kind,
        "purpose": "赴省厅参加培训",
        "amount": Decimal(amount),
        "expected_return_on": timezone.localdate() + timedelta(days=expected_in_days),
    }
    case = advance_services.save_advance(user, data, submit=submit)
    case.refresh_from_db()
    return case
