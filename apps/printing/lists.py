"""Register list pages (台账): filters, pagination and Excel export in one call.

A register's filters are one django-filter FilterSet (apps/<app>/filters.py). The same
FilterSet feeds the page and its Excel file: the page binds it to the query string; the
export (exports.export_or_queue, now or later in a background job) gets the page's filter
values as plain JSON `params` and the register's `queryset(user, params)` binds the FilterSet
to them again (`filtered`). So the file holds exactly the rows the page lists.

Query counts: a filter whose form field validates against the database (ModelChoiceFilter
does `queryset.get(pk=...)`) costs a query every time the FilterSet is validated, on the page
and again in the export. Use `IdChoiceFilter` for such dropdowns (科室, 届次 ...): it
validates the id without a query and reads its choices only when the form is rendered.
`FlagFilter` is a checkbox that narrows the list when ticked and does nothing otherwise
(django-filter's BooleanFilter is a three-way select that filters on "no" too).

Usage::

    # apps/petitions/filters.py
    class PetitionFilter(django_filters.FilterSet):
        class Meta:
            model = Petition
            fields = []          # the filters below only

        q = django_filters.CharFilter(label="关键词", method="keyword")
        stage = django_filters.ChoiceFilter(label="阶段", choices=Stage.choices, empty_label="全部阶段")
        group = FlagFilter(label="仅集体访", field_name="is_group")

        def keyword(self, qs, name, value):
            return qs.filter(Q(case__title__icontains=value) | Q(petitioner__icontains=value))

    # apps/petitions/views.py
    def visible_petitions(user, params):          # the register's queryset(user, params) too
        return filtered(PetitionFilter, params, Petition.objects.visible_to(user)).order_by("-received_on")

    @login_required
    def petition_list(request):
        return register_page(request, PetitionFilter, visible_petitions, register="petitions",
                             template="petitions/list.html")

The template gets `page`, `filter_form` (the bound FilterSet's form), `filter` (the FilterSet),
`params` (the filter values in use) and `query` (the query string without `page`, for the
pagination and export links), plus `context`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.choices import CallableChoiceIterator

from .exports import export_or_queue

PER_PAGE = 30


class _FlagField(forms.BooleanField):
    # Unticked cleans to None, not False: django-filter calls a filter's `method` for any value
    # but an empty one, so a False would run the method and narrow the list all the same.
    def to_python(self, value: Any) -> bool | None:
        return super().to_python(value) or None


class FlagFilter(django_filters.Filter):
    """A checkbox: ticked narrows the list (`field_name` = `value`, default True, or the
    `method`), unticked leaves it alone."""

    field_class = _FlagField

    def __init__(self, *args: Any, value: Any = True, **kwargs: Any) -> None:
        self.flag_value = value
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if not value:
            return qs
        return super().filter(qs, self.flag_value)


class _ChoicesOncePerForm(CallableChoiceIterator):
    """The choices callable, called once per form: the <select> reads its choices twice when
    rendered (Select.use_required_attribute looks at the first one, then the options), and
    each read ran the query again. Every copy (each form, so each request) reads afresh."""

    rows: list[Any] | None = None

    def __iter__(self) -> Iterator[Any]:
        if self.rows is None:
            self.rows = list(super().__iter__())
        return iter(self.rows)

    def __copy__(self) -> _ChoicesOncePerForm:
        return type(self)(self.func)

    def __deepcopy__(self, memo: dict[int, Any]) -> _ChoicesOncePerForm:
        return type(self)(self.func)


class _IdChoiceField(forms.TypedChoiceField):
    """A <select> of ids whose choices are read from the database only when rendered; any
    whole number validates (an unknown id simply matches no row)."""

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit()


class IdChoiceFilter(django_filters.Filter):
    """A dropdown of records (科室, 届次 ...) filtering by id without a validation query.

    `choices` is a callable returning [(id, label)]; it runs when the form is rendered."""

    field_class = _IdChoiceField

    def __init__(
        self, *args: Any, choices: Callable[[], list[tuple[Any, str]]], empty_label: str = "全部", **kwargs: Any
    ):
        kwargs.setdefault("coerce", int)
        kwargs["choices"] = _ChoicesOncePerForm(lambda: [("", empty_label), *choices()])
        kwargs["empty_value"] = None
        super().__init__(*args, **kwargs)


def filter_params(filterset: django_filters.FilterSet) -> dict[str, Any]:
    """The filter values in use, as plain JSON values (ids, ISO dates, strings, numbers, True):
    what the export gets, what the background job stores and what the audit log sees. A value
    that does not validate is left out (the form shows its error); the others still apply."""
    if not filterset.is_bound:
        return {}
    filterset.is_valid()  # fills cleaned_data with the fields that validated
    params = {}
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", False) or (isinstance(value, (list, tuple, QuerySet)) and not value):
            continue
        params[name] = _plain(value)
    return params


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple, QuerySet)):
        return [_plain(item) for item in value]
    return value


def filtered(
    filterset_class: type[django_filters.FilterSet], params: Mapping[str, Any], queryset: QuerySet, **kwargs: Any
) -> QuerySet:
    """`queryset` narrowed by the FilterSet bound to `params` (a page's filter_params, or a
    stored export job's). A value that does not validate (a mistyped date) is left out and the
    other filters still apply: the page shows the field's error, not a silently wider list."""
    filterset = filterset_class(params or None, queryset=queryset, **kwargs)
    if filterset.is_bound and not filterset.is_valid():
        # Django keeps only the fields that validated in cleaned_data.
        return filterset.filter_queryset(queryset)
    return filterset.qs


def list_page(request: HttpRequest, rows: Any, *, per_page: int = PER_PAGE, page_param: str = "page") -> dict[str, Any]:
    """`page` (the requested page of `rows`) and `query` (the query string without the page
    number) for a paginated list without filters."""
    query = request.GET.copy()
    query.pop(page_param, None)
    return {"page": Paginator(rows, per_page).get_page(request.GET.get(page_param)), "query": query.urlencode()}


def register_page(
    request: HttpRequest,
    filterset_class: type[django_filters.FilterSet],
    rows: Callable[[Any, dict[str, Any]], QuerySet],
    *,
    register: str | None,
    template: str,
    context: Mapping[str, Any] | None = None,
    per_page: int = PER_PAGE,
    filterset_kwargs: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """A register's list page: bind the FilterSet to the query string, answer `?export=xlsx`
    with the register's Excel file (now, or as a background job for a large one), else render
    `template` with one page of `rows(user, params)`.

    `rows` is the same function the register's `queryset(user, params)` uses (visibility rule,
    FilterSet, order), so the page and the file cannot disagree."""
    # Only the form and the values are needed here (the FilterSet's Meta.model gives it a lazy
    # queryset it never runs); `rows` binds the FilterSet to the same values again.
    filterset = filterset_class(request.GET or None, **(filterset_kwargs or {}))
    params = filter_params(filterset)
    if register and request.GET.get("export") == "xlsx":
        return export_or_queue(request, register, params)
    return render(
        request,
        template,
        {
            **list_page(request, rows(request.user, params), per_page=per_page),
            "filter": filterset,
            "filter_form": filterset.form,
            "params": params,
            **(context or {}),
        },
    )
