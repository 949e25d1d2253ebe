"""建议提案办理台账's filters: one FilterSet for the list page, its Excel and the three reports."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from apps.org.models import Section
from apps.printing.lists import FlagFilter, IdChoiceFilter
from apps.workflow.models import Case

from .models import Kind, Proposal, Session, Stage, stage_q


def _sections():
    sections = Section.objects.filter(kind__in=[Section.Kind.SECTION, Section.Kind.INSTITUTION]).order_by(
        "kind", "order", "id"
    )
    return [(s.pk, str(s)) for s in sections]


def _sessions():
    return [(s.pk, str(s)) for s in Session.objects.all()]


class ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="关键词",
        method="keyword",
        widget=forms.TextInput(attrs={"placeholder": "标题、代表委员、编号", "aria-label": "关键词"}),
    )
    kind = django_filters.ChoiceFilter(label="类别", choices=Kind.choices, empty_label="全部类别")
    session = IdChoiceFilter(label="届次会议", choices=_sessions, empty_label="全部届次", field_name="session_id")
    # 主办 or 会办: an IdChoiceFilter, so validating the choice costs no query on the page or in the export.
    section = IdChoiceFilter(label="科室", choices=_sections, empty_label="全部主办/会办科室", method="by_section")
    stage = django_filters.ChoiceFilter(label="阶段", choices=Stage.choices, empty_label="全部阶段", method="by_stage")
    overdue = FlagFilter(label="仅超期", method="only_overdue")

    class Meta:
        model = Proposal
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(
            Q(title__icontains=value)
            | Q(proposers__icontains=value)
            | Q(number__icontains=value)
            | Q(content__icontains=value)
        )

    def by_section(self, qs, name, value):
        co = Proposal.co_sections.through.objects.filter(section_id=value).values("proposal_id")
        return qs.filter(Q(lead_section_id=value) | Q(pk__in=co))

    def by_stage(self, qs, name, value):
        return qs.filter(stage_q(value))

    def only_overdue(self, qs, name, value):
        return qs.filter(case__status__in=Case.OPEN_STATUSES, case__due_date__lt=timezone.localdate())
