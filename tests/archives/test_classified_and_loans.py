"""Classified entries reach the archive only as register data; archive loans run on the engine
and an overdue loan is chased by the deadline sweep."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from apps.archives import services
from apps.archives.models import ArchiveItem, ArchiveLoan, Retention
from apps.confidential import services as classified
from apps.workflow import calendar
from apps.workflow import services as engine
from apps.workflow.models import Case, Notification, Task
from apps.workflow.services import TransitionError
from apps.workflow.sweep import run_sweep
from tests.archives.factories import closed_request
from tests.confidential.factories import act_all, item_data, secret_clerk

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_transferred_classified_entry_is_catalogued_without_content(people, bureau, active_fonds):
    secret = secret_clerk(bureau)
    last_year = timezone.localdate().replace(year=timezone.localdate().year - 1, month=11, day=3)
    item = classified.register_item(
        secret,
        item_data("关于某专项工作的通知（摘要）", received_on=last_year, pages=6, readers=[people.leader]),
        submit=True,
    )
    act_all(item.case)
    assert item.case_id not in set(services.pending_cases(people.archivist).values_list("pk", flat=True))
    classified.transfer_year(secret, last_year.year, people.archivist, timezone.localdate())
    assert item.case_id in set(services.pending_cases(people.archivist).values_list("pk", flat=True))
    form = client_for(people.archivist).get(f"/archives/pending/{item.case_id}/")
    assert form.context["rule"].retention == Retention.LONG and form.context["no_copy"]
    archived = services.archive_case(item.case_id, people.archivist, Retention.LONG)
    assert not archived.pdf and archived.pdf_sha256 == ""
    assert (archived.title, archived.responsible, archived.doc_number) == (
        "关于某专项工作的通知（摘要）",
        "区委办公室",
        "区委密〔2026〕1号",
    )
    assert archived.classification == "秘密" and archived.pages == 6 and archived.year == last_year.year
    # the catalogue entry stays inside the circle: keepers and the archivist, not the office clerk
    assert not ArchiveItem.objects.visible_to(people.clerk).filter(pk=archived.pk).exists()
    assert client_for(people.clerk).get(f"/archives/items/{archived.pk}/").status_code == 404
    assert ArchiveItem.objects.visible_to(people.chief).filter(pk=archived.pk).exists()
    assert ArchiveItem.objects.visible_to(people.leader).filter(pk=archived.pk).exists()  # he read it (呈阅)
    assert not ArchiveItem.objects.visible_to(people.director).filter(pk=archived.pk).exists()
    assert client_for(people.archivist).get(f"/archives/items/{archived.pk}/file.pdf").status_code == 404
    # and classified items are not lent through the archive
    assert not services.lendable(people.archivist).filter(pk=archived.pk).exists()


@pytest.fixture
def archived(people, active_fonds):
    cases = [closed_request(people.clerk, f"关于第{i}件归档事项的请示", people.chief) for i in range(2)]
    return [services.archive_case(c.pk, people.archivist, Retention.SHORT) for c in cases]


def _pending(case):
    return case.tasks.get(status=Task.Status.PENDING)


def test_a_loan_is_approved_lent_chased_and_returned(archived, people):
    clerk = client_for(people.colleague)
    response = clerk.post(
        "/archives/loans/new/",
        {"items": [archived[0].pk], "mode": "lend", "purpose": "写年度总结", "days": 2, "submit": "1"},
    )
    loan = ArchiveLoan.objects.get()
    assert response.status_code == 302
    case = loan.case
    assert _pending(case).assignee == people.chief  # 办公室主任审批 (fixtures/archive_rules.json)
    engine.approve(case.pk, _pending(case).pk, people.chief, "同意")
    lend = _pending(case)
    assert lend.assignee == people.archivist and lend.step == "lend"
    engine.complete(case.pk, lend.pk, people.archivist, "已借出")
    back = _pending(case)
    assert back.step == "return" and back.due_date == calendar.add_working_days(timezone.localdate(), 2)
    listed = {i.pk: i.out for i in client_for(people.archivist).get("/archives/").context["page"].object_list}
    assert listed[archived[0].pk] is True and listed[archived[1].pk] is False
    # the item cannot be asked for again while it is out
    assert not services.lendable(people.clerk).filter(pk=archived[0].pk).exists()
    # overdue: the archivist is told, then the office chief
    run_sweep(today=back.due_date + timedelta(days=1))
    assert list(Notification.objects.filter(case=case, kind="overdue").values_list("user__username", flat=True)) == [
        "archivist"
    ]
    run_sweep(today=calendar.add_working_days(back.due_date, 3))
    assert set(Notification.objects.filter(case=case, kind="escalate").values_list("user__username", flat=True)) == {
        "chief"
    }
    engine.complete(case.pk, back.pk, people.archivist, "已收回，完好")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert services.lendable(people.clerk).filter(pk=archived[0].pk).exists()
    # a finished loan is not an archive item
    assert case.pk not in set(services.pending_cases(people.archivist).values_list("pk", flat=True))


def test_one_may_only_borrow_what_one_may_see(archived, people, active_fonds):
    lawyers = services.archive_case(
        closed_request(people.outsider, "律师科事项", people.other_chief).pk, people.other_chief, Retention.SHORT
    )
    with pytest.raises(TransitionError, match="不可借阅"):
        services.save_loan(people.clerk, {"items": [lawyers], "purpose": "看看", "mode": "read", "days": 1})
    response = client_for(people.clerk).post(
        "/archives/loans/new/", {"items": [lawyers.pk], "mode": "read", "purpose": "看看", "days": 1, "submit": "1"}
    )
    assert response.status_code == 200 and not ArchiveLoan.objects.exists()
    for user in (people.sysadmin, people.auditor):
        assert client_for(user).get("/archives/loans/new/").status_code == 403


def test_a_returned_request_is_edited_and_resubmitted(archived, people):
    loan = services.save_loan(
        people.clerk, {"items": archived[:1], "purpose": "查阅", "mode": "read", "days": 1}, submit=True
    )
    engine.return_case(loan.case_id, _pending(loan.case).pk, people.chief, -1, "请写明查阅的具体内容")
    client = client_for(people.clerk)
    assert client.get(f"/archives/loans/{loan.case_id}/edit/").status_code == 200
    response = client.post(
        f"/archives/loans/{loan.case_id}/edit/",
        {
            "items": [archived[0].pk, archived[1].pk],
            "mode": "read",
            "purpose": "查阅两件请示的审批意见",
            "days": 1,
            "submit": "1",
        },
    )
    assert response.status_code == 302
    loan.refresh_from_db()
    assert loan.items.count() == 2 and loan.case.title.endswith("等2件")
    assert client_for(people.colleague).get(f"/archives/loans/{loan.case_id}/edit/").status_code == 403
