"""依申请公开 with its statutory clocks, every due date computed by hand over the 2026 National
Day holiday. The calendar fixture (apps.workcalendar, the State Council's 2026 notice): 中秋
Friday 25 Sept is a holiday; 1–7 Oct are holidays; Sunday 20 Sept and Saturday 10 Oct are
make-up working days; Thursday 8 and Friday 9 Oct are ordinary working days. The start day is
never counted (民法典 §201); a pause from P to R does not count the working days after P up to
and including R."""

from datetime import date

import pytest

from apps.disclosure import services
from apps.disclosure.models import ApplicantKind, ConsultKind, DisclosureRequest, Outcome, ReplyForm, Stage
from apps.workflow import services as engine
from apps.workflow.models import Case, CaseClock, Task
from apps.workflow.services import TransitionError
from tests.disclosure.factories import (
    OPINION,
    draft_and_review,
    new_item,
    new_request,
    pending,
    reply_through_the_route,
    sheet_and_instructions,
)

pytestmark = pytest.mark.django_db


def clock(case, code):
    return CaseClock.objects.get(case=case, rule__code=code)


def req(case):
    return DisclosureRequest.objects.get(case=case)


def test_it_walks_supplement_restart_consultation_extension_and_reply(bureau, people, today):
    today.set(date(2026, 9, 23))
    case = new_request(people.clerk)  # received Wednesday 23 Sept
    # 补正告知 7 WD: 24 Sept (1), [25 中秋, 26–27 weekend], 28 (2), 29 (3), 30 (4), [1–7 Oct],
    # 8 (5), 9 (6), Saturday 10 Oct make-up day (7).
    assert clock(case, "disclosure-supplement-notice").due_date == date(2026, 10, 10)
    # 答复 20 WD: 24, 28, 29, 30 Sept, 8, 9, 10 (7), 12–16 (12), 19–23 (17), 26, 27, 28 Oct (20).
    assert clock(case, "disclosure-reply").due_date == date(2026, 10, 28)
    assert case.current_step == "handle" and case.due_date == date(2026, 10, 10)

    today.set(date(2026, 9, 29))
    services.notify_supplement(case.pk, people.clerk, date(2026, 9, 29), "请写明所需信息的文号或形成时间。")
    assert req(case).stage == Stage.SUPPLEMENT
    assert clock(case, "disclosure-supplement-notice").status == CaseClock.Status.MET
    assert clock(case, "disclosure-reply").status == CaseClock.Status.PAUSED
    # The applicant's 15 WD from Tuesday 29 Sept: 30 Sept (1), 8, 9, 10 (4), 12–16 (9), 19–23 (14), 26 Oct (15).
    assert clock(case, "disclosure-applicant-supplement").due_date == date(2026, 10, 26)
    with pytest.raises(TransitionError, match="不能进行此操作"):  # one 补正 notice only
        services.notify_supplement(case.pk, people.clerk, date(2026, 9, 29), "再补正一次")

    today.set(date(2026, 10, 9))
    services.receive_supplement(case.pk, people.clerk, date(2026, 10, 9))
    # §30: the 20 WD run again from Friday 9 Oct: Saturday 10 (1), 12–16 (6), 19–23 (11), 26–30 (16), 2, 3, 4, 5 Nov (20).
    reply = clock(case, "disclosure-reply")
    assert reply.status == CaseClock.Status.RUNNING and reply.due_date == date(2026, 11, 5)
    assert clock(case, "disclosure-applicant-supplement").status == CaseClock.Status.MET
    with pytest.raises(TransitionError, match="不能进行此操作"):
        services.notify_supplement(case.pk, people.clerk, date(2026, 10, 9), "第二次补正")

    # 处理单: numbered in sequence, to the office chief and the division leader for 批示.
    today.set(date(2026, 10, 12))
    with pytest.raises(TransitionError, match="拟办意见"):
        services.issue_sheet(case.pk, people.clerk, bureau["lawyers"], " ", date(2026, 10, 12))
    services.issue_sheet(case.pk, people.clerk, bureau["lawyers"], OPINION, date(2026, 10, 12))
    r = req(case)
    assert (r.sheet_number, r.sheet_seq, r.responsible_section) == ("依申请公开〔2026〕1号", 1, bureau["lawyers"])
    case.refresh_from_db()
    assert case.current_step_label == "办公室主任批示" and case.current_assignees == people.chief.full_name
    with pytest.raises(TransitionError, match="不在您的办理环节"):  # a second click: 初审 is done
        services.issue_sheet(case.pk, people.clerk, bureau["lawyers"], OPINION, date(2026, 10, 12))
    with pytest.raises(TransitionError, match="必须依法答复"):  # no 不同意 that would end the request
        engine.reject(case.pk, pending(case, people.chief).pk, people.chief, "不同意")
    engine.approve(case.pk, pending(case, people.chief).pk, people.chief, "请律师工作管理科办理。")
    engine.approve(case.pk, pending(case, people.leader).pk, people.leader, "同意，按时答复。")
    case.refresh_from_db()
    assert case.current_step == "draft"
    drafters = set(Task.objects.pending().filter(case=case).values_list("assignee", flat=True))
    assert drafters == {people.outsider.pk, people.other_chief.pk}  # the responsible section's staff
    assert Case.objects.handled_by(people.outsider).filter(pk=case.pk).exists()
    with pytest.raises(TransitionError, match="事项信息"):  # the generic 办结 is refused
        engine.complete(case.pk, pending(case, people.outsider).pk, people.outsider, "已办")

    # The drafting section asks the third party; the registrar may not draft.
    today.set(date(2026, 10, 14))
    with pytest.raises(TransitionError, match="不在您的办理环节"):
        services.draft_reply(case.pk, people.clerk, Outcome.PUBLIC, "")
    services.consult(
        case.pk,
        people.outsider,
        ConsultKind.THIRD_PARTY,
        "某某律师事务所",
        "所需信息含该所的执业收入情况",
        date(2026, 10, 14),
    )
    assert clock(case, "disclosure-reply").status == CaseClock.Status.PAUSED
    # The third party's 15 WD from Wednesday 14 Oct: 15, 16 (2), 19–23 (7), 26–30 (12), 2, 3, 4 Nov (15).
    assert clock(case, "disclosure-third-party-opinion").due_date == date(2026, 11, 4)
    with pytest.raises(TransitionError, match="征求意见中"):  # no draft while the clock is paused
        services.draft_reply(case.pk, people.outsider, Outcome.PUBLIC, "")

    today.set(date(2026, 10, 27))
    services.record_opinion(case.pk, people.outsider, date(2026, 10, 27), "不同意公开执业收入明细。")
    reply = clock(case, "disclosure-reply")
    # Used before the pause: 10, 12, 13, 14 Oct (4). 15–27 Oct not counted (9 WD). The remaining 16
    # from 27 Oct: 28–30 (3), 2–6 Nov (8), 9–13 (13), 16, 17, 18 Nov (16).
    assert reply.status == CaseClock.Status.RUNNING and reply.due_date == date(2026, 11, 18)
    assert reply.paused_days == 9
    assert req(case).stage == Stage.HANDLING

    # 延期: the office handler's (the drafting section may not), with the head's consent.
    today.set(date(2026, 11, 16))
    with pytest.raises(TransitionError, match="不在您的办理环节"):
        services.extend(case.pk, people.outsider, 10, "需要逐页区分处理", people.chief)
    with pytest.raises(TransitionError, match="最长延长期限"):
        services.extend(case.pk, people.clerk, 21, "需要逐页区分处理", people.chief)
    with pytest.raises(TransitionError, match="批准人"):
        services.extend(case.pk, people.clerk, 10, "需要逐页区分处理", people.colleague)
    services.extend(case.pk, people.clerk, 15, "需要逐页区分处理", people.chief)
    # 18 Nov + 15 WD: 19, 20 (2), 23–27 (7), 30 Nov–4 Dec (12), 7, 8, 9 Dec (15).
    assert clock(case, "disclosure-reply").due_date == date(2026, 12, 9)
    with pytest.raises(TransitionError, match="最长延长期限"):  # 20 WD in all (§33¶2)
        services.extend(case.pk, people.clerk, 6, "仍需时间", people.chief)
    services.extend(case.pk, people.clerk, 5, "仍需时间", people.leader)
    # + 5 WD: 10, 11, 14, 15, 16 Dec.
    assert clock(case, "disclosure-reply").due_date == date(2026, 12, 16)
    assert req(case).extended_days == 20

    # 拟稿 → 审核: returned once with the reason (back to its drafter alone), then approved.
    today.set(date(2026, 11, 25))
    with pytest.raises(TransitionError, match="不予公开部分"):
        services.draft_reply(case.pk, people.outsider, Outcome.PARTIAL, "")
    services.draft_reply(case.pk, people.outsider, Outcome.PARTIAL, "执业收入明细不予公开。")
    case.refresh_from_db()
    assert case.current_step_label == "分管局长审核答复意见稿"
    # while the reviewer holds the draft (and after approval) no new consultation: it would change
    # what the reviewer signs
    with pytest.raises(TransitionError, match="已送审核或已审核通过"):
        services.consult(
            case.pk, people.clerk, ConsultKind.CO_MAKER, "区财政局", "联合制作的统计表", date(2026, 11, 25)
        )
    assert "consult" not in services.allowed_moves(case, people.clerk)
    assert not Task.objects.pending().filter(case=case, assignee=people.other_chief).exists()
    # the colleague whose parallel draft task was cancelled never handled the request: masked for them
    from apps.privacy.access import can_reveal

    assert can_reveal(req(case), people.outsider) and not can_reveal(req(case), people.other_chief)
    with pytest.raises(TransitionError, match="不在您的办理环节"):  # not issued before the review
        services.reply(case.pk, people.clerk, date(2026, 11, 25))
    draft_index = next(i for i, step in enumerate(case.route) if step["code"] == "draft")
    engine.return_case(
        case.pk, pending(case, people.leader).pk, people.leader, draft_index, "请写明不予公开的理由和依据。"
    )
    case.refresh_from_db()
    assert case.current_step == "draft" and case.current_assignees == people.outsider.full_name
    assert clock(case, "disclosure-reply").due_date == date(2026, 12, 16)  # the return moves no clock
    services.draft_reply(
        case.pk, people.outsider, Outcome.PARTIAL, "执业收入明细属于商业秘密，依据条例第三十二条不予公开。"
    )
    engine.approve(case.pk, pending(case, people.leader).pk, people.leader, "同意答复。")
    case.refresh_from_db()
    assert case.current_step == "issue" and case.current_assignees == people.clerk.full_name
    with pytest.raises(TransitionError, match="已送审核或已审核通过"):
        services.consult(
            case.pk, people.clerk, ConsultKind.CO_MAKER, "区财政局", "联合制作的统计表", date(2026, 11, 30)
        )

    today.set(date(2026, 12, 1))
    services.reply(case.pk, people.clerk, date(2026, 12, 1))
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.due_date is None
    assert clock(case, "disclosure-reply").status == CaseClock.Status.MET
    r = req(case)
    assert (r.stage, r.outcome, r.concluded_on) == (Stage.REPLIED, Outcome.PARTIAL, date(2026, 12, 1))
    assert "第三十二条" in r.reply_detail


def test_the_sheet_number_is_taken_once_and_in_sequence(bureau, people, today):
    from apps.numbering.models import IssuedNumber

    today.set(date(2026, 9, 28))
    first = new_request(people.clerk, received_on=date(2026, 9, 28))
    second = new_request(people.clerk, received_on=date(2026, 9, 28))
    for case in (first, second):
        services.confirm_clear(case.pk, people.clerk, date(2026, 9, 28))
    services.issue_sheet(second.pk, people.clerk, bureau["lawyers"], OPINION, date(2026, 9, 28))
    # The office chief sends it back to 初审: issued again, it keeps its number.
    engine.return_case(second.pk, pending(second, people.chief).pk, people.chief, 0, "请写明拟办的具体检索范围。")
    services.issue_sheet(
        second.pk, people.clerk, bureau["lawyers"], OPINION + "检索范围：2025年度。", date(2026, 9, 28)
    )
    services.issue_sheet(first.pk, people.clerk, bureau["lawyers"], OPINION, date(2026, 9, 28))
    assert (req(second).sheet_number, req(first).sheet_number) == ("依申请公开〔2026〕1号", "依申请公开〔2026〕2号")
    assert IssuedNumber.objects.filter(scheme__code="disclosure-sheet").count() == 2
    with pytest.raises(TransitionError, match="责任科室"):
        third = new_request(people.clerk, received_on=date(2026, 9, 28))
        services.confirm_clear(third.pk, people.clerk, date(2026, 9, 28))
        services.issue_sheet(third.pk, people.clerk, bureau["leadership"], OPINION, date(2026, 9, 28))


def test_a_reply_after_the_due_date_is_recorded_late(bureau, people, today):
    today.set(date(2026, 9, 23))
    case = new_request(people.clerk)
    today.set(date(2026, 9, 24))
    services.confirm_clear(case.pk, people.clerk, date(2026, 9, 24))
    assert clock(case, "disclosure-supplement-notice").status == CaseClock.Status.MET
    today.set(date(2026, 10, 29))
    with pytest.raises(TransitionError, match="届满"):  # too late to extend
        services.extend(case.pk, people.clerk, 5, "补救", people.chief)
    reply_through_the_route(case, people, bureau["lawyers"], Outcome.PUBLIC, "", date(2026, 10, 29))
    assert clock(case, "disclosure-reply").status == CaseClock.Status.LATE


def test_the_request_is_abandoned_only_after_the_applicants_period(bureau, people, today):
    today.set(date(2026, 9, 29))
    case = new_request(people.clerk)
    services.notify_supplement(case.pk, people.clerk, date(2026, 9, 29), "请提供身份证明。")
    today.set(date(2026, 10, 26))  # the last day of the applicant's 15 WD
    with pytest.raises(TransitionError, match="2026-10-26 届满"):
        services.abandon(case.pk, people.clerk, date(2026, 10, 26))
    today.set(date(2026, 10, 27))
    services.abandon(case.pk, people.clerk, date(2026, 10, 27))
    case.refresh_from_db()
    r = req(case)
    assert case.status == Case.Status.CLOSED
    assert (r.stage, r.outcome, r.concluded_on) == (Stage.ABANDONED, Outcome.ABANDONED, date(2026, 10, 27))
    assert clock(case, "disclosure-applicant-supplement").status == CaseClock.Status.LATE
    # The reply period ended with the 补正 notice and was never restarted: not our lateness.
    assert clock(case, "disclosure-reply").status == CaseClock.Status.MET


def test_a_co_makers_silence_counts_as_consent_and_the_clock_resumes_from_the_expiry(bureau, people, today):
    today.set(date(2026, 9, 28))
    case = new_request(people.clerk, received_on=date(2026, 9, 28))
    services.confirm_clear(case.pk, people.clerk, date(2026, 9, 28))
    services.consult(
        case.pk, people.clerk, ConsultKind.CO_MAKER, "区财政局", "与该局联合印发的经费管理办法", date(2026, 9, 28)
    )
    # 15 WD from Monday 28 Sept: 29, 30 Sept (2), 8, 9, 10 Oct (5), 12–16 (10), 19–23 Oct (15).
    assert clock(case, "disclosure-co-maker-opinion").due_date == date(2026, 10, 23)
    today.set(date(2026, 10, 23))
    with pytest.raises(TransitionError, match="尚未届满"):
        services.record_opinion(case.pk, people.clerk, lapsed=True)
    today.set(date(2026, 10, 26))
    services.record_opinion(case.pk, people.clerk, lapsed=True)
    r = req(case)
    assert r.opinion_lapsed and "视为同意公开" in r.opinion and r.opinion_on == date(2026, 10, 23)
    # Nothing was used before the pause (paused on the start day); 29 Sept–23 Oct not counted.
    # 20 WD from 23 Oct: 26–30 (5), 2–6 Nov (10), 9–13 (15), 16–20 Nov (20).
    assert clock(case, "disclosure-reply").due_date == date(2026, 11, 20)


def test_reply_outcomes_ask_for_what_the_applicant_must_be_told(bureau, people, today):
    today.set(date(2026, 9, 28))
    case = new_request(people.clerk, received_on=date(2026, 9, 28))
    services.confirm_clear(case.pk, people.clerk, date(2026, 9, 28))
    sheet_and_instructions(case, people, bureau["lawyers"], date(2026, 9, 28))
    for outcome, words in (
        (Outcome.NOT_HELD, "负责公开"),
        (Outcome.ALREADY_PUBLIC, "方式和途径"),
        (Outcome.WITHHELD_PROCESS, "理由"),
        (Outcome.STILL_UNCLEAR, "已经补正"),
    ):
        with pytest.raises(TransitionError, match=words):
            services.draft_reply(case.pk, people.outsider, outcome, "")
    with pytest.raises(TransitionError, match="办理结果"):
        services.draft_reply(case.pk, people.outsider, Outcome.ABANDONED, "")
    draft_and_review(case, people, Outcome.NOT_HELD, "该信息由区人力资源和社会保障局负责公开。")
    services.reply(case.pk, people.clerk, date(2026, 9, 28))
    with pytest.raises(TransitionError, match="不在您的办理环节"):  # a second click: the step is done
        services.reply(case.pk, people.clerk, date(2026, 9, 28))


def test_only_the_handler_moves_the_request(bureau, people, today):
    today.set(date(2026, 9, 28))
    case = new_request(people.clerk, received_on=date(2026, 9, 28))
    for user in (people.chief, people.colleague, people.director, people.outsider):
        with pytest.raises(TransitionError, match="不在您的办理环节"):
            services.confirm_clear(case.pk, user, date(2026, 9, 28))


def test_the_public_api_registers_with_defaults_and_refuses_bad_data(bureau, people, today):
    today.set(date(2026, 9, 28))
    case = services.register_request(
        people.clerk,
        {
            "applicant": "李四",
            "id_number": "",
            "phone": "13900139000",
            "channel": "in_person",
            "content": "本局2026年政府采购目录",
            "received_on": date(2026, 9, 28),
        },
    )
    r = req(case)
    assert (r.applicant_kind, r.reply_form, r.address) == (ApplicantKind.NATURAL, ReplyForm.PAPER, "")
    assert case.process == "disclosure.request" and case.status == Case.Status.ACTIVE
    assert {c.rule.code for c in case.clocks.all()} == {"disclosure-supplement-notice", "disclosure-reply"}
    base = {"applicant": "王五", "channel": "email", "content": "某文件", "received_on": date(2026, 9, 28)}
    for bad, words in (
        ({"id_number": "110105194912310021"}, "校验位"),
        ({"channel": "phone"}, "申请方式"),
        ({"received_on": date(2026, 9, 29)}, "不能晚于今天"),
        ({"applicant": " "}, "申请人"),
        ({"fax_number": "1"}, "未知字段"),
        ({"applicant_kind": "company"}, "申请人类型"),
    ):
        with pytest.raises(TransitionError, match=words):
            services.register_request(people.clerk, {**base, **bad})
    org = services.register_request(people.clerk, {**base, "applicant_kind": ApplicantKind.LEGAL_SERVICE})
    assert req(org).applicant_kind_text == "法人或其他组织·法律服务机构"


def test_proactive_item_goes_through_the_signed_review_and_is_published_in_time(bureau, people, today):
    today.set(date(2026, 9, 23))
    case = new_item(people.clerk)
    # 20 WD from Wednesday 23 Sept: the same count as the reply clock above → 28 Oct.
    assert clock(case, "disclosure-proactive").due_date == date(2026, 10, 28)
    assert case.current_step == "secrecy"
    from apps.workflow import services as engine
    from apps.workflow.models import Task

    with pytest.raises(TransitionError, match="不在您的办理环节"):
        services.publish_item(case.pk, people.clerk, date(2026, 9, 24), "规划计划")
    engine.approve(
        case.pk,
        Task.objects.pending().get(case=case, assignee=people.chief).pk,
        people.chief,
        "经审查，不涉密，同意公开。",
    )
    engine.approve(case.pk, Task.objects.pending().get(case=case, assignee=people.leader).pk, people.leader, "同意。")
    today.set(date(2026, 10, 9))
    task = Task.objects.pending().get(case=case)
    with pytest.raises(TransitionError, match="登记发布"):  # the generic 办结 is refused
        engine.complete(case.pk, task.pk, people.clerk, "已公开")
    services.publish_item(case.pk, people.clerk, date(2026, 10, 9), "规划计划", "https://www.linzi.gov.cn/sfj/ghjh/")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert clock(case, "disclosure-proactive").status == CaseClock.Status.MET
    with pytest.raises(TransitionError, match="重复"):
        services.publish_item(case.pk, people.clerk, date(2026, 10, 9), "规划计划")


def test_the_annual_report_case_runs_from_31_december(bureau, people, today):
    today.set(date(2026, 12, 3))
    with pytest.raises(TransitionError, match="尚未结束"):
        services.open_report(people.clerk, 2026)
    case = services.open_report(people.clerk, 2025)
    # 31 Dec 2025 + 1 month = Saturday 31 Jan 2026 (民法典 §202). §49 fixes the date (每年1月31日前),
    # so the rule does not roll to Monday 2 Feb as a period would (§203): the due date stays the
    # Saturday and the 期限 card says why.
    report_clock = clock(case, "disclosure-annual-report")
    assert report_clock.due_date == date(2026, 1, 31)
    assert "固定日期，不顺延" in report_clock.explanation
    with pytest.raises(TransitionError, match="已登记"):
        services.open_report(people.clerk, 2025)
    services.publish_report(case.pk, people.clerk, date(2026, 1, 28), "政府信息公开年报")
    assert clock(case, "disclosure-annual-report").status == CaseClock.Status.MET


def test_the_generic_clock_forms_cannot_move_a_disclosure_clock(bureau, people, today, client):
    today.set(date(2026, 9, 28))
    case = new_request(people.clerk, received_on=date(2026, 9, 28))
    reply = clock(case, "disclosure-reply")
    client.force_login(people.clerk)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/clocks/{reply.pk}/pause" not in page
    response = client.post(
        f"/cases/{case.pk}/clocks/{reply.pk}/pause",
        {f"c{reply.pk}-pause-on_date": "2026-09-28", f"c{reply.pk}-pause-reason": "绕过"},
    )
    assert response.status_code == 302
    assert clock(case, "disclosure-reply").status == CaseClock.Status.RUNNING


def test_a_registered_request_cannot_be_withdrawn_or_sent_back_to_its_registrar(bureau, people, today, client):
    from apps.workflow import services as engine
    from apps.workflow.models import Task

    today.set(date(2026, 9, 28))
    case = new_request(people.clerk, received_on=date(2026, 9, 28))
    with pytest.raises(TransitionError, match="不能撤回"):
        engine.withdraw(case.pk, people.clerk)
    task = Task.objects.pending().get(case=case)
    with pytest.raises(TransitionError, match="只能退回到之前的环节"):
        engine.return_case(case.pk, task.pk, people.clerk, -1, "退给自己")
    client.force_login(people.clerk)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "/withdraw" not in page and "/return" not in page and "/transfer" in page


def test_the_instruction_and_review_chains_are_rule_rows_the_administrator_may_change(bureau, people, today):
    from apps.workflow.models import ApprovalRule

    rules = ApprovalRule.objects.filter(process="disclosure.request")
    assert list(rules.order_by("chain", "seq").values_list("chain", "label", "role")) == [
        ("instruct", "办公室主任批示", "office_chief"),
        ("instruct", "分管局长批示", "division_leader"),
        ("review", "分管局长审核答复意见稿", "division_leader"),
    ]
    today.set(date(2026, 9, 28))
    before = new_request(people.clerk, received_on=date(2026, 9, 28))
    # The administrator drops the office chief's 批示 and has the director review the drafts.
    rules.filter(chain="instruct", seq=1).update(active=False)
    rules.filter(chain="review").update(role="director", label="局长审核答复意见稿")
    case = new_request(people.clerk, received_on=date(2026, 9, 28))
    assert [step["label"] for step in case.route] == [
        "登记初审（处理单）",
        "分管局长批示",
        "责任科室办理拟稿",
        "局长审核答复意见稿",
        "答复送达",
    ]
    assert len(before.route) == 6  # a registered request keeps the route it was registered with
    services.confirm_clear(case.pk, people.clerk, date(2026, 9, 28))
    services.issue_sheet(case.pk, people.clerk, bureau["lawyers"], OPINION, date(2026, 9, 28))
    engine.approve(case.pk, pending(case, people.leader).pk, people.leader, "同意。")
    services.draft_reply(case.pk, people.outsider, Outcome.PUBLIC, "")
    engine.approve(case.pk, pending(case, people.director).pk, people.director, "同意答复。")
    services.reply(case.pk, people.clerk, date(2026, 9, 28))
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
