"""The portal's own Chinese for Django's stock validation messages (issue 13, item 6).

Django's catalogue said "确保该变量包含不超过 200 字符"; locale/zh_Hans/LC_MESSAGES/django.po gives
every form (and the admin) the portal's wording in one place, via LOCALE_PATHS."""

import ast
import gettext
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
STOCK = ("确保", "这个字段是必填项", "输入一个", "选择一个有效的选项", "输入整数")


def po_entries(path):
    """{msgid: msgstr} of a .po file (plural entries: the singular msgid, msgstr[0])."""
    entries, current, key = {}, {}, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line or line.startswith("#"):
            if current.get("msgid"):
                entries[current["msgid"]] = current.get("msgstr", current.get("msgstr[0]", ""))
            if not line:
                current, key = {}, None
            continue
        if line.startswith('"'):
            current[key] += ast.literal_eval(line)
            continue
        key, _, value = line.partition(" ")
        current[key] = ast.literal_eval(value)
    return entries


def test_the_compiled_catalogue_matches_the_po_file():
    entries = po_entries(PO)
    assert len(entries) > 20
    with open(PO.with_suffix(".mo"), "rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    for msgid, msgstr in entries.items():
        assert catalogue.gettext(msgid) == msgstr, (
            f"{msgid!r}: run `python manage.py compilemessages -l zh_Hans --ignore '.venv/*'`"
        )


class Sample(forms.Form):
    title = forms.CharField(max_length=5)
    day = forms.DateField()
    count = forms.IntegerField(min_value=1, max_value=9)
    kind = forms.ChoiceField(choices=[("a", "甲")])
    note = forms.CharField(min_length=4, required=False)
    own = forms.CharField(error_messages={"required": "请填写督办事项名称。"})


def errors_of(data):
    with translation.override("zh-hans"):
        form = Sample(data)
        form.is_valid()
        return {name: " ".join(messages) for name, messages in form.errors.items()}


def test_forms_speak_the_portals_chinese():
    errors = errors_of({"title": "一二三四五六", "day": "2026-13-40", "count": "x", "kind": "b", "note": "短"})
    assert errors["title"] == "不能超过 5 个字（现为 6 个字），请精简。"
    assert errors["day"] == "请填写有效的日期（年-月-日）。"
    assert errors["count"] == "请填写整数。"
    assert errors["kind"] == "所选的“b”不在可选范围内，请重新选择。"
    assert errors["note"] == "至少应有 4 个字（现为 1 个字）。"
    assert errors["own"] == "请填写督办事项名称。"  # a form's own message stays
    assert errors_of({"count": "10"})["count"] == "不能大于 9。"
    assert errors_of({})["title"] == "此项为必填项。"
    for text in errors_of({"title": "一二三四五六", "day": "x", "count": "0", "kind": "b"}).values():
        assert not any(stock in text for stock in STOCK), text


@pytest.mark.django_db
def test_a_page_shows_the_portals_message_for_too_long_text(client, people):
    client.force_login(people.clerk)
    response = client.post(
        reverse("workflow:delegations"),
        {"delegate": people.colleague.pk, "start_date": "2026-12-07", "end_date": "2026-12-08", "reason": "假" * 201},
    )
    html = response.content.decode()
    assert "不能超过 200 个字（现为 201 个字），请精简。" in html
    assert "确保该变量" not in html
