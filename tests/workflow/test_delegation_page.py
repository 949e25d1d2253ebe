from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Clearance
from apps.audit.models import AuditEvent
from apps.workflow import services
from apps.workflow.inbox import tab_queryset
from apps.workflow.models import Case, Delegation, Sensitivity
from tests.matters.factories import new_request


def delegate_form(people, start=0, end=3, **extra):
    today = timezone.localdate()
    data = {
        "delegate": people.other_leader.pk,
        "start_date": (today + timedelta(days=start)).isoformat(),
        "end_date": (today + timedelta(days=end)).isoformat(),
        "reason": "出差",
    }
    data.update(extra)
    return data


def test_it_lets_a_leader_name_a_delegate_who_then_sees_his_todo(client, people):
    case = new_request(people.chief, submit=True)  # a chief's request goes to the division leader
    client.force_login(people.leader)
    response = client.post(reverse("workflow:delegations"), delegate_form(people))
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert (delegation.principal, delegation.delegate) == (people.leader, people.other_leader)
    assert AuditEvent.objects.filter(event="delegation.create", actor=people.leader).exists()
    assert case.pk in set(tab_queryset(people.other_leader, "todo").values_list("case_id", flat=True))


@pytest.mark.parametrize(
    "start, end, message",
    [(2, 1, "结束日期不能早于开始日期"), (-5, -1, "结束日期已过")],
)
def test_it_refuses_impossible_periods_in_chinese(client, people, start, end, message):
    client.force_login(people.leader)
    response = client.post(reverse("workflow:delegations"), delegate_form(people, start, end))
    assert message in response.content.decode()
    assert not Delegation.objects.exists()


def test_it_refuses_an_overlapping_delegation(client, people):
    client.force_login(people.leader)
    client.post(reverse("workflow:delegations"), delegate_form(people, 0, 3))
    response = client.post(reverse("workflow:delegations"), delegate_form(people, 2, 5, delegate=people.director.pk))
    assert "已有有效的委托" in response.content.decode()
    assert Delegation.objects.count() == 1


def test_only_the_principal_can_cancel_and_the_delegate_stops_seeing_the_work(client, people):
    case = new_request(people.chief, submit=True)
    delegation = services.create_delegation(
        people.leader, people.other_leader, timezone.localdate(), timezone.localdate() + timedelta(days=2), "出差"
    )
    client.force_login(people.other_leader)
    client.post(reverse("workflow:delegation_cancel", args=[delegation.pk]))
    delegation.refresh_from_db()
    assert delegation.cancelled_at is None
    client.force_login(people.leader)
    client.post(reverse("workflow:delegation_cancel", args=[delegation.pk]))
    delegation.refresh_from_db()
    assert delegation.cancelled_at is not None
    assert case.pk not in set(tab_queryset(people.other_leader, "todo").values_list("case_id", flat=True))


def test_a_work_secret_case_is_not_routed_to_an_approver_without_clearance(people):
    people.chief.clearance = Clearance.INTERNAL
    people.chief.save()
    case = new_request(people.clerk)
    Case.objects.filter(pk=case.pk).update(sensitivity=Sensitivity.WORK_SECRET)
    with pytest.raises(services.TransitionError, match="密级许可低于本事项"):
        services.submit(case.pk, people.clerk)
    case.refresh_from_db()
    assert case.status == Case.Status.DRAFT and not case.tasks.exists()
