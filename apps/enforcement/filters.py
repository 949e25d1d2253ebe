"""The registers' filters: one FilterSet per list page and its Excel register."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from apps.org.models import ExternalUnit
from apps.printing.lists import FlagFilter, IdChoiceFilter

from .models import (
    ActKind,
    BodyKind,
    Certificate,
    CertKind,
    CertStatus,
    Complaint,
    ComplaintStage,
    Dispute,
    DisputeStatus,
    EnforcementBody,
    EvaluatedFile,
    Finding,
    ListKind,
    ListReview,
    ThreeSystemsCheck,
)


def _units():
    return list(
        ExternalUnit.objects.filter(
            kind__in=[ExternalUnit.Kind.DEPARTMENT, ExternalUnit.Kind.TOWN, ExternalUnit.Kind.GOVERNMENT]
        ).values_list("pk", "name")
    )


def _year(qs, name, value):
    return qs.filter(**{f"{name}__year": value})


class BodyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="keyword")
    kind = django_filters.ChoiceFilter(label="主体类别", choices=BodyKind.choices, empty_label="全部类别")
    state = django_filters.ChoiceFilter(
        label="状态", choices=[("active", "现行有效"), ("inactive", "已撤销")], empty_label="全部", method="by_state"
    )

    class Meta:
        model = EnforcementBody
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(unit__name__icontains=value) | Q(legal_basis__icontains=value))

    def by_state(self, qs, name, value):
        return qs.filter(is_active=value == "active")


class ComplaintFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="keyword")
    stage = django_filters.ChoiceFilter(label="阶段", choices=ComplaintStage.choices, empty_label="全部阶段")
    finding = django_filters.ChoiceFilter(label="处理意见", choices=Finding.choices, empty_label="全部处理意见")
    act_kind = django_filters.ChoiceFilter(label="行为类别", choices=ActKind.choices, empty_label="全部类别")
    unit = IdChoiceFilter(label="被投诉机关", choices=_units, empty_label="全部机关", field_name="unit_id")
    year = django_filters.NumberFilter(label="年度", field_name="received_on", method=_year)
    # Not in the filter bar: the links of the yearly figures (report.yearly_figures).
    accepted = FlagFilter(label="已立案", field_name="accepted_on", lookup_expr="isnull", value=False)
    issued = FlagFilter(label="已制发文书", field_name="issued_on", lookup_expr="isnull", value=False)

    class Meta:
        model = Complaint
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(complainant__icontains=value) | Q(content__icontains=value))


class CertificateFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="姓名或证号", method="keyword")
    kind = django_filters.ChoiceFilter(label="证件类别", choices=CertKind.choices, empty_label="全部证件")
    status = django_filters.ChoiceFilter(label="状态", choices=CertStatus.choices, empty_label="全部状态")
    unit = IdChoiceFilter(label="单位", choices=_units, empty_label="全部单位", field_name="unit_id")
    due = FlagFilter(label="提醒期内待年审或换证", method="due_soon")
    # Not in the filter bar: the yearly figures' link to the certificates first issued that year.
    issued = django_filters.NumberFilter(label="发证年度", field_name="issued_on", method="first_issued")

    class Meta:
        model = Certificate
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(holder__icontains=value) | Q(number__icontains=value))

    def first_issued(self, qs, name, value):
        return qs.filter(issued_on__year=value, replaces__isnull=True)

    def due_soon(self, qs, name, value):
        from .services import reminder_horizons

        horizons = reminder_horizons(timezone.localdate())
        return qs.filter(status=CertStatus.ISSUED).filter(
            Q(review_due__lte=horizons["review_due"]) | Q(expires_on__lte=horizons["expires_on"])
        )


class DisputeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", field_name="title", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label="状态", choices=DisputeStatus.choices, empty_label="全部状态")
    year = django_filters.NumberFilter(label="年度", field_name="received_on", method=_year)

    class Meta:
        model = Dispute
        fields = []


class ListReviewFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="审查类别", choices=ListKind.choices, empty_label="全部类别")
    year = django_filters.NumberFilter(label="年度", field_name="received_on", method=_year)

    class Meta:
        model = ListReview
        fields = []


class FileFilter(django_filters.FilterSet):
    evaluation = django_filters.NumberFilter(label="评查活动", field_name="evaluation_id")
    unit = IdChoiceFilter(label="被评查单位", choices=_units, empty_label="全部单位", field_name="unit_id")

    class Meta:
        model = EvaluatedFile
        fields = []


class CheckFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="年度", field_name="year")
    unit = IdChoiceFilter(label="被检查单位", choices=_units, empty_label="全部单位", field_name="unit_id")
    open = FlagFilter(label="仅待整改", method="pending")

    class Meta:
        model = ThreeSystemsCheck
        fields = []

    def pending(self, qs, name, value):
        return qs.filter(rectified_on__isnull=True).exclude(publicity_ok=True, recording_ok=True, legal_review_ok=True)
