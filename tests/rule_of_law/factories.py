"""Records of the app built through its services, for the tests and the URL walk."""

from datetime import date
from decimal import Decimal

from apps.rule_of_law import services
from apps.rule_of_law.models import Adoption, CampaignKind, Level, PlanKind
from apps.workflow import api
from apps.workflow.models import Task


def approve(case, user, opinion="同意"):
    task = Task.objects.get(case_id=case.pk, assignee=user, status=Task.Status.PENDING)
    return api.approve(case.pk, task.pk, user, opinion)


def new_plan(clerk, title="2027年全区普法依法治理工作要点", submit=False):
    plan = services.create_plan(
        clerk,
        {"kind": PlanKind.YEARLY, "title": title, "start_year": 2027, "end_year": 2027, "outline": "一、宪法宣传"},
    )
    if submit:
        services.submit_plan(plan.case_id, clerk)
    return plan


def plan_at_consult(law, title="2027年全区普法依法治理工作要点"):
    plan = new_plan(law.clerk, title, submit=True)
    approve(plan.case, law.chief)
    approve(plan.case, law.director)
    return plan


def plan_issued(law, units, sent_on, issued_on, title="2027年全区普法依法治理工作要点"):
    plan = plan_at_consult(law, title)
    services.send_consultation(plan.case_id, law.clerk, units[:2], sent_on)
    for c in plan.consultations.all():
        services.record_feedback(plan.case_id, law.clerk, c.pk, sent_on, Adoption.NO_OPINION)
    services.close_consultation(plan.case_id, law.clerk, sent_on)
    services.record_countersign(plan.case_id, law.clerk, sent_on, "领导小组会议")
    services.issue_plan(plan.case_id, law.clerk, f"临法宣发〔2027〕{plan.pk}号", issued_on)
    plan.refresh_from_db()
    return plan


def new_assessment(law, units, year=2026, notice_on=date(2026, 11, 2), due=date(2026, 12, 1)):
    return services.open_assessment(law.clerk, year, units, notice_on, due)


def new_campaign(law, year=2026):
    return services.create_campaign(
        law.clerk,
        {
            "title": f"{year}年度民主法治示范村创建",
            "kind": CampaignKind.VILLAGE,
            "level": Level.DISTRICT,
            "year": year,
            "launched_on": date(year, 3, 1),
            "applications_due": date(year, 11, 30),
        },
    )


def new_application(law, campaign, town, name="东关社区", applied_on=date(2026, 6, 1)):
    return services.register_application(law.clerk, campaign, town, name, applied_on, "创建材料")


def checked(law, application, score="90"):
    services.check_application(application.case_id, law.clerk, application.applied_on, Decimal(score), "符合标准")
    approve(application.case, law.chief)
    approve(application.case, law.leader)
    return application
