"""Who may approve extending an incoming document's deadline (issue 13 item 10).

The rule (fixtures/deadline_rules.json, 收文办理): "确需延期的，承办科室应在期限届满前书面说明理由，
报办公室主任同意". The engine asks the process (Process.extension_approvers): for a transferred 收文
the office's 负责人 stay, and the chief and division leader of each handling section (主办, 协办)
are added; anyone else is refused by the form and by deadlines.extend_clock alike.
"""

import pytest
from django.test import Client

from apps.workflow import deadlines
from apps.workflow.forms import ClockExtendForm
from apps.workflow.models import CaseClock, ClockEvent
from apps.workflow.services import TransitionError
from tests.documents.factories import plan, register, to_handling
from tests.matters.factories import new_request

pytestmark = pytest.mark.django_db


def offered(case):
    return set(ClockExtendForm(case=case).fields["approved_by"].queryset)


def test_a_document_handled_by_the_correction_section_offers_its_chief_and_leader(office, people):
    case = to_handling(office, people, office.correction)
    office_people = {people.chief, people.leader, people.director}  # 办公室主任 (the rule), its leader, 局长
    correction_people = {office.co_chief, people.other_leader}  # 矫正科科长 and the section's 分管领导
    assert offered(case) == office_people | correction_people
    for user in office_people | correction_people:
        assert deadlines.may_approve_extension(case, user), user
    for user in (people.other_chief, people.outsider, people.clerk, people.archivist, people.sysadmin):
        assert not deadlines.may_approve_extension(case, user), user


def test_the_handling_chief_approves_an_extension_and_an_outsider_is_refused(office, people):
    case = to_handling(office, people, office.correction)
    clock = CaseClock.objects.get(case=case)
    due = clock.due_date
    with pytest.raises(TransitionError, match="批准人须为"):
        deadlines.extend_clock(clock.pk, office.co_chief, 3, "需要会同公安核实", people.other_chief)
    assert not clock.events.filter(kind=ClockEvent.Kind.EXTEND).exists()
    deadlines.extend_clock(clock.pk, office.co_chief, 3, "需要会同公安核实", office.co_chief)
    clock.refresh_from_db()
    assert clock.extended_days == 3 and clock.due_date > due
    assert clock.events.get(kind=ClockEvent.Kind.EXTEND).approved_by == office.co_chief


def test_the_page_offers_and_accepts_the_handling_sections_approvers(office, people):
    case = to_handling(office, people, office.correction)
    clock = CaseClock.objects.get(case=case)
    client = Client()
    client.force_login(office.co_chief)  # holds the 承办 task
    body = client.get(f"/cases/{case.pk}/").content.decode()
    extend_form = body[body.index(f"/clocks/{clock.pk}/extend") :]
    extend_form = extend_form[: extend_form.index("</form>")]
    for user in (office.co_chief, people.other_leader, people.chief, people.director):
        assert f'value="{user.pk}"' in extend_form, user
    assert f'value="{people.other_chief.pk}"' not in extend_form
    prefix = f"c{clock.pk}-extend"
    refused = client.post(
        f"/cases/{case.pk}/clocks/{clock.pk}/extend",
        {f"{prefix}-days": "2", f"{prefix}-approved_by": str(people.other_chief.pk), f"{prefix}-reason": "情况复杂"},
    )
    assert refused.status_code == 409
    response = client.post(
        f"/cases/{case.pk}/clocks/{clock.pk}/extend",
        {f"{prefix}-days": "2", f"{prefix}-approved_by": str(people.other_leader.pk), f"{prefix}-reason": "情况复杂"},
    )
    assert response.status_code == 302
    clock.refresh_from_db()
    assert clock.extended_days == 2


def test_co_handling_sections_count_too(office, people, bureau):
    case = to_handling(office, people, office.correction, co=[bureau["lawyers"]])
    assert {people.other_chief, office.co_chief} <= offered(case)
    assert deadlines.may_approve_extension(case, people.other_chief)


def test_before_the_transfer_and_for_other_processes_the_default_stands(office, people):
    untransferred = plan(register(office), people)
    assert offered(untransferred) == {people.chief, people.leader, people.director}
    request = new_request(people.outsider, "关于律师事务所年检的请示", submit=True)
    assert offered(request) == {people.other_chief, people.other_leader, people.director}
    assert not deadlines.may_approve_extension(request, people.chief)
