"""Plausible dates everywhere (issue 20 item 1).

A petition registered as received on 0001-01-01 was accepted and escalated to the chief. Every
form with a date field must now refuse year 0001 and 1900 and, for a date that records what has
happened, tomorrow, with a Chinese message that repeats what was typed; an end before its start
is refused too. The forms are found, not listed (tests/form_discovery.py).
"""

from datetime import date, timedelta

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.utils import timezone

from apps.workflow import plausible_dates as pd
from tests.form_discovery import build, field_errors, form_classes, path

# Fields legitimately outside one of the walk's probes, with the reason. (Filter forms are
# exempt as a whole in apps/workflow/plausible_dates.FILTER_FORMS, also with reasons.)
EXEMPT_1900 = {
    # A birth date's floor is 1900-01-01 itself (PLAUSIBLE_BIRTH_FLOOR): 1900-01-01 is the
    # oldest birth date accepted; 0001 and 1899 are refused (test_floors_are_settings...).
    "apps.hr.people.forms.StaffRecordForm.birth_date": "出生日期的下限为 1900-01-01（含）",
}


def date_forms():
    found = []
    for cls in form_classes():
        names = [n for n, f in cls.base_fields.items() if isinstance(f, forms.DateField)]
        if names:
            found.append((cls, names))
    return found


DATE_FORMS = date_forms()


def typed(field, day):
    """`day` as the browser would send it for this field (a date input, or a month input)."""
    formats = list(getattr(field.widget, "format", None) and [field.widget.format] or []) + list(field.input_formats)
    fmt = str(formats[0]) if formats else "%Y-%m-%d"
    return fmt.replace("%Y", f"{day.year:04d}").replace("%m", f"{day.month:02d}").replace("%d", f"{day.day:02d}")


def refused(cls, name, day, words):
    field = cls.base_fields[name]
    text = typed(field, day)
    data = {name: text}
    # the other half of a start/end pair gets a plausible value, so only this date is judged
    for other, f in cls.base_fields.items():
        if other != name and isinstance(f, forms.DateField):
            data[other] = typed(f, timezone.localdate())
    form = build(cls, data)
    errors = field_errors(form).get(name, [])
    # The engine's message repeats the typed date; a few forms said "不能晚于今天" in their own
    # clean_<field> before the engine's check existed, which is just as clear: either will do.
    assert any(words in e for e in errors), (path(cls), name, text, list(errors))
    # the page shows the date as it was typed, so only the year needs correcting
    assert text in str(form[name])


def test_the_walk_finds_the_forms():
    # a sanity floor: the portal has well over two hundred forms with a date field
    assert len(DATE_FORMS) > 200


@pytest.mark.parametrize(
    "cls,names", [pytest.param(c, n, id=path(c)) for c, n in DATE_FORMS if path(c) not in pd.FILTER_FORMS]
)
def test_every_date_field_refuses_year_1_and_1900(db, cls, names):
    for name in names:
        refused(cls, name, date(1, 1, 1), "早于")
        if f"{path(cls)}.{name}" not in EXEMPT_1900:
            refused(cls, name, date(1900, 1, 1), "早于")


@pytest.mark.parametrize(
    "cls,names", [pytest.param(c, n, id=path(c)) for c, n in DATE_FORMS if path(c) not in pd.FILTER_FORMS]
)
def test_a_date_of_something_that_happened_cannot_be_tomorrow(db, cls, names):
    tomorrow = timezone.localdate() + timedelta(days=1)
    past = [n for n in names if pd.records_past_event(n)]
    for name in past:
        refused(cls, name, tomorrow, "晚于今天")


def test_forward_looking_dates_may_be_in_the_future(db):
    # a due date, a planned review and the end of a term look forward: not refused for tomorrow
    for name in ["due_date", "due_on", "planned_on", "expires_on", "end_date", "term_end", "move_on", "hearing_on"]:
        assert not pd.records_past_event(name), name
    for name in ["received_on", "decided_on", "served_on", "signed_on", "on_date", "sent_on"]:
        assert pd.records_past_event(name), name


PAIR_FORMS = [
    (cls, pair) for cls, names in DATE_FORMS if path(cls) not in pd.FILTER_FORMS for pair in pd.date_pairs(names)
]


@pytest.mark.parametrize("cls,pair", [pytest.param(c, p, id=f"{path(c)}:{p[1]}") for c, p in PAIR_FORMS])
def test_an_end_before_its_start_is_refused(db, cls, pair):
    start, end = pair
    today = timezone.localdate()
    data = {start: typed(cls.base_fields[start], today), end: typed(cls.base_fields[end], today - timedelta(days=1))}
    errors = field_errors(build(cls, data)).get(end, [])
    # the engine's message, or the form's own older one ("结束日期不能早于开始日期。")
    assert any("早于" in e for e in errors), (path(cls), pair, list(errors))


def test_there_are_start_end_pairs_to_check():
    assert len(PAIR_FORMS) >= 5


def test_a_plausible_date_passes_the_date_check(db):
    # the check refuses what is implausible, nothing else: today's date gives no date message
    for cls, names in DATE_FORMS:
        data = {n: typed(cls.base_fields[n], timezone.localdate()) for n in names}
        errors = field_errors(build(cls, data))
        for name in names:
            assert not any("早于" in e or "晚于今天" in e for e in errors.get(name, [])), (path(cls), name)


def test_every_model_date_field_has_the_validator_and_migrations_do_not_see_it():
    checked = 0
    for model in apps.get_models():
        if not model.__module__.startswith("apps.") or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.local_concrete_fields:
            if not isinstance(field, models.DateField) or isinstance(field, models.DateTimeField):
                continue
            assert any(isinstance(v, pd.PlausibleDate) for v in field.validators), field
            assert "validators" not in field.deconstruct()[3], field
            checked += 1
    assert checked > 300


def test_model_validation_refuses_a_mistyped_year_and_future_events(db):
    from django.core.exceptions import ValidationError

    from apps.petitions.models import Petition

    field = Petition._meta.get_field("received_on")
    with pytest.raises(ValidationError, match="0001-01-01"):
        field.run_validators(date(1, 1, 1))
    with pytest.raises(ValidationError, match="晚于今天"):
        field.run_validators(timezone.localdate() + timedelta(days=1))
    field.run_validators(timezone.localdate())


def test_floors_are_settings_and_history_and_birth_have_their_own(settings):
    assert pd.floor() == date(2000, 1, 1)
    assert pd.floor("history") == date(1950, 1, 1)
    assert pd.floor("birth") == date(1900, 1, 1)
    settings.PLAUSIBLE_DATE_FLOOR = "2010-01-01"
    assert pd.floor() == date(2010, 1, 1)
    # a lawyer first licensed in 1993 is plausible; a petition received in 1993 is not
    assert pd.problem(date(1993, 5, 1), "首次执业日期", "1993-05-01", pd.floor_kind("licensed_on"), True) == ""
    assert pd.problem(date(1993, 5, 1), "收到日期", "1993-05-01", pd.floor_kind("received_on"), True)
    assert pd.problem(date(1950, 3, 1), "出生日期", "1950-03-01", pd.floor_kind("birth_date"), True) == ""
    assert pd.problem(date(1899, 12, 31), "出生日期", "1899-12-31", pd.floor_kind("birth_date"), True)


@pytest.mark.parametrize("typed_date", ["0001-01-01", "1900-01-01"])
def test_the_issue_a_petition_received_in_year_1_is_not_registered(bureau, people, client, typed_date):
    """Issue 20: a petition registered as received on 0001-01-01 was accepted with a clock due
    0001-01-16, and the next sweep sent 督办 to the chief and the division leader."""
    from apps.petitions.models import Petition
    from tests.petitions.factories import ID_NUMBER, PHONE

    client.force_login(people.clerk)
    response = client.post(
        "/petitions/new/",
        {
            "channel": "visit",
            "received_on": typed_date,
            "petitioner": "李四",
            "id_number": ID_NUMBER,
            "phone": PHONE,
            "address": "北京市朝阳区幸福路8号",
            "headcount": "1",
            "demands": "反映法律援助申请未获答复",
        },
    )
    page = response.content.decode()
    assert response.status_code in (200, 409) and not Petition.objects.filter(petitioner="李四").exists()
    assert f"填写的是 {typed_date}，早于 2000-01-01" in page and f'value="{typed_date}"' in page
