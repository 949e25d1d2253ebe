"""How every form of the portal renders its inputs (settings.FORM_RENDERER).

Two things are decided here once, for all forms of all apps, instead of in each app's forms.py:

- **Dates read 年-月-日 in every browser.** A native ``<input type="date">`` shows its digits in
  the order of the *browser's* language, not the page's: an en-US browser shows ``mm/dd/yyyy``
  on a Chinese page, and "12/05/2026" is then read as 12 May by half the office. Every date
  widget (forms.DateInput, most of them asking for ``type="date"``) is rendered as a text input with the
  placeholder 年-月-日, a pattern and a numeric keyboard; static/js/portal.js adds a small
  calendar to it. The server accepts 2026-12-05, 2026/12/05, 2026.12.05 and 2026年12月5日
  (bureau/formats/zh_Hans/formats.py) and shows dates back as 2026-12-05. Without JavaScript the
  page still works: one types the date. Date-and-time fields (``type="datetime-local"``, which
  an en-US browser shows as "mm/dd/yyyy, --:-- --") get the same: 年-月-日 时:分; month fields
  (``type="month"``, "December 2026") read 年-月.
- **Every control has an accessible name.** Filter bars and table rows show a control without a
  visible <label> (the select's first option or the column heading says what it is to a sighted
  reader, nothing to a screen reader; axe rules ``label``/``select-name``, WCAG 1.3.1 / 4.1.2).
  Each widget gets its field's label as ``title`` (WCAG technique H65) unless it names itself:
  where a <label for> exists it stays the accessible name, the title only adds a tooltip.

And one thing for speed (issue 19): the plainest widgets (text-like inputs, textareas, selects)
are written out in Python, to exactly the HTML Django's widget templates give. A select of 65
process types rendered through select.html costs an {% include %} per option, and the inbox's
filter bar took a third of the page's CPU that way. Anything unusual (another option template,
a label or value that is not text) still goes through the templates.
"""

import re

from django.forms import DateInput, DateTimeInput
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData

# What a date field looks like to the browser. The pattern is only a hint for forms that use
# browser validation (most use novalidate); the server's DATE_INPUT_FORMATS decide.
DATE_PLACEHOLDER = "年-月-日"
DATE_TEXT_ATTRS = {
    "placeholder": DATE_PLACEHOLDER,
    "inputmode": "numeric",
    "autocomplete": "off",
    "pattern": r"\s*\d{4}\s*(-|/|\.|年)\s*\d{1,2}\s*(-|/|\.|月)\s*\d{1,2}\s*日?\s*",
    "data-date": "",
    "class": "date-input",
}
DATE_TEMPLATE = DateInput.template_name
# The same for date and time (type="datetime-local" shows "mm/dd/yyyy, --:-- --" in en-US).
DATETIME_PLACEHOLDER = "年-月-日 时:分"
DATETIME_TEXT_ATTRS = {
    "placeholder": DATETIME_PLACEHOLDER,
    "autocomplete": "off",
    "pattern": r"\s*\d{4}\s*(-|/|\.|年)\s*\d{1,2}\s*(-|/|\.|月)\s*\d{1,2}\s*日?\s*(T|\s)\s*\d{1,2}\s*(:|时)\s*\d{2}\s*分?\s*",
    "data-datetime": "",
    "class": "datetime-input",
}
DATETIME_TEMPLATE = DateTimeInput.template_name
# And months (type="month" reads "December 2026" in en-US): 年-月, typed as 2026-12 (the month
# fields' own input_formats decide; static/js/portal.js tidies 2026年12月 or 2026/12 to that).
MONTH_TEXT_ATTRS = {
    "placeholder": "年-月",
    "inputmode": "numeric",
    "autocomplete": "off",
    "pattern": r"\s*\d{4}\s*(-|/|\.|年)\s*\d{1,2}\s*月?\s*",
    "data-month": "",
    "class": "month-input",
}
ISO_T = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})")
# Widgets that have no name of their own to give: each radio or multiple-choice checkbox is named
# by its option's own <label>, a file input by its button. A lone checkbox (a formset's 删除 in a
# table row) does get one.
UNNAMED_TYPES = {"hidden", "radio", "file", "submit", "button"}
NAMING_ATTRS = ("title", "aria-label", "aria-labelledby")


def as_text_date(widget, defaults=DATE_TEXT_ATTRS):
    """The template context of a ``type=date`` widget, turned into a 年-月-日 text input. Attrs
    the form set itself (a placeholder, a class) win over the defaults, classes are merged."""
    attrs = dict(widget["attrs"])
    # A text input has no min/max; the calendar reads them from data- attributes, the server's
    # plausible-date checks (apps/workflow/plausible_dates.py) enforce the range.
    for bound in ("min", "max"):
        if bound in attrs:
            attrs[f"data-{bound}"] = attrs.pop(bound)
    for name, value in defaults.items():
        if name == "class":
            attrs["class"] = f"{attrs['class']} {value}" if attrs.get("class") else value
        else:
            attrs.setdefault(name, value)
    return {**widget, "type": "text", "attrs": attrs}


def as_text_datetime(widget):
    """A ``type=datetime-local`` widget as a 年-月-日 时:分 text input; its value (the forms ask
    for %Y-%m-%dT%H:%M, the format that input type needs) shown with a space instead of the T."""
    widget = as_text_date(widget, DATETIME_TEXT_ATTRS)
    if isinstance(widget.get("value"), str):
        widget["value"] = ISO_T.sub(r"\1 \2", widget["value"])
    return widget


class PortalBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if (
            self.label
            and getattr(widget, "input_type", None) not in UNNAMED_TYPES
            and not (
                getattr(widget, "input_type", None) == "checkbox" and getattr(widget, "allow_multiple_selected", False)
            )
            and not widget.is_hidden
            and not any(widget.attrs.get(name) or attrs.get(name) for name in NAMING_ATTRS)
        ):
            attrs["title"] = str(self.label)
        return attrs


# Django's widget templates that are nothing but {% include "django/forms/widgets/input.html" %}
# (or that template itself), the select and its option, and the textarea.
WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = {
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "search",
        "number",
        "email",
        "url",
        "tel",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "checkbox",
        "color",
    )
}
SELECT_TEMPLATE = f"{WIDGETS}select.html"
OPTION_TEMPLATE = f"{WIDGETS}select_option.html"
TEXTAREA_TEMPLATE = f"{WIDGETS}textarea.html"


class NotPlain(Exception):
    """A widget the Python writer does not handle: the template renders it."""


def _text(value):
    """{{ value }} in an autoescaping template, for text only (a number or a date would be
    localized there)."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        raise NotPlain
    return conditional_escape(value)


def _formatted(value):
    """{{ value|stringformat:'s' }}: stringformat keeps a safe string safe."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        text = "%s" % (value,)
    except (TypeError, ValueError):  # as stringformat: what cannot be formatted prints nothing
        return ""
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs):
    """django/forms/widgets/attrs.html"""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"')
    return "".join(out)


def _input(widget):
    """django/forms/widgets/input.html"""
    value = f' value="{_formatted(widget["value"])}"' if widget["value"] is not None else ""
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _select(widget):
    """django/forms/widgets/select.html with select_option.html for each option (each included
    option keeps its template's final newline)."""
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                raise NotPlain
            out.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _textarea(widget):
    """django/forms/widgets/textarea.html"""
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


PLAIN_WRITERS = {name: _input for name in INPUT_TEMPLATES} | {SELECT_TEMPLATE: _select, TEXTAREA_TEMPLATE: _textarea}


def render_plain(template_name, context):
    """The widget's HTML as its Django template would give it, or None to use the template."""
    writer = PLAIN_WRITERS.get(template_name)
    widget = context.get("widget") if writer and isinstance(context, dict) else None
    if widget is None:
        return None
    try:
        return writer(widget)
    except (NotPlain, KeyError):
        return None


class PortalFormRenderer(DjangoTemplates):
    """Django's default renderer with the rules above."""

    bound_field_class = PortalBoundField

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        # forms.DateInput, whether it asked for type="date" or kept Django's type="text"
        if widget and template_name == DATE_TEMPLATE and widget.get("type") in ("date", "text"):
            context = {**context, "widget": as_text_date(widget)}
        elif widget and template_name == DATE_TEMPLATE and widget.get("type") == "month":
            context = {**context, "widget": as_text_date(widget, MONTH_TEXT_ATTRS)}
        elif widget and template_name == DATETIME_TEMPLATE and widget.get("type") == "datetime-local":
            context = {**context, "widget": as_text_datetime(widget)}
        html = render_plain(template_name, context) if request is None else None
        return html if html is not None else super().render(template_name, context, request)
