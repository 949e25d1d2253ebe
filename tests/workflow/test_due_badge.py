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
    assert 'class="due late"' in html and "超期3天" in html
