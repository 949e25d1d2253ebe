"""The rule_of_law app's lines of the URL walk (tests/workflow/test_permissions.py url_table).

The walk's personas are of the office, the lawyers' section and the leadership: none is of the
秘书科, so its registers answer 403 to all but the director, its cases 404 (the director sees
them, as every section's), its forms 403; the issued plan and the lists answer 200 (a list
shows only what the viewer may see)."""

from datetime import date

from django.utils import timezone

from apps.accounts.models import Rank
from apps.org.models import ExternalUnit, Section
from apps.rule_of_law import services
from apps.rule_of_law.models import Campaign, Exam, StudySession
from tests.conftest import make_user
from tests.rule_of_law.factories import new_plan, plan_at_consult


def urls(world, expect, everyone):
    section = Section.objects.get(code="rule_of_law")
    chief = make_user("walk_law_chief", section, Rank.CHIEF)
    clerk = make_user("walk_law_clerk", section, Rank.STAFF)
    people = type("Law", (), {"clerk": clerk, "chief": chief, "director": world.people.director})
    units = list(ExternalUnit.objects.filter(kind="department").order_by("order")[:2])
    today = timezone.localdate()
    draft = new_plan(clerk, "巡检草稿规划")
    at_consult = plan_at_consult(people, "巡检征求意见规划")
    services.send_consultation(at_consult.case_id, clerk, units, today)
    # an issued plan: every business account reads it
    issued = plan_at_consult(people, "巡检已印发规划")
    services.send_consultation(issued.case_id, clerk, units, today)
    for c in issued.consultations.all():
        services.record_feedback(issued.case_id, clerk, c.pk, today, "none")
    services.close_consultation(issued.case_id, clerk, today)
    services.record_countersign(issued.case_id, clerk, today, "领导小组会议")
    services.issue_plan(issued.case_id, clerk, "巡检〔2026〕1号", today)
    cadre = services.add_cadre(clerk, "巡检干部", "局长", units[0])
    session = services.record_session(
        clerk, {"held_on": today, "title": "巡检学法", "kind": "lecture"}, [(cadre, "present")]
    )
    exam = services.record_exam(clerk, today, "巡检考试")
    campaign = services.create_campaign(
        clerk,
        {"title": "巡检创建", "kind": "village", "level": "district", "year": today.year,
         "launched_on": date(today.year, 1, 1), "applications_due": date(today.year, 12, 31)},
    )  # fmt: skip
    assert isinstance(session, StudySession) and isinstance(exam, Exam) and isinstance(campaign, Campaign)
    report = services.open_report(clerk, today.year - 1)  # last year's 法治政府建设 report
    director_only = expect(business=403, admins=403, director=200)
    cases_director = expect(business=404, admins=404, director=200)
    return {
        "rule_of_law:home": [("/rule-of-law/", everyone(200))],
        "rule_of_law:plans": [
            ("/rule-of-law/plans/", everyone(200)),
            ("/rule-of-law/plans/?export=xlsx", everyone(200)),
        ],
        "rule_of_law:plan_new": [("/rule-of-law/plans/new/", everyone(403))],
        "rule_of_law:plan_edit": [
            (f"/rule-of-law/plans/{draft.case_id}/edit/", everyone(404)),  # a draft is its author's
            (f"/rule-of-law/plans/{at_consult.case_id}/edit/", expect(business=404, admins=404, director=403)),
        ],
        "rule_of_law:plan_view": [
            (f"/rule-of-law/plans/published/{issued.pk}/", expect(business=200, admins=404)),
            (f"/rule-of-law/plans/published/{at_consult.pk}/", everyone(404)),
        ],
        "rule_of_law:tasks": [("/rule-of-law/plans/tasks/", everyone(200))],
        "rule_of_law:act": [(f"/rule-of-law/cases/{at_consult.case_id}/consult", everyone(405))],
        "rule_of_law:print": [
            (f"/rule-of-law/cases/{at_consult.case_id}/print/consult_letter.pdf", cases_director),
            (f"/rule-of-law/cases/{at_consult.case_id}/print/nothing.pdf", everyone(404)),
            (f"/rule-of-law/cases/{report.case_id}/print/figures.pdf", cases_director),
        ],
        "rule_of_law:report_figures": [(f"/rule-of-law/cases/{report.case_id}/figures.xlsx", cases_director)],
        "rule_of_law:assessments": [("/rule-of-law/assessments/", everyone(200))],
        "rule_of_law:assessment_new": [("/rule-of-law/assessments/new/", everyone(403))],
        "rule_of_law:ranking": [
            ("/rule-of-law/assessments/ranking/", everyone(200)),
            ("/rule-of-law/assessments/ranking/?export=xlsx", everyone(200)),
        ],
        "rule_of_law:sessions": [("/rule-of-law/study/sessions/", director_only)],
        "rule_of_law:session_new": [("/rule-of-law/study/sessions/new/", everyone(403))],
        "rule_of_law:session_detail": [(f"/rule-of-law/study/sessions/{session.pk}/", director_only)],
        "rule_of_law:cadres": [("/rule-of-law/study/cadres/", director_only)],
        "rule_of_law:exams": [("/rule-of-law/study/exams/", director_only)],
        "rule_of_law:exam_new": [("/rule-of-law/study/exams/new/", everyone(403))],
        "rule_of_law:exam_detail": [(f"/rule-of-law/study/exams/{exam.pk}/", director_only)],
        "rule_of_law:law_reports": [("/rule-of-law/study/law-reports/", director_only)],
        "rule_of_law:law_report_new": [("/rule-of-law/study/law-reports/new/", everyone(403))],
        "rule_of_law:law_report_rate": [("/rule-of-law/study/law-reports/1/rate", everyone(405))],
        "rule_of_law:campaigns": [("/rule-of-law/governance/campaigns/", director_only)],
        "rule_of_law:campaign_new": [("/rule-of-law/governance/campaigns/new/", everyone(403))],
        "rule_of_law:campaign_detail": [(f"/rule-of-law/governance/campaigns/{campaign.pk}/", director_only)],
        "rule_of_law:applications": [("/rule-of-law/governance/applications/", everyone(200))],
        "rule_of_law:application_new": [("/rule-of-law/governance/applications/new/", everyone(403))],
        "rule_of_law:reports": [("/rule-of-law/reports/", director_only)],
    }
