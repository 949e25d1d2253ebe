"""The inbox renders the 期限 cell with a tag instead of an {% include %} per row (issue 19): the
markup must stay what includes/_due.html gives (late, due soon, today, provisional, none)."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone

INCLUDE = Template('{% include "workflow/includes/_due.html" with due=due provisional=provisional %}')
TAG = Template("{% load workflow_tags %}{% due_badge due provisional today %}")


@pytest.mark.parametrize("days", [None, -12, -1, 0, 1, 2, 3, 40])
@pytest.mark.parametrize("provisional", [False, True])
def test_the_tag_renders_what_the_include_renders(days, provisional):
    today = timezone.localdate()
    due = None if days is None else today + timedelta(days=days)
    context = {"due": due, "provisional": provisional, "today": today}
    assert TAG.render(Context(context)).strip() == INCLUDE.render(Context(context)).strip()


def test_an_overdue_date_says_how_late_and_is_marked_late():
    today = timezone.localdate()
    html = TAG.render(Context({"due": today - timedelta(days=3), "provisional": False, "today": today}))
    assert 'class="due late"' in html and "超期3个自然日" in html


def test_a_due_date_in_another_year_shows_its_year():
    today = timezone.localdate()
    this_year = today.replace(month=12, day=31) if today.month < 12 or today.day < 31 else today
    next_year = today.replace(year=today.year + 1, day=min(today.day, 28))
    assert this_year.strftime("%m-%d") + "<" in TAG.render(
        Context({"due": this_year, "provisional": False, "today": today})
    )
    html = TAG.render(Context({"due": next_year, "provisional": False, "today": today}))
    assert next_year.strftime("%Y-%m-%d") + "<" in html and f"剩{(next_year - today).days}个自然日" in html
