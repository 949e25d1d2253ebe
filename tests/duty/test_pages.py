"""值班 through its pages and services: the roster form (layout, draft, edit, Chinese refusals),
the check at submission, approval and 报送, the printed roster, the duty log, 交接班, the
reception desk's contacts of the shift, the log register, who may do what, and query counts."""

import shutil
from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.audit.models import AuditEvent
from apps.duty import services
from apps.duty.models import DutyRoster, Handover, LogEntry, ReportingBody, Shift, Source
from apps.workflow import api
from apps.workflow.models import Case, Notification, Task
from tests.conftest import make_user
from tests.meetings.factories import pdf_text, said, xlsx_cells

from .factories import NATIONAL_DAY, RosterHeaderFactory, approve_all, roster_shifts, save

pytestmark = pytest.mark.django_db


def roster_post(p, start="2026-10-01", end="2026-10-01", rows=(("2026-10-01", "08:30", "08:30"),), **extra):
    data = {
        "kind": "holiday",
        "title": "2026年国庆节值班表",
        "start_date": start,
        "end_date": end,
        "phone": "0533-7220377",
        "note": "",
        "shifts-TOTAL_FORMS": str(len(rows)),
        "shifts-INITIAL_FORMS": "0",
        "shifts-MIN_NUM_FORMS": "0",
        "shifts-MAX_NUM_FORMS": "1000",
    }
    for n, (day, starts, ends) in enumerate(rows):
        data.update(
            {
                f"shifts-{n}-date": day,
                f"shifts-{n}-starts": starts,
                f"shifts-{n}-ends": ends,
                f"shifts-{n}-leader": p.leader.pk,
                f"shifts-{n}-officer": p.clerk.pk,
                f"shifts-{n}-phone": "",
            }
        )
    return {**data, **extra}


@pytest.fixture
def stranger(bureau):
    return make_user("lawyer2", bureau["lawyers"], full_name="律师科另一科员")


@pytest.fixture
def in_force(people, duty_clock):
    """国庆 10-01 .. 10-03 approved: clerk, outsider, clerk on duty; the clock at 10-01 10:00."""
    roster = approve_all(save(people, days=3, officers=[people.clerk, people.outsider]))
    duty_clock.set(NATIONAL_DAY, 10)
    return roster


def first_shift(roster):
    return Shift.objects.filter(roster=roster).order_by("date").first()


# --- the roster form --------------------------------------------------------------------------------


def test_laying_out_the_period_gives_a_row_a_day_and_keeps_the_header(client, people, duty_clock):
    client.force_login(people.clerk)
    response = client.post("/duty/rosters/new/", roster_post(people, end="2026-10-03", layout="1"))
    formset = response.context["formset"]
    assert [f.initial["date"] for f in formset] == [NATIONAL_DAY + timedelta(days=n) for n in range(3)]
    assert all(
        (f.initial["starts"], f.initial["ends"]) == (time(8, 30), time(8, 30)) for f in formset
    )  # holidays: 24 h
    page = response.content.decode()
    assert "国庆节·24小时" in page and "2026年国庆节值班表" in page
    assert not DutyRoster.objects.exists()


def test_a_draft_roster_is_saved_then_edited_and_each_save_moves_the_version_on(client, people, duty_clock):
    p = people
    client.force_login(p.clerk)
    assert client.post("/duty/rosters/new/", roster_post(p, save="1")).status_code == 302
    roster = DutyRoster.objects.get()
    case = roster.case
    assert case.status == Case.Status.DRAFT and case.title == "2026年国庆节值班表"
    before = case.version
    response = client.post(f"/duty/cases/{case.pk}/edit/", roster_post(p, title="国庆值班表（修订）", save="1"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "国庆值班表（修订）" and case.version > before and case.status == Case.Status.DRAFT
    assert Shift.objects.filter(roster=roster).count() == 1


@pytest.mark.parametrize(
    "start, end, message",
    [
        ("2026-10-03", "2026-10-01", "结束日期不能早于起始日期。"),
        ("2026-10-01", "2026-12-15", "一张值班表最长两个月，请分月编排。"),
    ],
)
def test_the_roster_header_is_refused_in_chinese(client, people, duty_clock, start, end, message):
    client.force_login(people.clerk)
    response = client.post("/duty/rosters/new/", roster_post(people, start=start, end=end, submit="1"))
    assert response.status_code == 200 and message in response.content.decode()
    assert not DutyRoster.objects.exists()


def test_a_shift_day_outside_the_period_is_named(client, people, duty_clock):
    client.force_login(people.clerk)
    response = client.post(
        "/duty/rosters/new/",
        roster_post(people, rows=(("2026-10-01", "08:30", "08:30"), ("2026-10-05", "08:30", "08:30")), submit="1"),
    )
    assert "班次日期超出值班期间：10月5日。" in response.content.decode()
    assert not DutyRoster.objects.exists()


def test_the_same_person_twice_on_one_shift_is_refused(people, duty_clock):
    with pytest.raises(api.TransitionError, match="2026年10月1日的两名值班人员不能是同一人"):
        save(people, assistant=people.clerk)


def test_only_the_office_arranges_the_duty(people, duty_clock):
    with pytest.raises(api.TransitionError, match="只有办公室工作人员可以编排值班表"):
        services.save_roster(people.outsider, RosterHeaderFactory(), [])


def test_a_roster_that_lost_its_shifts_cannot_be_submitted(people, duty_clock):
    case = save(people, days=2, submit=False)
    Shift.objects.filter(roster=case.duty_roster, date=NATIONAL_DAY + timedelta(days=1)).delete()
    with pytest.raises(
        api.TransitionError, match="值班表不能提交：以下日期未安排值班：10月2日（国庆节，须24小时值班）。"
    ):
        api.submit(case.pk, people.clerk)
    case.refresh_from_db()
    assert case.status == Case.Status.DRAFT


def test_a_submitted_roster_can_no_longer_be_edited(client, people, duty_clock):
    p = people
    case = save(p)
    client.force_login(p.clerk)
    response = client.post(f"/duty/cases/{case.pk}/edit/", roster_post(p, title="改名", save="1"))
    assert response.status_code == 302 and "该值班表已提交，不能再修改。" in said(response)
    with pytest.raises(api.TransitionError, match="该值班表已提交"):
        services.save_roster(p.clerk, RosterHeaderFactory(), roster_shifts(p.leader, [p.clerk]), case=case)
    client.force_login(p.colleague)
    assert client.get(f"/duty/cases/{case.pk}/edit/").status_code == 403


# --- approval, 报送, print ------------------------------------------------------------------------------


def test_the_route_is_the_office_chief_then_the_offices_division_leader(people, duty_clock):
    case = save(people)
    assert case.current_step == "chief" and case.current_assignees == people.chief.full_name
    api.approve(case.pk, case.tasks.get(status=Task.Status.PENDING).pk, people.chief)
    case.refresh_from_db()
    assert case.current_step == "leader" and case.current_assignees == people.leader.full_name
    assert case.duty_roster.approved_at is None


def test_a_rejected_roster_is_never_in_force_nor_sent_down(people, duty_clock):
    case = save(people, officers=[people.outsider])
    api.reject(case.pk, case.tasks.get(status=Task.Status.PENDING).pk, people.chief, "人员安排不当。")
    roster = DutyRoster.objects.get(case=case)
    assert roster.approved_at is None
    assert not Notification.objects.filter(key__startswith=f"duty-roster:{roster.pk}:").exists()
    assert not DutyRoster.objects.visible_to(people.outsider).exists()


def test_everyone_named_is_told_how_many_shifts_they_have(people, duty_clock):
    roster = approve_all(save(people, days=3, officers=[people.clerk, people.outsider]))
    notice = Notification.objects.get(key=f"duty-roster:{roster.pk}:{people.clerk.pk}")
    assert "您有 2 个班次" in notice.message
    assert "您有 3 个班次" in Notification.objects.get(key=f"duty-roster:{roster.pk}:{people.leader.pk}").message


def test_the_report_is_recorded_on_the_roster_page(client, people, duty_clock):
    p = people
    roster = approve_all(save(p, officers=[p.outsider]))
    body = ReportingBody.objects.get_or_create(name="区委办公室")[0]
    client.force_login(p.clerk)
    refused = client.post(f"/duty/rosters/{roster.pk}/", {"note": "政务内网"})
    assert refused.status_code == 200 and "请选择报送单位。" in refused.content.decode()
    response = client.post(f"/duty/rosters/{roster.pk}/", {"bodies": [body.pk], "note": "政务内网"})
    assert response.status_code == 302 and "已登记报送。" in said(response)
    roster.refresh_from_db()
    assert roster.reported_to == "区委办公室" and roster.report_note == "政务内网"
    client.force_login(p.outsider)  # named in it: sees it, may not record the report
    assert client.get(f"/duty/rosters/{roster.pk}/").status_code == 200
    assert client.post(f"/duty/rosters/{roster.pk}/", {"bodies": [body.pk]}).status_code == 403


def test_an_unapproved_roster_cannot_be_reported(people, duty_clock):
    case = save(people)
    body = ReportingBody.objects.get_or_create(name="市司法局")[0]
    with pytest.raises(api.TransitionError, match="批准后才能报送"):
        services.report_roster(case.duty_roster.pk, people.clerk, [body])


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils 未安装")
def test_the_printed_roster_shows_the_holiday_the_people_and_who_approved(client, people, duty_clock):
    p = people
    roster = approve_all(save(p, days=2, officers=[p.clerk, p.outsider]))
    client.force_login(p.outsider)
    response = client.get(f"/duty/rosters/{roster.pk}/roster.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert roster.case.title in text and "国庆节" in text and "律师科科员" in text and "办公室科员" in text
    assert "办公室主任审核：办公室主任" in text and "分管领导审批：分管副局长" in text
    event = AuditEvent.objects.filter(event="print.duty_roster").latest("id")
    assert event.actor == p.outsider and event.object_id == str(roster.case_id)


# --- the duty log ---------------------------------------------------------------------------------------


def test_the_person_on_duty_logs_an_entry_on_the_page(client, people, bureau, in_force):
    p = people
    shift = first_shift(in_force)
    client.force_login(p.clerk)
    response = client.post(
        f"/duty/shifts/{shift.pk}/entries",
        {
            "source": "call",
            "counterpart": "市司法局",
            "content": "通知视频点名",
            "forwarded_to": bureau["lawyers"].pk,
        },
    )
    assert response.status_code == 302 and "已记入值班日志。" in said(response)
    entry = LogEntry.objects.get()
    assert (entry.shift, entry.holder_shift, entry.source, entry.status) == (
        shift,
        shift,
        Source.CALL,
        LogEntry.Status.OPEN,
    )
    assert entry.forwarded_to == bureau["lawyers"] and entry.recorded_by == p.clerk


@pytest.mark.parametrize(
    "data, message",
    [
        ({"source": "call", "content": ""}, "值班记录未保存：请填写内容。"),
        ({"source": "rumour", "content": "x"}, "值班记录未保存：请选择来源。"),
        ({"source": "call", "content": "来电", "close": "on"}, "值班记录未保存：办结时请填写处理情况。"),
    ],
)
def test_a_bad_entry_is_refused_in_chinese(client, people, in_force, data, message):
    client.force_login(people.clerk)
    response = client.post(f"/duty/shifts/{first_shift(in_force).pk}/entries", data)
    assert message in said(response)
    assert not LogEntry.objects.exists()


def test_an_entry_must_fall_within_the_shift(people, in_force):
    with pytest.raises(api.TransitionError, match="记录时间须在本班次内"):
        services.add_entry(
            first_shift(in_force).pk,
            people.clerk,
            source=Source.CALL,
            content="x",
            at=in_force.shifts.first().start_dt - timedelta(hours=1),
        )


def test_an_entry_is_closed_once_on_the_page(client, people, in_force):
    entry = services.add_entry(first_shift(in_force).pk, people.clerk, source=Source.VISIT, content="反映纠纷")
    client.force_login(people.clerk)
    refused = client.post(f"/duty/entries/{entry.pk}/close", {"handling": ""})
    assert "请填写处理情况。" in said(refused)
    response = client.post(f"/duty/entries/{entry.pk}/close", {"handling": "已告知调解途径"})
    assert "该事项已办结。" in said(response)
    entry.refresh_from_db()
    assert entry.status == LogEntry.Status.CLOSED and entry.closed_by == people.clerk
    again = client.post(f"/duty/entries/{entry.pk}/close", {"handling": "再办一次"})
    assert "该事项已经办结。" in said(again)


# --- 交接班 -----------------------------------------------------------------------------------------------


def test_the_handover_is_made_on_the_page_with_its_note(client, people, in_force, duty_clock):
    p = people
    shift = first_shift(in_force)
    services.add_entry(shift.pk, p.clerk, source=Source.CALL, content="待回电")
    duty_clock.set(NATIONAL_DAY + timedelta(days=1), 8, 20)
    client.force_login(p.clerk)
    too_long = client.post(f"/duty/shifts/{shift.pk}/handover", {"note": "长" * 2001})
    assert "未交班：交班说明不超过 2000 字。" in said(too_long)
    assert not Handover.objects.exists()
    response = client.post(f"/duty/shifts/{shift.pk}/handover", {"note": "带班领导在局"})
    assert f"已交班，待{p.outsider.full_name}确认接班。" in said(response)
    handover = Handover.objects.get()
    assert handover.note == "带班领导在局" and handover.to_user == p.outsider and handover.entries.count() == 1


def test_no_handover_before_the_shift_begins_or_without_a_next_shift(people, in_force, duty_clock):
    p = people
    shifts = list(Shift.objects.filter(roster=in_force).order_by("date"))
    duty_clock.set(NATIONAL_DAY + timedelta(days=1), 8, 0)
    with pytest.raises(api.TransitionError, match="本班次尚未开始"):
        services.hand_over(shifts[1].pk, p.outsider)
    duty_clock.set(NATIONAL_DAY + timedelta(days=3), 8, 0)
    with pytest.raises(api.TransitionError, match="没有找到下一班次"):
        services.hand_over(shifts[2].pk, p.clerk)


def test_only_the_next_officer_may_acknowledge_on_the_page(client, people, in_force, duty_clock):
    p = people
    duty_clock.set(NATIONAL_DAY + timedelta(days=1), 8, 20)
    handover = services.hand_over(first_shift(in_force).pk, p.clerk)
    client.force_login(p.colleague)
    assert client.post(f"/duty/handovers/{handover.pk}/acknowledge").status_code == 404
    client.force_login(p.outsider)
    response = client.post(f"/duty/handovers/{handover.pk}/acknowledge")
    assert "已确认接班，移交事项转由您办理。" in said(response)
    handover.refresh_from_db()
    assert handover.acknowledged_at is not None


def test_the_office_may_close_an_entry_awaiting_acknowledgement_the_officer_who_handed_it_over_may_not(
    people, duty_clock
):
    p = people
    roster = approve_all(save(p, days=2, officers=[p.outsider, p.other_chief]))  # two officers outside the office
    duty_clock.set(NATIONAL_DAY, 10)
    entry = services.add_entry(first_shift(roster).pk, p.outsider, source=Source.CALL, content="待回电")
    duty_clock.set(NATIONAL_DAY + timedelta(days=1), 8, 20)
    services.hand_over(first_shift(roster).pk, p.outsider)
    with pytest.raises(api.TransitionError, match="该事项已移交下一班次，待接班人员确认后由其办理。"):
        services.close_entry(entry.pk, p.outsider, "已回电")
    services.close_entry(entry.pk, p.chief, "办公室已回电")
    assert LogEntry.objects.get(pk=entry.pk).closed_by == p.chief


# --- the shift page and the reception desk ----------------------------------------------------------


def test_the_shift_lists_only_its_own_reception_contacts(client, people, in_force, duty_clock):
    from apps.reception import services as reception

    p = people
    duty_clock.set(NATIONAL_DAY - timedelta(days=1), 15)  # before the shift
    reception.log_contact(
        p.clerk, {"kind": "call", "name": "王某", "summary": "班前的来电", "outcome": "answered", "answer": "已答复"}
    )
    duty_clock.set(NATIONAL_DAY, 11)
    reception.log_contact(
        p.clerk, {"kind": "call", "name": "李某", "summary": "班中的来电", "outcome": "answered", "answer": "已答复"}
    )
    reception.log_contact(
        p.colleague,
        {"kind": "visit", "name": "赵某", "summary": "同事接待的来访", "outcome": "answered", "answer": "已答复"},
    )
    client.force_login(p.clerk)
    page = client.get("/duty/").content.decode()
    assert "班中的来电" in page and "班前的来电" not in page and "同事接待的来访" not in page


def test_the_home_page_shows_my_coming_shifts_and_is_not_for_administrators(client, people, duty_clock):
    p = people
    approve_all(save(p, days=2, officers=[p.outsider]))
    client.force_login(p.outsider)
    page = client.get("/duty/").content.decode()
    assert "我的近期值班" in page and "10月1日" in page and "10月2日" in page
    client.force_login(p.sysadmin)
    assert client.get("/duty/").status_code == 404


def test_the_shift_page_costs_the_same_queries_with_more_entries(client, people, in_force):
    shift = first_shift(in_force)
    client.force_login(people.clerk)
    services.add_entry(shift.pk, people.clerk, source=Source.CALL, content="一")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/duty/").status_code == 200
        return len(ctx)

    count()
    small = count()
    for n in range(4):
        services.add_entry(shift.pk, people.clerk, source=Source.OTHER, content=f"记录{n}")
    assert count() == small


# --- the log register and who sees rosters ----------------------------------------------------------


def test_the_log_filters_and_its_excel_hold_the_same_rows(client, people, in_force, duty_clock, stranger):
    p = people
    shift = first_shift(in_force)
    services.add_entry(shift.pk, p.clerk, source=Source.CALL, content="来电甲", handling="已答复", close=True)
    services.add_entry(shift.pk, p.clerk, source=Source.VISIT, content="来访乙")
    client.force_login(p.chief)

    def contents(query):
        return [e.content for e in client.get(f"/duty/log/?{query}").context["page"]]

    assert sorted(contents("")) == ["来电甲", "来访乙"]
    assert contents("source=visit") == ["来访乙"]
    assert contents("status=closed") == ["来电甲"]
    assert contents("start=2026-10-02") == [] and len(contents("start=2026-10-01&end=2026-10-01")) == 2
    cells = xlsx_cells(client.get("/duty/log/?status=open&export=xlsx"))
    assert "来访乙" in cells and "来电甲" not in cells and "未办结" in cells
    client.force_login(stranger)
    assert "来访乙" not in xlsx_cells(client.get("/duty/log/?export=xlsx"))


def test_a_draft_roster_is_listed_for_the_office_only(client, people, duty_clock):
    p = people
    case = save(p, officers=[p.outsider], submit=False)
    client.force_login(p.clerk)
    assert case.title in client.get("/duty/rosters/").content.decode()
    client.force_login(p.outsider)
    assert case.title not in client.get("/duty/rosters/").content.decode()
    assert client.get(f"/duty/rosters/{case.duty_roster.pk}/").status_code == 404


def test_another_process_is_not_edited_as_a_roster(client, people, duty_clock):
    from tests.matters.factories import new_request

    other = new_request(people.clerk, title="别的事项", amount="100")
    client.force_login(people.clerk)
    assert client.get(f"/duty/cases/{other.pk}/edit/").status_code == 404


def test_an_entry_on_a_shift_of_an_unapproved_roster_is_refused(people, duty_clock):
    case = save(people)
    duty_clock.set(NATIONAL_DAY, 10)
    with pytest.raises(api.TransitionError, match="值班表尚未批准"):
        services.add_entry(case.duty_roster.shifts.get().pk, people.clerk, source=Source.CALL, content="x")
