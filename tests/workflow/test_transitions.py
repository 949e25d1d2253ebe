"""Behaviour of every transition in apps/workflow/services.py.

Each test reads as what the bureau sees: whose inbox the case lands in next, what status the
case shows, and what the record says (the opinion with name and time, on the Task and in the
CaseEvent business log, plus the security audit row).

The general request route (fixtures/approval_rules.json) for a staff member of the office:
科室负责人审核 (chief) → 科室会签 (chiefs of the picked sections; skipped if none) →
分管领导审批 (leader) → 局长审批 (director, only from 5,000 yuan) → 落实办结 (the initiator).
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.accounts.models import OfficeRole, Rank
from apps.audit.models import AuditEvent
from apps.workflow import calendar, processes, services
from apps.workflow.models import ApprovalRule, Case, CaseEvent, Delegation, Task
from apps.workflow.services import TransitionError
from tests.conftest import make_user
from tests.matters.factories import new_request

pytestmark = pytest.mark.django_db

Action = CaseEvent.Action


# --- helpers ---------------------------------------------------------------------------------


def reload(case):
    return Case.objects.get(pk=case.pk)


def task_for(case, user, kind=None):
    """The one pending task `user` holds on `case` (fails loudly if there is not exactly one)."""
    tasks = case.tasks.filter(status=Task.Status.PENDING, assignee=user)
    if kind:
        tasks = tasks.filter(kind=kind)
    return tasks.get()


def pending_work(case):
    """Who holds pending (non-read) work on the case, as (step code, username) pairs."""
    return sorted(
        case.tasks.filter(status=Task.Status.PENDING)
        .exclude(kind=Task.Kind.READ)
        .values_list("step", "assignee__username")
    )


def route_codes(case):
    return [step["code"] for step in reload(case).route]


def events(case, action=None):
    qs = CaseEvent.objects.filter(case=case).order_by("id")
    return list(qs.filter(action=action) if action else qs)


def audit_rows(case, event):
    return list(
        AuditEvent.objects.filter(object_type="workflow.Case", object_id=str(case.pk), event=event).order_by("id")
    )


def approve(case, user, opinion=""):
    return services.approve(case.pk, task_for(case, user).pk, user, opinion)


def snapshot(case):
    """Everything a refused transition must leave untouched."""
    case = reload(case)
    return (
        case.status,
        case.version,
        case.current_step,
        case.current_assignees,
        sorted(case.tasks.values_list("id", "status", "decision")),
        CaseEvent.objects.filter(case=case).count(),
        AuditEvent.objects.filter(object_type="workflow.Case", object_id=str(case.pk)).count(),
    )


def refused(call, case, match):
    """`call` raises TransitionError with `match` in its message and changes nothing."""
    before = snapshot(case)
    with pytest.raises(TransitionError, match=match):
        call()
    assert snapshot(case) == before


def today():
    return timezone.localdate()


# --- submit: the route comes from the rule rows --------------------------------------------------


def test_submit_sends_staff_request_to_own_section_chief_first(people):
    before = timezone.now()
    case = new_request(people.clerk, amount="800", countersign=("lawyers",), submit=True)
    after = timezone.now()

    assert case.status == Case.Status.ACTIVE
    assert before <= case.submitted_at <= after
    assert route_codes(case) == ["review-1", "countersign", "approval-1", "execute"]
    assert [s["label"] for s in case.route] == ["科室负责人审核", "科室会签", "分管领导审批", "落实办结"]
    assert pending_work(case) == [("review-1", "chief")]
    assert case.current_step_label == "科室负责人审核"
    assert case.current_assignees == "办公室主任"
    # The review rule gives the chief two working days.
    chief_task = task_for(case, people.chief)
    assert chief_task.kind == Task.Kind.APPROVE
    assert chief_task.due_date == calendar.add_working_days(today(), 2) == case.due_date

    submitted = events(case, Action.SUBMIT)
    assert len(submitted) == 1
    assert submitted[0].actor == people.clerk
    assert submitted[0].target_label == "科室负责人审核"
    [row] = audit_rows(case, "workflow.submit")
    assert row.actor == people.clerk
    assert row.detail["target"] == "科室负责人审核"


def test_director_step_omitted_below_5000_yuan(people):
    case = new_request(people.clerk, amount="4999.99", submit=True)

    assert route_codes(case) == ["review-1", "approval-1", "execute"]


def test_director_step_added_from_5000_yuan(people):
    case = new_request(people.clerk, amount="5000", submit=True)

    assert route_codes(case) == ["review-1", "approval-1", "approval-2", "execute"]
    assert case.route[2]["label"] == "局长审批"


def test_request_without_amount_never_goes_to_director(people):
    case = new_request(people.clerk, amount=None, submit=True)

    assert route_codes(case) == ["review-1", "approval-1", "execute"]


def test_countersign_step_skipped_when_no_section_picked(people):
    case = new_request(people.clerk, amount="100", countersign=(), submit=True)

    assert "countersign" not in route_codes(case)


def test_own_section_is_not_asked_to_countersign(people):
    case = new_request(people.clerk, amount="100", countersign=("office",), submit=True)

    assert "countersign" not in route_codes(case)


def test_chief_request_skips_review_and_goes_straight_to_division_leader(people):
    case = new_request(people.chief, amount="100", submit=True)

    assert route_codes(case) == ["approval-1", "execute"]
    assert pending_work(case) == [("approval-1", "leader")]


def test_division_leader_request_goes_to_director(people):
    case = new_request(people.leader, amount="100", submit=True)

    assert route_codes(case) == ["approval-3", "execute"]
    assert pending_work(case) == [("approval-3", "director")]


def test_lowering_the_threshold_changes_new_cases_but_not_one_in_flight(people):
    in_flight = new_request(people.clerk, title="在途事项", amount="3000", submit=True)
    assert "approval-2" not in route_codes(in_flight)

    rule = ApprovalRule.objects.get(process="matters.general", chain="approval", seq=2)
    rule.min_value = Decimal("2000")
    rule.save()

    newer = new_request(people.clerk, title="新事项", amount="3000", submit=True)
    assert route_codes(newer) == ["review-1", "approval-1", "approval-2", "execute"]

    # The case already on its way keeps the route fixed at its submission...
    assert route_codes(in_flight) == ["review-1", "approval-1", "execute"]
    approve(in_flight, people.chief)
    approve(in_flight, people.leader)
    # ...so after the division leader it goes to the initiator, not to the director.
    assert pending_work(in_flight) == [("execute", "clerk")]


def test_disabling_the_director_rule_does_not_reroute_a_case_in_flight(people):
    in_flight = new_request(people.clerk, title="大额在途", amount="8000", submit=True)
    ApprovalRule.objects.filter(process="matters.general", chain="approval", seq=2).update(active=False)

    newer = new_request(people.clerk, title="大额新事项", amount="8000", submit=True)
    assert "approval-2" not in route_codes(newer)

    approve(in_flight, people.chief)
    approve(in_flight, people.leader)
    assert pending_work(in_flight) == [("approval-2", "director")]


def test_submit_with_no_rule_rows_for_the_chain_is_refused_in_chinese(people, monkeypatch):
    monkeypatch.setitem(
        processes._registry,
        "tests.rules_only",
        type(
            "RulesOnly",
            (processes.Process,),
            {"code": "tests.rules_only", "label": "仅规则（测试）", "steps": [processes.ChainStep("approval")]},
        )(),
    )
    case = services.create_case(
        "tests.rules_only", initiator=people.clerk, section=people.clerk.section, title="无规则"
    )

    refused(lambda: services.submit(case.pk, people.clerk), case, "未配置审批路线")
    assert reload(case).status == Case.Status.DRAFT


def test_only_the_initiator_can_submit(people):
    case = new_request(people.clerk, amount="100")

    refused(lambda: services.submit(case.pk, people.colleague), case, "只有发起人可以提交")


def test_submitting_twice_is_refused(people):
    case = new_request(people.clerk, amount="100", submit=True)

    refused(lambda: services.submit(case.pk, people.clerk), case, "不能重复提交")
    assert len(events(case, Action.SUBMIT)) == 1


# --- approve through to the end --------------------------------------------------------------------


def test_approvals_advance_step_by_step_and_completion_closes_with_result(people):
    case = new_request(people.clerk, amount="5000", countersign=("lawyers",), submit=True)
    steps = [
        (people.chief, "review-1", "拟同意，报会签。"),
        (people.other_chief, "countersign", "律师工作科无意见。"),
        (people.leader, "approval-1", "同意，报局长。"),
        (people.director, "approval-2", "同意。"),
    ]
    for index, (user, step, opinion) in enumerate(steps):
        assert pending_work(case) == [(step, user.username)], f"step {index}"
        task = task_for(case, user)
        before = timezone.now()
        services.approve(case.pk, task.pk, user, opinion)
        after = timezone.now()

        task.refresh_from_db()
        assert task.status == Task.Status.DONE
        assert task.decision == Task.Decision.APPROVE
        assert task.opinion == opinion
        assert task.acted_by == user
        assert before <= task.acted_at <= after
        event = events(case)[-1]
        assert event.task == task
        assert event.actor == user and event.on_behalf_of is None
        assert event.opinion == opinion
        assert before <= event.created_at <= after
        assert event.action == (Action.COUNTERSIGN if step == "countersign" else Action.APPROVE)

    # After the director: the initiator carries the matter out (落实办结).
    case = reload(case)
    assert case.status == Case.Status.ACTIVE
    assert case.current_step_label == "落实办结"
    assert pending_work(case) == [("execute", "clerk")]
    assert events(case)[-1].target_label == "落实办结"
    assert [r.actor for r in audit_rows(case, "workflow.approve")] == [people.chief, people.leader, people.director]
    assert [r.actor for r in audit_rows(case, "workflow.countersign")] == [people.other_chief]

    handle = task_for(case, people.clerk)
    assert handle.kind == Task.Kind.HANDLE
    services.complete(case.pk, handle.pk, people.clerk, "  已按批示采购并入库。 ")

    case = reload(case)
    assert case.status == Case.Status.CLOSED
    assert case.result == "已按批示采购并入库。"
    assert case.closed_at is not None
    assert case.current_step == "" and case.current_assignees == ""
    assert pending_work(case) == []
    handle.refresh_from_db()
    assert handle.decision == Task.Decision.DONE and handle.opinion == "已按批示采购并入库。"
    [done] = events(case, Action.DONE)
    assert done.actor == people.clerk and done.opinion == "已按批示采购并入库。"
    assert len(audit_rows(case, "workflow.done")) == 1


def test_approve_without_words_records_the_default_opinion(people):
    case = new_request(people.clerk, amount="100", submit=True)
    task = task_for(case, people.chief)

    services.approve(case.pk, task.pk, people.chief, "   ")

    task.refresh_from_db()
    assert task.opinion == "同意"
    assert events(case, Action.APPROVE)[0].opinion == "同意"


def test_each_approval_bumps_the_case_version(people):
    case = new_request(people.clerk, amount="100", submit=True)
    version = case.version

    approve(case, people.chief)

    assert reload(case).version == version + 1


def test_double_approve_of_same_task_is_refused_and_logged_once(people):
    case = new_request(people.clerk, amount="100", submit=True)
    task = task_for(case, people.chief)
    services.approve(case.pk, task.pk, people.chief, "同意")

    refused(lambda: services.approve(case.pk, task.pk, people.chief, "同意"), case, "已经处理过了")

    assert len(events(case, Action.APPROVE)) == 1
    assert len(audit_rows(case, "workflow.approve")) == 1
    assert pending_work(case) == [("approval-1", "leader")]


def test_complete_requires_a_written_result(people):
    case = new_request(people.clerk, amount="100", submit=True)
    approve(case, people.chief)
    approve(case, people.leader)
    handle = task_for(case, people.clerk)

    refused(lambda: services.complete(case.pk, handle.pk, people.clerk, "  "), case, "必须填写办理结果")


def test_approval_task_cannot_be_completed_and_handle_task_cannot_be_approved(people):
    case = new_request(people.clerk, amount="100", submit=True)
    review = task_for(case, people.chief)
    refused(lambda: services.complete(case.pk, review.pk, people.chief, "办完"), case, "不能执行该操作")

    approve(case, people.chief)
    approve(case, people.leader)
    handle = task_for(case, people.clerk)
    refused(lambda: services.approve(case.pk, handle.pk, people.clerk), case, "不能执行该操作")


def test_task_of_another_case_is_not_found(people):
    case = new_request(people.clerk, title="甲", amount="100", submit=True)
    other = new_request(people.colleague, title="乙", amount="100", submit=True)
    task_of_other = task_for(other, people.chief)

    refused(lambda: services.approve(case.pk, task_of_other.pk, people.chief), case, "待办不存在")


# --- reject -------------------------------------------------------------------------------------


@pytest.mark.parametrize("opinion", ["", "   ", None])
def test_reject_requires_an_opinion(people, opinion):
    case = new_request(people.clerk, amount="100", submit=True)
    task = task_for(case, people.chief)

    refused(lambda: services.reject(case.pk, task.pk, people.chief, opinion), case, "不同意时必须填写意见")


def test_reject_ends_the_case_as_not_approved(people):
    case = new_request(people.clerk, amount="100", submit=True)
    approve(case, people.chief)
    task = task_for(case, people.leader)

    services.reject(case.pk, task.pk, people.leader, " 预算已用完，明年再议。 ")

    case = reload(case)
    assert case.status == Case.Status.REJECTED
    assert case.result == "分管领导审批不同意：预算已用完，明年再议。"
    assert case.closed_at is not None
    assert pending_work(case) == []  # in particular: no 落实办结 task for the initiator
    task.refresh_from_db()
    assert task.decision == Task.Decision.REJECT and task.opinion == "预算已用完，明年再议。"
    [event] = events(case, Action.REJECT)
    assert event.actor == people.leader and event.opinion == "预算已用完，明年再议。"
    assert [r.actor for r in audit_rows(case, "workflow.reject")] == [people.leader]


@pytest.fixture
def joint_process(monkeypatch):
    """A process whose first step goes to every archivist at once (two parallel approvals)."""
    code = "tests.joint"
    monkeypatch.setitem(
        processes._registry,
        code,
        type(
            "Joint",
            (processes.Process,),
            {
                "code": code,
                "label": "联合审批（测试）",
                "steps": [
                    processes.Step(
                        "joint", "档案员联合审核", kind=Task.Kind.APPROVE, role=f"office_role:{OfficeRole.ARCHIVIST}"
                    ),
                    processes.Step("execute", "落实办结", kind=Task.Kind.HANDLE, role="initiator"),
                ],
            },
        )(),
    )
    return code


def test_reject_cancels_the_other_pending_tasks_of_the_case(people, bureau, joint_process):
    second_archivist = make_user(
        "archivist2", bureau["office"], Rank.STAFF, office_role=OfficeRole.ARCHIVIST, full_name="档案员二"
    )
    case = services.create_case(joint_process, initiator=people.clerk, section=bureau["office"], title="档案移交")
    services.submit(case.pk, people.clerk)
    assert pending_work(case) == [("joint", "archivist"), ("joint", "archivist2")]
    services.circulate(case.pk, people.clerk, [people.colleague])

    services.reject(case.pk, task_for(case, people.archivist).pk, people.archivist, "目录不全。")

    assert reload(case).status == Case.Status.REJECTED
    other = case.tasks.get(assignee=second_archivist)
    assert other.status == Task.Status.CANCELLED
    assert pending_work(case) == []
    # The read copy is for information and stays in the reader's 待阅.
    assert task_for(case, people.colleague).kind == Task.Kind.READ


def test_parallel_approvers_all_must_agree_before_the_step_completes(people, bureau, joint_process):
    second_archivist = make_user(
        "archivist2", bureau["office"], Rank.STAFF, office_role=OfficeRole.ARCHIVIST, full_name="档案员二"
    )
    case = services.create_case(joint_process, initiator=people.clerk, section=bureau["office"], title="档案移交")
    services.submit(case.pk, people.clerk)

    approve(case, people.archivist)
    assert reload(case).current_step == "joint"
    assert reload(case).current_assignees == "档案员二"

    approve(case, second_archivist)
    assert pending_work(case) == [("execute", "clerk")]


def test_countersigner_cannot_reject_only_return(people):
    case = new_request(people.clerk, amount="100", countersign=("lawyers",), submit=True)
    approve(case, people.chief)
    task = task_for(case, people.other_chief)

    refused(lambda: services.reject(case.pk, task.pk, people.other_chief, "不同意"), case, "不能执行该操作")


# --- return ---------------------------------------------------------------------------------------


def test_return_to_drafter_gives_initiator_a_revise_task_and_resubmission_restarts(people):
    case = new_request(people.clerk, amount="100", submit=True)
    approve(case, people.chief)
    leader_task = task_for(case, people.leader)

    services.return_case(case.pk, leader_task.pk, people.leader, -1, "请补充报价单。")

    case = reload(case)
    assert case.status == Case.Status.RETURNED
    assert case.current_step_label == "退回修改"
    assert case.current_assignees == "办公室科员"
    revise = task_for(case, people.clerk)
    assert revise.kind == Task.Kind.REVISE
    leader_task.refresh_from_db()
    assert leader_task.decision == Task.Decision.RETURN and leader_task.opinion == "请补充报价单。"
    [event] = events(case, Action.RETURN)
    assert event.actor == people.leader
    assert event.opinion == "请补充报价单。"
    assert event.target_label == "发起人修改"
    assert len(audit_rows(case, "workflow.return")) == 1

    services.submit(case.pk, people.clerk)

    revise.refresh_from_db()
    assert revise.status == Task.Status.DONE and revise.decision == Task.Decision.SUBMIT
    case = reload(case)
    assert case.status == Case.Status.ACTIVE
    # The route starts again from the chief's review.
    assert pending_work(case) == [("review-1", "chief")]
    assert len(events(case, Action.SUBMIT)) == 2


def test_resubmission_after_return_uses_the_amended_amount(people):
    case = new_request(people.clerk, amount="1000", submit=True)
    services.return_case(case.pk, task_for(case, people.chief).pk, people.chief, -1, "金额有误。")
    case.general_request.amount = Decimal("6000")
    case.general_request.save()

    services.submit(case.pk, people.clerk)

    assert "approval-2" in route_codes(case)


@pytest.mark.parametrize("reason", ["", "  "])
def test_return_requires_a_reason(people, reason):
    case = new_request(people.clerk, amount="100", submit=True)
    task = task_for(case, people.chief)

    refused(lambda: services.return_case(case.pk, task.pk, people.chief, -1, reason), case, "必须说明理由")


def test_return_to_an_earlier_step_reactivates_it(people):
    case = new_request(people.clerk, amount="100", countersign=("lawyers",), submit=True)
    approve(case, people.chief)
    approve(case, people.other_chief)
    assert pending_work(case) == [("approval-1", "leader")]

    services.return_case(case.pk, task_for(case, people.leader).pk, people.leader, 0, "请科室重新审核金额。")

    case = reload(case)
    assert case.status == Case.Status.ACTIVE
    assert case.current_step == "review-1"
    assert pending_work(case) == [("review-1", "chief")]
    assert events(case, Action.RETURN)[0].target_label == "科室负责人审核"
    # From there the case runs the rest of its route again, countersign included.
    approve(case, people.chief)
    assert pending_work(case) == [("countersign", "otherchief")]


@pytest.mark.parametrize("target", [1, 2, 5])
def test_return_to_current_or_later_step_is_refused(people, target):
    case = new_request(people.clerk, amount="100", countersign=("lawyers",), submit=True)
    approve(case, people.chief)  # now at the countersign step (index 1)
    task = task_for(case, people.other_chief)

    refused(
        lambda: services.return_case(case.pk, task.pk, people.other_chief, target, "退回"),
        case,
        "只能退回到之前的环节",
    )


def test_return_targets_list_the_drafter_and_earlier_steps_only(people):
    case = new_request(people.clerk, amount="5000", submit=True)
    approve(case, people.chief)
    approve(case, people.leader)

    assert services.return_targets(reload(case)) == [
        (-1, "发起人（办公室科员）修改"),
        (0, "科室负责人审核"),
        (1, "分管领导审批"),
    ]


# --- transfer ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_transfer_requires_a_reason(people, reason):
    case = new_request(people.clerk, amount="100", submit=True)
    task = task_for(case, people.chief)

    refused(lambda: services.transfer(case.pk, task.pk, people.chief, people.colleague, reason), case, "必须说明理由")


def test_transfer_hands_the_task_to_the_new_handler(people):
    case = new_request(people.clerk, amount="100", submit=True)
    task = task_for(case, people.chief)

    services.transfer(case.pk, task.pk, people.chief, people.colleague, "本人出差，请同事代为审核。")

    task.refresh_from_db()
    assert task.status == Task.Status.DONE
    assert task.decision == Task.Decision.TRANSFER
    assert task.opinion == "本人出差，请同事代为审核。"
    assert task.note == "转给办公室同事"
    new_task = task_for(case, people.colleague)
    assert (new_task.step, new_task.kind, new_task.due_date) == ("review-1", Task.Kind.APPROVE, task.due_date)
    case = reload(case)
    assert case.current_step == "review-1"
    assert case.current_assignees == "办公室同事"
    [event] = events(case, Action.TRANSFER)
    assert event.actor == people.chief and event.target_label == "办公室同事"
    assert len(audit_rows(case, "workflow.transfer")) == 1

    # The new handler's approval moves the case on as the chief's would have.
    services.approve(case.pk, new_task.pk, people.colleague)
    assert pending_work(case) == [("approval-1", "leader")]


def test_transfer_to_the_same_person_is_refused(people):
    case = new_request(people.clerk, amount="100", submit=True)
    task = task_for(case, people.chief)

    refused(lambda: services.transfer(case.pk, task.pk, people.chief, people.chief, "转"), case, "不能转交给原办理人")


@pytest.mark.parametrize("admin", ["sysadmin", "secadmin", "auditor"])
def test_transfer_to_an_administrator_is_refused(people, admin):
    case = new_request(people.clerk, amount="100", submit=True)
    task = task_for(case, people.chief)

    refused(
        lambda: services.transfer(case.pk, task.pk, people.chief, getattr(people, admin), "转"),
        case,
        "请选择有效的接收人",
    )


def test_transfer_to_an_inactive_user_is_refused(people):
    case = new_request(people.clerk, amount="100", submit=True)
    task = task_for(case, people.chief)
    people.colleague.is_active = False
    people.colleague.save()

    refused(lambda: services.transfer(case.pk, task.pk, people.chief, people.colleague, "转"), case, "有效的接收人")


def test_transfer_to_someone_already_on_the_step_is_refused(people, personnel_chief):
    case = new_request(people.clerk, amount="100", countersign=("lawyers", "personnel"), submit=True)
    approve(case, people.chief)
    task = task_for(case, people.other_chief)

    refused(
        lambda: services.transfer(case.pk, task.pk, people.other_chief, personnel_chief, "转"),
        case,
        "政工科科长已在办理此环节",
    )


# --- countersign ---------------------------------------------------------------------------------


@pytest.fixture
def personnel_chief(bureau):
    return make_user("perschief", bureau["personnel"], Rank.CHIEF, full_name="政工科科长")


def test_countersign_needs_every_section_before_the_chain_advances(people, personnel_chief):
    case = new_request(people.clerk, amount="100", countersign=("lawyers", "personnel"), submit=True)
    approve(case, people.chief)
    assert pending_work(case) == [("countersign", "otherchief"), ("countersign", "perschief")]
    # Sections countersign in the bureau's order (政工科 comes before 律师工作科).
    assert reload(case).current_assignees == "政工科科长、律师科科长"

    approve(case, people.other_chief, "无意见。")

    case = reload(case)
    assert case.current_step == "countersign"
    assert case.current_assignees == "政工科科长"
    assert pending_work(case) == [("countersign", "perschief")]
    assert not case.tasks.filter(assignee=people.leader).exists()

    approve(case, personnel_chief, "同意。")

    assert pending_work(case) == [("approval-1", "leader")]
    assert [(e.actor, e.opinion) for e in events(case, Action.COUNTERSIGN)] == [
        (people.other_chief, "无意见。"),
        (personnel_chief, "同意。"),
    ]
    assert events(case, Action.COUNTERSIGN)[-1].target_label == "分管领导审批"


def test_any_one_countersigner_can_return_the_case(people, personnel_chief):
    case = new_request(people.clerk, amount="100", countersign=("lawyers", "personnel"), submit=True)
    approve(case, people.chief)
    approve(case, people.other_chief)
    task = task_for(case, personnel_chief)

    services.return_case(case.pk, task.pk, personnel_chief, -1, "涉及人员编制，请先征求意见。")

    case = reload(case)
    assert case.status == Case.Status.RETURNED
    assert pending_work(case) == [("revise", "clerk")]
    assert events(case, Action.RETURN)[0].actor == personnel_chief


def test_countersigner_return_cancels_the_other_countersign_tasks(people, personnel_chief):
    case = new_request(people.clerk, amount="100", countersign=("lawyers", "personnel"), submit=True)
    approve(case, people.chief)

    services.return_case(case.pk, task_for(case, people.other_chief).pk, people.other_chief, 0, "请重新审核。")

    assert case.tasks.get(assignee=personnel_chief).status == Task.Status.CANCELLED
    assert pending_work(case) == [("review-1", "chief")]


# --- delegation ------------------------------------------------------------------------------------


def delegate(principal, to, *, start, end, cancelled=False):
    return Delegation.objects.create(
        principal=principal,
        delegate=to,
        start_date=start,
        end_date=end,
        reason="休假",
        cancelled_at=timezone.now() if cancelled else None,
    )


def test_active_delegate_acts_and_record_shows_both_names(people):
    delegate(people.chief, people.colleague, start=today() - timedelta(days=1), end=today() + timedelta(days=1))
    case = new_request(people.clerk, amount="100", submit=True)
    task = task_for(case, people.chief)

    services.approve(case.pk, task.pk, people.colleague, "代为审核：同意。")

    task.refresh_from_db()
    assert task.assignee == people.chief
    assert task.acted_by == people.colleague
    assert task.on_behalf
    [event] = events(case, Action.APPROVE)
    assert event.actor == people.colleague
    assert event.on_behalf_of == people.chief
    [row] = audit_rows(case, "workflow.approve")
    assert row.actor == people.colleague
    assert row.detail["on_behalf_of"] == people.chief.pk
    assert pending_work(case) == [("approval-1", "leader")]


def test_delegation_covering_only_today_is_active(people):
    delegate(people.chief, people.colleague, start=today(), end=today())
    case = new_request(people.clerk, amount="100", submit=True)

    services.approve(case.pk, task_for(case, people.chief).pk, people.colleague)

    assert events(case, Action.APPROVE)[0].on_behalf_of == people.chief


@pytest.mark.parametrize(
    "start,end,cancelled",
    [
        pytest.param(-5, -1, False, id="expired"),
        pytest.param(1, 5, False, id="not-yet-started"),
        pytest.param(-1, 1, True, id="cancelled"),
    ],
)
def test_inactive_delegation_does_not_let_delegate_act(people, start, end, cancelled):
    delegate(
        people.chief,
        people.colleague,
        start=today() + timedelta(days=start),
        end=today() + timedelta(days=end),
        cancelled=cancelled,
    )
    case = new_request(people.clerk, amount="100", submit=True)
    task = task_for(case, people.chief)

    refused(lambda: services.approve(case.pk, task.pk, people.colleague), case, "您不是该待办的办理人，也未受其委托")


def test_delegation_to_someone_else_does_not_help_a_stranger(people):
    delegate(people.chief, people.colleague, start=today(), end=today())
    case = new_request(people.clerk, amount="100", submit=True)
    task = task_for(case, people.chief)

    refused(lambda: services.approve(case.pk, task.pk, people.outsider), case, "未受其委托")


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c, t, u: services.approve(c, t, u, "同意"), id="approve"),
        pytest.param(lambda c, t, u: services.reject(c, t, u, "不同意"), id="reject"),
        pytest.param(lambda c, t, u: services.return_case(c, t, u, -1, "退回"), id="return"),
    ],
)
def test_stranger_cannot_act_on_someone_elses_task(people, call):
    case = new_request(people.clerk, amount="100", submit=True)
    task = task_for(case, people.chief)

    refused(lambda: call(case.pk, task.pk, people.outsider), case, "您不是该待办的办理人")


def test_stranger_cannot_transfer_someone_elses_task(people):
    case = new_request(people.clerk, amount="100", submit=True)
    task = task_for(case, people.chief)

    refused(lambda: services.transfer(case.pk, task.pk, people.outsider, people.outsider, "我来办"), case, "办理人")


# --- withdraw -----------------------------------------------------------------------------------------


def test_initiator_can_withdraw_before_the_next_handler_acts(people):
    case = new_request(people.clerk, amount="100", submit=True)
    chief_task = task_for(case, people.chief)

    services.withdraw(case.pk, people.clerk, expected_version=case.version)

    case = reload(case)
    assert case.status == Case.Status.DRAFT
    assert case.current_step == "" and case.current_assignees == ""
    chief_task.refresh_from_db()
    assert chief_task.status == Task.Status.CANCELLED  # gone from the chief's inbox
    [event] = events(case, Action.WITHDRAW)
    assert event.actor == people.clerk and event.step_label == "科室负责人审核"
    assert len(audit_rows(case, "workflow.withdraw")) == 1

    # The draft can be amended and submitted again.
    services.submit(case.pk, people.clerk)
    assert pending_work(case) == [("review-1", "chief")]


def test_withdraw_refused_once_the_next_handler_has_acted(people):
    case = new_request(people.clerk, amount="100", submit=True)
    approve(case, people.chief)

    refused(lambda: services.withdraw(case.pk, people.clerk), case, "已有办理人处理过，不能撤回")


def test_withdraw_refused_after_a_transfer(people):
    case = new_request(people.clerk, amount="100", submit=True)
    services.transfer(case.pk, task_for(case, people.chief).pk, people.chief, people.colleague, "请同事审核")

    refused(lambda: services.withdraw(case.pk, people.clerk), case, "不能撤回")


def test_withdraw_allowed_again_after_return_and_resubmission(people):
    case = new_request(people.clerk, amount="100", submit=True)
    approve(case, people.chief)
    services.return_case(case.pk, task_for(case, people.leader).pk, people.leader, -1, "请补充材料")
    services.submit(case.pk, people.clerk)

    # The earlier round's approvals do not count against the new submission.
    services.withdraw(case.pk, people.clerk)

    assert reload(case).status == Case.Status.DRAFT


def test_only_the_initiator_can_withdraw(people):
    case = new_request(people.clerk, amount="100", submit=True)

    refused(lambda: services.withdraw(case.pk, people.chief), case, "只有发起人可以撤回")


def test_draft_cannot_be_withdrawn(people):
    case = new_request(people.clerk, amount="100")

    refused(lambda: services.withdraw(case.pk, people.clerk), case, "当前状态不能撤回")


# --- circulate (传阅) and mark_read ------------------------------------------------------------------


def test_circulate_creates_read_tasks_and_mark_read_records_the_time(people):
    case = new_request(people.clerk, amount="100", submit=True)

    services.circulate(case.pk, people.chief, [people.colleague, people.outsider], note="请知悉")

    reads = {t.assignee: t for t in case.tasks.filter(kind=Task.Kind.READ)}
    assert set(reads) == {people.colleague, people.outsider}
    assert all(t.status == Task.Status.PENDING and t.note == "请知悉" for t in reads.values())
    [event] = events(case, Action.CIRCULATE)
    assert event.actor == people.chief
    assert event.target_label == "办公室同事、律师科科员"
    assert len(audit_rows(case, "workflow.circulate")) == 1
    # Readers are not handlers: the case still waits for the chief only.
    assert reload(case).current_assignees == "办公室主任"
    assert pending_work(case) == [("review-1", "chief")]

    read = reads[people.colleague]
    before = timezone.now()
    services.mark_read(case.pk, read.pk, people.colleague, "已阅。")
    after = timezone.now()

    read.refresh_from_db()
    assert read.status == Task.Status.DONE
    assert read.decision == Task.Decision.READ
    assert read.acted_by == people.colleague
    assert before <= read.acted_at <= after
    [read_event] = events(case, Action.READ)
    assert read_event.actor == people.colleague and read_event.opinion == "已阅。"
    refused(lambda: services.mark_read(case.pk, read.pk, people.colleague), case, "已经处理过了")


def test_recirculating_to_a_pending_reader_does_not_duplicate(people):
    case = new_request(people.clerk, amount="100", submit=True)
    services.circulate(case.pk, people.chief, [people.colleague])

    refused(lambda: services.circulate(case.pk, people.chief, [people.colleague]), case, "均已在阅知名单中")

    services.circulate(case.pk, people.chief, [people.colleague, people.outsider])

    readers = list(case.tasks.filter(kind=Task.Kind.READ).values_list("assignee__username", flat=True))
    assert sorted(readers) == ["colleague", "outsider"]
    assert events(case, Action.CIRCULATE)[-1].target_label == "律师科科员"


def test_the_same_reader_named_twice_gets_one_read_task(people):
    case = new_request(people.clerk, amount="100", submit=True)

    services.circulate(case.pk, people.chief, [people.director, people.director])

    assert case.tasks.filter(kind=Task.Kind.READ, assignee=people.director).count() == 1
    assert events(case, Action.CIRCULATE)[0].target_label == "局长"


def test_reader_who_has_read_can_be_sent_the_case_again(people):
    case = new_request(people.clerk, amount="100", submit=True)
    services.circulate(case.pk, people.chief, [people.colleague])
    services.mark_read(case.pk, task_for(case, people.colleague, Task.Kind.READ).pk, people.colleague)

    services.circulate(case.pk, people.chief, [people.colleague], note="有新进展，请再阅")

    assert case.tasks.filter(kind=Task.Kind.READ, assignee=people.colleague).count() == 2
    assert task_for(case, people.colleague, Task.Kind.READ).note == "有新进展，请再阅"


def test_circulating_to_nobody_but_oneself_is_refused(people):
    case = new_request(people.clerk, amount="100", submit=True)

    refused(lambda: services.circulate(case.pk, people.chief, [people.chief]), case, "请至少选择一位阅知人")


def test_draft_cannot_be_circulated(people):
    case = new_request(people.clerk, amount="100")

    refused(lambda: services.circulate(case.pk, people.clerk, [people.colleague]), case, "草稿不能传阅")


def test_someone_who_cannot_see_the_case_cannot_circulate_it(people):
    case = new_request(people.clerk, amount="100", submit=True)

    refused(lambda: services.circulate(case.pk, people.outsider, [people.colleague]), case, "无权传阅")


def test_only_the_reader_marks_read(people):
    case = new_request(people.clerk, amount="100", submit=True)
    services.circulate(case.pk, people.chief, [people.colleague])
    read = task_for(case, people.colleague, Task.Kind.READ)

    refused(lambda: services.mark_read(case.pk, read.pk, people.outsider), case, "您不是该待办的办理人")


def test_reading_is_personal_a_delegate_cannot_mark_it_read(people):
    delegate(people.colleague, people.clerk, start=today(), end=today())
    case = new_request(people.clerk, amount="100", submit=True)
    services.circulate(case.pk, people.chief, [people.colleague])
    read = task_for(case, people.colleague, Task.Kind.READ)

    refused(lambda: services.mark_read(case.pk, read.pk, people.clerk), case, "您不是该待办的办理人，也未受其委托")


# --- archive ----------------------------------------------------------------------------------------


def closed_request(people, **kwargs):
    case = new_request(people.clerk, amount="100", submit=True, **kwargs)
    approve(case, people.chief)
    approve(case, people.leader)
    services.complete(case.pk, task_for(case, people.clerk).pk, people.clerk, "已办结。")
    return reload(case)


def rejected_request(people):
    case = new_request(people.clerk, amount="100", submit=True)
    services.reject(case.pk, task_for(case, people.chief).pk, people.chief, "不符合规定。")
    return reload(case)


def test_archivist_archives_a_closed_case(people):
    case = closed_request(people)
    services.circulate(case.pk, people.clerk, [people.colleague])

    services.archive(case.pk, people.archivist, expected_version=reload(case).version)

    case = reload(case)
    assert case.status == Case.Status.ARCHIVED
    assert case.result == "已办结。"
    # Nothing is left waiting on an archived file, reads included.
    assert not case.tasks.filter(status=Task.Status.PENDING).exists()
    [event] = events(case, Action.ARCHIVE)
    assert event.actor == people.archivist
    assert len(audit_rows(case, "workflow.archive")) == 1


def test_section_chief_archives_a_rejected_case(people):
    case = rejected_request(people)

    services.archive(case.pk, people.chief)

    assert reload(case).status == Case.Status.ARCHIVED


@pytest.mark.parametrize("who", ["clerk", "colleague", "other_chief", "leader", "director"])
def test_others_cannot_archive(people, who):
    case = closed_request(people)

    refused(lambda: services.archive(case.pk, getattr(people, who)), case, "只有档案员或承办科室负责人可以归档")


@pytest.mark.parametrize("state", ["draft", "active", "returned"])
def test_open_case_cannot_be_archived(people, state):
    case = new_request(people.clerk, amount="100", submit=state != "draft")
    if state == "returned":
        services.return_case(case.pk, task_for(case, people.chief).pk, people.chief, -1, "改")

    refused(lambda: services.archive(case.pk, people.archivist), case, "只有已办结的事项才能归档")


def test_archived_case_cannot_be_archived_again(people):
    case = closed_request(people)
    services.archive(case.pk, people.archivist)

    refused(lambda: services.archive(case.pk, people.archivist), case, "只有已办结的事项才能归档")


# --- stale pages: expected_version ----------------------------------------------------------------


STALE = "该事项已被他人处理或页面已过期"


def test_submit_with_stale_version_is_refused(people):
    case = new_request(people.clerk, amount="100")
    stale = case.version
    services.submit(case.pk, people.clerk)
    services.withdraw(case.pk, people.clerk)

    refused(lambda: services.submit(case.pk, people.clerk, expected_version=stale), case, STALE)


def test_withdraw_with_stale_version_is_refused(people):
    case = new_request(people.clerk, amount="100", submit=True)
    stale = case.version
    services.circulate(case.pk, people.chief, [people.colleague])  # someone else touched the case

    refused(lambda: services.withdraw(case.pk, people.clerk, expected_version=stale), case, STALE)


def test_archive_with_stale_version_is_refused(people):
    case = closed_request(people)
    stale = case.version
    services.circulate(case.pk, people.clerk, [people.colleague])

    refused(lambda: services.archive(case.pk, people.archivist, expected_version=stale), case, STALE)


@pytest.mark.parametrize("garbage", ["", "abc", "1.5"])
def test_malformed_version_from_a_tampered_form_is_refused_as_stale(people, garbage):
    case = new_request(people.clerk, amount="100")

    refused(lambda: services.submit(case.pk, people.clerk, expected_version=garbage), case, STALE)


def test_current_version_as_string_from_the_form_is_accepted(people):
    case = new_request(people.clerk, amount="100")

    services.submit(case.pk, people.clerk, expected_version=str(case.version))

    assert reload(case).status == Case.Status.ACTIVE


# --- a role nobody fills -------------------------------------------------------------------------------


def test_submit_when_section_has_no_chief_is_refused_and_nothing_saved(people):
    people.chief.is_active = False
    people.chief.save()
    case = new_request(people.clerk, amount="100")

    refused(
        lambda: services.submit(case.pk, people.clerk), case, "“办公室负责人”无人担任，请系统管理员在后台补充人员或规则"
    )

    case = reload(case)
    assert case.status == Case.Status.DRAFT
    assert case.route == [] and case.submitted_at is None
    assert not case.tasks.exists()


def test_unfilled_countersign_chief_stops_the_approval_without_half_saving(people):
    case = new_request(people.clerk, amount="100", countersign=("lawyers",), submit=True)
    people.other_chief.rank = Rank.STAFF  # the lawyers' section is left without a chief
    people.other_chief.save()
    task = task_for(case, people.chief)

    refused(lambda: services.approve(case.pk, task.pk, people.chief), case, "会签科室“律师工作科”未设置负责人")

    task.refresh_from_db()
    assert task.status == Task.Status.PENDING and task.opinion == ""
    assert reload(case).current_step == "review-1"


def test_unfilled_role_on_resubmission_keeps_the_case_returned(people):
    case = new_request(people.clerk, amount="100", submit=True)
    services.return_case(case.pk, task_for(case, people.chief).pk, people.chief, -1, "改")
    people.chief.is_active = False
    people.chief.save()

    refused(lambda: services.submit(case.pk, people.clerk), case, "无人担任")

    case = reload(case)
    assert case.status == Case.Status.RETURNED
    assert task_for(case, people.clerk).kind == Task.Kind.REVISE
