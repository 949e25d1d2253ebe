"""Pages: receiving from the form (errors in Chinese, nothing lost), default deny with the lead
and co-handling sections let in, the phone masked per role, the case-page forms, prints, the
three reports and the register with a constant number of queries."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from apps.accounts.models import Rank
from apps.proposals.models import Proposal
from tests.conftest import make_user
from tests.proposals.factories import PHONE, Co, approve_reply, assign, contact, draft, on, receive, session

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_it_receives_from_the_form(people, bureau):
    s = session()
    with on(date(2026, 3, 11)):
        response = client_for(people.clerk).post(
            "/proposals/new/",
            {
                "kind": "suggestion",
                "session": s.pk,
                "number": "12",
                "title": "关于加强农村法律顾问服务的建议",
                "proposers": "李建华",
                "delegation": "敬仲镇代表团",
                "contact_phone": PHONE,
                "content": "建议每村配备法律顾问。",
                "received_on": "2026-03-11",
                "assigned_on": "2026-03-10",
            },
        )
    p = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == p.case.get_absolute_url()
    assert p.number == "第12号" and p.case.title == "建议第12号：关于加强农村法律顾问服务的建议"
    assert p.case.due_date <= date(2026, 6, 10)


def test_bad_input_is_explained_in_chinese_and_kept(people, bureau):
    s = session(kind="proposal")
    with on(date(2026, 3, 11)):
        response = client_for(people.clerk).post(
            "/proposals/new/",
            {
                "kind": "suggestion",
                "session": s.pk,
                "number": "十二",
                "title": "",
                "proposers": "李建华",
                "content": "建议每村配备法律顾问。",
                "received_on": "2026-03-20",
                "assigned_on": "2026-03-10",
            },
        )
    body = response.content.decode()
    assert response.status_code == 200 and not Proposal.objects.exists()
    for text in (
        "所选届次会议与类别不符",
        "编号请填写数字",
        "请填写标题",
        "接收日期不能晚于今天",
        "建议每村配备法律顾问。",
    ):
        assert text in body, text


def test_only_the_office_receives(people, bureau):
    assert client_for(people.outsider).get("/proposals/new/").status_code == 403
    assert client_for(people.clerk).get("/proposals/new/").status_code == 200


def test_without_sessions_the_form_says_who_adds_them(people, bureau):
    # a new bureau, or the first suggestion of a new year: the clerk learns why the list is empty
    page = client_for(people.clerk).get("/proposals/new/").content.decode()
    assert "请系统管理员在后台“建议提案届次会议”中添加" in page
    session()
    assert "请系统管理员" not in client_for(people.clerk).get("/proposals/new/").content.decode()


def test_visibility_default_deny_with_lead_and_co_sections_let_in(people, bureau):
    co = Co(bureau)
    stranger = make_user("corrclerk", bureau["correction"], Rank.STAFF)
    case = receive(people)
    assert client_for(people.outsider).get(case.get_absolute_url()).status_code == 404
    assign(case, people, bureau, co)
    for user in (people.outsider, co.clerk, co.chief, people.other_leader):
        assert client_for(user).get(case.get_absolute_url()).status_code == 200, user
        assert "关于推进公共法律服务站点建设" in client_for(user).get("/proposals/").content.decode()
    assert client_for(stranger).get(case.get_absolute_url()).status_code == 404
    assert "关于推进公共法律服务站点建设" not in client_for(stranger).get("/proposals/").content.decode()


def test_the_phone_is_masked_for_everyone_but_the_handlers(people, bureau):
    co = Co(bureau)
    case = assign(receive(people), people, bureau, co)
    for user in (
        people.clerk,
        people.chief,
        people.leader,
        people.director,
        people.other_chief,
        co.clerk,
        people.outsider,
    ):
        for url in ("/proposals/", case.get_absolute_url(), "/proposals/?export=xlsx"):
            assert PHONE.encode() not in client_for(user).get(url).content, (user, url)
    for user in (people.clerk, people.other_chief):  # who registered it; the lead section's handler
        assert "pii-reveal" in client_for(user).get(case.get_absolute_url()).content.decode(), user
    for user in (people.director, people.chief, co.chief, people.outsider):
        assert "pii-reveal" not in client_for(user).get(case.get_absolute_url()).content.decode(), user
    reveal = f"/privacy/reveal/proposals.proposal/{case.proposal.pk}/contact_phone/"
    assert PHONE in client_for(people.other_chief).post(reveal, {"reason": "电话约定面商时间"}).content.decode()
    assert PHONE not in client_for(co.chief).post(reveal, {"reason": "想看"}).content.decode()


def test_case_page_forms_keep_what_was_typed(people, bureau):
    co = Co(bureau)
    case = assign(receive(people), people, bureau, co)
    page = client_for(co.clerk).get(case.get_absolute_url()).content.decode()
    assert f"/proposals/{case.pk}/co-opinion" in page and f"/proposals/{case.pk}/contact" not in page
    handler = client_for(people.other_chief)
    page = handler.get(case.get_absolute_url()).content.decode()
    assert f"/proposals/{case.pk}/contact" in page and f"/proposals/{case.pk}/co-opinion" not in page
    response = handler.post(f"/proposals/{case.pk}/reply", {"text": "答复草稿第一稿", "category": "A"})
    body = response.content.decode()
    assert response.status_code == 409 and "须与代表联系沟通" in body and "答复草稿第一稿" in body
    response = handler.post(
        f"/proposals/{case.pk}/contact", {"on_date": "", "form": "meeting", "participants": "", "view": "x"}
    )
    assert response.status_code == 409 and "请填写面商日期" in response.content.decode()
    response = client_for(co.clerk).post(
        f"/proposals/{case.pk}/co-opinion", {"text": "会办意见", "on_date": str(date.today())}
    )
    assert response.status_code == 302 and case.proposal.co_opinions.count() == 1


def test_prints_follow_the_stage(people, bureau):
    case = receive(people)
    clerk = client_for(people.clerk)
    assert clerk.get(f"/proposals/{case.pk}/print/assignment.pdf").status_code == 302
    assign(case, people, bureau)
    response = clerk.get(f"/proposals/{case.pk}/print/assignment.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert clerk.get(f"/proposals/{case.pk}/print/reply.pdf").status_code == 302
    contact(case, people, date(2026, 3, 20))
    draft(case, people, date(2026, 3, 20))
    approve_reply(case, people, date(2026, 3, 23))
    assert clerk.get(f"/proposals/{case.pk}/print/reply.pdf").status_code == 200


def _rows(response):
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    return [row for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_three_reports_each_with_its_own_items(people, bureau):
    receive(people, number=12)
    receive(people, number=7, kind="proposal")
    clerk = client_for(people.clerk)
    npc = _rows(clerk.get("/proposals/?export=xlsx&report=npc"))
    cppcc = _rows(clerk.get("/proposals/?export=xlsx&report=cppcc"))
    gov = _rows(clerk.get("/proposals/?export=xlsx&report=gov"))
    assert [r[2] for r in npc] == ["第12号"] and npc[0][0] == "人大代表建议"
    assert [r[2] for r in cppcc] == ["第7号"] and cppcc[0][0] == "政协委员提案"
    assert sorted(r[2] for r in gov) == ["第12号", "第7号"]
    assert clerk.get("/proposals/?export=xlsx&report=nobody").status_code == 404


def test_filters(people, bureau):
    co = Co(bureau)
    handling = assign(receive(people, number=1), people, bureau, co)
    receive(people, number=2)
    clerk = client_for(people.clerk)
    body = clerk.get("/proposals/?stage=review").content.decode()
    assert "建议" in body and f'href="{handling.get_absolute_url()}"' not in body
    body = clerk.get(f"/proposals/?section={co.section.pk}").content.decode()
    assert f'href="{handling.get_absolute_url()}"' in body
    # the earliest running clock is the co-handling opinion's, due Fri 10 April
    with on(date(2026, 4, 13)):
        assert f'href="{handling.get_absolute_url()}"' in clerk.get("/proposals/?overdue=on").content.decode()
    with on(date(2026, 4, 10)):
        assert f'href="{handling.get_absolute_url()}"' not in clerk.get("/proposals/?overdue=on").content.decode()


def test_the_register_issues_a_constant_number_of_queries(people, bureau):
    co = Co(bureau)
    clerk = client_for(people.clerk)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert clerk.get("/proposals/").status_code == 200
        return len(ctx.captured_queries)

    assign(receive(people, number=1), people, bureau, co)
    small = count()
    for n in range(2, 7):
        case = assign(receive(people, number=n), people, bureau, co)
        contact(case, people, date(2026, 3, 20))
    assert count() == small
