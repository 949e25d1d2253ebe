"""The enforcement app's lines of the URL walk (tests/workflow/test_permissions.py url_table).

None of the walk's personas belongs to the 行政执法监督科: of them only the director sees its
registers (the division leader persona oversees the office, not this section). Every business
account sees the public list of enforcement bodies; the administrators see no business records."""

from datetime import timedelta

from django.utils import timezone

from apps.accounts.models import Rank
from apps.enforcement import services
from apps.enforcement.models import BodyKind, Finding
from tests.conftest import make_user
from tests.enforcement.factories import issued_certificate, new_complaint, unit


def urls(world, expect, everyone):
    from apps.org.models import Section

    section = Section.objects.get(code="enforcement")
    clerk = make_user("walk_enf_clerk", section, Rank.STAFF, full_name="执法监督科巡检员")
    chief = make_user("walk_enf_chief", section, Rank.CHIEF, full_name="执法监督科科长")
    today = timezone.localdate()
    before = today - timedelta(days=10)
    body = services.save_body(
        clerk,
        {
            "unit": unit("dept_market"),
            "kind": BodyKind.STATUTORY,
            "functions": "行政处罚、行政强制、行政检查",
            "legal_basis": "《中华人民共和国行政处罚法》；区市场监督管理局“三定”规定",
            "confirmed_on": before,
        },
    )
    case = new_complaint(clerk, received_on=before)
    services.accept_complaint(case.pk, clerk, before)
    services.propose(case.pk, clerk, "查明。", Finding.DECISION, "撤销。", before, "revoke")
    assert chief.pk  # the 处理意见 waits for the section chief's 审核
    declined = new_complaint(clerk, received_on=before)
    services.decline_complaint(declined.pk, clerk, before, "不属于行政执法行为。")
    cert = issued_certificate(clerk, issued_on=before, expires_on=today + timedelta(days=365 * 4), applied_on=before)
    dispute = services.register_dispute(
        clerk, "执法争议", unit("dept_urban"), [unit("dept_market")], before, "争议情况"
    )
    review = services.register_list_review(
        clerk,
        {
            "kind": "powers",
            "submitter": unit("dept_gov_office"),
            "departments": "区市场监督管理局",
            "items": "调整事项",
            "received_on": before,
        },
    )
    services.review_list(review.pk, clerk, "legal", "合法。", "", before)
    evaluation = services.open_evaluation(clerk, today.year, "案卷评查", before)
    check = services.record_check(
        clerk,
        {
            "unit": unit("dept_market"),
            "checked_on": before,
            "publicity_ok": True,
            "recording_ok": False,
            "legal_review_ok": True,
            "findings": "未全程记录。",
            "rectify_by": today,
        },
    )
    section_only = expect(business=403, admins=403, director=200)
    section_detail = expect(business=404, admins=404, director=200)
    handler_only = expect(business=403, admins=403)
    return {
        "enforcement:home": [("/enforcement/", everyone(200))],
        "enforcement:bodies": [
            ("/enforcement/bodies/", expect(business=200, admins=200)),
            ("/enforcement/bodies/?state=active&export=xlsx", expect(business=200, admins=200)),
        ],
        "enforcement:body_new": [("/enforcement/bodies/new/", handler_only)],
        "enforcement:body_edit": [(f"/enforcement/bodies/{body.pk}/edit/", handler_only)],
        "enforcement:complaints": [
            ("/enforcement/complaints/", section_only),
            ("/enforcement/complaints/?stage=investigating&export=xlsx", section_only),
        ],
        "enforcement:complaint_new": [("/enforcement/complaints/new/", handler_only)],
        "enforcement:complaint_act": [(f"/enforcement/complaints/{case.pk}/accept", everyone(405))],
        "enforcement:complaint_print": [
            (f"/enforcement/complaints/{case.pk}/print/approval.pdf", section_detail),
            (f"/enforcement/complaints/{declined.pk}/print/document.pdf", section_detail),
            (
                f"/enforcement/complaints/{case.pk}/print/document.pdf",
                expect(business=404, admins=404, director=f"→/cases/{case.pk}/"),
            ),  # not issued yet
            (f"/enforcement/complaints/{case.pk}/print/nothing.pdf", everyone(404)),
        ],
        "enforcement:disputes": [
            ("/enforcement/disputes/", section_only),
            ("/enforcement/disputes/?export=xlsx", section_only),
        ],
        "enforcement:dispute_new": [("/enforcement/disputes/new/", handler_only)],
        "enforcement:dispute": [(f"/enforcement/disputes/{dispute.pk}/", section_detail)],
        "enforcement:dispute_act": [(f"/enforcement/disputes/{dispute.pk}/meeting", everyone(405))],
        "enforcement:certificates": [
            ("/enforcement/certificates/", section_only),
            ("/enforcement/certificates/?kind=enforcement&export=xlsx", section_only),
        ],
        "enforcement:certificate_new": [("/enforcement/certificates/new/", handler_only)],
        "enforcement:certificate": [(f"/enforcement/certificates/{cert.pk}/", section_detail)],
        "enforcement:certificate_act": [(f"/enforcement/certificates/{cert.pk}/review", everyone(405))],
        "enforcement:reviews": [
            ("/enforcement/reviews/", section_only),
            ("/enforcement/reviews/?export=xlsx", section_only),
        ],
        "enforcement:review_new": [("/enforcement/reviews/new/", handler_only)],
        "enforcement:review_act": [(f"/enforcement/reviews/{review.pk}/feedback", everyone(405))],
        "enforcement:review_print": [(f"/enforcement/reviews/{review.pk}/print/opinion.pdf", section_detail)],
        "enforcement:evaluations": [("/enforcement/evaluations/", section_only)],
        "enforcement:evaluation_new": [("/enforcement/evaluations/new/", handler_only)],
        "enforcement:evaluation": [
            (f"/enforcement/evaluations/{evaluation.pk}/", section_detail),
            (f"/enforcement/evaluations/{evaluation.pk}/?export=xlsx", section_detail),
        ],
        "enforcement:checks": [
            ("/enforcement/checks/", section_only),
            ("/enforcement/checks/?open=on&export=xlsx", section_only),
        ],
        "enforcement:check_new": [("/enforcement/checks/new/", handler_only)],
        "enforcement:check_rectified": [(f"/enforcement/checks/{check.pk}/rectified", everyone(405))],
        "enforcement:figures": [
            ("/enforcement/figures/", section_only),
            ("/enforcement/figures/?year=2026&export=xlsx", section_only),
        ],
    }
