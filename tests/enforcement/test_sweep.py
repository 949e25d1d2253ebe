"""The nightly sweep on 行政执法监督: a complaint's clocks (through the engine's clock pass) and
the certificates' annual-review and expiry dates (the app's own pass), each notice once (every
sweep here runs twice). Dates over the 2026 National Day holiday (中秋 Fri 25 Sept and 1–7 Oct
off; Sunday 20 Sept and Saturday 10 Oct make-up working days)."""

from datetime import date

import pytest

from apps.enforcement import services
from apps.enforcement.models import Compliance, Finding, ReviewResult
from apps.workflow.models import Notification
from apps.workflow.sweep import run_sweep
from tests.enforcement.factories import issued_certificate, new_complaint, to_followup

pytestmark = pytest.mark.django_db


def sweep(today, day):
    today.set(day, hour=2)
    run_sweep(today=day)
    run_sweep(today=day)  # a second sweep the same night sends nothing new


def clock_notices(case, rule):
    return sorted(
        (n.user.username, n.kind)
        for n in Notification.objects.filter(case=case, clock__rule__code=rule).select_related("user")
    )


def cert_notices(cert):
    return sorted(
        (n.user.username, n.kind, n.key.split(":")[2])
        for n in Notification.objects.filter(key__startswith=f"enforcement-cert:{cert.pk}:").select_related("user")
    )


def test_the_accept_clock_reminds_and_marks_overdue_once(enf, today):
    today.set(date(2026, 9, 23))
    case = new_complaint(enf.clerk)  # 立案审查 due Thu 8 Oct; remind 2,1; escalate 0,2
    rule = "enforcement-complaint-accept"
    sweep(today, date(2026, 9, 28))
    assert clock_notices(case, rule) == []
    # 2 WD before 8 Oct: 30 Sept (1 Oct–7 Oct off, 29 Sept is the 2nd)
    sweep(today, date(2026, 9, 29))
    assert clock_notices(case, rule) == [("enf_clerk", "remind")]
    sweep(today, date(2026, 9, 30))
    assert clock_notices(case, rule) == [("enf_clerk", "remind"), ("enf_clerk", "remind")]
    sweep(today, date(2026, 10, 5))  # the holiday: nothing new
    assert len(clock_notices(case, rule)) == 2
    sweep(today, date(2026, 10, 9))
    notices = clock_notices(case, rule)
    assert ("enf_clerk", "overdue") in notices and ("enf_chief", "escalate") in notices
    sweep(today, date(2026, 10, 9))
    assert clock_notices(case, rule) == notices


def test_the_correction_clock_is_watched_until_the_correction_is_recorded(enf, today):
    today.set(date(2026, 10, 13))
    case = to_followup(enf, Finding.OPINION)  # served 13 Oct: correction due Thu 12 Nov; remind 5,1
    rule = "enforcement-opinion-correction"
    assert case.clocks.get(rule__code=rule).due_date == date(2026, 11, 12)
    sweep(today, date(2026, 11, 5))  # 5 WD before 12 Nov
    assert clock_notices(case, rule) == [("enf_clerk", "remind")]
    sweep(today, date(2026, 11, 13))
    assert ("enf_clerk", "overdue") in clock_notices(case, rule)
    count = Notification.objects.filter(case=case).count()
    services.record_compliance(case.pk, enf.clerk, Compliance.LATE, "逾期后纠正。", date(2026, 11, 13))
    sweep(today, date(2026, 11, 20))
    assert Notification.objects.filter(case=case).count() == count


def test_a_certificate_annual_review_is_reminded_at_20_and_5_working_days_then_overdue_once(enf, today):
    today.set(date(2025, 10, 9))
    cert = issued_certificate(enf.clerk)  # review due Fri 9 Oct 2026
    # 20 WD before 9 Oct 2026 is Fri 4 Sept; 5 WD before is Thu 24 Sept (30, 29, 28, 24).
    sweep(today, date(2026, 9, 3))
    assert cert_notices(cert) == []
    sweep(today, date(2026, 9, 4))
    assert cert_notices(cert) == [
        ("enf_chief", "remind", "review_due"),
        ("enf_clerk", "remind", "review_due"),
        ("enf_colleague", "remind", "review_due"),
    ]
    sweep(today, date(2026, 9, 23))
    assert len(cert_notices(cert)) == 3
    sweep(today, date(2026, 9, 24))
    assert len(cert_notices(cert)) == 6
    message = Notification.objects.filter(key__startswith=f"enforcement-cert:{cert.pk}:", user=enf.clerk).latest("id")
    assert "2026-10-09" in message.message and "年审" in message.message
    assert message.url == f"/enforcement/certificates/{cert.pk}/"
    sweep(today, date(2026, 10, 12))
    assert [n for n in cert_notices(cert) if n[1] == "overdue"] == [
        ("enf_chief", "overdue", "review_due"),
        ("enf_clerk", "overdue", "review_due"),
        ("enf_colleague", "overdue", "review_due"),
    ]
    sweep(today, date(2026, 10, 13))
    assert len(cert_notices(cert)) == 9
    # a passed review moves the date on a year: reminded again then, not now
    services.annual_review(cert.pk, enf.clerk, 2026, ReviewResult.PASSED, date(2026, 10, 13))
    sweep(today, date(2026, 10, 14))
    assert len(cert_notices(cert)) == 9


def test_a_certificate_near_its_expiry_is_reminded_and_a_revoked_one_is_not(enf, today):
    today.set(date(2025, 10, 9))
    cert = issued_certificate(enf.clerk, expires_on=date(2026, 10, 9))
    revoked = issued_certificate(enf.clerk, number="SD-ZF-0002", expires_on=date(2026, 10, 9))
    services.revoke_certificate(revoked.pk, enf.clerk, date(2025, 10, 9), "调离执法岗位")
    sweep(today, date(2026, 9, 4))
    assert {n[2] for n in cert_notices(cert)} == {"review_due", "expires_on"}
    assert cert_notices(revoked) == []
