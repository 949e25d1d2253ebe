"""The deadline sweep over clocks and steps: reminders before the due date, the overdue notice,
escalation to the chief and then the leader with a 催办 record, each exactly once; e-mail once,
retried after a failure; two sweeps racing on PostgreSQL duplicate nothing.

Time is controlled by passing `today` to run_sweep; nothing sleeps."""

import threading
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.matters.processes import PROCESS_CODE
from apps.workcalendar import years
from apps.workflow import calendar, deadlines, services, sweep
from apps.workflow import sweep as sweep_module
from apps.workflow.models import Case, CaseClock, CaseEvent, DeadlineRule, Notification, Task
from apps.workflow.sweep import run_sweep
from tests.matters.factories import new_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def engine_passes_only(monkeypatch):
    # These tests pin the engine's own clock and step notices one by one; the section apps'
    # passes (a yearly secrecy-training reminder in December, ...) have their own tests.
    monkeypatch.setattr(sweep_module, "EXTRA_PASSES", [])


TITLE = "关于答复张某政府信息公开申请的请示"
DUE = date(2026, 11, 30)  # disclosure-reply from 2 November 2026: 20 working days


@pytest.fixture(autouse=True)
def fresh_calendar():
    years.invalidate()
    yield
    years.invalidate()


def at_clerk(people, title=TITLE):
    """A request approved by the chief and the leader, now handled by the clerk (no step limit)."""
    case = new_request(people.clerk, title=title, submit=True)
    services.approve(case.pk, case.tasks.get(assignee=people.chief).pk, people.chief)
    services.approve(case.pk, case.tasks.get(assignee=people.leader).pk, people.leader)
    assert case.tasks.get(status=Task.Status.PENDING).due_date is None
    return case


@pytest.fixture
def clocked(people):
    case = at_clerk(people)
    clock = deadlines.start_clock(case, "disclosure-reply", date(2026, 11, 2), people.clerk)
    assert clock.due_date == DUE
    return clock


def notices(**filters):
    return list(Notification.objects.filter(**filters).order_by("id").values_list("user__username", "kind", "message"))


def urges(case):
    return list(
        CaseEvent.objects.filter(case=case, action=CaseEvent.Action.URGE)
        .order_by("id")
        .values_list("actor__username", "step_label", "target_label", "opinion")
    )


def test_clock_reminders_overdue_and_escalation_day_by_day(people, clocked):
    case = clocked.case
    label = "答复政府信息公开申请"
    days = {}
    for day in (20, 23, 24, 25, 26, 27, 30):
        days[day] = run_sweep(today=date(2026, 11, day)).notices_created
    days[101] = run_sweep(today=date(2026, 12, 1)).notices_created
    days[102] = run_sweep(today=date(2026, 12, 2)).notices_created
    days[1021] = run_sweep(today=date(2026, 12, 2)).notices_created

    # reminders 5, 3 and 1 working days before; the chief on the due date; the clerk once it has
    # passed; the division leader two working days after; nothing on a second run
    assert days == {20: 0, 23: 1, 24: 0, 25: 1, 26: 0, 27: 1, 30: 1, 101: 1, 102: 1, 1021: 0}
    assert notices() == [
        ("clerk", "remind", f"“{TITLE}”的“{label}”将于 2026-11-30 到期（还剩 5 个工作日）。"),
        ("clerk", "remind", f"“{TITLE}”的“{label}”将于 2026-11-30 到期（还剩 3 个工作日）。"),
        ("clerk", "remind", f"“{TITLE}”的“{label}”将于 2026-11-30 到期（还剩 1 个工作日）。"),
        ("chief", "escalate", f"督办：“{TITLE}”的“{label}”将于 2026-11-30 到期，承办人 办公室科员，请督促办理。"),
        ("clerk", "overdue", f"“{TITLE}”的“{label}”已超过期限（2026-11-30）。"),
        ("leader", "escalate", f"督办：“{TITLE}”的“{label}”已于 2026-11-30 到期，承办人 办公室科员，请督促办理。"),
    ]
    notice = Notification.objects.get(kind="overdue")
    assert (notice.case, notice.clock, notice.url) == (case, clocked, f"/cases/{case.pk}/")
    assert urges(case) == [
        ("system", label, "办公室主任", "期限将于 2026-11-30 到期，已提请办公室主任督办。"),
        ("system", label, "办公室科员", "期限已届满（2026-11-30），系统提醒承办人。"),
        ("system", label, "分管副局长", "期限已于 2026-11-30 到期，已提请分管副局长督办。"),
    ]


def test_a_sweep_that_first_runs_late_sends_only_the_nearest_reminder(people, clocked):
    run_sweep(today=date(2026, 11, 27))
    assert [k for _, k, _ in notices()] == ["remind"]
    assert "还剩 1 个工作日" in notices()[0][2]


def test_an_extension_moves_the_due_date_and_the_reminders_start_again(people, clocked):
    run_sweep(today=date(2026, 11, 27))
    deadlines.extend_clock(clocked.pk, people.chief, 5, "情况复杂", people.leader)
    clocked.refresh_from_db()
    assert clocked.due_date == date(2026, 12, 7)
    run_sweep(today=date(2026, 12, 1))  # the old due date has gone: no overdue notice
    run_sweep(today=date(2026, 12, 2))
    assert [m[-18:] for _, _, m in notices()] == [
        "-30 到期（还剩 1 个工作日）。",
        "-07 到期（还剩 4 个工作日）。",
        "-07 到期（还剩 3 个工作日）。",
    ]


def test_a_paused_or_stopped_clock_is_not_swept(people, clocked):
    deadlines.pause_clock(clocked.pk, people.clerk, date(2026, 11, 10), "征求第三方意见")
    assert run_sweep(today=date(2026, 12, 10)).notices_created == 0
    deadlines.resume_clock(clocked.pk, people.clerk, date(2026, 11, 18), "收到意见")
    deadlines.stop_clock(clocked.pk, people.clerk, date(2026, 11, 20))
    assert run_sweep(today=date(2026, 12, 10)).notices_created == 0


def test_clocks_of_closed_cases_are_not_swept(people, clocked):
    services.complete(clocked.case.pk, clocked.case.tasks.get(status="pending").pk, people.clerk, "已答复")
    assert Case.objects.get(pk=clocked.case.pk).status == Case.Status.CLOSED
    assert run_sweep(today=date(2026, 12, 10)).notices_created == 0


def test_escalation_can_start_before_the_due_date(people):
    """行政应诉 §67: evidence not filed in 15 days is treated as absent; the chief hears of it early."""
    case = at_clerk(people, title="张某诉本局行政处罚案")
    clock = deadlines.start_clock(case, "litigation-defence-evidence", date(2026, 11, 2), people.clerk)
    assert clock.due_date == date(2026, 11, 17)
    run_sweep(today=date(2026, 11, 10))  # five working days before
    assert sorted((u, k) for u, k, _ in notices()) == [("chief", "escalate"), ("clerk", "remind")]
    run_sweep(today=date(2026, 11, 13))  # two working days before
    assert sorted((u, k) for u, k, _ in notices()[2:]) == [("clerk", "remind"), ("leader", "escalate")]


def test_a_minimum_period_says_when_it_has_run_and_is_never_overdue(people):
    case = at_clerk(people, title="2026年度考核结果公示")
    clock = deadlines.start_clock(case, "appraisal-public-notice", date(2026, 11, 2), people.clerk)
    assert clock.due_date == date(2026, 11, 9)
    assert run_sweep(today=date(2026, 11, 6)).notices_created == 0
    run_sweep(today=date(2026, 11, 9))
    run_sweep(today=date(2026, 12, 9))
    assert notices() == [
        (
            "clerk",
            "info",
            "“2026年度考核结果公示”的“年度考核结果公示（不少于5个工作日）”已于 2026-11-09 届满，可以进行下一步。",
        )
    ]
    assert urges(case) == []


def test_a_restricted_case_is_not_named_to_anyone_outside_it(people):
    case = new_request(people.clerk, title="限定知悉范围的人事请示", submit=True)
    Case.objects.filter(pk=case.pk).update(is_confidential=True)
    clock = deadlines.start_clock(case, "disclosure-reply", date(2026, 11, 2), people.clerk)
    run_sweep(today=date(2026, 12, 10))
    # the chief holds the step and sees it; the leader and the director may not know it exists
    assert {(u, k) for u, k, _ in notices(clock=clock)} == {("chief", "overdue")}
    assert not Notification.objects.filter(user__in=[people.leader, people.director]).exists()


def test_task_steps_remind_the_day_before_and_escalate_to_the_chief_then_the_leader(people):
    case = new_request(people.colleague, title="同事的请示", submit=True)
    review = case.tasks.get(assignee=people.chief)
    due = review.due_date
    run_sweep(today=calendar.add_working_days(due, -1))
    run_sweep(today=due + timedelta(days=1))
    run_sweep(today=calendar.add_working_days(due, 2))
    run_sweep(today=calendar.add_working_days(due, 4))
    run_sweep(today=calendar.add_working_days(due, 4))
    # the holder is the chief himself: escalation goes to his division leader, then the director
    assert [(u, k) for u, k, _ in notices()] == [
        ("chief", "remind"),
        ("chief", "overdue"),
        ("leader", "escalate"),
        ("director", "escalate"),
    ]
    assert (
        notices()[2][2]
        == f"督办：办公室主任办理的“同事的请示”（科室负责人审核）已超过期限（{due:%Y-%m-%d}），请督促办理。"
    )
    assert [target for _, _, target, _ in urges(case)] == ["办公室主任", "分管副局长", "局长"]


def test_a_leaders_overdue_step_escalates_to_the_director(people, bureau):
    case = new_request(people.outsider, title="律师科的请示", submit=True)
    services.approve(case.pk, case.tasks.get(assignee=people.other_chief).pk, people.other_chief)
    task = case.tasks.get(status="pending")  # at the lawyers' division leader
    assert task.assignee == people.other_leader
    run_sweep(today=calendar.add_working_days(task.due_date, 4))
    assert [u for u, k, _ in notices(kind="escalate")] == ["director"]


def test_the_sweep_reads_only_due_rows(people, bureau):
    """Far-off clocks and steps cost nothing: the same queries with 10 or 300 of them."""
    case = new_request(people.clerk, title="有一个到期项的请示", submit=True)
    rule = DeadlineRule.objects.get(code="disclosure-reply")
    far = timezone.localdate() + timedelta(days=200)

    def add_far(n):
        cases = Case.objects.bulk_create(
            [
                Case(
                    process=PROCESS_CODE,
                    title=f"远期{i}",
                    section=bureau["office"],
                    initiator=people.clerk,
                    status=Case.Status.ACTIVE,
                )
                for i in range(n)
            ]
        )
        CaseClock.objects.bulk_create([CaseClock(case=c, rule=rule, started_on=far, due_date=far) for c in cases])
        Task.objects.bulk_create(
            [
                Task(case=c, step="review-1", step_label="审核", kind="approve", assignee=people.chief, due_date=far)
                for c in cases
            ]
        )

    def queries():
        day = case.tasks.get(status="pending").due_date + timedelta(days=1)
        run_sweep(today=day)  # the notices exist after the first run: measure the no-op run
        with CaptureQueriesContext(connection) as captured:
            run_sweep(today=day)
        return len(captured), [q["sql"] for q in captured.captured_queries]

    add_far(10)
    small, _ = queries()
    add_far(290)
    large, sql = queries()
    assert small == large, sql
    clock_query = next(q for q in sql if 'FROM "workflow_caseclock"' in q)
    assert '"workflow_caseclock"."due_date" <=' in clock_query
    task_query = next(q for q in sql if q.startswith("SELECT") and 'FROM "workflow_task"' in q and "due_date" in q)
    assert '"workflow_task"."due_date" <=' in task_query


# --- e-mail ------------------------------------------------------------------------------------------


@pytest.fixture
def mail_clerk(people):
    people.clerk.email = "clerk@justice.local"
    people.clerk.notify_by_email = True
    people.clerk.save()
    return people.clerk


def test_email_goes_once_after_commit(people, clocked, mail_clerk, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run_sweep(today=date(2026, 12, 1))
    assert callbacks, "e-mail is handed over after commit"
    with django_capture_on_commit_callbacks(execute=True):
        run_sweep(today=date(2026, 12, 1))
    overdue = Notification.objects.get(user=mail_clerk, kind="overdue")
    [message] = mailoutbox
    assert message.to == ["clerk@justice.local"]
    assert message.subject == f"【办公平台】已超期：{overdue.message[:60]}"
    assert message.body == f"{overdue.message}\n\n请登录办公平台查看。"
    assert overdue.email_wanted and overdue.emailed_at is not None
    # the chief asked for no e-mail
    assert not Notification.objects.get(user=people.chief).email_wanted


def test_a_failed_email_is_retried_by_the_next_sweep(
    people, clocked, mail_clerk, mailoutbox, django_capture_on_commit_callbacks
):
    with mock.patch.object(sweep, "send_mail", side_effect=OSError("mail relay down")):
        with django_capture_on_commit_callbacks(execute=True):
            run_sweep(today=date(2026, 12, 1))
    notice = Notification.objects.get(user=mail_clerk)
    assert notice.email_wanted and notice.emailed_at is None and mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        run = run_sweep(today=date(2026, 12, 1))
    assert run.notices_created == 0
    assert len(mailoutbox) == 1
    notice.refresh_from_db()
    assert notice.emailed_at is not None


def test_a_worker_killed_before_sending_loses_nothing(people, clocked, mail_clerk, mailoutbox):
    run_sweep(today=date(2026, 12, 1))  # on_commit never runs inside the test's transaction: as if killed
    assert mailoutbox == []
    assert sweep.deliver_emails() == 1
    assert sweep.deliver_emails() == 0
    assert len(mailoutbox) == 1


def test_no_email_without_an_address_or_after_switching_it_off(people, clocked, mail_clerk, mailoutbox):
    run_sweep(today=date(2026, 12, 1))
    mail_clerk.notify_by_email = False
    mail_clerk.save()
    assert sweep.deliver_emails() == 0
    assert mailoutbox == []
    assert not Notification.objects.get(user=mail_clerk).email_wanted


def test_a_restricted_case_title_is_not_emailed(people, mail_clerk, mailoutbox):
    case = at_clerk(people, title="工作秘密：某干部人事调整")
    Case.objects.filter(pk=case.pk).update(sensitivity=2)
    deadlines.start_clock(case, "disclosure-reply", date(2026, 11, 2), people.clerk)
    run_sweep(today=date(2026, 12, 1))
    sweep.deliver_emails()
    [message] = mailoutbox
    assert "某干部人事调整" not in message.subject + message.body
    assert "工作秘密" in message.subject


# --- two sweeps at once -------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_racing_sweeps_duplicate_nothing(people, bureau, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    people.chief.email, people.chief.notify_by_email = "chief@justice.local", True
    people.chief.save()
    cases = [new_request(people.colleague, title=f"并发巡检{i}", submit=True) for i in range(6)]
    for case in cases:
        deadlines.start_clock(case, "disclosure-supplement-notice", date(2026, 11, 2), people.colleague)
    day = calendar.add_working_days(cases[0].tasks.get(status="pending").due_date, 5)

    start, wrote = threading.Barrier(2), threading.Barrier(2)
    original = sweep.Sweep.write
    passed = set()

    def write(self, stages):
        # Both sweeps have read the due rows and found none of their keys: now both insert.
        if threading.current_thread().name not in passed:
            passed.add(threading.current_thread().name)
            wrote.wait(30)
        return original(self, stages)

    runs, errors = {}, []

    def run(name):
        try:
            start.wait(30)
            runs[name] = run_sweep(today=day)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    with mock.patch.object(sweep.Sweep, "write", write):
        threads = [threading.Thread(target=run, args=(n,), name=n) for n in ("a", "b")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert not errors, errors
    total = Notification.objects.count()
    assert total > 0
    assert runs["a"].notices_created + runs["b"].notices_created == total
    # each 催办 record belongs to notices created in its own transaction: none twice
    events = list(
        CaseEvent.objects.filter(action=CaseEvent.Action.URGE).values_list(
            "case", "step_label", "target_label", "opinion"
        )
    )
    assert len(events) == len(set(events))
    assert len(events) == Notification.objects.filter(kind__in=["overdue", "escalate"]).count()
    # e-mail: exactly one per wanted notice, though both sweeps delivered
    wanted = Notification.objects.filter(email_wanted=True)
    assert len(mail.outbox) == wanted.count() == wanted.filter(emailed_at__isnull=False).count() > 0
    assert run_sweep(today=day).notices_created == 0


def test_the_demo_puts_a_reminder_in_the_chiefs_bell(settings, bureau):
    from django.core.management import call_command
    from django.test import Client

    from apps.accounts.models import User

    settings.ALLOW_DEMO_USERS = True
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))
    run_sweep()  # what the demo's Celery worker runs as soon as it starts
    chief = User.objects.get(username="office.chief")
    reminder = Notification.objects.get(user=chief, kind="remind", clock__isnull=False)
    assert "主要领导批示（无时限）" in reminder.message
    assert Notification.objects.filter(user__username="recon.chief", kind="remind", clock__isnull=False).exists()
    client = Client()
    client.force_login(chief)
    assert client.get("/inbox/").context["unread_notices"] >= 1


def test_when_a_years_holidays_are_confirmed_the_sweep_recomputes_its_clocks(people):
    from apps.workcalendar.models import CalendarYear, Holiday

    CalendarYear.objects.filter(year=2027).update(confirmed=False)
    years.invalidate()
    case = at_clerk(people, title="申请再审期限跨年的案件")
    clock = deadlines.start_clock(case, "litigation-retrial-application", date(2026, 8, 9), people.clerk)
    assert (clock.due_date, clock.provisional) == (date(2027, 2, 9), True)
    run_sweep(today=date(2026, 11, 23))

    # the State Council's notice: the Spring Festival break runs to 10 February
    for day in (9, 10):
        Holiday.objects.create(date=date(2027, 2, day), kind="holiday", name="春节", source="notice")
    CalendarYear.objects.update_or_create(year=2027, defaults={"confirmed": True, "source": "notice"})
    run_sweep(today=date(2026, 11, 24))
    run_sweep(today=date(2026, 11, 25))

    clock.refresh_from_db()
    assert (clock.due_date, clock.provisional) == (date(2027, 2, 11), False)
    [event] = CaseEvent.objects.filter(case=case, action=CaseEvent.Action.CLOCK, target_label="重新计算")
    assert event.actor.username == "system"
    assert event.opinion == (
        "节假日安排已更新，重新计算：裁判发生法律效力 2026-08-09 + 6 个月 → 2027-02-11（2027-02-09 为休息日，顺延）"
    )
    case.refresh_from_db()
    assert (case.due_date, case.due_provisional) == (date(2027, 2, 11), False)
