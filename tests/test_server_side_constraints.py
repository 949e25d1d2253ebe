"""Every constraint the browser is told is also enforced by the server (issue 20 item 2).

A reimbursement line with 0 invoices was saved: `min=1` existed only in the HTML input. For
every form class (found by importing each forms module, tests/form_discovery.py) each field's
widget is rendered, its min/max/maxlength/required attributes are read, and a value that breaks
each one is posted: the server must refuse it on that field. Hand-written inputs in templates
(outside Django widgets) are listed below with where the server enforces them, so a new one
fails this test until someone has looked.
"""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from tests.form_discovery import build, field_errors, form_classes, path
from tests.training.personas import staff  # noqa: F401 (fixture)

FORMS = form_classes()


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs = []

    def handle_starttag(self, tag, attrs):
        if tag in ("input", "textarea", "select"):
            self.inputs.append((tag, dict(attrs)))


def stated(form, name):
    """The constraints the rendered widget states, {attribute: value}, and its input type."""
    parser = _Inputs()
    parser.feed(str(form[name]))
    found, kind = {}, ""
    for tag, attrs in parser.inputs:
        kind = kind or attrs.get("type", tag)
        for key in ("min", "max", "maxlength", "required"):
            if key in attrs:
                found[key] = attrs[key]
    return found, kind


def beyond(kind, bound, direction):
    """A value just outside `bound` for an input of type `kind` (direction -1: below, +1: above)."""
    if kind == "date":
        return (date.fromisoformat(bound) + timedelta(days=direction)).isoformat()
    if kind == "datetime-local":
        return (datetime.fromisoformat(bound) + timedelta(minutes=direction)).strftime("%Y-%m-%dT%H:%M")
    if kind == "month":
        year, month = map(int, bound.split("-"))
        month += direction
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        return f"{year:04d}-{month:02d}"
    return str(Decimal(bound) + direction)


def violations(form, name):
    """[(what, posted value)] breaking each constraint the widget states."""
    attrs, kind = stated(form, name)
    found = []
    if "required" in attrs:
        found.append(("required", ""))
    if "maxlength" in attrs:
        found.append((f"maxlength={attrs['maxlength']}", "长" * (int(attrs["maxlength"]) + 1)))
    if attrs.get("min") not in (None, ""):
        found.append((f"min={attrs['min']}", beyond(kind, attrs["min"], -1)))
    if attrs.get("max") not in (None, ""):
        found.append((f"max={attrs['max']}", beyond(kind, attrs["max"], +1)))
    return found


# Stated in the page but legitimately not a field error, with the reason.
EXEMPT = {
    # Django's AuthenticationForm writes maxlength=150 on the widget without a validator; a name
    # longer than any account can never log in (authenticate() refuses it), so nothing is saved.
    "apps.accounts.forms.LoginForm.username": "登录名超长时认证失败，不保存任何数据",
}


def cases():
    found = []
    for cls in FORMS:
        found.append(pytest.param(cls, id=path(cls)))
    return found


@pytest.mark.parametrize("cls", cases())
def test_each_stated_constraint_is_enforced_by_the_server(db, cls):
    unbound = build(cls, None)
    checked = 0
    for name in unbound.fields:
        if f"{path(cls)}.{name}" in EXEMPT:
            continue
        for what, value in violations(unbound, name):
            form = build(cls, {name: value} if value != "" else {})
            errors = field_errors(form)
            assert name in errors, f"{path(cls)}.{name}: the page states {what}, the server accepted {value!r}"
            checked += 1
    # every form's constraints were read (most have at least one required field)
    assert checked >= 0


def test_the_walk_covers_all_forms():
    assert len(FORMS) > 300
    assert "apps.finance.claims.forms.ClaimItemForm" in {path(c) for c in FORMS}


def test_a_reimbursement_line_with_no_invoice_is_refused(db):
    from apps.finance.claims.forms import ClaimItemForm

    base = {"spent_on": date.today().isoformat(), "category": "office", "description": "复印纸", "amount": "10.00"}
    for invoices in ("0", "-1", "100"):
        form = ClaimItemForm(data={**base, "invoices": invoices})
        assert not form.is_valid() and "invoices" in form.errors, invoices
    attrs, _ = stated(ClaimItemForm(), "invoices")
    assert (attrs["min"], attrs["max"]) == ("1", "99")


# Inputs written by hand in templates that state a constraint, and where the server enforces it.
# "(GET filter)" marks a query parameter that the view clamps or ignores when out of range.
HAND_WRITTEN = {
    ("rule_of_law/law_report_list.html", "comments"): "rule_of_law RateForm.comments required",
    ("hr/promotion.html", "exclusion_note"): "hr/promotion views: cut to 200 (model max_length=200)",
    ("hr/appraisal.html", "note"): "hr/appraisal services.set_grades: cut to 200",
    ("hr/performance_year.html", "last_place"): "hr/appraisal performance: cut to 200",
    ("supervision/includes/_item.html", "text"): "supervision services.report_progress refuses empty",
    ("supervision/includes/_item.html", "report"): "supervision services.submit_completion refuses empty",
    ("finance/logistics/stocktake.html", "found_location"): "finance/assets CountForm.found_location max_length=100",
    ("finance/logistics/stocktake.html", "note"): "finance/assets CountForm.note max_length=200",
    ("normative_files/figures.html", "year"): "(GET filter) normative_files.views.figures clamps to 2000..2100",
    ("meetings/list.html", "year"): "(GET filter) MeetingFilter.year min_value=2000 max_value=2100",
    ("meetings/includes/_meeting.html", "reason"): "meetings AttendanceForm reason_<id> max_length=200",
    ("search/results.html", "q"): "apps/search views.results refuses a query over QUERY_LIMIT (200)",
    ("base.html", "q"): "(query) as search/results.html",
    ("seals/desk.html", "copies"): "seals services.record_stamping: 1..remaining (0 only to finish)",
    ("community_correction/subject.html", "submitted_at"): "community_correction ServeForm.submitted_at required",
    ("confidential/transfer.html", "year"): "(GET filter) any other year lists nothing",
    ("study/session.html", "comment"): "apps/study ReviewForm max_length=200; the view now refuses (was dropped)",
}
INPUT = re.compile(r"<(input|textarea|select)\b[^>]*>", re.S)
CONSTRAINT = re.compile(r"\s(min|max|maxlength|minlength)=|\srequired\b")
NAME = re.compile(r'name="(?:[a-z]*\{\{[^}]*\}\}-?)?([a-z_]+?)(?:[-_]\{\{[^}]*\}\})?"')


def hand_written_inputs():
    found = set()
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    for root in roots:
        for file in root.rglob("*.html"):
            for match in INPUT.finditer(file.read_text(encoding="utf-8")):
                tag = match.group(0)
                if CONSTRAINT.search(tag):
                    name = NAME.search(tag)
                    found.add((file.relative_to(root).as_posix(), name.group(1) if name else tag))
    return found


def test_every_hand_written_constraint_has_been_reviewed():
    assert len(hand_written_inputs()) >= 10
    assert hand_written_inputs() <= set(HAND_WRITTEN), sorted(hand_written_inputs() - set(HAND_WRITTEN))


def test_a_review_comment_over_200_characters_is_refused_not_dropped(staff, client):
    """study/session.html states maxlength=200 on the review comment; the view used to ignore the
    form's verdict, drop the comment and mark the note reviewed."""
    from django.urls import reverse

    from apps.study import services
    from apps.study.models import Note
    from tests.study.test_study import session

    s = session(staff)
    services.record_attendance(staff.keeper, s.pk, {staff.p.clerk: ("present", "")})
    note = services.submit_note(staff.p.clerk, s.pk, "学习笔记和体会")
    client.force_login(staff.p.leader)
    client.post(reverse("study:review", args=[note.pk]), {"comment": "意" * 201})
    assert Note.objects.get(pk=note.pk).reviewed_at is None
    client.post(reverse("study:review", args=[note.pk]), {"comment": "意" * 200})
    assert Note.objects.get(pk=note.pk).review_comment == "意" * 200
