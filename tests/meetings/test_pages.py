"""会务 through its pages: every POST goes through a form, every refusal comes back in Chinese
with what was typed kept, a stale page or a second click is refused, people outside the meeting
get 404, and the printed forms say what the meeting decided."""

import shutil
from datetime import date, timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.meetings import services
from apps.meetings.models import AgendaItem, Attendance, Decision, Kind, Meeting
from apps.supervision.models import SupervisedItem
from apps.workflow import api
from apps.workflow.models import Case, CaseClock, Notification, Task
from apps.workflow.viewkit import STALE
from tests.conftest import make_user

from .conftest import MEETING_DAY, pending, through_notice
from .factories import MeetingFormFactory, MeetingPlanFactory, pdf_text, said, xlsx_cells

pytestmark = pytest.mark.django_db

needs_pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils 未安装")


def planned(p, submit=True, **kw):
    kw.setdefault("attendees", [p.director, p.leader, p.chief, p.outsider])
    data = MeetingPlanFactory(chair=p.director, recorder=p.chief, **kw)
    return services.save_meeting(p.clerk, data, submit=submit)


def put_forward(case, p, bureau, title):
    return services.submit_agenda_item(
        case.pk, p.other_chief, title=title, section=bureau["lawyers"], presenter=p.other_chief
    )


def version(case):
    return Case.objects.get(pk=case.pk).version


def plan_form(p, **kw):
    return MeetingFormFactory(
        chair=p.director.pk,
        recorder=p.chief.pk,
        attendees=[p.director.pk, p.leader.pk, p.chief.pk, p.outsider.pk],
        **kw,
    )


@pytest.fixture
def stranger(bureau):
    return make_user("lawyer2", bureau["lawyers"], full_name="律师科另一科员")


@pytest.fixture
def on_the_day(people, bureau, clock):
    """A meeting with its notice out, the clock at 09:10 on the day."""
    case = planned(people)
    through_notice(case, people, bureau)
    clock.set(MEETING_DAY, 9, 10)
    return case


@pytest.fixture
def held(people, on_the_day):
    p = people
    services.record_attendance(
        on_the_day.pk,
        p.clerk,
        {
            p.director.pk: ("present", ""),
            p.leader.pk: ("leave", "参加市局培训"),
            p.chief.pk: ("present", ""),
            p.outsider.pk: ("present", ""),
        },
    )
    services.confirm_held(on_the_day.pk, p.clerk)
    return on_the_day


# --- planning ------------------------------------------------------------------------------------


def test_it_plans_a_meeting_through_the_form_and_opens_the_agenda(client, people, clock):
    p = people
    client.force_login(p.clerk)
    response = client.post("/meetings/new/", plan_form(p, submit="1"))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.case.title == "局长办公会议（普法经费）" and meeting.chair == p.director
    assert set(meeting.attendees.all()) == {p.director, p.leader, p.chief, p.outsider}
    assert meeting.case.status == Case.Status.ACTIVE and meeting.case.current_step == "collect"
    assert CaseClock.objects.get(case=meeting.case, rule__code="meeting-notice").due_date == date(2026, 3, 6)
    assert "会议方案已提交，开始征集议题。" in said(response)


def test_a_draft_is_saved_then_edited_and_each_save_moves_the_version_on(client, people, clock):
    p = people
    client.force_login(p.clerk)
    client.post("/meetings/new/", plan_form(p, save="1"))
    case = Case.objects.get(process="office.meeting")
    assert case.status == Case.Status.DRAFT
    before = case.version
    assert client.get(f"/meetings/{case.pk}/edit/").status_code == 200
    response = client.post(
        f"/meetings/{case.pk}/edit/", plan_form(p, title="局长办公会议（改期）", place="二楼会议室", save="1")
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "局长办公会议（改期）" and case.meeting.place == "二楼会议室"
    assert case.version > before and case.status == Case.Status.DRAFT


def test_an_untitled_meeting_is_named_after_its_day_and_kind(people, clock):
    case = planned(people, kind=Kind.PARTY_GROUP)
    assert case.title == "2026年3月9日党组会议"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"starts_at": "2026-03-01T09:00", "ends_at": "", "agenda_cutoff": "2026-02-27T17:00"}, "会议时间须晚于现在。"),
        ({"agenda_cutoff": "2026-03-09T10:00"}, "议题报送截止时间须早于会议时间。"),
        ({"ends_at": "2026-03-09T08:00"}, "结束时间须晚于会议时间。"),
        ({"attendees": []}, "请选择参会人员。"),
        ({"place": ""}, "请填写会议地点。"),
    ],
)
def test_the_plan_form_refuses_in_chinese_and_keeps_what_was_typed(client, people, clock, change, message):
    p = people
    client.force_login(p.clerk)
    data = {**plan_form(p, submit="1"), **change}
    response = client.post("/meetings/new/", data)
    page = response.content.decode()
    assert response.status_code == 200 and message in page and "局长办公会议（普法经费）" in page
    assert not Meeting.objects.exists()


def test_the_same_person_cannot_attend_and_observe(client, people, clock):
    p = people
    client.force_login(p.clerk)
    response = client.post("/meetings/new/", plan_form(p, observers=[p.leader.pk], submit="1"))
    assert "同一人不能既是参会人员又是列席人员。" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_submitted_plan_can_no_longer_be_edited(client, people, clock):
    p = people
    case = planned(p)
    client.force_login(p.clerk)
    response = client.post(f"/meetings/{case.pk}/edit/", plan_form(p, title="改名", save="1"))
    assert response.status_code == 302 and "该会议已提交，不能再修改会议方案。" in said(response)
    case.refresh_from_db()
    assert case.title != "改名"
    client.force_login(p.colleague)  # sees the office's case, did not plan it
    assert client.get(f"/meetings/{case.pk}/edit/").status_code == 403


# --- 议题征集 ---------------------------------------------------------------------------------------


def test_a_section_chief_puts_an_item_forward_on_the_agenda_page(client, people, bureau, clock):
    p = people
    case = planned(p, title="局长办公会议")
    client.force_login(p.other_chief)
    page = client.get("/meetings/agenda/").content.decode()
    assert "局长办公会议（截止 03-06 17:00）" in page
    response = client.post(
        "/meetings/agenda/",
        {
            "meeting": case.meeting.pk,
            "title": "关于律师行业年度检查的请示",
            "section": bureau["lawyers"].pk,
            "presenter": p.other_chief.pk,
            "summary": "已征求办公室意见。",
        },
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    assert (item.meeting.case_id, item.section, item.presenter, item.status) == (
        case.pk,
        bureau["lawyers"],
        p.other_chief,
        "submitted",
    )
    assert "议题已报送“局长办公会议”，由办公室汇总后报主持人审定。" in said(response)


@pytest.mark.parametrize("which", ["none", "draft", "closed_collection"])
def test_an_item_for_a_meeting_not_collecting_is_refused_in_chinese(client, people, bureau, clock, which):
    p = people
    draft = planned(p, submit=False)
    moved_on = planned(p)
    put_forward(moved_on, p, bureau, "议题")
    services.compile_agenda(moved_on.pk, p.clerk, {i.pk: ("accepted", 1) for i in moved_on.meeting.agenda_items.all()})
    planned(p, title="正在征集的会议")  # the form is shown while some meeting collects items
    meeting = {"none": "", "draft": draft.meeting.pk, "closed_collection": moved_on.meeting.pk}[which]
    client.force_login(p.other_chief)
    response = client.post(
        "/meetings/agenda/",
        {
            "meeting": meeting,
            "title": "迟来的议题",
            "section": bureau["lawyers"].pk,
            "presenter": p.other_chief.pk,
        },
    )
    assert response.status_code == 200 and "请选择正在征集议题的会议。" in response.content.decode()
    assert not AgendaItem.objects.filter(title="迟来的议题").exists()


def test_a_chief_cannot_put_forward_another_sections_item(client, people, bureau, clock):
    p = people
    case = planned(p)
    client.force_login(p.other_chief)
    response = client.post(
        "/meetings/agenda/",
        {
            "meeting": case.meeting.pk,
            "title": "办公室的议题",
            "section": bureau["office"].pk,
            "presenter": p.other_chief.pk,
        },
    )
    assert "请按提示修改后再提交" in " ".join(said(response))
    assert not AgendaItem.objects.exists()


# --- 议题汇总 (the office's own form on the case page) -------------------------------------------


def test_the_office_compiles_the_agenda_on_the_case_page(client, people, bureau, clock):
    p = people
    case = planned(p)
    first, second = put_forward(case, p, bureau, "议题甲"), put_forward(case, p, bureau, "议题乙")
    client.force_login(p.clerk)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'name="item_{first.pk}"' in page and f'name="order_{second.pk}"' in page
    response = client.post(
        f"/meetings/{case.pk}/compile",
        {
            f"item_{first.pk}": "accepted",
            f"order_{first.pk}": "2",
            f"item_{second.pk}": "deferred",
            f"order_{second.pk}": "1",
            "version": version(case),
        },
    )
    assert response.status_code == 302 and "议题已汇总，报主持人审定。" in said(response)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.order, second.status) == ("accepted", 2, "deferred")
    case.refresh_from_db()
    assert case.current_step == "agenda" and case.current_assignees == p.director.full_name
    assert case.meeting.agenda_compiled_at is not None


def test_an_item_left_undecided_is_refused_in_chinese_and_nothing_moves(client, people, bureau, clock):
    p = people
    case = planned(p)
    first = put_forward(case, p, bureau, "议题甲")
    put_forward(case, p, bureau, "议题乙")
    client.force_login(p.clerk)
    response = client.post(f"/meetings/{case.pk}/compile", {f"item_{first.pk}": "accepted", f"order_{first.pk}": "0"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "请确定议题“议题乙”是否列入议程。" in page and "议程顺序须在 1 至 99 之间。" in page
    case.refresh_from_db()
    assert case.current_step == "collect" and AgendaItem.objects.filter(status="submitted").count() == 2


def test_compiling_from_a_stale_page_is_refused(client, people, bureau, clock):
    p = people
    case = planned(p)
    item = put_forward(case, p, bureau, "议题甲")
    shown = version(case)
    services.compile_agenda(case.pk, p.clerk, {item.pk: ("accepted", 1)})  # done meanwhile (another tab)
    client.force_login(p.clerk)
    response = client.post(
        f"/meetings/{case.pk}/compile", {f"item_{item.pk}": "deferred", f"order_{item.pk}": "1", "version": shown}
    )
    assert response.status_code == 409 and STALE in response.content.decode()
    item.refresh_from_db()
    assert item.status == "accepted"


def test_a_second_click_on_compile_is_told_the_meeting_moved_on(client, people, bureau, clock):
    p = people
    case = planned(p)
    item = put_forward(case, p, bureau, "议题甲")
    client.force_login(p.clerk)
    data = {f"item_{item.pk}": "accepted", f"order_{item.pk}": "1"}
    assert client.post(f"/meetings/{case.pk}/compile", data).status_code == 302
    again = client.post(f"/meetings/{case.pk}/compile", data)
    assert again.status_code == 409 and "会议已进入下一环节（或已结束），不能再办理此环节。" in again.content.decode()
    assert case.tasks.filter(step="collect", status=Task.Status.DONE).count() == 1


def test_only_the_organiser_compiles(client, people, bureau, clock):
    p = people
    case = planned(p)
    item = put_forward(case, p, bureau, "议题甲")
    client.force_login(p.colleague)  # office staff who see the case but did not plan it
    response = client.post(f"/meetings/{case.pk}/compile", {f"item_{item.pk}": "accepted", f"order_{item.pk}": "1"})
    assert response.status_code == 409 and "只有安排会议的办公室工作人员可以汇总议题。" in response.content.decode()


def test_the_generic_complete_cannot_finish_an_office_step(people, bureau, clock):
    p = people
    case = planned(p)
    put_forward(case, p, bureau, "议题甲")
    with pytest.raises(api.TransitionError, match="办理表单"):
        api.complete(case.pk, pending(case, "collect").pk, p.clerk, "已汇总")
    case.refresh_from_db()
    assert case.current_step == "collect"


@pytest.mark.parametrize("url", ["compile", "notice", "sign-in", "attendance", "minutes"])
def test_someone_outside_the_meeting_gets_404_for_every_step(client, people, bureau, clock, stranger, url):
    case = planned(people)
    through_notice(case, people, bureau)
    client.force_login(stranger)
    assert client.post(f"/meetings/{case.pk}/{url}", {"minutes": "x"}).status_code == 404


def test_a_meeting_step_posted_to_another_process_is_404(client, people, clock):
    from tests.matters.factories import new_request

    other = new_request(people.clerk, title="别的事项", amount="100", submit=True)
    client.force_login(people.clerk)
    assert client.post(f"/meetings/{other.pk}/notice").status_code == 404


# --- 会议通知 ------------------------------------------------------------------------------------


def test_the_notice_goes_out_from_the_case_page_and_opens_the_meeting_to_everyone_named(client, people, bureau, clock):
    p = people
    case = planned(p)
    item = put_forward(case, p, bureau, "议题甲")
    services.compile_agenda(case.pk, p.clerk, {item.pk: ("accepted", 1)})
    api.approve(case.pk, pending(case, "agenda").pk, p.director, "同意。")
    client.force_login(p.outsider)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    client.force_login(p.clerk)
    shown = version(case)
    response = client.post(f"/meetings/{case.pk}/notice", {"version": shown})
    assert response.status_code == 302 and "会议通知已印发，参会人员已收到通知。" in said(response)
    notified = set(
        Notification.objects.filter(key__startswith=f"meeting-notice:{case.meeting.pk}:").values_list("user", flat=True)
    )
    assert notified == {p.director.pk, p.leader.pk, p.chief.pk, p.outsider.pk, p.other_chief.pk}
    again = client.post(f"/meetings/{case.pk}/notice", {"version": shown})
    assert again.status_code == 409 and STALE in again.content.decode()
    client.force_login(p.outsider)
    assert client.get(f"/cases/{case.pk}/").status_code == 200


# --- 签到 ------------------------------------------------------------------------------------------


def test_an_attendee_signs_in_once_on_the_day(client, people, on_the_day, clock):
    p = people
    client.force_login(p.outsider)
    assert "本人签到" in client.get(f"/cases/{on_the_day.pk}/").content.decode()
    response = client.post(f"/meetings/{on_the_day.pk}/sign-in")
    assert response.status_code == 302 and "签到成功。" in said(response)
    row = Attendance.objects.get(person=p.outsider)
    assert row.status == Attendance.Status.PRESENT and row.signed_at is not None
    again = client.post(f"/meetings/{on_the_day.pk}/sign-in")
    assert again.status_code == 409 and "您已经签到。" in again.content.decode()


def test_someone_not_on_the_list_cannot_sign_in(client, people, on_the_day):
    client.force_login(people.colleague)  # office staff: sees the case, not invited
    response = client.post(f"/meetings/{on_the_day.pk}/sign-in")
    assert response.status_code == 409 and "您不在本次会议的参会或列席名单中。" in response.content.decode()
    assert not Attendance.objects.exists()


def test_an_absence_without_a_reason_is_refused_and_the_sheet_keeps_what_was_chosen(client, people, on_the_day):
    p = people
    client.force_login(p.clerk)
    response = client.post(
        f"/meetings/{on_the_day.pk}/attendance",
        {
            f"status_{p.director.pk}": "present",
            f"status_{p.leader.pk}": "absent",
            f"reason_{p.chief.pk}": "晚到十分钟",
            "held": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 409 and "分管副局长请假或缺席，请填写事由。" in page
    assert 'value="absent" selected' in page and "晚到十分钟" in page
    assert not Attendance.objects.exists()
    on_the_day.refresh_from_db()
    assert on_the_day.current_step == "signin"


def test_a_status_that_is_not_offered_is_refused_in_chinese(client, people, on_the_day):
    p = people
    client.force_login(p.clerk)
    response = client.post(f"/meetings/{on_the_day.pk}/attendance", {f"status_{p.director.pk}": "late"})
    assert response.status_code == 409 and "签到情况只能是出席、请假或缺席。" in response.content.decode()


def test_the_office_records_the_sign_in_and_confirms_the_meeting_was_held(client, people, on_the_day):
    p = people
    client.force_login(p.clerk)
    rows = {f"status_{u.pk}": "present" for u in (p.director, p.chief, p.outsider)}
    response = client.post(
        f"/meetings/{on_the_day.pk}/attendance",
        {
            **rows,
            f"status_{p.leader.pk}": "leave",
            f"reason_{p.leader.pk}": "参加市局培训",
            "version": version(on_the_day),
            "held": "1",
        },
    )
    assert response.status_code == 302 and "会议已召开，请记录人在 2 个工作日内起草会议纪要。" in said(response)
    on_the_day.refresh_from_db()
    assert on_the_day.current_step == "minutes" and on_the_day.current_assignees == p.chief.full_name
    assert CaseClock.objects.get(case=on_the_day, rule__code="meeting-minutes").due_date == date(2026, 3, 11)
    assert Attendance.objects.get(person=p.leader).reason == "参加市局培训"


def test_confirming_with_people_unrecorded_names_them(client, people, on_the_day):
    p = people
    client.force_login(p.clerk)
    response = client.post(f"/meetings/{on_the_day.pk}/attendance", {f"status_{p.director.pk}": "present", "held": "1"})
    assert response.status_code == 409 and "尚未登记签到情况：" in response.content.decode()
    assert Attendance.objects.filter(person=p.director).exists()  # what was recorded is kept
    on_the_day.refresh_from_db()
    assert on_the_day.current_step == "signin"


# --- 会议纪要 ------------------------------------------------------------------------------------


def test_the_recorder_saves_a_draft_of_the_minutes_with_decisions(client, people, bureau, held):
    p = people
    client.force_login(p.chief)
    response = client.post(
        f"/meetings/{held.pk}/minutes",
        {
            "minutes": "一、会议听取了汇报。",
            "decision_1": "律师工作科牵头完成年度检查。",
            "decision_section_1": bureau["lawyers"].pk,
            "decision_2": "   ",
            "decision_3": "办公室归档。",
            "save": "1",
        },
    )
    assert response.status_code == 302 and "纪要草稿已保存。" in said(response)
    held.refresh_from_db()
    assert held.current_step == "minutes" and held.meeting.minutes == "一、会议听取了汇报。"
    assert list(held.meeting.decisions.values_list("seq", "text", "lead_section")) == [
        (1, "律师工作科牵头完成年度检查。", bureau["lawyers"].pk),
        (2, "办公室归档。", None),
    ]


def test_minutes_sent_up_empty_are_refused_and_the_typed_decisions_stay(client, people, bureau, held):
    p = people
    client.force_login(p.chief)
    response = client.post(
        f"/meetings/{held.pk}/minutes",
        {
            "minutes": "  ",
            "decision_1": "律师工作科牵头完成年度检查。",
            "decision_section_1": bureau["lawyers"].pk,
            "submit": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 409 and "请填写会议纪要。" in page and "律师工作科牵头完成年度检查。" in page
    assert not Decision.objects.exists()


def test_only_the_recorder_writes_the_minutes(client, people, held):
    client.force_login(people.clerk)
    response = client.post(f"/meetings/{held.pk}/minutes", {"minutes": "一、纪要。", "submit": "1"})
    assert response.status_code == 409 and "只有本次会议的记录人可以起草会议纪要。" in response.content.decode()


def test_minutes_sent_to_the_chair_and_approved_are_issued(client, people, bureau, held):
    p = people
    client.force_login(p.chief)
    response = client.post(
        f"/meetings/{held.pk}/minutes",
        {
            "minutes": "一、会议听取了汇报。",
            "decision_1": "律师工作科牵头完成年度检查。",
            "decision_section_1": bureau["lawyers"].pk,
            "submit": "1",
            "version": version(held),
        },
    )
    assert response.status_code == 302 and "会议纪要已报主持人审定。" in said(response)
    held.refresh_from_db()
    assert held.current_step == "minutes_approve" and held.current_assignees == p.director.full_name
    api.approve(held.pk, pending(held, "minutes_approve").pk, p.director, "同意印发。")
    held.refresh_from_db()
    assert held.status == Case.Status.CLOSED and held.meeting.minutes_issued_at is not None
    assert "议定事项 1 项" in held.result


def test_a_decision_becomes_a_supervised_item_from_the_case_page_once(client, people, bureau, held):
    p = people
    services.save_minutes(
        held.pk, p.chief, "一、纪要。", [("律师工作科牵头完成年度检查。", bureau["lawyers"])], submit=True
    )
    api.approve(held.pk, pending(held, "minutes_approve").pk, p.director)
    decision = Decision.objects.get()
    client.force_login(p.outsider)  # an attendee sees the meeting but does not run it
    refused = client.post(f"/meetings/{held.pk}/decisions/{decision.pk}/supervise")
    assert refused.status_code == 409 and "只有组织会议的科室工作人员" in refused.content.decode()
    client.force_login(p.clerk)
    response = client.post(f"/meetings/{held.pk}/decisions/{decision.pk}/supervise")
    item = SupervisedItem.objects.get()
    assert response.status_code == 302 and response["Location"] == item.case.get_absolute_url()
    assert f"议定事项已转为督办事项，交{bureau['lawyers'].name}落实。" in said(response)
    again = client.post(f"/meetings/{held.pk}/decisions/{decision.pk}/supervise")
    assert again.status_code == 409 and "该议定事项已转为督办事项。" in again.content.decode()
    assert SupervisedItem.objects.count() == 1


def test_a_decision_of_another_meeting_is_404(client, people, bureau, held, clock):
    p = people
    services.save_minutes(held.pk, p.chief, "一、纪要。", [("落实。", bureau["lawyers"])], submit=True)
    other = planned(p, starts_at=held.meeting.starts_at + timedelta(days=7))
    client.force_login(p.clerk)
    assert client.post(f"/meetings/{other.pk}/decisions/{Decision.objects.get().pk}/supervise").status_code == 404


# --- printed forms -------------------------------------------------------------------------------


@needs_pdftotext
def test_the_notice_prints_time_place_and_the_listed_agenda(client, people, bureau, clock):
    p = people
    case = planned(p, title="局长办公会议")
    through_notice(case, p, bureau)
    client.force_login(p.clerk)
    response = client.get(f"/meetings/{case.pk}/notice.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "关于召开局长办公会议的通知" in text and "2026年3月9日（星期一）" in text and "三楼党组会议室" in text
    assert f"关于律师行业年度检查的请示（{bureau['lawyers'].name}，汇报人：律师科科长）" in text
    event = AuditEvent.objects.filter(event="print.meeting_form").latest("id")
    assert event.actor == p.clerk and event.detail == {"form": "notice.html"}


@needs_pdftotext
def test_the_sign_in_sheet_prints_every_person_and_each_absence_with_its_reason(client, people, held):
    client.force_login(people.clerk)
    text = pdf_text(client.get(f"/meetings/{held.pk}/signin.pdf").content)
    for name in ("局长", "分管副局长", "办公室主任", "律师科科员"):
        assert name in text
    assert "请假：参加市局培训" in text


@needs_pdftotext
def test_the_minutes_print_the_text_the_decisions_and_who_was_there(client, people, bureau, held):
    p = people
    services.save_minutes(
        held.pk,
        p.chief,
        "一、会议听取了律师工作科的汇报。",
        [("律师工作科牵头完成年度检查。", bureau["lawyers"])],
        submit=True,
    )
    client.force_login(p.director)
    text = pdf_text(client.get(f"/meetings/{held.pk}/minutes.pdf").content)
    assert "局长办公会议纪要" in text and "会议听取了律师工作科的汇报" in text
    assert f"1.律师工作科牵头完成年度检查。（牵头落实：{bureau['lawyers'].name}）" in text
    assert "分管副局长（参加市局培训）" in text and "纪要尚未经主持人审定" in text


def test_no_printed_form_for_a_draft_nor_for_someone_outside(client, people, bureau, held, clock, stranger):
    p = people
    draft = planned(p, submit=False, starts_at=held.meeting.starts_at + timedelta(days=7))
    client.force_login(p.clerk)
    assert client.get(f"/meetings/{draft.pk}/notice.pdf").status_code == 404
    assert client.get(f"/meetings/{draft.pk}/signin.pdf").status_code == 404
    client.force_login(stranger)
    for form in ("notice", "signin"):
        assert client.get(f"/meetings/{held.pk}/{form}.pdf").status_code == 404


# --- the register ---------------------------------------------------------------------------------


def test_the_register_filters_by_kind_state_and_year(client, people, bureau, clock):
    p = people
    planned(p, title="甲：征集中的局长办公会议")
    planned(p, title="乙：党组会议草稿", kind=Kind.PARTY_GROUP, submit=False)
    client.force_login(p.clerk)

    def titles(query):
        return [m.case.title for m in client.get(f"/meetings/?{query}").context["page"]]

    assert sorted(titles("")) == ["乙：党组会议草稿", "甲：征集中的局长办公会议"]
    assert titles("state=collect") == ["甲：征集中的局长办公会议"]
    assert titles("state=draft") == ["乙：党组会议草稿"]
    assert titles("kind=party_group") == ["乙：党组会议草稿"]
    assert titles("year=2027") == []
    assert len(titles("year=2026&kind=director_office")) == 1


def test_the_excel_register_holds_the_pages_rows(client, people, bureau, clock, stranger):
    p = people
    case = planned(p, title="甲：局长办公会议")
    planned(p, title="乙：党组会议", kind=Kind.PARTY_GROUP)
    client.force_login(p.clerk)
    cells = xlsx_cells(client.get("/meetings/?kind=director_office&export=xlsx"))
    assert (
        cells[:3] == ["会议时间", "会议类型", "会议名称"]
        and "甲：局长办公会议" in cells
        and "乙：党组会议" not in cells
    )
    assert "三楼党组会议室" in cells and case.current_step_label in cells
    client.force_login(stranger)
    assert "甲：局长办公会议" not in xlsx_cells(client.get("/meetings/?export=xlsx"))


def test_the_dashboard_lists_what_the_office_must_do(client, people, bureau, held, clock):
    p = people
    planned(p, title="下周的专题会议", kind=Kind.TOPIC, starts_at=held.meeting.starts_at + timedelta(days=7))
    client.force_login(p.clerk)
    page = client.get("/meetings/dashboard/").content.decode()
    assert "下周的专题会议" in page  # 即将召开
    assert held.title in page and "2026-03-11" in page  # 纪要 due
    client.force_login(p.outsider)
    assert client.get("/meetings/dashboard/").status_code == 403


def test_a_rejected_agenda_cancels_the_meeting_and_the_register_says_so(client, people, bureau, clock):
    p = people
    case = planned(p, title="取消的会议")
    item = put_forward(case, p, bureau, "议题甲")
    services.compile_agenda(case.pk, p.clerk, {item.pk: ("accepted", 1)})
    api.reject(case.pk, pending(case, "agenda").pk, p.director, "暂不召开。")
    client.force_login(p.clerk)
    assert [m.case.title for m in client.get("/meetings/?state=rejected").context["page"]] == ["取消的会议"]
    with pytest.raises(api.TransitionError):
        services.issue_notice(case.pk, p.clerk)
