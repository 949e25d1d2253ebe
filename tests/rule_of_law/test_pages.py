"""Pages: who sees what (the 秘书科, its division leader, the director; other sections only the
issued plans), the step forms on the case page, stale pages, query counts of the lists."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from apps.rule_of_law import services
from apps.workflow.models import CaseClock
from tests.rule_of_law.factories import (
    checked,
    new_application,
    new_assessment,
    new_campaign,
    plan_at_consult,
    plan_issued,
)

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


def test_registers_are_the_sections_its_leaders_and_the_directors(law, people):
    for user in (law.clerk, law.chief, law.leader, law.director):
        assert client(user).get("/rule-of-law/study/sessions/").status_code == 200, user
    for user in (people.clerk, people.outsider, people.leader, people.chief):
        assert client(user).get("/rule-of-law/study/sessions/").status_code == 403, user
        assert client(user).get("/rule-of-law/reports/").status_code == 403, user
    # the division leader reads but does not write
    assert client(law.leader).get("/rule-of-law/study/sessions/new/").status_code == 403
    assert client(law.clerk).get("/rule-of-law/study/sessions/new/").status_code == 200


def test_other_sections_see_the_issued_plan_only(law, units, people, today):
    today.set(date(2026, 12, 4))
    issued = plan_issued(law, units.depts, date(2026, 12, 4), date(2026, 12, 4), "已印发的规划")
    pending = plan_at_consult(law, "征求意见中的规划")
    c = client(people.outsider)
    page = c.get("/rule-of-law/plans/").content.decode()
    assert "已印发的规划" in page and "征求意见中的规划" not in page
    assert c.get(f"/rule-of-law/plans/published/{issued.pk}/").status_code == 200
    assert c.get(f"/rule-of-law/plans/published/{pending.pk}/").status_code == 404
    assert c.get(f"/cases/{issued.case_id}/").status_code == 404  # the consultation record stays the section's
    assert c.get(f"/rule-of-law/cases/{pending.case_id}/print/consult_letter.pdf").status_code == 404
    assert "已印发的规划" in c.get("/rule-of-law/").content.decode()


def test_step_forms_on_the_case_page_and_a_stale_page(law, units, today):
    today.set(date(2026, 9, 29))
    plan = plan_at_consult(law)
    c = client(law.clerk)
    page = c.get(f"/cases/{plan.case_id}/").content.decode()
    assert "征求意见：送出征求意见稿" in page
    assert "征求意见：送出征求意见稿" not in client(law.chief).get(f"/cases/{plan.case_id}/").content.decode()
    plan.case.refresh_from_db()
    version = plan.case.version
    r = c.post(
        f"/rule-of-law/cases/{plan.case_id}/consult",
        {"units": [u.pk for u in units.depts[:2]], "sent_on": "2026-09-29", "version": version},
    )
    assert r.status_code == 302
    assert CaseClock.objects.get(case_id=plan.case_id).due_date == date(2026, 10, 19)
    # the same page posted again: refused as stale, nothing recorded twice
    r = c.post(
        f"/rule-of-law/cases/{plan.case_id}/consult",
        {"units": [u.pk for u in units.depts[2:4]], "sent_on": "2026-09-29", "version": version},
    )
    assert r.status_code == 409
    assert plan.consultations.count() == 2
    # someone else's step: refused with the reason
    r = client(law.colleague).post(f"/rule-of-law/cases/{plan.case_id}/consult_close", {"closed_on": "2026-09-29"})
    assert r.status_code in (404, 409)
    assert "2026-10-19" in c.get(f"/cases/{plan.case_id}/").content.decode()


def test_prints(law, units, today):
    today.set(date(2026, 12, 4))
    a = new_assessment(law, units.depts[:2], notice_on=date(2026, 11, 2), due=date(2026, 11, 30))
    c = client(law.clerk)
    r = c.get(f"/rule-of-law/cases/{a.case_id}/print/assessment_result.pdf")
    assert r.status_code == 302  # not yet published
    app = checked(law, new_application(law, new_campaign(law), units.towns[0]))
    services.decide_application(app.case_id, law.clerk, "named", date(2026, 12, 4), "临法治〔2026〕1号")
    r = c.get(f"/rule-of-law/cases/{app.case_id}/print/naming_decision.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"


LISTS = [
    "/rule-of-law/",
    "/rule-of-law/plans/",
    "/rule-of-law/plans/tasks/",
    "/rule-of-law/assessments/",
    "/rule-of-law/assessments/ranking/",
    "/rule-of-law/study/sessions/",
    "/rule-of-law/study/cadres/",
    "/rule-of-law/study/exams/",
    "/rule-of-law/study/law-reports/",
    "/rule-of-law/governance/campaigns/",
    "/rule-of-law/governance/applications/",
    "/rule-of-law/reports/",
]


def _fill(law, units, n, today):
    today.set(date(2026, 12, 4))
    for i in range(n):
        plan = plan_issued(law, units.depts, date(2026, 11, 20), date(2026, 11, 20), f"规划{i}")
        services.add_task(plan.case_id, law.clerk, units.depts[i % 3], f"任务{i}", law.clerk, date(2026, 12, 1))
        cadre = services.add_cadre(law.clerk, f"干部{i}", "局长", units.depts[i % 3])
        services.record_session(
            law.clerk, {"held_on": date(2026, 12, 1), "title": f"学法{i}", "kind": "lecture"}, [(cadre, "present")]
        )
        exam = services.record_exam(law.clerk, date(2026, 12, 1), f"考试{i}")
        services.record_score(law.clerk, exam.pk, cadre, Decimal("80"))
        services.record_law_report(law.clerk, cadre, 2025, date(2026, 12, 1), "written", "述法")
        campaign = new_campaign(law, 2020 + i)
        new_application(law, campaign, units.towns[i % 3], f"村{i}", date(2026, 6, 1))
    a = new_assessment(law, units.depts[:n], year=2030 + n)
    for d in units.depts[:n]:
        services.receive_report(a.case_id, law.clerk, d, date(2026, 12, 1), "报告")


def test_lists_take_a_constant_number_of_queries(law, units, today, django_assert_max_num_queries):
    _fill(law, units, 2, today)
    c = client(law.clerk)
    small = {}
    for url in LISTS:
        c.get(url)  # warm caches (session, calendar)
        with django_assert_max_num_queries(40) as captured:
            assert c.get(url).status_code == 200, url
        small[url] = len(captured.captured_queries)
    _fill(law, units, 5, today)
    for url in LISTS:
        with django_assert_max_num_queries(small[url]):
            assert c.get(url).status_code == 200, url


EXPORTS = [
    "/rule-of-law/plans/?export=xlsx",
    "/rule-of-law/plans/tasks/?export=xlsx",
    "/rule-of-law/assessments/ranking/?export=xlsx",
    "/rule-of-law/study/sessions/?export=xlsx",
    "/rule-of-law/study/exams/?export=xlsx",
    "/rule-of-law/study/law-reports/?export=xlsx",
    "/rule-of-law/governance/applications/?export=xlsx",
]


def test_excel_registers(law, units, today):
    _fill(law, units, 2, today)
    c = client(law.clerk)
    for url in EXPORTS:
        r = c.get(url)
        assert r.status_code == 200 and "spreadsheetml" in r["Content-Type"], url
