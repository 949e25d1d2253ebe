"""The duty app's lines of the URL walk (tests/workflow/test_permissions.py url_table)."""

from datetime import date, time

from apps.duty import services
from apps.duty.models import DutyRoster, ReportingBody, Shift
from apps.workflow import services as engine
from apps.workflow.models import Task

NATIONAL_DAY = date(2026, 10, 1)


def _roster(p, submit=True):
    shifts = [
        {
            "date": NATIONAL_DAY,
            "starts": time(8, 30),
            "ends": time(8, 30),
            "leader": p.leader,
            "officer": p.outsider,
            "assistant": p.clerk,
            "phone": "",
        }
    ]
    header = {
        "kind": "holiday",
        "title": "",
        "start_date": NATIONAL_DAY,
        "end_date": NATIONAL_DAY,
        "phone": "0533-7220377",
        "note": "",
    }
    return services.save_roster(p.clerk, header, shifts, submit=submit)


def duty_urls(world, expect, everyone):
    """{url name: [(url, {walk persona: expected outcome})]} for every duty URL."""
    p = world.people
    draft = _roster(p, submit=False)
    case = _roster(p)
    for approver in (p.chief, p.leader):
        engine.approve(case.pk, case.tasks.get(status=Task.Status.PENDING).pk, approver)
    roster = DutyRoster.objects.get(case=case)
    shift = Shift.objects.get(roster=roster)
    # approved: the office, the leaders, and the people named in it (the outsider is on duty)
    named = dict(business=200, admins=404)
    return {
        "duty:home": [("/duty/", expect(business=200, admins=404))],
        "duty:roster_list": [("/duty/rosters/", everyone(200))],
        "duty:roster_new": [("/duty/rosters/new/", expect(business=403, admins=403, clerk=200, chief=200))],
        "duty:roster": [
            (f"/duty/rosters/{roster.pk}/", expect(**named)),
            (f"/duty/rosters/{draft.duty_roster.pk}/", expect(business=404, admins=404, clerk=200)),
        ],
        "duty:roster_pdf": [(f"/duty/rosters/{roster.pk}/roster.pdf", expect(**named))],
        "duty:roster_edit": [
            (f"/duty/cases/{draft.pk}/edit/", expect(business=404, admins=404, clerk=200)),
            (
                f"/duty/cases/{case.pk}/edit/",
                expect(business=403, admins=404, outsider=404, clerk="→" + f"/cases/{case.pk}/"),
            ),
        ],
        "duty:entry_add": [(f"/duty/shifts/{shift.pk}/entries", everyone(405))],
        "duty:handover": [(f"/duty/shifts/{shift.pk}/handover", everyone(405))],
        "duty:entry_close": [("/duty/entries/1/close", everyone(405))],
        "duty:acknowledge": [("/duty/handovers/1/acknowledge", everyone(405))],
        "duty:log": [("/duty/log/", everyone(200)), ("/duty/log/?status=open&export=xlsx", everyone(200))],
    }


def admin_duty(label):
    body = ReportingBody.objects.create(name="巡检报送单位")
    body.save()  # a history row
    return body
