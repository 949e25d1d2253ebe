"""The hr app's lines of the URL walk (tests/workflow/test_permissions.py url_table)."""

from datetime import timedelta

from django.utils import timezone

from apps.hr.models import LeaveType
from apps.workflow import calendar

from .factories import file_leave


def hr_urls(world, expect, everyone):
    """{url name: [(url, {walk persona: expected outcome})]} for every hr URL."""
    p = world.people
    day = calendar.next_working_day(timezone.localdate() + timedelta(days=7))
    draft = file_leave(p.clerk, start=day, end_part="am", submit=False)
    submitted = file_leave(p.clerk, start=day, start_part="pm")  # half a day, at the office chief
    lawyers = file_leave(p.outsider, start=day, end_part="am")
    assert LeaveType.objects.filter(code="personal").exists()
    # a leave is 限定知悉范围: the applicant and whoever holds a step of it (not the section)
    return {
        "hr:leave_list": [("/hr/leave/", everyone(200)), ("/hr/leave/?status=approved&export=xlsx", everyone(200))],
        "hr:leave_new": [("/hr/leave/new/", expect(business=200, admins=403))],
        "hr:leave_edit": [
            (f"/hr/leave/{draft.pk}/edit/", expect(business=404, admins=404, clerk=200)),
            (
                f"/hr/leave/{submitted.pk}/edit/",
                expect(business=404, admins=404, clerk=f"→/cases/{submitted.pk}/", chief=403),
            ),
        ],
        "hr:leave_return": [(f"/hr/leave/{submitted.pk}/return", everyone(405))],  # POST only
        "hr:leave_form": [
            (f"/hr/leave/{submitted.pk}/form.pdf", expect(business=404, admins=404, clerk=200, chief=200)),
            (f"/hr/leave/{lawyers.pk}/form.pdf", expect(business=404, admins=404, outsider=200)),
        ],
        "hr:leave_balance": [
            ("/hr/leave/balance/", expect(business=200, admins=404)),
            ("/hr/leave/balance/?person=1", expect(business=404, admins=404)),
        ],
        "hr:allowance_set": [("/hr/leave/balance/set", everyone(405))],  # POST only
        # attendance: everyone their own month and the published table; the register for the
        # personnel section and the leaders; import, publication and outings are POST only
        "hr:attendance": [
            ("/hr/attendance/?month=2026-10", expect(business=200, admins=404)),
            ("/hr/attendance/?month=2026-10&export=xlsx", expect(business=403, admins=404, leader=200, director=200)),
        ],
        "hr:attendance_template": [("/hr/attendance/template.xlsx", expect(business=200, admins=404))],
        "hr:attendance_import": [("/hr/attendance/import", everyone(405))],
        "hr:attendance_publish": [("/hr/attendance/publish", everyone(405))],
        "hr:outing_new": [("/hr/attendance/outings/new", everyone(405))],
        # people: the personnel section keeps the records (none of the walk personas is in it);
        # anyone else is sent to their own record
        "hr:staff_list": [
            (
                "/hr/people/",
                expect(business=None, admins=404, **{name: f"→/hr/people/{getattr(p, name).pk}/" for name in OWN}),
            )
        ],
        "hr:staff_record": [(f"/hr/people/{p.clerk.pk}/", expect(business=404, admins=404, clerk=200))],
        "hr:passports": [
            ("/hr/passports/", expect(business=200, admins=404)),
            ("/hr/passports/?export=xlsx", expect(business=200, admins=404)),
        ],
        "hr:trip_new": [("/hr/passports/trips/new/", expect(business=200, admins=403))],
        "hr:trip_action": [(f"/hr/passports/trips/{submitted.pk}/handout", everyone(405))],
        "hr:benefits": [
            ("/hr/benefits/", expect(business=200, admins=404)),
            ("/hr/benefits/?export=xlsx", expect(business=200, admins=404)),
        ],
        "hr:appraisals": [("/hr/appraisals/", expect(business=200, admins=404))],
        "hr:appraisal": [(f"/hr/appraisals/{appraisal_round(p).pk}/", everyone(403))],
        "hr:appraisal_notice": [(f"/hr/appraisals/cases/{submitted.pk}/notice/start", everyone(405))],
        # 绩效考核: everyone their own bonus points; the year's sheet for the personnel section
        "hr:performance": [("/hr/performance/", expect(business=200, admins=404))],
        "hr:performance_year": [(f"/hr/performance/{performance_year(p).pk}/", everyone(403))],
        # 职务职级推荐: the list (open rounds to score) for everyone; the sheet for the personnel
        # section; scoring: 测评 for staff, 领导评分 for the party group members only
        "hr:promotions": [("/hr/promotions/", expect(business=200, admins=404))],
        "hr:promotion": [(f"/hr/promotions/{promotion_round(p).pk}/", everyone(403))],
        "hr:promotion_rate": [
            (f"/hr/promotions/{promotion_round(p).pk}/rate/peer/", expect(business=200, admins=403)),
            (
                f"/hr/promotions/{promotion_round(p).pk}/rate/leader/",
                expect(business=403, admins=403, leader=200, director=200),
            ),
        ],
        "hr:rotations": [("/hr/rotations/", everyone(403))],
        "hr:rotation_step": [(f"/hr/rotations/cases/{submitted.pk}/talk", everyone(405))],
        # 工资福利 (an office procedure): everyone their own approved changes; the form and all
        # changes for the office
        "hr:pay_changes": [
            ("/hr/pay/", expect(business=200, admins=404)),
            ("/hr/pay/?month=2026-12&export=xlsx", expect(business=200, admins=404)),
        ],
        "hr:pay_step": [(f"/hr/pay/cases/{submitted.pk}/external", everyone(405))],
    }


OWN = ("clerk", "outsider", "chief", "leader", "director")


def appraisal_round(p):
    from apps.hr.models import AppraisalRound

    return AppraisalRound.objects.create(kind="quarterly", year=2026, quarter=1, created_by=p.clerk)


def performance_year(p):
    from apps.hr.models import PerformanceYear

    return PerformanceYear.objects.get_or_create(year=2026, defaults={"created_by": p.clerk})[0]


def promotion_round(p):
    from apps.hr.models import PromotionRound

    return PromotionRound.objects.get_or_create(
        title="巡检推荐", defaults={"year": 2026, "slots": 1, "base_years": 3, "created_by": p.clerk}
    )[0]


def admin_hr(label):
    """A row of each hr admin model, with a history row: a leave type nobody requested yet (so
    it may be deleted), the attendance policy."""
    from apps.hr.models import AttendancePolicy, BenefitType

    if label == "hr.leavetype":
        row = LeaveType.objects.create(code="walk-type", name="巡检假别")
    elif label == "hr.benefittype":
        row = BenefitType.objects.create(code="walk-benefit", name="巡检慰问", amount=1)
    else:
        row = AttendancePolicy.objects.get(code="default")
    row.save()
    return row
