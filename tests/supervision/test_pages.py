"""督查督办 pages: default deny (404 for items one may not see), the dashboard for the office
chief and leaders only, the register and its Excel export in a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.supervision import services
from apps.supervision.models import Source

pytestmark = pytest.mark.django_db


def item(people, bureau, n=0):
    return services.register_item(
        people.clerk,
        title=f"督办事项{n}",
        source=Source.DISTRICT_INSTRUCTION,
        lead_section=bureau["lawyers"],
        co_sections=[bureau["office"]],
    )


def test_outsider_gets_404_and_handler_sees_the_item(client, people, bureau):
    case = item(people, bureau)
    client.force_login(people.outsider)
    assert client.get(f"/supervision/{case.pk}/notice.pdf").status_code == 404
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.post(f"/supervision/{case.pk}/progress", {"text": "x"}).status_code == 404
    assert "督办事项0" not in client.get("/supervision/").content.decode()
    client.force_login(people.other_chief)  # the lead section's chief handles it
    page = client.get(case.get_absolute_url()).content.decode()
    assert "提交进展反馈" in page
    client.post(f"/supervision/{case.pk}/progress", {"text": "已部署排查。"})
    assert case.supervision.reports.get().text == "已部署排查。"
    assert client.get(f"/supervision/{case.pk}/notice.pdf")["Content-Type"] == "application/pdf"


def test_dashboard_for_office_chief_and_leaders_only(client, people, bureau):
    item(people, bureau)
    for user, status in ((people.chief, 200), (people.director, 200), (people.clerk, 403), (people.other_chief, 403)):
        client.force_login(user)
        assert client.get("/supervision/dashboard/").status_code == status


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_register_and_export_in_constant_queries(client, people, bureau):
    item(people, bureau)
    client.force_login(people.chief)
    list_one, export_one = count(client, "/supervision/"), count(client, "/supervision/?export=xlsx")
    dash_one = count(client, "/supervision/dashboard/")
    for n in range(1, 8):
        item(people, bureau, n)
    assert count(client, "/supervision/") == list_one
    assert count(client, "/supervision/?export=xlsx") == export_one
    assert count(client, "/supervision/dashboard/") == dash_one
    filtered = client.get("/supervision/?state=open&source=district_instruction").content.decode()
    assert "督办事项7" in filtered
    assert "督办事项7" not in client.get("/supervision/?source=meeting").content.decode()
