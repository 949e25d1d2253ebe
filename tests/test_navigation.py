"""The side navigation is grouped by section: a viewer's own section's group and the group of the
page shown are unfolded, the others folded but present (bureau/navigation.py)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def groups(html):
    """{group label: (open?, [link labels])} as the page shows them."""
    found = {}
    for attrs, label, body in re.findall(
        r'<details class="nav-section"([^>]*)>\s*<summary class="nav-group">([^<]+)</summary>(.*?)</details>',
        html,
        re.S,
    ):
        found[label] = ("open" in attrs, re.findall(r">([^<>]+)</a>", body))
    return found


def test_office_staff_see_their_group_open_and_the_others_folded(client, people):
    client.force_login(people.clerk)
    html = client.get(reverse("workflow:inbox")).content.decode()
    shown = groups(html)
    assert list(shown) == ["办公室", "政工科", "业务科室"]
    assert shown["办公室"][0] and not shown["政工科"][0] and not shown["业务科室"][0]
    assert "公文办理" in shown["办公室"][1] and "社区矫正" in shown["业务科室"][1]


def test_the_group_of_the_page_shown_is_open_and_its_link_marked(client, people):
    client.force_login(people.outsider)  # the lawyers' section: 业务科室 is their own group
    html = client.get(reverse("finance:vehicle_list")).content.decode()
    shown = groups(html)
    assert shown["办公室"][0] and shown["业务科室"][0]
    assert 'class="active" aria-current="page">后勤管理<' in html
    assert 'aria-current="page">财务报销<' not in html


def test_leaders_start_with_every_group_folded(client, people):
    client.force_login(people.director)
    shown = groups(client.get(reverse("workflow:inbox")).content.decode())
    assert not any(is_open for is_open, _ in shown.values())
