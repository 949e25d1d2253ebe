"""The yearly figures of the 法治政府建设 annual report that come from 行政执法监督.

`yearly_figures(year, user)` is the public function other apps (the rule-of-law report of the
依法治区办, the leaders' overview) call: plain counts, no personal data, for one calendar year,
over what `user` may see (default deny: the registers are the 行政执法监督科's, its division
leader's and the director's; anyone else counts only the public list of enforcement bodies).
Each figure carries the register page filtered to the rows behind it where the register has
such a filter.
"""

from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urlencode

from django.db.models import Avg, Count, Q
from django.urls import reverse

from apps.audit.log import record
from apps.printing.exports import Column, filename_for, write_xlsx, xlsx_response

from .access import is_section_viewer
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


@dataclass(frozen=True)
class Figure:
    label: str
    value: int | float
    url: str = ""  # the filtered register behind the figure; "" where no register lists it


def _url(name, **params):
    return f"{reverse(name)}?{urlencode(params)}" if params else reverse(name)


def yearly_figures(year, user):
    """{section: [Figure]} for `year`, in the order the report lists them."""
    y = year
    complaints = Complaint.objects.visible_to(user) if is_section_viewer(user) else Complaint.objects.none()
    c = complaints.filter(received_on__year=y).aggregate(
        received=Count("pk"),
        accepted=Count("pk", filter=Q(accepted_on__isnull=False)),
        declined=Count("pk", filter=Q(stage=ComplaintStage.DECLINED)),
        concluded=Count("pk", filter=Q(stage=ComplaintStage.CLOSED)),
        unfounded=Count("pk", filter=Q(finding=Finding.UNFOUNDED, issued_on__isnull=False)),
        opinions=Count("pk", filter=Q(finding=Finding.OPINION, issued_on__isnull=False)),
        decisions=Count("pk", filter=Q(finding=Finding.DECISION, issued_on__isnull=False)),
    )
    certificates = Certificate.objects.visible_to(user)
    issued = dict(
        certificates.filter(issued_on__year=y, replaces__isnull=True)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    holding = dict(
        certificates.filter(status=CertStatus.ISSUED, issued_on__year__lte=y)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    reviews = CertificateReview.objects.filter(certificate__in=certificates, year=y).aggregate(
        reviewed=Count("pk"), failed=Count("pk", filter=Q(result=ReviewResult.FAILED))
    )
    revoked = certificates.filter(revoked_on__year=y).count()
    files = (
        EvaluatedFile.objects.visible_to(user)
        .filter(evaluation__year=y)
        .aggregate(
            n=Count("pk"),
            average=Avg("total"),
            excellent=Count("pk", filter=Q(total__gte=90)),
            failed=Count("pk", filter=Q(total__lt=60)),
        )
    )
    checks = (
        ThreeSystemsCheck.objects.visible_to(user)
        .filter(year=y)
        .aggregate(
            n=Count("pk"),
            units=Count("unit", distinct=True),
            passed=Count("pk", filter=Q(publicity_ok=True, recording_ok=True, legal_review_ok=True)),
        )
    )
    disputes = (
        Dispute.objects.visible_to(user)
        .filter(received_on__year=y)
        .aggregate(
            n=Count("pk"),
            agreed=Count("pk", filter=Q(status=DisputeStatus.AGREED)),
            referred=Count("pk", filter=Q(status__in=[DisputeStatus.REFERRED, DisputeStatus.RULED])),
        )
    )
    complaint_list, certificate_list = "enforcement:complaints", "enforcement:certificates"
    return {
        "行政执法主体": [
            Figure(
                "现行有效的行政执法主体",
                EnforcementBody.objects.visible_to(user).filter(is_active=True).count(),
                _url("enforcement:bodies", state="active"),
            )
        ],
        "行政执法投诉举报": [
            Figure("收到投诉举报", c["received"], _url(complaint_list, year=y)),
            Figure("立案", c["accepted"], _url(complaint_list, year=y, accepted=1)),
            Figure("不予立案", c["declined"], _url(complaint_list, year=y, stage=ComplaintStage.DECLINED)),
            Figure("办结", c["concluded"], _url(complaint_list, year=y, stage=ComplaintStage.CLOSED)),
            Figure("投诉不成立", c["unfounded"], _url(complaint_list, year=y, finding=Finding.UNFOUNDED, issued=1)),
            Figure(
                "发出行政执法监督意见书", c["opinions"], _url(complaint_list, year=y, finding=Finding.OPINION, issued=1)
            ),
            Figure(
                "作出行政执法监督决定书",
                c["decisions"],
                _url(complaint_list, year=y, finding=Finding.DECISION, issued=1),
            ),
        ],
        "执法争议协调": [
            Figure("受理执法争议", disputes["n"], _url("enforcement:disputes", year=y)),
            Figure("协调一致", disputes["agreed"], _url("enforcement:disputes", year=y, status=DisputeStatus.AGREED)),
            Figure("报请区政府裁决", disputes["referred"]),
        ],
        "行政执法类证件": [
            *[
                Figure(
                    f"新发{kind.label}", issued.get(kind.value, 0), _url(certificate_list, kind=kind.value, issued=y)
                )
                for kind in CertKind
            ],
            *[Figure(f"年末持有{kind.label}", holding.get(kind.value, 0)) for kind in CertKind],
            Figure("年审", reviews["reviewed"]),
            Figure("年审不合格", reviews["failed"]),
            Figure("注销/吊销", revoked),
        ],
        "清单合法性审查": [
            Figure(
                "权责清单、行政许可事项合法性审查",
                ListReview.objects.visible_to(user).filter(received_on__year=y).count()
                if is_section_viewer(user)
                else 0,
                _url("enforcement:reviews", year=y),
            )
        ],
        "案卷评查": [
            Figure("评查活动", Evaluation.objects.visible_to(user).filter(year=y).count()),
            Figure("评查案卷", files["n"]),
            Figure("平均分", round(files["average"], 1) if files["average"] is not None else 0),
            Figure("优秀案卷（90分以上）", files["excellent"]),
            Figure("不合格案卷（60分以下）", files["failed"]),
        ],
        "“三项制度”检查": [
            Figure("检查次数", checks["n"], _url("enforcement:checks", year=y)),
            Figure("检查单位", checks["units"]),
            Figure("三项制度全部落实", checks["passed"]),
        ],
    }


def export(request, year, figures):
    title = f"{year}年度行政执法监督工作数据"
    # counts as numbers (the sheet sums them); an average score as its text ("86.5")
    rows = [
        [group, f.label, f.value if isinstance(f.value, int) else str(f.value)]
        for group, items in figures.items()
        for f in items
    ]
    buffer = BytesIO()
    write_xlsx(
        buffer,
        title,
        [Column("类别", 18), Column("项目", 36), Column("数量", 12, "integer")],
        rows,
        described=[("年度", str(year))],
        requested_by=request.user,
    )
    record("export.enforcement_figures", actor=request.user, detail={"year": year, "rows": len(rows)})
    return xlsx_response(buffer.getvalue(), filename_for(title))
