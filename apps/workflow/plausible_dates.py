"""One check for every date a user types on a matter (issue 20 item 1).

A year typed as 0001 or 1900 instead of 2026 used to be accepted everywhere and then started
clocks that escalated to the leaders. The rules, decided once here from the field's *name*:

- Floor. A matter's dates are not before PLAUSIBLE_DATE_FLOOR (2000-01-01). A person's or an
  organisation's history (first licence, founding, joining work, rank since) can be older: those
  fields have PLAUSIBLE_HISTORY_FLOOR (1950-01-01); a birth date has PLAUSIBLE_BIRTH_FLOOR
  (1900-01-01). All three are settings read at validation time.
- Not after today, for dates that record an event that has already happened: names ending in
  ``ed_on`` (received_on, decided_on, served_on, signed_on ...) and the explicit list
  PAST_EVENT_NAMES (on_date, sent_on, done_on ...). Dates that look forward (due dates, planned
  and expected dates, the end of a leave or a term, a hearing that is being scheduled) are never
  in that set; FORWARD_NAMES lists the ``ed_on`` names that look forward all the same.
- End not before start, for pairs named start_date/end_date, starts_on/ends_on, start_on/end_on,
  term_start/term_end, X_from/X_to, depart_on/return_on, arrive_on/leave_on.

How it is applied, with no section app named here:
- Model DateFields get validators at startup (attach_model_validators, from WorkflowConfig.ready):
  they are appended to the field's cached ``validators`` list, never to ``_validators``, so the
  field's deconstruction and therefore the migrations do not change. The admin, ModelForms and any
  service that calls full_clean() run them.
- Every form runs check_fields() after its fields are cleaned and check_pairs() after its own
  clean() (install_form_hook patches BaseForm once), so plain Forms, fields added in __init__
  and the start/end pair are covered too. A field that already has an error is left alone (no
  second message), and a ModelForm field refused here is not validated again by the model.

The message names the field and repeats what was typed; the bound form shows the typed value
again, so the user corrects the year instead of retyping the date.
"""

import re
from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

DEFAULT_FLOORS = {"matter": "2000-01-01", "history": "1950-01-01", "birth": "1900-01-01"}
FLOOR_SETTINGS = {
    "matter": "PLAUSIBLE_DATE_FLOOR",
    "history": "PLAUSIBLE_HISTORY_FLOOR",
    "birth": "PLAUSIBLE_BIRTH_FLOOR",
}

# A person's or an organisation's history: a lawyer first licensed in 1993, a mediation committee
# founded in 1985, a colleague who started work in 1988.
HISTORY_NAMES = {
    "licensed_on",
    "licence_issued_on",
    "established_on",
    "qualified_on",
    "work_start_date",
    "entry_date",
    "grade_since",
    "post_since",
    "rehired_since",
    "doc_date",  # an archived document (档案) may be older than the portal
}
# Same name, other meaning elsewhere: only these models'/forms' fields are history.
HISTORY_QUALIFIED = {
    "legal_services.ServicePerson.registered_on",  # 人民调解员等 登记/聘任日期
    "apps.legal_services.forms.PersonForm.registered_on",
}
BIRTH_NAMES = {"birth_date"}

PAST_EVENT_NAMES = {
    "on",
    "on_date",
    "act_on",
    "agreement_on",
    "answer_on",
    "bigdata_review_on",
    "city_on",
    "collective_decision_on",
    "collective_on",
    "committee_on",
    "complete_on",
    "contract_on",
    "documents_on",
    "done_on",
    "external_on",
    "feedback_on",
    "finance_review_on",
    "found_on",
    "spent_on",
    "first_spent_on",
    # a person's history cannot lie ahead either
    "birth_date",
    "work_start_date",
    "entry_date",
    "grade_since",
    "post_since",
    "given_on",
    "known_on",
    "notified_body_on",
    "objection_on",
    "opinion_on",
    "outcome_on",
    "paid_on",
    "points_on",
    "province_on",
    "reply_on",
    "result_on",
    "sent_on",
    "sheet_on",
    "statement_on",
    "status_on",
    "status_since",
    "talk_on",
    "to_city_on",
    "to_congress_on",
    "told_on",
    "upper_result_on",
}
# ``ed_on`` names that look forward: a file planned for review, a seal put in use from a set day.
FORWARD_NAMES = {"planned_on", "enabled_on"}
PAST_PATTERN = re.compile(r".+ed_on")

PAIRS = [
    (re.compile(r"(?P<stem>.*)start_date"), "{stem}end_date"),
    (re.compile(r"(?P<stem>.*)starts_on"), "{stem}ends_on"),
    (re.compile(r"(?P<stem>.*)start_on"), "{stem}end_on"),
    (re.compile(r"(?P<stem>.*)term_start"), "{stem}term_end"),
    (re.compile(r"(?P<stem>.+)_from"), "{stem}_to"),
    (re.compile(r"(?P<stem>.*)depart_on"), "{stem}return_on"),  # a trip abroad: 出发 / 预计回国
    (re.compile(r"(?P<stem>.*)arrive_on"), "{stem}leave_on"),  # a visiting party: 抵达 / 离开
]

# Forms whose dates are not recorded facts but search filters: an out-of-range filter only
# narrows a list, and archives may be searched before the floor. Dotted paths, so the engine
# names no section app's code.
FILTER_FORMS = {
    "apps.workflow.forms.InboxFilterForm": "待办筛选：期限不晚于某日，是筛选条件，不是登记的日期",
    "apps.documents.forms.SearchForm": "公文检索的起止日期是筛选条件",
    "apps.finance.forms.RegisterFilterForm": "财务台账的起止日期是筛选条件",
    "apps.community_correction.forms.SearchForm": "社区矫正查询条件",
    "apps.audit.views.AuditFilterForm": "审计日志筛选条件",
}


def floor_kind(name: str, qualified: str = "") -> str:
    if name in BIRTH_NAMES:
        return "birth"
    if name in HISTORY_NAMES or qualified in HISTORY_QUALIFIED:
        return "history"
    return "matter"


def floor(kind: str = "matter") -> date:
    value = getattr(settings, FLOOR_SETTINGS[kind], "") or DEFAULT_FLOORS[kind]
    return date.fromisoformat(value)


def records_past_event(name: str) -> bool:
    if name in FORWARD_NAMES:
        return False
    return name in PAST_EVENT_NAMES or bool(PAST_PATTERN.fullmatch(name))


def problem(value: date, label: str, typed: str, kind: str, past: bool) -> str:
    """The Chinese sentence for an implausible date, or "" if the date is plausible."""
    if not isinstance(value, date):
        return ""
    lowest = floor(kind)
    if value < lowest:
        return f"“{label}”填写的是 {typed}，早于 {lowest.isoformat()}，不是可信的日期；请核对年份后重新填写。"
    today = timezone.localdate()
    if past and value > today:
        return (
            f"“{label}”填写的是 {typed}，晚于今天（{today.isoformat()}）；"
            "这是已经发生的事项的日期，不能填写将来的日期，请核对。"
        )
    return ""


class PlausibleDate:
    """A model field validator (never deconstructed: see attach_model_validators)."""

    def __init__(self, label: str, kind: str, past: bool):
        self.label, self.kind, self.past = label, kind, past

    def __call__(self, value):
        message = problem(
            value, self.label, value.isoformat() if isinstance(value, date) else str(value), self.kind, self.past
        )
        if message:
            raise ValidationError(message, code="implausible_date")

    def __eq__(self, other):
        return isinstance(other, PlausibleDate) and (self.label, self.kind, self.past) == (
            other.label,
            other.kind,
            other.past,
        )


def _is_date_field(field) -> bool:
    return isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)


def attach_model_validators(model_classes) -> int:
    """Append a PlausibleDate validator to each DateField of the project's models (not the
    history copies: nobody types into those). Returns how many fields got one."""
    count = 0
    for model in model_classes:
        if not model.__module__.startswith("apps.") or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.local_concrete_fields:
            if not _is_date_field(field):
                continue
            # `validators` is a cached list built from default_validators + _validators; adding to
            # it leaves _validators (what deconstruct() and migrations see) untouched.
            validators = field.validators
            if any(isinstance(v, PlausibleDate) for v in validators):
                continue
            qualified = f"{model._meta.app_label}.{model.__name__}.{field.name}"
            validators.append(
                PlausibleDate(
                    str(field.verbose_name), floor_kind(field.name, qualified), records_past_event(field.name)
                )
            )
            count += 1
    return count


def _label(form, name):
    field = form.fields[name]
    return str(field.label) if field.label else name


def _typed(form, name):
    bound = form[name]
    raw = bound.data
    return str(raw).strip() if raw not in (None, "") else str(form.cleaned_data.get(name))


def _exempt(form) -> bool:
    return _path(form) in FILTER_FORMS or bool(getattr(form, "plausible_dates_exempt", False))


def _path(form) -> str:
    return f"{type(form).__module__}.{type(form).__qualname__}"


def check_fields(form) -> None:
    """Refuse implausible dates, one message per field. Runs right after the fields are cleaned
    and before the form's own clean(), which then no longer sees the refused date (a mistyped
    year is reported as such, not as "the end is before the start")."""
    if _exempt(form):
        return
    cleaned = getattr(form, "cleaned_data", None) or {}
    for name, field in form.fields.items():
        if not isinstance(field, forms.DateField) or isinstance(field, forms.DateTimeField):
            continue
        if name in form.errors or name not in cleaned:
            continue
        message = problem(
            cleaned[name],
            _label(form, name),
            _typed(form, name),
            floor_kind(name, f"{_path(form)}.{name}"),
            records_past_event(name),
        )
        if message:
            form.add_error(name, message)


def check_pairs(form) -> None:
    """Refuse an end before its start (after the form's own clean(), which may say it first)."""
    if _exempt(form):
        return
    cleaned = getattr(form, "cleaned_data", None) or {}
    for start, end in date_pairs(form.fields):
        if start in form.errors or end in form.errors:
            continue
        first, last = cleaned.get(start), cleaned.get(end)
        if isinstance(first, date) and isinstance(last, date) and last < first:
            form.add_error(
                end,
                f"“{_label(form, end)}”（{_typed(form, end)}）早于“{_label(form, start)}”"
                f"（{_typed(form, start)}），请核对。",
            )


def check_form(form) -> None:
    check_fields(form)
    check_pairs(form)


def date_pairs(names):
    names = set(names)
    for name in sorted(names):
        for pattern, template in PAIRS:
            match = pattern.fullmatch(name)
            if match and template.format(**match.groupdict()) in names:
                yield name, template.format(**match.groupdict())


_installed = False


def install_form_hook() -> None:
    """Check every form's dates after its fields are cleaned (BaseForm._clean_fields) and its
    start/end pairs after its own clean() (BaseForm._clean_form); once per process."""
    global _installed
    if _installed:
        return
    clean_fields, clean_form = forms.BaseForm._clean_fields, forms.BaseForm._clean_form

    def _clean_fields(self):
        clean_fields(self)
        check_fields(self)

    def _clean_form(self):
        clean_form(self)
        check_pairs(self)

    forms.BaseForm._clean_fields = _clean_fields
    forms.BaseForm._clean_form = _clean_form
    _installed = True
