"""会务: the procedure, its two clocks (dates counted by hand), the sweep's reminder for the
minutes, decisions becoming supervised items, who sees what, and constant-query lists."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.hr.models import LeaveRequest, LeaveType
from apps.meetings import services
from apps.meetings.models import AgendaItem, Attendance, Kind, Meeting
from apps.supervision.models import Source, SupervisedItem
from apps.workflow import services as engine
from apps.workflow.models import Case, CaseClock, Notification
from apps.workflow.services import TransitionError
from apps.workflow.sweep import run_sweep
from tests.conftest import make_user

from .conftest import MEETING_DAY, PLANNED_ON, pending, plan, through_notice

pytestmark = pytest.mark.django_db


def clock_of(case, code):
    return CaseClock.objects.get(case=case, rule__code=code)


def hold(case, people, clock):
    p = people
    clock.set(MEETING_DAY, 9, 5)
    services.sign_in(case.pk, p.outsider)
    services.record_attendance(
        case.pk,
        p.clerk,
        {
            p.director.pk: ("present", ""),
            p.leader.pk: ("present", ""),
            p.chief.pk: ("present", ""),
        },
    )
    services.confirm_held(case.pk, p.clerk)


def test_the_whole_meeting_from_plan_to_supervised_decision(people, bureau, clock):
    p = people
    case = plan(p)
    assert case.current_step == "collect" and case.current_assignees == p.clerk.full_name
    # 会议通知 1 day before Monday 9 March: Sunday 8 March is a rest day, so Friday 6 March.
    notice = clock_of(case, "meeting-notice")
    assert notice.due_date == date(2026, 3, 6)

    meeting = through_notice(case, p, bureau)
    case.refresh_from_db()
    assert case.current_step == "signin"
    assert clock_of(case, "meeting-notice").status == CaseClock.Status.MET  # issued on 2 March
    assert Notification.objects.filter(user=p.outsider, key=f"meeting-notice:{meeting.pk}:{p.outsider.pk}").exists()
    # the agenda item's presenter is notified too (列入议程), and now sees the meeting
    assert Case.objects.visible_to(p.other_chief).filter(pk=case.pk).exists()

    hold(case, p, clock)
    case.refresh_from_db()
    assert case.current_step == "minutes" and case.current_assignees == p.chief.full_name
    # 纪要: 2 working days after Monday 9 March → Wednesday 11 March.
    minutes_clock = clock_of(case, "meeting-minutes")
    assert minutes_clock.due_date == date(2026, 3, 11) and case.due_date == date(2026, 3, 11)
    assert Attendance.objects.get(meeting=meeting, person=p.outsider).signed_at is not None

    clock.set(date(2026, 3, 10), 15)
    services.save_minutes(
        case.pk,
        p.chief,
        "一、会议听取了律师工作科的汇报。",
        [
            ("律师工作科牵头，月底前完成律师行业年度检查。", bureau["lawyers"]),
            ("办公室做好会议材料归档。", None),
        ],
        submit=True,
    )
    engine.approve(case.pk, pending(case, "minutes_approve").pk, p.director, "同意印发。")
    case.refresh_from_db()
    meeting.refresh_from_db()
    assert case.status == Case.Status.CLOSED and meeting.minutes_issued_at is not None
    assert "印发" in case.result
    assert clock_of(case, "meeting-minutes").status == CaseClock.Status.MET
    assert Notification.objects.filter(user=p.leader, key=f"meeting-minutes:{meeting.pk}:{p.leader.pk}").exists()

    decision, undirected = list(meeting.decisions.order_by("seq"))
    item_case = services.decision_to_supervision(decision.pk, p.clerk)
    item = SupervisedItem.objects.get(case=item_case)
    assert item.source == Source.MEETING and item.origin_case_id == case.pk and item.lead_section == bureau["lawyers"]
    assert "律师行业年度检查" in item.instruction
    decision.refresh_from_db()
    assert decision.supervised_case_id == item_case.pk
    with pytest.raises(TransitionError, match="已转为督办事项"):
        services.decision_to_supervision(decision.pk, p.clerk)
    with pytest.raises(TransitionError, match="牵头落实科室"):
        services.decision_to_supervision(undirected.pk, p.clerk)
    assert SupervisedItem.objects.filter(origin_case=case).count() == 1


def test_the_sweep_reminds_the_recorder_once_a_working_day_before_the_minutes_are_due(people, bureau, clock):
    p = people
    case = plan(p)
    through_notice(case, p, bureau)
    hold(case, p, clock)
    clock_row = clock_of(case, "meeting-minutes")
    run_sweep(today=MEETING_DAY)  # due 11 March, remind 1 working day before: not yet
    assert not Notification.objects.filter(clock=clock_row).exists()
    run_sweep(today=date(2026, 3, 10))
    run_sweep(today=date(2026, 3, 10))
    reminders = Notification.objects.filter(clock=clock_row, kind=Notification.Kind.REMIND)
    assert list(reminders.values_list("user__username", flat=True)) == [p.chief.username]
    # overdue on 12 March, escalated to the office's division leader a working day later
    # (the recorder, the office chief, is the section chief himself)
    run_sweep(today=date(2026, 3, 12))
    run_sweep(today=date(2026, 3, 12))
    assert Notification.objects.filter(clock=clock_row, kind=Notification.Kind.OVERDUE).count() == 1


def test_agenda_items_close_at_the_cut_off_and_every_step_refuses_a_second_click(people, bureau, clock):
    p = people
    case = plan(p)
    services.submit_agenda_item(
        case.pk, p.other_chief, title="议题一", section=bureau["lawyers"], presenter=p.other_chief
    )
    with pytest.raises(TransitionError, match="只能报送本科室"):
        services.submit_agenda_item(
            case.pk, p.other_chief, title="议题二", section=bureau["office"], presenter=p.other_chief
        )
    with pytest.raises(TransitionError, match="只有科室负责人"):
        services.submit_agenda_item(
            case.pk, p.outsider, title="议题三", section=bureau["lawyers"], presenter=p.outsider
        )
    clock.set(date(2026, 3, 6), 17, 1)  # cut-off: Friday 6 March 17:00
    with pytest.raises(TransitionError, match="议题报送已于 2026-03-06 17:00 截止"):
        services.submit_agenda_item(
            case.pk, p.other_chief, title="迟到的议题", section=bureau["lawyers"], presenter=p.other_chief
        )
    item = AgendaItem.objects.get(meeting__case=case)
    with pytest.raises(TransitionError, match="至少要有一项"):
        services.compile_agenda(case.pk, p.clerk, {item.pk: (AgendaItem.Status.DEFERRED, 1)})
    services.compile_agenda(case.pk, p.clerk, {item.pk: (AgendaItem.Status.ACCEPTED, 1)})
    with pytest.raises(TransitionError, match="下一环节"):
        services.compile_agenda(case.pk, p.clerk, {item.pk: (AgendaItem.Status.ACCEPTED, 1)})
    engine.approve(case.pk, pending(case, "agenda").pk, p.director)
    services.issue_notice(case.pk, p.clerk)
    with pytest.raises(TransitionError):
        services.issue_notice(case.pk, p.clerk)
    # the notice was issued on Friday 6 March, the due day: on time
    assert clock_of(case, "meeting-notice").status == CaseClock.Status.MET


def test_sign_in_only_on_the_day_and_absences_need_a_reason_approved_leave_is_shown(people, bureau, clock):
    p = people
    case = plan(p)
    meeting = through_notice(case, p, bureau)
    with pytest.raises(TransitionError, match="会议当天"):
        services.sign_in(case.pk, p.outsider)
    leave_case = Case.objects.create(
        process="hr.leave", section=bureau["leadership"], initiator=p.leader, title="请假", status=Case.Status.CLOSED
    )
    LeaveRequest.objects.create(
        case=leave_case,
        person=p.leader,
        leave_type=LeaveType.objects.order_by("pk").first(),
        start_date=MEETING_DAY,
        end_date=MEETING_DAY + timedelta(days=1),
        reason="外出",
    )
    clock.set(MEETING_DAY, 8, 50)
    assert set(services.leave_on_day(meeting)) == {p.leader.pk}
    with pytest.raises(TransitionError, match="不在本次会议"):
        services.sign_in(case.pk, p.other_leader)
    with pytest.raises(TransitionError, match="请填写事由"):
        services.record_attendance(case.pk, p.clerk, {p.outsider.pk: ("absent", "")})
    services.record_attendance(case.pk, p.clerk, {p.leader.pk: ("leave", "")})
    assert "已批准请假" in Attendance.objects.get(meeting=meeting, person=p.leader).reason
    with pytest.raises(TransitionError, match="会议尚未开始"):
        services.confirm_held(case.pk, p.clerk)
    clock.set(MEETING_DAY, 9, 10)
    with pytest.raises(TransitionError, match="尚未登记签到情况"):
        services.confirm_held(case.pk, p.clerk)


def test_who_sees_a_meeting(client, people, bureau, clock):
    p = people
    case = plan(p)
    client.force_login(p.outsider)  # an attendee from another section: not before the notice
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/meetings/{case.pk}/notice.pdf").status_code == 404
    assert client.get("/meetings/new/").status_code == 403
    through_notice(case, p, bureau)
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert client.get(f"/meetings/{case.pk}/minutes.pdf").status_code == 404  # no minutes yet
    outsider2 = make_user("lawyer2", bureau["lawyers"], full_name="律师科另一科员")
    client.force_login(outsider2)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get("/meetings/").content.decode().count(case.title) == 0


def test_the_party_group_flag_until_one_is_held_this_month(client, people, bureau, clock):
    p = people
    client.force_login(p.clerk)
    assert "尚未召开党组会议" in client.get("/meetings/").content.decode()
    client.force_login(p.outsider)
    assert "尚未召开党组会议" not in client.get("/meetings/").content.decode()
    case = plan(p, kind=Kind.PARTY_GROUP, attendees=[p.director, p.leader, p.chief])
    through_notice(case, p, bureau)
    client.force_login(p.director)
    page = client.get("/meetings/dashboard/").content.decode()
    assert "尚未召开党组会议" in page and "已安排" in page
    clock.set(MEETING_DAY, 9, 5)
    services.record_attendance(case.pk, p.clerk, {u.pk: ("present", "") for u in (p.director, p.leader, p.chief)})
    services.confirm_held(case.pk, p.clerk)
    assert services.party_group_status(MEETING_DAY)[0] is True
    assert "尚未召开党组会议" not in client.get("/meetings/").content.decode()
    assert services.party_group_status(date(2026, 4, 1))[0] is False


def test_the_register_and_its_export_cost_the_same_queries_at_any_size(client, people, bureau, clock):
    p = people
    client.force_login(p.clerk)

    def count():
        from apps.workcalendar import years

        years.invalidate()
        client.get("/meetings/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/meetings/?state=collect").status_code == 200
        with CaptureQueriesContext(connection) as export:
            assert client.get("/meetings/?export=xlsx").status_code == 200
        return len(ctx), len(export)

    plan(p)
    small = count()
    for n in range(4):
        plan(p, day=MEETING_DAY + timedelta(days=n + 1))
    assert count() == small


def test_a_meeting_cannot_be_planned_in_the_past_nor_by_a_section_outside_the_office(people, bureau, clock):
    p = people
    with pytest.raises(TransitionError, match="须晚于现在"):
        plan(p, day=PLANNED_ON - timedelta(days=1))
    data = {
        "kind": Kind.TOPIC,
        "starts_at": timezone.now() + timedelta(days=2),
        "agenda_cutoff": timezone.now() + timedelta(days=1),
        "place": "x",
        "chair": p.director,
        "recorder": p.chief,
        "attendees": [p.chief],
    }
    with pytest.raises(TransitionError, match="只有办公室"):
        services.save_meeting(p.outsider, data)
    assert not Meeting.objects.exists()
