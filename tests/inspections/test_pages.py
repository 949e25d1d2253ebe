"""Pages of 监督检查与整改: who sees what (the section, its division leader and the director;
404 for everyone else, counts and exports the same), the forms end to end, the print, and
lists at a constant number of queries."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from apps.inspections import services
from apps.inspections.models import Check, Plan, Rectification
from tests.inspections.factories import approved_plan, check_with_findings

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


def xlsx_rows(response):
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    return [row for row in sheet.iter_rows(values_only=True)][1:]


@pytest.fixture
def world(corr, people, today):
    check = check_with_findings(corr)
    rect = services.issue_notice(corr.clerk, check.pk, date(2026, 10, 12))
    return check, rect


def test_only_the_section_its_leader_and_the_director_see_it(world, corr, people):
    check, rect = world
    pages = [
        "/inspections/s/correction/",
        "/inspections/s/correction/plans/",
        "/inspections/s/correction/checks/",
        "/inspections/s/correction/rectifications/",
        f"/inspections/plans/{check.plan_id}/",
        f"/inspections/checks/{check.pk}/",
        f"/inspections/checks/{check.pk}/notice.pdf",
        services.inspection_url("correction", corr.office),
    ]
    for user in (corr.clerk, corr.chief, people.other_leader, people.director):
        for url in pages:
            assert client(user).get(url).status_code == 200, (user.username, url)
    for user in (people.clerk, people.chief, people.leader, people.outsider, people.other_chief):
        for url in pages:
            assert client(user).get(url).status_code == 404, (user.username, url)
    for user in (people.sysadmin, people.auditor):
        for url in pages:
            assert client(user).get(url).status_code == 404, (user.username, url)


def test_other_sections_see_nothing_in_their_own_lists_counts_or_exports(world, corr, people):
    # the lawyers' staff open their own section's pages: nothing of the correction section
    outsider = client(people.outsider)
    assert outsider.get("/inspections/").url == "/inspections/s/lawyers/"
    page = outsider.get("/inspections/s/lawyers/").content.decode()
    assert "闻韶司法所" not in page
    rows = xlsx_rows(outsider.get("/inspections/s/lawyers/rectifications/?export=xlsx"))
    assert rows == []
    assert xlsx_rows(outsider.get("/inspections/s/lawyers/checks/?export=xlsx")) == []
    assert Rectification.objects.visible_to(people.outsider).count() == 0
    assert Check.objects.visible_to(people.leader).count() == 0  # leads the office, not correction
    # the overview of the lawyers' division leader (who also leads correction) counts correction
    overview = client(people.other_leader).get("/inspections/").content.decode()
    overview = overview.split("<main", 1)[1]  # the page, not the navigation (which names 办公室)
    assert "社区矫正工作科" in overview and "办公室" not in overview
    # the correction section's export holds its rectification
    rows = xlsx_rows(client(corr.clerk).get("/inspections/s/correction/rectifications/?export=xlsx"))
    assert [r[0] for r in rows] == [world[1].number]


def test_staff_go_to_their_section_leaders_get_the_overview_admins_are_refused(corr, people):
    assert client(corr.clerk).get("/inspections/").url == "/inspections/s/correction/"
    assert client(people.director).get("/inspections/").status_code == 200
    assert client(people.sysadmin).get("/inspections/").status_code == 403


def test_a_whole_check_through_the_pages(corr, people, today):
    c = client(corr.clerk)
    r = c.post(
        "/inspections/s/correction/plans/new/",
        {"year": 2026, "kind": "annual", "title": "年度检查", "scope": "各司法所"},
    )
    plan = Plan.objects.get()
    assert r.url == f"/inspections/plans/{plan.pk}/"
    assert "批准计划" not in c.get(r.url).content.decode()
    client(corr.chief).post(f"/inspections/plans/{plan.pk}/approve/")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED
    form = c.get(services.start_url("correction", corr.office))
    assert "闻韶司法所" in form.content.decode()
    ct, oid = form.context["ct"].pk, corr.office.pk
    r = c.post(
        "/inspections/s/correction/checks/new/",
        {
            "ct": ct,
            "oid": oid,
            "plan": plan.pk,
            "mode": "onsite",
            "checked_on": "2026-09-21",
            "inspectors": [corr.clerk.pk, corr.colleague.pk],
        },
    )
    check = Check.objects.get()
    assert r.url == f"/inspections/checks/{check.pk}/" and check.target_label == "闻韶司法所"
    base = f"/inspections/checks/{check.pk}/do"
    c.post(f"{base}/finding/", {"text": "走访记录缺失", "severity": "serious", "requirement": "补做走访"})
    c.post(f"{base}/finding/", {"text": "档案未装订", "severity": "minor", "requirement": "装订档案"})
    c.post(f"{base}/notice/", {"due_date": "2026-10-21"})
    c.post(f"{base}/notice/", {"due_date": "2026-10-21"})  # a double click
    assert Rectification.objects.count() == 1
    pdf = c.get(f"/inspections/checks/{check.pk}/notice.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    c.post(f"{base}/report/", {"received_on": "2026-09-21", "summary": "已整改"})
    r = c.post(f"{base}/verify/", {"verified_on": "2026-09-21", "opinion": "复查到位"})
    check.refresh_from_db()
    assert check.status == Check.Status.CLOSED and check.rectification.status == "closed"
    # the history of the target
    page = c.get(services.inspection_url("correction", corr.office)).content.decode()
    assert "闻韶司法所：历次检查与整改" in page and "已办结" in page


def test_a_refused_move_shows_the_reason(world, corr):
    check, rect = world
    r = client(corr.clerk).post(
        f"/inspections/checks/{check.pk}/do/extend/", {"ex-new_due": "2026-10-30", "ex-reason": "单位申请"}
    )
    assert r.status_code == 409 and "负责人批准" in r.content.decode()
    r = client(corr.clerk).post(f"/inspections/checks/{check.pk}/do/report/", {"received_on": "", "summary": "已整改"})
    assert r.status_code == 400 and "未保存" in r.content.decode() and "已整改" in r.content.decode()


def test_a_free_text_unit_and_its_history(corr, today):
    plan = approved_plan(corr)
    c = client(corr.clerk)
    c.post(
        "/inspections/s/correction/checks/new/",
        {
            "plan": plan.pk,
            "unit": "山东齐都律师事务所",
            "mode": "paper",
            "checked_on": "2026-09-21",
            "inspectors": [corr.clerk.pk],
        },
    )
    page = c.get("/inspections/s/correction/?unit=山东齐都律师事务所").content.decode()
    assert "山东齐都律师事务所：历次检查与整改" in page


def _many(corr, n):
    plan = approved_plan(corr, title=f"计划{n}")
    for _ in range(n):
        check = check_with_findings(corr, plan, findings=1)
        services.issue_notice(corr.clerk, check.pk, date(2026, 10, 12))


@pytest.mark.parametrize(
    "url",
    [
        "/inspections/s/correction/",
        "/inspections/s/correction/plans/",
        "/inspections/s/correction/checks/",
        "/inspections/s/correction/rectifications/",
        "/inspections/s/correction/checks/?export=xlsx",
        "/inspections/s/correction/rectifications/?export=xlsx",
        "/inspections/s/correction/plans/?export=xlsx",
        "/inspections/",
    ],
)
def test_lists_take_a_constant_number_of_queries(corr, people, today, url):
    user = people.director if url == "/inspections/" else corr.clerk
    c = client(user)
    _many(corr, 1)
    c.get(url)
    with CaptureQueriesContext(connection) as one:
        assert c.get(url).status_code == 200
    _many(corr, 6)
    with CaptureQueriesContext(connection) as seven:
        assert c.get(url).status_code == 200
    assert len(seven) == len(one), url
