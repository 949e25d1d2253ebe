"""附带审查 of normative documents (§13, §56–60), 意见书/建议书 (§76–77; 实施条例 §57),
publication (§79), 不属于本机关管辖 (§30¶2), the lawsuit's 管辖异议 (行诉解释 §10) and the
statistics (4.5). Dates over the 2026 National Day holiday (25 Sept and 1–7 Oct off; Sat 10 Oct a
working day), computed by hand."""

from collections import Counter
from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from apps.reconsideration import services
from apps.reconsideration.models import Letter, NormReview, ReconCase, Stage
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, CaseClock, Notification
from apps.workflow.sweep import run_sweep
from tests.reconsideration.factories import approve_decision, department, new_case, new_lawsuit

pytestmark = pytest.mark.django_db

REVIEW = {
    "origin": "applicant",
    "document": "临淄区某局《关于规范某类罚款裁量的通知》（临某发〔2025〕3号）",
    "clauses": "第五条设定的最低罚款额超出上位法规定的幅度。",
    "enacting_body": "临淄区某局",
}


def clock(case, code):
    return CaseClock.objects.get(case=case, rule__code=code)


def record(case):
    return ReconCase.objects.get(case=case)


def accepted_case(p, today):
    today.set(date(2026, 9, 23))
    case = new_case(p)
    services.accept(case.pk, p.clerk, date(2026, 9, 23), "ordinary")
    services.send_copy(case.pk, p.clerk, date(2026, 9, 23), date(2026, 9, 23))
    # 60 days from Wed 23 Sept: Sun 22 Nov, rolled to Mon 23 Nov
    assert clock(case, "recon-decision").due_date == date(2026, 11, 23)
    return case


def test_a_review_the_body_may_handle_pauses_the_case_and_resumes_it_when_settled(bureau, recon, today):
    p = recon
    case = accepted_case(p, today)
    today.set(date(2026, 9, 30))
    services.raise_norm_review(case.pk, p.clerk, {**REVIEW, "competent": True, "raised_on": date(2026, 9, 30)})
    r = record(case)
    assert r.stage == Stage.PAUSED and r.pause_cause == "9"
    assert clock(case, "recon-decision").status == "paused"
    assert clock(case, "recon-incidental-review-handle").due_date == date(2026, 10, 30)  # 30 days
    # the notice to the enacting body: 3 WD from the 中止 (30 Sept): 8, 9, 10 (Sat, working) Oct
    assert clock(case, "recon-notify-enacting-body").due_date == date(2026, 10, 10)
    assert not CaseClock.objects.filter(case=case, rule__code="recon-incidental-review-forward").exists()

    with pytest.raises(TransitionError, match="中止审理"):  # once per case, and the case is paused
        services.raise_norm_review(case.pk, p.clerk, {**REVIEW, "competent": True, "raised_on": date(2026, 9, 30)})
    with pytest.raises(TransitionError, match="尚未处理完毕"):
        services.resume(case.pk, p.clerk, date(2026, 9, 30), "想恢复")
    with pytest.raises(TransitionError, match="承办人"):
        services.notify_enacting_body(case.pk, p.outsider, date(2026, 9, 30), date(2026, 9, 30))

    today.set(date(2026, 10, 9))
    services.notify_enacting_body(case.pk, p.colleague, date(2026, 10, 8), date(2026, 10, 9))
    assert clock(case, "recon-notify-enacting-body").status == "met"
    # its answer: 10 WD from Fri 9 Oct: 10 (Sat), 12, 13, 14, 15, 16, 19, 20, 21, 22 Oct
    assert clock(case, "recon-enacting-body-reply").due_date == date(2026, 10, 22)
    today.set(date(2026, 10, 15))
    services.record_enacting_reply(case.pk, p.clerk, date(2026, 10, 15))
    assert clock(case, "recon-enacting-body-reply").status == "met"

    today.set(date(2026, 10, 20))
    with pytest.raises(TransitionError, match="处理方式"):
        services.conclude_norm_review(case.pk, p.clerk, date(2026, 10, 20), "forwarded", "转送机关回复")
    services.conclude_norm_review(case.pk, p.clerk, date(2026, 10, 20), "unlawful", "第五条停止执行，责令纠正。")
    r = record(case)
    assert r.stage == Stage.ACCEPTED and r.resumed_on == date(2026, 10, 20)
    assert clock(case, "recon-incidental-review-handle").status == "met"
    # 20 days paused (30 Sept – 20 Oct): 22 Nov + 20 = Sat 12 Dec → Mon 14 Dec
    decision = clock(case, "recon-decision")
    assert decision.status == "running" and decision.due_date == date(2026, 12, 14)
    assert NormReview.objects.get(recon=r).result == "unlawful"


def test_a_review_the_body_may_not_handle_is_forwarded_and_its_answer_watched(bureau, recon, today):
    p = recon
    case = accepted_case(p, today)
    today.set(date(2026, 9, 30))
    with pytest.raises(TransitionError, match="附带审查"):  # not through the ordinary 中止 form
        services.pause(case.pk, p.clerk, date(2026, 9, 30), "9", "x")
    services.raise_norm_review(case.pk, p.clerk, {**REVIEW, "competent": False, "raised_on": date(2026, 9, 30)})
    # 7 WD from 30 Sept: 8, 9, 10 (Sat), 12, 13, 14, 15 Oct
    assert clock(case, "recon-incidental-review-forward").due_date == date(2026, 10, 15)
    assert not CaseClock.objects.filter(case=case, rule__code="recon-notify-enacting-body").exists()
    with pytest.raises(TransitionError, match="转送"):
        services.conclude_norm_review(case.pk, p.clerk, date(2026, 9, 30), "forwarded", "x")

    today.set(date(2026, 10, 15))
    services.forward_norm_review(case.pk, p.clerk, date(2026, 10, 14), "淄博市临淄区人民政府", date(2026, 10, 15))
    assert clock(case, "recon-incidental-review-forward").status == "met"
    assert clock(case, "recon-forwarded-reply").due_date == date(2026, 12, 14)  # 60 days from 15 Oct
    with pytest.raises(TransitionError, match="处理方式"):
        services.conclude_norm_review(case.pk, p.clerk, date(2026, 10, 15), "lawful", "x")
    # a 中止 decision may still end the case; the review's clocks go with the decision
    today.set(date(2026, 11, 2))
    services.draft_decision(case.pk, p.clerk, "terminate", "申请人撤回申请，准予撤回（§41(一)）。", date(2026, 11, 2))
    approve_decision(case, p)
    services.serve(case.pk, p.clerk, date(2026, 11, 2), date(2026, 11, 2))
    assert clock(case, "recon-forwarded-reply").status == "cancelled"
    assert clock(case, "recon-decision").status == "met"
    assert NormReview.objects.get(recon__case=case).concluded_on == date(2026, 11, 2)


def sweep(today, *days):
    for day in days:
        today.set(day, hour=2)
        run_sweep(today=day)
        run_sweep(today=day)


def notices(case, rule):
    return Counter(
        (n.user.username, n.kind)
        for n in Notification.objects.filter(case=case, clock__rule__code=rule).select_related("user")
    )


def test_the_forwarded_answer_is_reminded_and_escalated_once_while_the_paused_decision_is_silent(bureau, recon, today):
    p = recon
    case = accepted_case(p, today)
    today.set(date(2026, 9, 30))
    services.raise_norm_review(case.pk, p.clerk, {**REVIEW, "competent": False, "raised_on": date(2026, 9, 30)})
    today.set(date(2026, 10, 15))
    services.forward_norm_review(case.pk, p.clerk, date(2026, 10, 14), "淄博市临淄区人民政府", date(2026, 10, 15))
    # due Mon 14 Dec; remind 10 and 5 days before; escalate on the due day and 5 WD after
    sweep(
        today,
        date(2026, 11, 20),
        date(2026, 11, 23),  # the decision's original due date: the case is paused
        date(2026, 12, 4),
        date(2026, 12, 9),
        date(2026, 12, 14),
        date(2026, 12, 15),
        date(2026, 12, 21),
    )
    assert notices(case, "recon-forwarded-reply") == Counter(
        {
            ("recon_clerk", "remind"): 2,
            ("recon_colleague", "remind"): 2,
            ("recon_chief", "escalate"): 1,
            ("recon_clerk", "overdue"): 1,
            ("recon_colleague", "overdue"): 1,
            ("leader", "escalate"): 1,
        }
    )
    assert notices(case, "recon-decision") == Counter()


def decided_case(p, today, decision="revoke"):
    case = accepted_case(p, today)
    today.set(date(2026, 10, 20))
    services.draft_decision(case.pk, p.clerk, decision, "处罚认定事实不清。", date(2026, 10, 20))
    approve_decision(case, p)
    services.serve(case.pk, p.clerk, date(2026, 10, 20), date(2026, 10, 20))
    return case


def test_an_opinion_letter_is_watched_reminded_urged_and_closes_the_file_when_answered(bureau, recon, today):
    p = recon
    case = decided_case(p, today)
    today.set(date(2026, 10, 21))
    services.issue_letter(
        case.pk,
        p.clerk,
        "opinion",
        department().name,
        "同类处罚案件普遍未告知陈述申辩权利。",
        *(date(2026, 10, 21),) * 2,
    )
    with pytest.raises(TransitionError, match="已制发"):
        services.issue_letter(case.pk, p.clerk, "opinion", "某局", "再发", date(2026, 10, 21), date(2026, 10, 21))
    # 60 days from Wed 21 Oct: Sun 20 Dec → Mon 21 Dec
    assert clock(case, "recon-opinion-letter-report").due_date == date(2026, 12, 21)
    services.issue_letter(case.pk, p.clerk, "suggestion", "区司法局", "建议完善裁量基准。", *(date(2026, 10, 21),) * 2)
    assert clock(case, "recon-suggestion-reply").rule.verified is False  # no limit in the law: 待核实

    services.publish(case.pk, p.clerk, {"withheld_reason": "涉及个人隐私"})
    assert clock(case, "recon-decision-publication").status == "cancelled"
    with pytest.raises(TransitionError, match="意见书"):
        services.close_file(case.pk, p.clerk, date(2026, 10, 21))

    sweep(today, date(2026, 12, 11), date(2026, 12, 16), date(2026, 12, 21), date(2026, 12, 22))
    got = notices(case, "recon-opinion-letter-report")
    assert got[("recon_clerk", "remind")] == 3 and got[("recon_chief", "escalate")] == 1
    assert got[("recon_clerk", "overdue")] == 1

    today.set(date(2026, 12, 22))
    services.urge_letter(case.pk, p.clerk, "opinion", date(2026, 12, 22), "责令15日内报送，约谈分管负责人。")
    services.record_letter_reply(case.pk, p.clerk, "opinion", date(2026, 12, 22), "corrected", "已逐案重新告知。")
    services.record_letter_reply(case.pk, p.clerk, "suggestion", date(2026, 12, 22), "partly", "已修订基准。")
    assert clock(case, "recon-opinion-letter-report").status == "late"  # reported a day after 21 Dec
    services.close_file(case.pk, p.clerk, date(2026, 12, 22))
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert Letter.objects.get(recon__case=case, kind="opinion").urged_on == date(2026, 12, 22)
    client = Client()
    client.force_login(p.colleague)
    for form in ("opinion", "suggestion", "decision"):
        response = client.get(f"/reconsideration/{case.pk}/print/{form}.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", form


def test_publication_takes_a_date_and_channel_or_a_reason(bureau, recon, today):
    p = recon
    case = decided_case(p, today)
    with pytest.raises(TransitionError, match="择一"):
        services.publish(case.pk, p.clerk, {"published_on": date(2026, 10, 20), "withheld_reason": "x"})
    with pytest.raises(TransitionError, match="公开渠道"):
        services.publish(case.pk, p.clerk, {"published_on": date(2026, 10, 20)})
    with pytest.raises(TransitionError, match="上一级"):
        services.publish(
            case.pk,
            p.clerk,
            {"published_on": date(2026, 10, 20), "place": "门户网站", "superior_copied_on": date(2026, 10, 20)},
        )
    services.publish(
        case.pk,
        p.clerk,
        {
            "published_on": date(2026, 10, 20),
            "place": "区政府门户网站",
            "superior_copied_on": date(2026, 10, 20),
            "superior_name": "淄博市某局",
        },
    )
    with pytest.raises(TransitionError, match="已登记"):
        services.publish(case.pk, p.clerk, {"withheld_reason": "x"})
    assert record(case).superior_name == "淄博市某局"


def test_an_application_outside_the_bodys_jurisdiction_is_declined_inside_the_review_period(bureau, recon, today):
    p = recon
    today.set(date(2026, 9, 23))
    late = new_case(p)
    today.set(date(2026, 10, 9))  # the review ended Thu 8 Oct: deemed accepted
    with pytest.raises(TransitionError, match="视为受理"):
        services.decline_jurisdiction(late.pk, p.clerk, date(2026, 10, 9), "淄博市人民政府", "被申请人为市级部门")
    today.set(date(2026, 9, 23))
    case = new_case(p)
    today.set(date(2026, 10, 8))
    services.decline_jurisdiction(case.pk, p.clerk, date(2026, 10, 8), "淄博市人民政府", "被申请人为市级部门")
    case.refresh_from_db()
    r = record(case)
    assert case.status == Case.Status.CLOSED and r.stage == Stage.REJECTED
    assert r.competent_body == "淄博市人民政府" and clock(case, "recon-acceptance-review").status == "met"
    client = Client()
    client.force_login(p.clerk)
    assert client.get(f"/reconsideration/{case.pk}/print/reject.pdf").status_code == 200


def test_a_jurisdiction_objection_only_inside_the_defence_period(bureau, recon, today):
    p = recon
    today.set(date(2026, 10, 9))
    late = new_lawsuit(p)  # served Wed 23 Sept: 15 days end Thu 8 Oct
    with pytest.raises(TransitionError, match="2026-10-08"):
        services.file_objection(late.pk, p.clerk, date(2026, 10, 9), "应由中级法院管辖")
    services.file_objection(late.pk, p.clerk, date(2026, 10, 8), "应由中级法院管辖")
    with pytest.raises(TransitionError, match="承办人"):
        services.record_objection_ruling(late.pk, p.outsider, "驳回管辖异议")
    services.record_objection_ruling(late.pk, p.chief, "裁定驳回管辖异议")
    with pytest.raises(TransitionError):
        services.file_objection(late.pk, p.clerk, date(2026, 10, 8), "再提")


def test_statistics_by_month_and_year_with_the_correction_rate_and_excel(bureau, recon, today):
    p = recon
    decided_case(p, today, "revoke")  # received Sept
    today.set(date(2026, 10, 21))
    other = new_case(p, received_on=date(2026, 10, 21))
    services.accept(other.pk, p.clerk, date(2026, 10, 21), "simple")
    services.send_copy(other.pk, p.clerk, date(2026, 10, 21), date(2026, 10, 21))
    services.draft_decision(other.pk, p.clerk, "maintain", "事实清楚。", date(2026, 10, 21))
    approve_decision(other, p)
    services.serve(other.pk, p.clerk, date(2026, 10, 21), date(2026, 10, 21))

    from apps.reconsideration.stats import figures

    year = figures(p.director, 2026)
    assert (year["received"], year["decided"], year["corrected"], year["correction_rate"]) == (2, 2, 1, "50.0%")
    assert figures(p.director, 2026, 10)["received"] == 1
    assert figures(p.outsider, 2026)["received"] == 0

    client = Client()
    client.force_login(p.leader)
    page = client.get("/reconsideration/stats/?year=2026").content.decode()
    assert "纠错率50.0%" in page and "2026年度" in page
    response = client.get("/reconsideration/stats/?year=2026&month=9&export=xlsx")
    assert response.status_code == 200
    rows = [[c.value for c in row] for row in load_workbook(BytesIO(response.content)).active.iter_rows()]
    assert ["行政复议总体", "收到申请", 1, None, None, None] in rows
    assert ["行政复议总体", "审结", 1, 1, 1, "100.0%"] in rows


def test_the_review_form_on_the_case_page_for_the_handlers_only(bureau, recon, today):
    p = recon
    case = accepted_case(p, today)
    today.set(date(2026, 9, 30))
    clerk, chief = Client(), Client()
    clerk.force_login(p.clerk)
    chief.force_login(p.chief)
    assert "recon-actions" in clerk.get(f"/cases/{case.pk}/").content.decode()
    assert "附带审查（§13" not in chief.get(f"/cases/{case.pk}/").content.decode()
    data = {**REVIEW, "competent": "1", "raised_on": "2026-09-30", "document": ""}
    page = clerk.post(f"/reconsideration/{case.pk}/norm_review", data).content.decode()
    assert "请检查填写的内容" in page and REVIEW["clauses"] in page  # what was typed stays
    assert record(case).stage == Stage.ACCEPTED
    response = chief.post(f"/reconsideration/{case.pk}/norm_review", {**data, "document": REVIEW["document"]})
    assert response.status_code == 409 and record(case).stage == Stage.ACCEPTED  # refused: not a handler
    response = clerk.post(f"/reconsideration/{case.pk}/norm_review", {**data, "document": REVIEW["document"]})
    assert response.status_code == 302 and record(case).stage == Stage.PAUSED
    page = clerk.get(f"/cases/{case.pk}/").content.decode()
    assert "书面通知制定机关提出书面答复" in page and "附带审查" in page
    assert "到期日 2026-10-10" in page  # the notice to the enacting body (3 WD)


def test_the_data_migration_adds_the_new_rows_to_an_existing_database(bureau):
    import importlib

    from django.apps import apps

    from apps.workflow.models import DeadlineRule

    migration = importlib.import_module("apps.reconsideration.migrations.0004_follow_up_rules")
    DeadlineRule.objects.filter(code__in=["recon-suggestion-reply", "recon-decision-publication"]).delete()
    DeadlineRule.objects.filter(code="recon-forwarded-reply").update(remind_before="", escalate_after="")
    migration.forwards(apps, None)
    publication = DeadlineRule.objects.get(code="recon-decision-publication")
    assert (publication.length, publication.unit, publication.verified) == (20, "W", False)
    assert DeadlineRule.objects.get(code="recon-suggestion-reply").verified is False
    assert DeadlineRule.objects.get(code="recon-forwarded-reply").remind_before == "10,5"
    assert DeadlineRule.history.filter(code="recon-decision-publication", history_type="+").exists()
