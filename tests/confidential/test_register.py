"""The classified register's procedures: numbering, no files anywhere, routing through the
engine, loans chased by the deadline sweep, destruction, return and the year-end transfer."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.confidential import services
from apps.confidential.models import ClassifiedItem, ClassifiedLoan, Disposal, Kind, parse_copy_numbers
from apps.confidential.processes import FILES_REFUSED
from apps.workflow import calendar
from apps.workflow import services as engine
from apps.workflow.attachments import FilesRefused, save_attachment
from apps.workflow.models import Attachment, Case, CaseGrant, Notification
from apps.workflow.services import TransitionError
from apps.workflow.sweep import run_sweep
from tests.confidential.factories import act_all, item_data, pending

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def form_post(data):
    """The register form's POST body for `item_data` values."""
    post = {k: v for k, v in data.items() if v not in (None, "", []) and k not in ("readers", "handler")}
    post["received_on"] = data["received_on"].isoformat()
    post["readers"] = [u.pk for u in data.get("readers") or []]
    if data.get("handler"):
        post["handler"] = data["handler"].pk
    return post


def pdf_upload(name="扫描件.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 scanned classified page", content_type="application/pdf")


# --- 登记 ------------------------------------------------------------------------------------------


def test_numbers_are_per_register_and_year_of_receipt(secret, people):
    first = services.register_item(secret, item_data("甲"))
    second = services.register_item(secret, item_data("乙", first=3))
    telegram = services.register_item(secret, item_data("丙", kind=Kind.TELEGRAM, first=5))
    last_year = timezone.localdate().replace(year=timezone.localdate().year - 1, month=12, day=30)
    old = services.register_item(secret, item_data("丁", first=7, received_on=last_year))
    year = timezone.localdate().year
    assert [first.number, second.number] == [f"密收〔{year}〕001", f"密收〔{year}〕002"]
    assert telegram.number == f"电收〔{year}〕001"
    assert old.number == f"密收〔{year - 1}〕001" and old.year == year - 1
    assert first.case.is_confidential and first.case.number == first.number
    assert first.case.title == f"密级文件登记 密收〔{year}〕001"


def test_the_page_registers_and_sends_to_the_office_chief(secret, people):
    data = item_data(
        "关于某事项的通知", readers=[people.leader, people.director], handler=people.outsider, handle_days=3
    )
    response = client_for(secret).post("/confidential/new/", {**form_post(data), "submit": "1"})
    item = ClassifiedItem.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/confidential/{item.case_id}/"
    case = item.case
    assert case.status == Case.Status.ACTIVE
    assert [step["label"] for step in case.route] == [
        "拟办（办公室主任）",
        "呈阅（分管副局长）",
        "呈阅（局长）",
        "转办（律师科科员）",
    ]
    assert pending(case)[0].assignee == people.chief


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("copy_numbers", "000001、000002、000003", "与份数 2 不符"),
        ("copy_numbers", "12、13", "应为6位数字"),
        ("copy_numbers", "000003-000001", "份号范围"),
    ],
)
def test_copy_numbers_are_checked(secret, field, value, message):
    data = {**form_post(item_data("份号检查")), field: value}
    response = client_for(secret).post("/confidential/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ClassifiedItem.objects.exists()


def test_copy_number_ranges():
    assert parse_copy_numbers("000012-000014、000020") == ["000012", "000013", "000014", "000020"]
    with pytest.raises(ValueError):
        parse_copy_numbers("000012、000012")


def test_only_keepers_register(people, secret):
    for user in (people.clerk, people.leader, people.director, people.archivist, people.outsider):
        assert client_for(user).get("/confidential/new/").status_code == 403, user
        response = client_for(user).post("/confidential/new/", form_post(item_data("越权登记")))
        assert response.status_code == 403
    for user in (people.sysadmin, people.secadmin, people.auditor):
        assert client_for(user).get("/confidential/new/").status_code == 403
    assert client_for(people.chief).get("/confidential/new/").status_code == 200
    assert not ClassifiedItem.objects.exists()
    with pytest.raises(TransitionError):
        services.register_item(people.clerk, item_data("越权登记"))


# --- no files, anywhere ----------------------------------------------------------------------------


def test_a_file_posted_with_the_register_form_is_refused_with_the_reason(secret):
    data = {**form_post(item_data("附带扫描件的登记")), "submit": "1", "scan": pdf_upload()}
    response = client_for(secret).post("/confidential/new/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "第三十一条" in body and "不接收" in body
    assert not ClassifiedItem.objects.exists() and not Attachment.objects.exists()
    assert not Case.objects.exists()


def test_files_are_refused_on_every_form_of_an_entry(cworld, secret, people):
    item = cworld.items["granted"]
    client = client_for(secret)
    before = (ClassifiedLoan.objects.count(), Disposal.objects.count(), CaseGrant.objects.count(), item.cabinet)
    posts = [
        (
            f"/confidential/{item.case_id}/lend/",
            {"borrower": people.clerk.pk, "copy_numbers": "000041", "purpose": "x", "days": 2},
        ),
        (
            f"/confidential/{item.case_id}/dispose/",
            {
                "kind": "destroy",
                "on_date": timezone.localdate().isoformat(),
                "approved_by": people.chief.pk,
                "witness": people.colleague.pk,
                "method": "碎",
            },
        ),
        (f"/confidential/{item.case_id}/cabinet", {"cabinet": "别处"}),
        (f"/confidential/{item.case_id}/grants", {"reader": people.clerk.pk}),
        (f"/confidential/{cworld.items['draft'].case_id}/edit/", form_post(item_data("改", first=11))),
    ]
    for url, data in posts:
        response = client.post(url, {**data, "file": pdf_upload()}, follow=True)
        assert FILES_REFUSED in response.content.decode(), url
    item.refresh_from_db()
    assert (ClassifiedLoan.objects.count(), Disposal.objects.count(), CaseGrant.objects.count(), item.cabinet) == before
    assert not Attachment.objects.exists()


def test_the_engine_refuses_any_file_on_a_classified_case(cworld, secret):
    for case in (cworld.items["at_leader"].case, cworld.loan.case):
        with pytest.raises(FilesRefused) as refused, transaction.atomic():
            save_attachment(case, pdf_upload(), secret)
        assert "第三十一条" in " ".join(refused.value.messages)
        assert isinstance(refused.value, ValidationError)
    assert not Attachment.objects.exists()


# --- routing ----------------------------------------------------------------------------------------


def test_the_office_chief_returns_the_routing_and_the_clerk_changes_it(secret, people):
    item = services.register_item(secret, item_data("呈阅调整", readers=[people.leader]), submit=True)
    task = pending(item.case)[0]
    engine.return_case(item.case_id, task.pk, people.chief, -1, "请改呈局长阅示")
    item.case.refresh_from_db()
    assert item.case.status == Case.Status.RETURNED
    services.update_item(item.case, secret, {**item_data("呈阅调整", readers=[people.director])}, submit=True)
    item.case.refresh_from_db()
    assert [s["label"] for s in item.case.route] == ["拟办（办公室主任）", "呈阅（局长）"]
    act_all(item.case)
    item.case.refresh_from_db()
    assert item.case.status == Case.Status.CLOSED
    assert set(Case.objects.visible_to(people.director).filter(pk=item.case_id).values_list("pk", flat=True)) == {
        item.case_id
    }
    assert not Case.objects.visible_to(people.leader).filter(pk=item.case_id).exists()


def test_running_entries_cannot_be_edited_lent_or_disposed(cworld, secret, people):
    case = cworld.items["at_leader"].case
    with pytest.raises(TransitionError):
        services.update_item(case, secret, item_data("改"))
    with pytest.raises(TransitionError):
        services.lend(case, secret, people.clerk, "000021", "借", 2)
    with pytest.raises(TransitionError):
        services.dispose(
            case,
            secret,
            Disposal.Kind.DESTROY,
            {"on_date": timezone.localdate(), "approved_by": people.chief, "witness": people.colleague, "method": "碎"},
        )


def test_keepers_grant_and_revoke_readers_and_it_is_audited(cworld, secret, people):
    item = cworld.items["draft"]
    client = client_for(people.chief)
    assert client_for(people.archivist).get(f"/confidential/{item.case_id}/").status_code == 404
    assert client.post(f"/confidential/{item.case_id}/grants", {"reader": people.archivist.pk}).status_code == 302
    assert client_for(people.archivist).get(f"/confidential/{item.case_id}/").status_code == 200
    # the reader sees it but cannot grant it on
    assert (
        client_for(people.archivist)
        .post(f"/confidential/{item.case_id}/grants", {"reader": people.outsider.pk})
        .status_code
        == 403
    )
    with pytest.raises(TransitionError):
        engine.grant_case_access(item.case_id, people.archivist, people.outsider)
    assert client.post(f"/confidential/{item.case_id}/grants/{people.archivist.pk}/revoke").status_code == 302
    assert client_for(people.archivist).get(f"/confidential/{item.case_id}/").status_code == 404
    events = list(
        AuditEvent.objects.filter(object_id=str(item.case_id), event__startswith="permission.")
        .order_by("id")
        .values_list("event", "actor_id")
    )
    assert events == [("permission.grant_case", people.chief.pk), ("permission.revoke_case", people.chief.pk)]


# --- loans ------------------------------------------------------------------------------------------


def test_lending_grants_the_borrower_who_signs_and_the_clerk_takes_it_back(cworld, secret, people):
    item = cworld.items["granted"]
    borrower = people.archivist
    assert not Case.objects.visible_to(borrower).filter(pk=item.case_id).exists()
    response = client_for(secret).post(
        f"/confidential/{item.case_id}/lend/",
        {"borrower": borrower.pk, "copy_numbers": "000041", "purpose": "查阅归档范围", "days": 2},
    )
    assert response.status_code == 302
    loan = ClassifiedLoan.objects.get(item=item)
    assert loan.case.due_date == calendar.add_working_days(timezone.localdate(), 2)
    assert Case.objects.visible_to(borrower).filter(pk__in=[item.case_id, loan.case_id]).count() == 2
    notice = Notification.objects.get(user=borrower, key=f"classified-loan:{loan.pk}:lent")
    assert item.number in notice.message and cworld.titles["granted"] not in notice.message
    # the same copy cannot go out twice; a copy of another entry never
    with pytest.raises(TransitionError, match="已借出未还"):
        services.lend(item.case, secret, people.clerk, "000041", "再借", 1)
    with pytest.raises(TransitionError, match="不属于"):
        services.lend(item.case, secret, people.clerk, "000099", "借", 1)
    # only the borrower signs for it
    assert client_for(people.clerk).post(f"/confidential/loans/{loan.case_id}/sign-out").status_code == 404
    client_for(people.colleague).post(f"/confidential/loans/{loan.case_id}/sign-out")
    loan.refresh_from_db()
    assert loan.signed_out_at is None
    client_for(borrower).post(f"/confidential/loans/{loan.case_id}/sign-out")
    loan.refresh_from_db()
    assert loan.signed_out_at is not None
    # the borrower cannot record the return; the clerk can
    assert client_for(borrower).post(f"/confidential/loans/{loan.case_id}/return").status_code == 403
    client_for(secret).post(f"/confidential/loans/{loan.case_id}/return", {"note": "完好"})
    loan.case.refresh_from_db()
    assert loan.case.status == Case.Status.CLOSED
    assert "已收回 1 份" in loan.case.result
    assert not ClassifiedItem.objects.with_state().get(pk=item.pk).on_loan


def test_an_overdue_loan_is_chased_by_the_sweep_within_the_circle(cworld, secret, people):
    loan = cworld.loan  # lent to the lawyers' chief for 3 working days
    due = loan.case.due_date
    run_sweep(today=due + timedelta(days=1))
    overdue = Notification.objects.filter(case=loan.case, kind=Notification.Kind.OVERDUE)
    assert [n.user for n in overdue] == [secret]
    assert loan.item.number in overdue[0].message
    # two working days late: the office chief (a keeper) is asked to supervise; nobody outside
    later = calendar.add_working_days(due, 4)
    run_sweep(today=later)
    escalated = Notification.objects.filter(case=loan.case, kind=Notification.Kind.ESCALATE)
    assert {n.user for n in escalated} == {people.chief}
    recipients = set(Notification.objects.filter(case=loan.case).values_list("user__username", flat=True))
    assert recipients <= {"secret", "chief", "otherchief"}
    assert not Notification.objects.filter(case=loan.case, message__contains=cworld.titles["lent"]).exists()
    sent = Notification.objects.filter(case=loan.case).count()
    run_sweep(today=later)  # the same day again: nothing new
    assert Notification.objects.filter(case=loan.case).count() == sent
    assert Notification.objects.filter(case=loan.case, kind=Notification.Kind.OVERDUE).count() == 1


# --- destruction, return, transfer -------------------------------------------------------------------


def test_destruction_needs_an_approver_and_another_witness(cworld, secret, people):
    case = cworld.items["granted"].case
    today = timezone.localdate()
    with pytest.raises(TransitionError, match="批准人"):
        services.dispose(
            case,
            secret,
            Disposal.Kind.DESTROY,
            {"on_date": today, "approved_by": people.clerk, "witness": people.colleague, "method": "碎"},
        )
    with pytest.raises(TransitionError, match="监销人"):
        services.dispose(
            case,
            secret,
            Disposal.Kind.DESTROY,
            {"on_date": today, "approved_by": people.chief, "witness": secret, "method": "碎"},
        )
    with pytest.raises(TransitionError, match="有借出未还"):
        services.dispose(
            cworld.items["lent"].case,
            secret,
            Disposal.Kind.DESTROY,
            {"on_date": today, "approved_by": people.chief, "witness": people.colleague, "method": "碎"},
        )
    services.dispose(
        case,
        secret,
        Disposal.Kind.RETURN,
        {"on_date": today, "approved_by": people.leader, "receiver_unit": "区委办公室"},
    )
    with pytest.raises(TransitionError, match="已有处置记录"):
        services.dispose(
            case,
            secret,
            Disposal.Kind.DESTROY,
            {"on_date": today, "approved_by": people.chief, "witness": people.colleague, "method": "碎"},
        )
    with pytest.raises(TransitionError, match="不能借出"):
        services.lend(case, secret, people.clerk, "000041", "借", 1)


def test_year_end_transfer_hands_finished_entries_to_the_archivist(cworld, secret, people):
    year = timezone.localdate().year
    response = client_for(secret).post(
        "/confidential/transfer/",
        {"year": year, "archivist": people.archivist.pk, "on_date": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    moved = set(Disposal.objects.filter(kind=Disposal.Kind.TRANSFER).values_list("item__case_id", flat=True))
    # finished and kept: "handled" and "granted"; not the draft, the one at the leader, the lent or the destroyed
    assert moved == {cworld.items["handled"].case_id, cworld.items["granted"].case_id}
    seen = set(
        Case.objects.visible_to(people.archivist).filter(process="confidential.item").values_list("pk", flat=True)
    )
    assert seen == moved
    with pytest.raises(TransitionError, match="没有可以移交"):
        services.transfer_year(secret, year, people.archivist, timezone.localdate())
    with pytest.raises(TransitionError):
        services.transfer_year(secret, year, people.clerk, timezone.localdate())
