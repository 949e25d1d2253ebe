"""Pages: who sees what (the section, its division leader and the director; nobody else), the
intake refused outside the section, lists and exports in a constant number of queries, prints."""

from datetime import date

import pytest
from django.test import Client

from apps.normative_files.models import Kind
from tests.normative_files.factories import ALL, new_review, published

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


def test_only_the_section_its_leader_and_the_director_see_a_review(team, today):
    today.set(date(2026, 10, 20))
    case = new_review(team.handler, title="可见性测试文件")
    for user in (team.handler, team.colleague, team.chief, team.leader, team.director):
        c = client(user)
        assert c.get(f"/cases/{case.pk}/").status_code == 200
        assert "可见性测试文件" in c.get("/normative-files/").content.decode()
    for user in (team.office, team.office_leader, team.outsider):
        c = client(user)
        assert c.get(f"/cases/{case.pk}/").status_code == 404
        assert "可见性测试文件" not in c.get("/normative-files/").content.decode()
        assert c.get(f"/normative-files/{case.pk}/print/opinion.pdf").status_code == 404
    assert client(team.office).get("/normative-files/new/").status_code == 403
    assert client(team.handler).get("/normative-files/new/").status_code == 200


def test_the_case_page_explains_both_limits_and_the_handler_gets_the_forms(team, today):
    today.set(date(2026, 10, 20))
    case = new_review(team.handler, received_on=date(2026, 9, 29))
    body = client(team.handler).get(f"/cases/{case.pk}/").content.decode()
    assert "本局审核期限 5 个工作日" in body and "最长期限 15 个工作日" in body
    assert "不少于5个工作日" in body and "外限" in body
    assert "审核要点（初审）" in body and "中止计时" in body
    # the chief sees the page but not the handler's forms
    assert "审核要点（初审）" not in client(team.chief).get(f"/cases/{case.pk}/").content.decode()


def test_posting_a_move_through_the_page(team, today):
    today.set(date(2026, 10, 20))
    case = new_review(team.handler, received_on=date(2026, 9, 29))
    c = client(team.handler)
    response = c.post(
        f"/normative-files/{case.pk}/pause", {"kind": "expert", "reason": "专家论证", "on_date": "2026-09-30"}
    )
    assert response.status_code == 302
    response = c.post(
        f"/normative-files/{case.pk}/pause", {"kind": "expert", "reason": "专家论证", "on_date": "2026-09-30"}
    )
    assert response.status_code == 409  # the second click: already paused
    assert client(team.colleague).post(
        f"/normative-files/{case.pk}/resume", {"result": "x", "on_date": "2026-10-09"}
    ).status_code in (404, 409)


def test_lists_and_exports_take_a_constant_number_of_queries(team, today, django_assert_max_num_queries):
    today.set(date(2026, 10, 20))
    published(team, title="文件一")
    new_review(team.handler, materials=ALL[:3], title="退回的文件")
    new_review(team.handler, kind=Kind.DECISION, materials=["draft", "basis", "procedure"], title="决策一")
    c = client(team.director)
    pages = (
        "/normative-files/",
        "/normative-files/decisions/",
        "/normative-files/filings/",
        "/normative-files/catalogue/",
        "/normative-files/cleanups/",
        "/normative-files/?export=xlsx",
        "/normative-files/filings/?export=xlsx",
        "/normative-files/catalogue/?export=xlsx",
        "/normative-files/decisions/?export=xlsx",
    )
    counts = {}
    for url in pages:
        with django_assert_max_num_queries(40) as ctx:
            assert c.get(url).status_code == 200
        counts[url] = len(ctx.captured_queries)
    published(team, title="文件二", received_on=date(2026, 9, 15))
    published(team, title="文件三", received_on=date(2026, 9, 16), published_on=date(2026, 9, 17))
    new_review(team.handler, materials=ALL[:2], title="退回的文件二")
    new_review(team.handler, kind=Kind.DECISION, materials=["draft", "basis", "procedure"], title="决策二")
    for url in pages:
        with django_assert_max_num_queries(counts[url]):
            assert c.get(url).status_code == 200


def test_prints_and_the_figures(team, today):
    today.set(date(2026, 10, 20))
    case = published(team)
    c = client(team.handler)
    for form in ("opinion", "registration"):
        response = c.get(f"/normative-files/{case.pk}/print/{form}.pdf")
        assert response.status_code == 200 and response["content-type"] == "application/pdf"
    assert c.get(f"/normative-files/{case.pk}/print/return.pdf").status_code == 302  # never returned
    registered = "/normative-files/?registered=2026"  # the figure links to the rows it counts
    body = c.get("/normative-files/figures/?year=2026").content.decode()
    assert f'<td>统一登记编号</td><td class="num"><a href="{registered}">1</a>' in body
    office = client(team.office).get("/normative-files/figures/?year=2026").content.decode()
    assert f'<td>统一登记编号</td><td class="num"><a href="{registered}">0</a>' in office
    assert "按本人可见范围统计" in office
