"""The lawyers app's lines of the URL walk (tests/workflow/test_permissions.py url_table).

The persona `outsider` is a member of the lawyers section (律师工作科), `director` sees every
section; the office's clerk, chief and division leader see none of the section's registers."""

from datetime import date

from django.utils import timezone

from apps.lawyers import services
from apps.lawyers.models import LegalAdviser
from apps.lawyers.services import create_plan
from tests.lawyers.factories import make_firm, make_lawyer, new_complaint, note, recommend


def urls(world, expect, everyone):
    p = world.people
    today = timezone.localdate()
    firm = make_firm(name="巡检律师事务所", licence_no="WALK-F-1")
    lawyer = make_lawyer(firm, name="巡检律师", licence_no="WALK-L-1")
    adviser = LegalAdviser.objects.create(
        unit="巡检单位",
        adviser="巡检律师",
        kind="outside_lawyer",
        firm=firm,
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    # registered by the lawyers' staff member, at the section chief's 分办
    complaint = new_complaint(p.outsider, received_on=today, lawyer=lawyer)
    # another one accepted, investigated, with its 处罚建议 at the chief's approval
    other = new_complaint(p.outsider, received_on=today, lawyer=lawyer)
    services.assign(other.pk, p.other_chief, p.outsider, today)
    services.decide(other.pk, p.outsider, True, today)
    note(other, p.outsider, today)
    rec = recommend(other, p.outsider)
    # a licence file with one 补正 notice
    licence = services.register_licence(
        p.outsider, {"kind": "lawyer", "applicant": "巡检申请人", "phone": "", "firm": firm, "received_on": today}
    )
    services.check_materials(licence.pk, p.outsider, ["qualification"], today)
    plan = create_plan(
        p.outsider,
        {"title": "巡检计划", "kind": "supervision", "year": today.year, "summary": "要点", "issued_on": today},
    )

    section = dict(outsider=200, director=200)  # the lawyers section and the director
    keeper = expect(business=403, admins=403, outsider=200)  # the section's staff keep the registers
    edit = expect(business=404, admins=404, outsider=200, director=403)  # seen, but not kept, by the director
    seen = expect(business=404, admins=404, **section)

    def back(case):
        return expect(business=404, admins=404, outsider=f"→/cases/{case.pk}/", director=f"→/cases/{case.pk}/")

    return {
        "lawyers:home": [("/lawyers/", everyone(200))],
        "lawyers:firms": [
            ("/lawyers/firms/", everyone(200)),
            ("/lawyers/firms/?status=practising&export=xlsx", everyone(200)),
        ],
        "lawyers:firm_new": [("/lawyers/firms/new/", keeper)],
        "lawyers:firm_detail": [(f"/lawyers/firms/{firm.pk}/", seen)],
        "lawyers:firm_edit": [(f"/lawyers/firms/{firm.pk}/edit/", edit)],
        "lawyers:lawyers": [("/lawyers/lawyers/", everyone(200)), ("/lawyers/lawyers/?export=xlsx", everyone(200))],
        "lawyers:lawyer_new": [("/lawyers/lawyers/new/", keeper)],
        "lawyers:lawyer_detail": [(f"/lawyers/lawyers/{lawyer.pk}/", seen)],
        "lawyers:lawyer_edit": [(f"/lawyers/lawyers/{lawyer.pk}/edit/", edit)],
        "lawyers:advisers": [("/lawyers/advisers/", everyone(200)), ("/lawyers/advisers/?export=xlsx", everyone(200))],
        "lawyers:adviser_new": [("/lawyers/advisers/new/", keeper)],
        "lawyers:adviser_edit": [(f"/lawyers/advisers/{adviser.pk}/edit/", edit)],
        "lawyers:complaints": [
            ("/lawyers/complaints/", everyone(200)),
            ("/lawyers/complaints/?export=xlsx", everyone(200)),
        ],
        "lawyers:complaint_new": [("/lawyers/complaints/new/?kind=notary", keeper)],
        "lawyers:complaint_act": [
            (f"/lawyers/complaints/{complaint.pk}/assign", everyone(405)),
            (f"/lawyers/complaints/{other.pk}/reply", everyone(405)),
        ],
        "lawyers:complaint_print": [
            (f"/lawyers/complaints/{other.pk}/print/accept.pdf", seen),
            (f"/lawyers/complaints/{complaint.pk}/print/accept.pdf", back(complaint)),  # not accepted yet
            (f"/lawyers/complaints/{complaint.pk}/print/nothing.pdf", everyone(404)),
        ],
        "lawyers:recommendation_act": [(f"/lawyers/recommendations/{rec.pk}/send", everyone(405))],
        "lawyers:recommendation_print": [
            (f"/lawyers/recommendations/{rec.pk}/print.pdf", back(rec)),  # not approved yet
            (f"/lawyers/recommendations/{complaint.pk}/print.pdf", everyone(404)),  # not a recommendation
        ],
        "lawyers:licences": [("/lawyers/licences/", everyone(200)), ("/lawyers/licences/?export=xlsx", everyone(200))],
        "lawyers:licence_new": [("/lawyers/licences/new/", keeper)],
        "lawyers:licence_act": [(f"/lawyers/licences/{licence.pk}/forward", everyone(405))],
        "lawyers:licence_print": [
            (f"/lawyers/licences/{licence.pk}/print/supplement.pdf", seen),
            (f"/lawyers/licences/{licence.pk}/print/forward.pdf", back(licence)),
        ],
        "lawyers:assessment": [
            ("/lawyers/assessment/", everyone(200)),
            ("/lawyers/assessment/?year=2025", everyone(200)),
        ],
        "lawyers:assessment_receive": [("/lawyers/assessment/receive", everyone(405))],
        "lawyers:assessment_forward": [("/lawyers/assessment/forward", everyone(405))],
        "lawyers:assessment_review": [("/lawyers/assessment/1/review", everyone(405))],
        "lawyers:assessment_result": [("/lawyers/assessment/1/result", everyone(405))],
        "lawyers:assessment_print": [("/lawyers/assessment/print.pdf?year=2025", seen)],
        "lawyers:plans": [("/lawyers/plans/", everyone(200))],
        "lawyers:plan_new": [("/lawyers/plans/new/", keeper)],
        "lawyers:plan_detail": [(f"/lawyers/plans/{plan.pk}/", seen)],
        "lawyers:task_add": [(f"/lawyers/plans/{plan.pk}/tasks", everyone(405))],
        "lawyers:plan_print": [(f"/lawyers/plans/{plan.pk}/print.pdf", seen)],
        "lawyers:task_done": [("/lawyers/tasks/1/done", everyone(405))],
        "lawyers:records": [("/lawyers/records/", everyone(200))],
        "lawyers:record_new": [("/lawyers/records/new/", keeper)],
    }
