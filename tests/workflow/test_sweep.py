"""The deadline sweep (apps/workflow/sweep.py and `manage.py sweep_deadlines`): every overdue
piece of work gets exactly one reminder for its holder, however often the sweep runs."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.workflow import services
from apps.workflow import sweep as sweep_module
from apps.workflow.models import Notification, SweepRun, Task
from apps.workflow.sweep import run_sweep
from tests.matters.factories import new_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def engine_passes_only(monkeypatch):
    # These tests pin the engine's own clock and step notices one by one; the section apps'
    # passes (a yearly secrecy-training reminder in December, ...) have their own tests.
    monkeypatch.setattr(sweep_module, "EXTRA_PASSES", [])


@pytest.fixture
def review(people):
    """The chief's review task of a freshly submitted request (two working days to act)."""
    case = new_request(people.clerk, title="关于维修会议室空调的请示", amount="3000", submit=True)
    task = case.tasks.get(assignee=people.chief, status=Task.Status.PENDING)
    assert task.due_date is not None
    return task


def day_after(task):
    return task.due_date + timedelta(days=1)


def test_overdue_pending_task_gets_one_notification_for_its_holder(people, review):
    run = run_sweep(today=day_after(review))

    [notice] = Notification.objects.all()
    assert notice.user == people.chief
    assert notice.task == review and notice.case == review.case
    assert notice.kind == "overdue"
    assert notice.read_at is None
    assert notice.message == (f"“关于维修会议室空调的请示”的“科室负责人审核”已超过期限（{review.due_date:%Y-%m-%d}）。")
    assert run.notices_created == 1


def test_running_the_sweep_again_adds_no_duplicate(people, review):
    first = run_sweep(today=day_after(review))
    second = run_sweep(today=day_after(review))
    # days later only the escalations to the chief's superiors are new (test_sweep_escalation.py)
    later = run_sweep(today=day_after(review) + timedelta(days=3))

    assert Notification.objects.filter(task=review, kind="overdue").count() == 1
    assert (first.notices_created, second.notices_created) == (1, 0)
    assert set(Notification.objects.exclude(kind="overdue").values_list("kind", flat=True)) <= {"escalate"}
    assert later.notices_created == Notification.objects.filter(kind="escalate").count()


def test_task_due_today_is_not_overdue(review):
    run = run_sweep(today=review.due_date)

    # reminded that it is due today, not told it is late
    [notice] = Notification.objects.all()
    assert notice.kind == "remind"
    assert (
        notice.message
        == f"“关于维修会议室空调的请示”的“科室负责人审核”将于 {review.due_date:%Y-%m-%d} 到期（今天到期）。"
    )
    assert run.notices_created == 1


def test_task_without_deadline_is_never_overdue(people, review):
    # The 落实办结 step has no time limit.
    case = review.case
    services.approve(case.pk, review.pk, people.chief)
    services.approve(case.pk, case.tasks.get(assignee=people.leader).pk, people.leader)
    handle = case.tasks.get(assignee=people.clerk, status=Task.Status.PENDING)
    assert handle.due_date is None

    run_sweep(today=timezone.localdate() + timedelta(days=365))

    assert not Notification.objects.filter(task=handle).exists()


def test_task_already_done_gets_no_reminder(people, review):
    services.approve(review.case.pk, review.pk, people.chief)

    run_sweep(today=day_after(review))

    assert not Notification.objects.filter(task=review).exists()


def test_cancelled_task_gets_no_reminder(people, review):
    services.withdraw(review.case.pk, people.clerk)

    run_sweep(today=day_after(review))

    assert not Notification.objects.exists()


def test_read_tasks_get_no_reminder_even_with_a_past_date(people, review):
    services.circulate(review.case.pk, people.chief, [people.colleague])
    read = review.case.tasks.get(kind=Task.Kind.READ)
    Task.objects.filter(pk=read.pk).update(due_date=review.due_date)

    run_sweep(today=day_after(review))

    assert not Notification.objects.filter(user=people.colleague).exists()
    assert Notification.objects.filter(user=people.chief).count() == 1


def test_each_overdue_task_gets_its_own_reminder(people, review):
    other = new_request(people.colleague, title="另一请示", amount="100", submit=True)
    other_task = other.tasks.get(assignee=people.chief)

    run = run_sweep(today=day_after(review))

    assert set(Notification.objects.values_list("task", flat=True)) == {review.pk, other_task.pk}
    assert run.notices_created == 2


def test_a_task_overdue_after_the_first_run_is_reminded_on_the_next(people, review):
    run_sweep(today=day_after(review))
    later = new_request(people.colleague, title="后来的请示", amount="100", submit=True)
    later_task = later.tasks.get(assignee=people.chief)

    second = run_sweep(today=day_after(later_task))

    assert second.notices_created == 1
    assert Notification.objects.filter(task=later_task).count() == 1
    assert Notification.objects.count() == 2


def test_sweep_run_is_recorded(review):
    before = timezone.now()
    run = run_sweep(today=day_after(review))

    recorded = SweepRun.objects.get()
    assert recorded == run
    assert before <= recorded.started_at <= recorded.finished_at <= timezone.now()
    assert recorded.notices_created == 1


def test_sweep_deadlines_command_reminds_once_and_reports(people, review):
    Task.objects.filter(pk=review.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    out = StringIO()

    call_command("sweep_deadlines", stdout=out)
    call_command("sweep_deadlines", stdout=out)

    assert out.getvalue().splitlines() == ["巡检完成：新增提醒 1 条", "巡检完成：新增提醒 0 条"]
    assert Notification.objects.get().user == people.chief
    assert SweepRun.objects.filter(finished_at__isnull=False).count() == 2
