"""The yearly figures of the 法治政府建设 annual report that come from 行政执法监督.

`yearly_figures(year)` is the public function other apps (the rule-of-law report of the
依法治区办, the leaders' overview) call: plain counts, no personal data, for one calendar year.
It does not check who asks: a caller shows it only to whoever may see the report.
"""

from io import BytesIO

from django.db.models import Avg, Count, Q

from apps.audit.log import record
from apps.printing.exports import Column, filename_for, write_xlsx, xlsx_response

from .models import (
    Certificate,
    CertificateReview,
    CertKind,
    CertStatus,
    Complaint,
    ComplaintStage,
    Dispute,
    DisputeStatus,
    EnforcementBody,
    EvaluatedFile,
    Evaluation,
    Finding,
    ListReview,
    ReviewResult,
    ThreeSystemsCheck,
)


def yearly_figures(year):
    """{section: [(label, number)]} for `year`, in the order the report lists them."""
    complaints = Complaint.objects.filter(received_on__year=year).aggregate(
        received=Count("pk"),
        accepted=Count("pk", filter=Q(accepted_on__isnull=False)),
        declined=Count("pk", filter=Q(stage=ComplaintStage.DECLINED)),
        concluded=Count("pk", filter=Q(stage=ComplaintStage.CLOSED)),
        unfounded=Count("pk", filter=Q(finding=Finding.UNFOUNDED, issued_on__isnull=False)),
        opinions=Count("pk", filter=Q(finding=Finding.OPINION, issued_on__isnull=False)),
        decisions=Count("pk", filter=Q(finding=Finding.DECISION, issued_on__isnull=False)),
    )
    issued = dict(
        Certificate.objects.filter(issued_on__year=year, replaces__isnull=True)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    holding = dict(
        Certificate.objects.filter(status=CertStatus.ISSUED, issued_on__year__lte=year)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    reviews = CertificateReview.objects.filter(year=year).aggregate(
        reviewed=Count("pk"), failed=Count("pk", filter=Q(result=ReviewResult.FAILED))
    )
    revoked = Certificate.objects.filter(revoked_on__year=year).count()
    files = EvaluatedFile.objects.filter(evaluation__year=year).aggregate(
        n=Count("pk"),
        average=Avg("total"),
        excellent=Count("pk", filter=Q(total__gte=90)),
        failed=Count("pk", filter=Q(total__lt=60)),
    )
    checks = ThreeSystemsCheck.objects.filter(year=year).aggregate(
        n=Count("pk"),
        units=Count("unit", distinct=True),
        passed=Count("pk", filter=Q(publicity_ok=True, recording_ok=True, legal_review_ok=True)),
    )
    return {
        "行政执法主体": [("现行有效的行政执法主体", EnforcementBody.objects.filter(is_active=True).count())],
        "行政执法投诉举报": [
            ("收到投诉举报", complaints["received"]),
            ("立案", complaints["accepted"]),
            ("不予立案", complaints["declined"]),
            ("办结", complaints["concluded"]),
            ("投诉不成立", complaints["unfounded"]),
            ("发出行政执法监督意见书", complaints["opinions"]),
            ("作出行政执法监督决定书", complaints["decisions"]),
        ],
        "执法争议协调": [
            ("受理执法争议", Dispute.objects.filter(received_on__year=year).count()),
            (
                "协调一致",
                Dispute.objects.filter(received_on__year=year, status=DisputeStatus.AGREED).count(),
            ),
            (
                "报请区政府裁决",
                Dispute.objects.filter(
                    received_on__year=year, status__in=[DisputeStatus.REFERRED, DisputeStatus.RULED]
                ).count(),
            ),
        ],
        "行政执法类证件": [
            *[(f"新发{kind.label}", issued.get(kind.value, 0)) for kind in CertKind],
            *[(f"年末持有{kind.label}", holding.get(kind.value, 0)) for kind in CertKind],
            ("年审", reviews["reviewed"]),
            ("年审不合格", reviews["failed"]),
            ("注销/吊销", revoked),
        ],
        "清单合法性审查": [
            ("权责清单、行政许可事项合法性审查", ListReview.objects.filter(received_on__year=year).count())
        ],
        "案卷评查": [
            ("评查活动", Evaluation.objects.filter(year=year).count()),
            ("评查案卷", files["n"]),
            ("平均分", round(files["average"], 1) if files["average"] is not None else 0),
            ("优秀案卷（90分以上）", files["excellent"]),
            ("不合格案卷（60分以下）", files["failed"]),
        ],
        "“三项制度”检查": [
            ("检查次数", checks["n"]),
            ("检查单位", checks["units"]),
            ("三项制度全部落实", checks["passed"]),
        ],
    }


def export(request, year, figures):
    title = f"{year}年度行政执法监督工作数据"
    rows = [[group, label, value] for group, items in figures.items() for label, value in items]
    buffer = BytesIO()
    write_xlsx(
        buffer,
        title,
        [Column("类别", 18), Column("项目", 36), Column("数量", 12)],
        rows,
        described=[("年度", str(year))],
        requested_by=request.user,
    )
    record("export.enforcement_figures", actor=request.user, detail={"year": year, "rows": len(rows)})
    return xlsx_response(buffer.getvalue(), filename_for(title))
