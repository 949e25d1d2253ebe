"""How every form renders its inputs (apps/workflow/widgets.py, settings.FORM_RENDERER): date
fields that read 年-月-日 whatever the browser's language, dates accepted as staff write them
(bureau/formats/zh_Hans), and a name for every control (issue 13 items 7 and 12)."""

import datetime

from django import forms


class DateForm(forms.Form):
    on = forms.DateField(label="收到日期", widget=forms.DateInput(attrs={"type": "date", "min": "2026-01-01"}))
    status = forms.ChoiceField(label="状态", choices=[("", "全部状态"), ("open", "在办")], required=False)
    at = forms.DateTimeField(
        label="来电时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    month = forms.DateField(
        label="月份",
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m"],
    )
    remove = forms.BooleanField(label="删除", required=False)
    sections = forms.MultipleChoiceField(
        label="会签科室", required=False, choices=[("a", "办公室")], widget=forms.CheckboxSelectMultiple
    )


def test_date_fields_read_year_month_day_in_every_browser():
    """A native date input follows the browser's language (mm/dd/yyyy in en-US): the portal
    renders a text input that says 年-月-日 and shows the value as 2026-12-05."""
    html = str(DateForm(initial={"on": "2026-12-05"})["on"])
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'placeholder="年-月-日"' in html
    assert 'value="2026-12-05"' in html
    assert "data-date" in html
    # a text input has no min: the bound moves to data-min for the calendar
    assert 'data-min="2026-01-01"' in html and " min=" not in html


def test_date_and_time_fields_read_year_month_day_hour_minute():
    html = str(DateForm(initial={"at": datetime.datetime(2026, 12, 5, 9, 30)})["at"])
    assert 'type="text"' in html and "datetime-local" not in html
    assert 'placeholder="年-月-日 时:分"' in html
    assert 'value="2026-12-05 09:30"' in html  # not 2026-12-05T09:30
    for typed in (
        "2026-12-05 09:30",
        "2026-12-05T09:30",
        "2026/12/5 9:30",
        "2026年12月5日 9:30",
        "2026年12月5日9时30分",
    ):
        form = DateForm(data={"on": "2026-12-05", "at": typed})
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["at"].strftime("%Y-%m-%d %H:%M") == "2026-12-05 09:30"


def test_month_fields_read_year_month():
    """type=month shows "December 2026" in an en-US browser."""
    html = str(DateForm(initial={"month": datetime.date(2026, 12, 1)})["month"])
    assert 'type="text"' in html and 'placeholder="年-月"' in html and 'value="2026-12"' in html
    form = DateForm(data={"on": "2026-12-05", "month": "2026-12"})
    assert form.is_valid() and form.cleaned_data["month"] == datetime.date(2026, 12, 1)


def test_dates_are_accepted_as_staff_write_them():
    for typed in ("2026-12-05", "2026/12/05", "2026.12.05", "2026年12月5日", "2026年12月05日", "2026-12-5"):
        form = DateForm(data={"on": typed})
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["on"].isoformat() == "2026-12-05"
    form = DateForm(data={"on": "12/05/2026"})  # the order an en-US browser would have shown
    assert not form.is_valid()
    assert "有效的日期" in form.errors["on"][0]


def test_a_control_without_a_visible_label_is_still_named():
    """Filter bars render a select on its own, formset rows a 删除 checkbox in a table cell: the
    field's label reaches screen readers as the title. Options with their own label get none."""
    form = DateForm()
    assert 'title="状态"' in str(form["status"])
    assert 'title="删除"' in str(form["remove"])
    assert "title=" not in str(form["sections"])
