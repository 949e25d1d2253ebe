"""The yearly figures of 规范性文件 and 重大行政决策 work the 法治政府建设 annual report needs.

`yearly_figures(year, user)` (re-exported as services.yearly_figures) is what other apps call:
counts over what `user` may see in these registers (default deny: a reader outside the
行政执法监督科, its division leader and the director counts nothing of the review and filing
cases, only the published catalogue), each with the register page filtered to the rows behind
it where the register has such a filter.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from apps.workflow.models import CaseClock

from .models import (
    IN_FORCE,
    AdviserOpinion,
    Cleanup,
    CleanupAction,
    CleanupItem,
    Conclusion,
    Filing,
    FilingOutcome,
    Kind,
    LegalityReview,
    NormativeFile,
)


@dataclass(frozen=True)
class Figure:
    label: str
    value: int
    url: str = ""  # the filtered register behind the figure; "" where no register lists it


def _url(name, **params):
    return f"{reverse(name)}?{urlencode(params)}" if params else reverse(name)


def _late():
    return Exists(CaseClock.objects.filter(case=OuterRef("case"), status=CaseClock.Status.LATE))


def yearly_figures(year, user):
    """{group: [Figure]} for calendar `year`, in the order the report lists them (7 queries)."""
    y = year
    reviews = LegalityReview.objects.visible_to(user)
    n = reviews.filter(kind=Kind.NORMATIVE).aggregate(
        received=Count("pk", filter=Q(received_on__year=y)),
        returned=Count("pk", filter=Q(received_on__year=y, return_count__gt=0)),
        issued=Count("pk", filter=Q(issued_on__year=y)),
        amend=Count("pk", filter=Q(issued_on__year=y, conclusion=Conclusion.AMEND)),
        unlawful=Count("pk", filter=Q(issued_on__year=y, conclusion=Conclusion.UNLAWFUL)),
        late=Count("pk", filter=Q(issued_on__year=y) & Q(_late())),
        registered=Count("pk", filter=Q(registered_on__year=y)),
    )
    d = reviews.filter(kind=Kind.DECISION).aggregate(
        received=Count("pk", filter=Q(received_on__year=y)),
        issued=Count("pk", filter=Q(issued_on__year=y)),
    )
    advice = AdviserOpinion.objects.filter(review__in=reviews, given_on__year=y).count()
    f = Filing.objects.visible_to(user).aggregate(
        filed=Count("pk", filter=Q(to_congress_on__year=y)),
        registered=Count("pk", filter=Q(outcome=FilingOutcome.REGISTERED, outcome_on__year=y)),
        deferred=Count("pk", filter=Q(deferred_on__year=y)),
        corrected=Count("pk", filter=Q(outcome=FilingOutcome.CORRECTED, outcome_on__year=y)),
        late=Count("pk", filter=Q(file__published_on__year=y) & Q(_late())),
    )
    cleanups = Cleanup.objects.visible_to(user).filter(published_on__year=y)
    items = CleanupItem.objects.filter(cleanup__in=cleanups).aggregate(
        n=Count("pk"), **{a.value: Count("pk", filter=Q(decision=a.value)) for a in CleanupAction}
    )
    in_force = NormativeFile.objects.visible_to(user).filter(status__in=IN_FORCE).count()
    home, filings = "normative_files:home", "normative_files:filings"
    return {
        "规范性文件合法性审核": [
            Figure("收件", n["received"], _url(home, year=y)),
            Figure("其中材料不全退回补充", n["returned"], _url(home, year=y, returned=1)),
            Figure("出具合法性审核意见书", n["issued"], _url(home, issued=y)),
            Figure("其中修改后可提请审议", n["amend"], _url(home, issued=y, conclusion=Conclusion.AMEND)),
            Figure("其中不合法", n["unlawful"], _url(home, issued=y, conclusion=Conclusion.UNLAWFUL)),
            Figure("其中超过审核期限", n["late"], _url(home, issued=y, late=1)),
            Figure("统一登记编号", n["registered"], _url(home, registered=y)),
        ],
        "重大行政决策合法性审查": [
            Figure("收件", d["received"], _url("normative_files:decisions", year=y)),
            Figure("出具审查意见", d["issued"], _url("normative_files:decisions", issued=y)),
            Figure("法律顾问、公职律师、专家意见", advice),
        ],
        "规范性文件备案": [
            Figure("报区人大常委会备案", f["filed"], _url(filings, filed=y)),
            Figure("予以备案登记", f["registered"], _url(filings, outcome=FilingOutcome.REGISTERED, decided=y)),
            Figure("暂缓登记", f["deferred"], _url(filings, deferred=y)),
            Figure("纠正", f["corrected"], _url(filings, outcome=FilingOutcome.CORRECTED, decided=y)),
            Figure("超期报送（按公布年度）", f["late"], _url(filings, year=y, late=1)),
        ],
        "规范性文件清理": [
            Figure("公布清理结果", cleanups.count()),
            Figure("清理文件", items["n"]),
            *[Figure(f"其中{a.label}", items[a.value]) for a in CleanupAction],
        ],
        "现行有效规范性文件": [Figure("目录内文件（当前）", in_force, _url("normative_files:catalogue"))],
    }
