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


class EveryPlainWidgetForm(forms.Form):
    """Widgets the renderer writes in Python (issue 19), with the awkward values: markup in a
    value, a label and an attribute, boolean attributes, integer and lazy choices, groups."""

    text = forms.CharField(label="标题", widget=forms.TextInput(attrs={"placeholder": '"引号" & <尖括号>'}))
    search = forms.CharField(label="关键词", required=False, widget=forms.TextInput(attrs={"type": "search"}))
    number = forms.IntegerField(label="份数", widget=forms.NumberInput(attrs={"min": 0, "step": 1}))
    email = forms.EmailField(label="邮箱", required=False)
    secret = forms.CharField(label="密码", widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(label="隐藏", widget=forms.HiddenInput)
    agree = forms.BooleanField(label="同意", required=False)
    note = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3, "disabled": True}))
    kind = forms.ChoiceField(label="类型", choices=[("", "全部"), ("a&b", "甲<乙>"), ("c", "丙")], required=False)
    section = forms.TypedChoiceField(label="科室", choices=[("", "全部科室"), (1, "办公室"), (2, "政工科")], coerce=int)
    grouped = forms.ChoiceField(
        label="分组",
        choices=[("科室", [("1", "办公室"), ("2", "政工科")]), ("司法所", [("3", "某司法所")]), ("x", "其他")],
    )
    many = forms.MultipleChoiceField(label="多选", choices=[("1", "一"), ("2", "二"), ("3", "三")], required=False)
    on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))


def test_widgets_written_in_python_match_the_django_templates(monkeypatch):
    """The renderer writes the plain widgets itself; what it writes is byte for byte what Django's
    widget templates give, for unbound, bound and invalid forms."""
    from django.forms.renderers import DjangoTemplates

    from apps.workflow import widgets

    templates = DjangoTemplates()
    written = []
    render_plain = widgets.render_plain

    def checked(template_name, context):
        html = render_plain(template_name, context)
        if html is not None:
            assert html == templates.render(template_name, context), template_name
            written.append(template_name)
        return html

    monkeypatch.setattr(widgets, "render_plain", checked)
    renderer = widgets.PortalFormRenderer()
    data = {
        "text": '<script>alert("x")</script>',
        "number": "12",
        "secret": "a&b",
        "hidden": "1",
        "agree": "on",
        "note": "第一行\n<第二行>",
        "kind": "a&b",
        "section": "2",
        "grouped": "3",
        "many": ["1", "3"],
        "on": "2026/12/05",
    }
    initial = {"text": "初始", "number": 3, "section": 1, "on": datetime.date(2026, 12, 5)}
    for form in (
        EveryPlainWidgetForm(renderer=renderer),
        EveryPlainWidgetForm(initial=initial, renderer=renderer),
        EveryPlainWidgetForm(data=data, renderer=renderer),
        EveryPlainWidgetForm(data={"number": "x", "on": "不是日期"}, renderer=renderer),
    ):
        for field in form:
            str(field)
    assert {name.rsplit("/", 1)[-1] for name in written} >= {
        "text.html",
        "number.html",
        "email.html",
        "password.html",
        "hidden.html",
        "checkbox.html",
        "textarea.html",
        "select.html",
        "date.html",
    }
