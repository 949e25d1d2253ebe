"""The complaint's reply limit extended through an approved 延期申请; a granted licence creating or
updating its register row in the grant's transaction; edit forms that never send a stored ID
number or phone to the browser.

Dates over the 2026 National Day holiday (1–7 Oct off; Saturday 10 Oct a make-up working day)."""

from datetime import date

import pytest
from django.test import Client

from apps.audit.models import AuditEvent
from apps.lawyers import services
from apps.lawyers.models import ComplaintExtension, LawFirm, Lawyer, LicenceStage, Status
from apps.workflow import api
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, Task
from tests.lawyers.factories import make_firm, make_lawyer, new_complaint

pytestmark = pytest.mark.django_db


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def pending(case, user):
    return Task.objects.pending().get(case=case, assignee=user)


def accepted_complaint(p, today):
    """Accepted on 30 Sept 2026: the 60-day reply limit ends Monday 30 Nov (29 Nov is a Sunday)."""
    today.set(date(2026, 9, 28))
    case = new_complaint(p.outsider, lawyer=make_lawyer(make_firm()))
    today.set(date(2026, 9, 30))
    services.assign(case.pk, p.other_chief, p.outsider, date(2026, 9, 30))
    services.decide(case.pk, p.outsider, True, date(2026, 9, 30))
    return case


def reply_clock(case):
    return case.clocks.get(rule__code=services.REPLY_RULE)


def test_an_extension_asked_before_the_due_date_moves_the_clock_when_the_chain_approves(bureau, people, today):
    p = people
    case = accepted_complaint(p, today)
    assert reply_clock(case).due_date == date(2026, 11, 30)

    today.set(date(2026, 11, 20))
    with pytest.raises(TransitionError):
        services.request_extension(case.pk, p.other_chief, 15, "需调取法院卷宗")  # not the handler
    ext_case = services.request_extension(case.pk, p.outsider, 15, "需调取法院卷宗核实代理情况")
    with pytest.raises(TransitionError, match="正在审批"):
        services.request_extension(case.pk, p.outsider, 5, "再次申请")  # one at a time
    # Nothing moves before the approvals: the chain is the rule rows' (chief, then the leader).
    assert reply_clock(case).due_date == date(2026, 11, 30)
    assert ext_case.current_step == "approve-1"
    api.approve(ext_case.pk, pending(ext_case, p.other_chief).pk, p.other_chief, "同意。")
    assert reply_clock(case).due_date == date(2026, 11, 30)
    ext_case.refresh_from_db()
    api.approve(ext_case.pk, pending(ext_case, p.other_leader).pk, p.other_leader, "同意延长。")  # division leader

    ext = ComplaintExtension.objects.get(case=ext_case)
    clock = reply_clock(case)
    # 60 + 15 days from 30 Sept: 14 Dec (a Monday).
    assert clock.due_date == date(2026, 12, 14) and ext.due_after == date(2026, 12, 14)
    assert ext.approved_by == p.other_leader
    assert clock.events.filter(kind="extend", days=15, approved_by=p.other_leader).exists()
    ext_case.refresh_from_db()
    assert ext_case.status == Case.Status.CLOSED

    # At most 30 days in all (待核实 row): 15 more is the limit, 16 is refused.
    with pytest.raises(TransitionError, match="最长"):
        services.request_extension(case.pk, p.outsider, 16, "仍需调查")


def test_an_extension_is_refused_after_the_due_date_and_a_refused_chain_leaves_the_clock(bureau, people, today):
    p = people
    case = accepted_complaint(p, today)
    today.set(date(2026, 11, 30))  # the last day still counts
    ext_case = services.request_extension(case.pk, p.outsider, 10, "需要补充调查")
    api.reject(ext_case.pk, pending(ext_case, p.other_chief).pk, p.other_chief, "应在期限内办结。")
    assert reply_clock(case).due_date == date(2026, 11, 30)
    assert ComplaintExtension.objects.get(case=ext_case).due_after is None

    today.set(date(2026, 12, 1))
    with pytest.raises(TransitionError, match="届满"):
        services.request_extension(case.pk, p.outsider, 10, "需要补充调查")


def test_the_extension_form_is_on_the_handlers_complaint_page_only(bureau, people, today):
    p = people
    case = accepted_complaint(p, today)
    today.set(date(2026, 10, 12))
    page = client_for(p.outsider).get(f"/cases/{case.pk}/").content.decode()
    assert "申请延长答复期限" in page
    assert "申请延长答复期限" not in client_for(p.other_chief).get(f"/cases/{case.pk}/").content.decode()
    response = client_for(p.outsider).post(
        f"/lawyers/complaints/{case.pk}/extend", {"days": "40", "reason": "情况复杂"}
    )
    assert response.status_code == 409 and "30日" in response.content.decode()


def granted(p, today, kind="lawyer", applicant="郭子涵", licence_no="13703202611122233", firm=None):
    today.set(date(2026, 10, 9))
    case = services.register_licence(
        p.outsider,
        {"kind": kind, "applicant": applicant, "phone": "13800138000", "firm": firm, "received_on": date(2026, 10, 9)},
    )
    codes = [c for c, _ in case.lawyer_licence.materials]
    services.check_materials(case.pk, p.outsider, codes, date(2026, 10, 9))
    services.forward_licence(case.pk, p.outsider, date(2026, 10, 9))
    services.record_city(case.pk, p.outsider, date(2026, 10, 9), True, "审查通过，报省厅")
    services.record_province(case.pk, p.outsider, date(2026, 10, 9), True, licence_no)
    case.refresh_from_db()
    return case


def test_a_granted_lawyers_licence_creates_the_register_row_then_updates_it(bureau, people, today):
    p = people
    firm = make_firm()
    case = granted(p, today, firm=firm)
    f = case.lawyer_licence
    lawyer = Lawyer.objects.get(licence_no="13703202611122233")
    assert f.stage == LicenceStage.GRANTED and f.lawyer == lawyer
    assert (lawyer.name, lawyer.firm, lawyer.licensed_on, lawyer.status) == (
        "郭子涵",
        firm,
        date(2026, 10, 9),
        Status.PRACTISING,
    )
    assert lawyer.phone.plain == "13800138000"
    assert "省司法厅准予" in lawyer.history.first().history_change_reason

    # A second grant with the same 执业证号 (e.g. back from 停止执业) updates the same row.
    lawyer.status = Status.SUSPENDED
    lawyer.save()
    granted(p, today, firm=firm)
    assert Lawyer.objects.filter(licence_no="13703202611122233").count() == 1
    assert Lawyer.objects.get(licence_no="13703202611122233").status == Status.PRACTISING


def test_a_granted_firm_and_branch_are_registered_and_a_clashing_number_refuses_the_grant(bureau, people, today):
    p = people
    case = granted(p, today, kind="firm", applicant="山东稷下律师事务所", licence_no="23703200110239999")
    firm = LawFirm.objects.get(licence_no="23703200110239999")
    assert case.lawyer_licence.registered_firm == firm and firm.parent is None
    branch = granted(
        p, today, kind="branch", applicant="山东稷下律师事务所临淄分所", licence_no="23703200110239998", firm=firm
    )
    assert branch.lawyer_licence.registered_firm.parent == firm

    make_lawyer(firm, licence_no="13703202600000001")
    with pytest.raises(TransitionError, match="律师的执业证号"):
        granted(p, today, kind="firm", applicant="另一律所", licence_no="13703202600000001")
    # The refusal rolled the whole grant back: no firm row, the file still at the province.
    assert not LawFirm.objects.filter(name="另一律所").exists()


def test_the_lawyer_edit_form_does_not_send_the_stored_numbers_and_keeps_them_when_left_empty(bureau, people, today):
    p = people
    lawyer = make_lawyer(make_firm(), id_number="11010519491231002X")
    c = client_for(p.outsider)
    before = AuditEvent.objects.count()
    page = c.get(f"/lawyers/lawyers/{lawyer.pk}/edit/").content.decode()
    assert "11010519491231002X" not in page and "13912345678" not in page
    assert "留空则不修改" in page
    assert AuditEvent.objects.count() == before  # no reveal happened

    form = {
        "name": "李明远",
        "kind": "full_time",
        "firm": lawyer.firm_id,
        "employer": "",
        "licence_no": lawyer.licence_no,
        "licensed_on": "2010-07-01",
        "id_number": "",
        "phone": "",
        "status": "practising",
        "status_since": "",
        "note": "更正备注",
    }
    assert c.post(f"/lawyers/lawyers/{lawyer.pk}/edit/", form).status_code == 302
    lawyer.refresh_from_db()
    assert lawyer.id_number.plain == "11010519491231002X" and lawyer.phone.plain == "13912345678"
    assert lawyer.note == "更正备注"

    # A new number replaces the old; the tick clears it.
    c.post(f"/lawyers/lawyers/{lawyer.pk}/edit/", {**form, "phone": "13700001111", "id_number_clear": "on"})
    lawyer.refresh_from_db()
    assert lawyer.phone.plain == "13700001111" and not lawyer.id_number
