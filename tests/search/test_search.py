"""The top-bar search: by number, word, name, ID number and phone; only what the searcher may
open; personal data masked and its searches audited; the index follows edits; constant queries."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.audit.models import AuditEvent
from apps.matters.models import GeneralRequest
from apps.matters.processes import PROCESS_CODE
from apps.search.models import SearchEntry, SearchKey
from apps.workflow.models import Case
from tests.community_correction.factories import correction_people, new_subject
from tests.petitions.factories import ID_NUMBER, PHONE, new_petition

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

FULL_ID = re.compile(r"\d{17}[\dXx]")
NUMBER = "区司发〔2026〕12号"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def search(user, query, client=None):
    """Type into the top bar and follow the redirect, as the browser does."""
    client = client or client_for(user)
    response = client.post("/search/", {"q": query})
    assert response.status_code == 302
    return response, client.get(response["Location"])


def titles(page):
    return re.findall(r'<td><a href="/cases/\d+/">([^<]+)</a>', page.content.decode())


def new_case(user, title, number="", section=None, **extra):
    return Case.objects.create(
        process=PROCESS_CODE,
        title=title,
        number=number,
        section=section or user.section,
        initiator=user,
        status=Case.Status.ACTIVE,
        **extra,
    )


@pytest.fixture
def world(bureau, people):
    cases = {
        "visible": new_case(people.chief, "关于开展法治宣传活动的请示", NUMBER),
        "secret": new_case(people.chief, "法治宣传限定知悉范围事项", is_confidential=True),
        "other_section": new_case(people.outsider, "律师行业法治宣传方案"),
        "petition": new_petition(people.clerk),
    }
    return cases


def test_it_finds_a_number_typed_exactly_or_by_its_beginning_in_any_bracket_or_width(world, people):
    for typed in (NUMBER, "区司发[2026]12号", "区司发（２０２６）１２号", "区司发〔2026〕1"):
        response, page = search(people.clerk, typed)
        assert "q=" in response["Location"]
        assert titles(page)[:1] == ["关于开展法治宣传活动的请示"], typed
    assert "区司发〔2026〕12号" in search(people.clerk, NUMBER)[1].content.decode()


def test_a_two_character_word_inside_a_title_finds_only_what_the_searcher_may_open(world, people):
    _, page = search(people.clerk, "宣传")
    assert titles(page) == ["关于开展法治宣传活动的请示"]
    assert "共 1 件" in page.content.decode()
    # the chief holds the confidential case (initiator); the other section's case stays out
    assert sorted(titles(search(people.chief, "宣传")[1])) == sorted(
        ["关于开展法治宣传活动的请示", "法治宣传限定知悉范围事项"]
    )
    assert titles(search(people.outsider, "宣传")[1]) == ["律师行业法治宣传方案"]
    # characters that are in the title but not next to each other are no match
    assert titles(search(people.clerk, "宣活")[1]) == []


def test_a_single_character_and_several_words_together(world, people):
    assert "关于开展法治宣传活动的请示" in titles(search(people.clerk, "请")[1])
    assert titles(search(people.clerk, "法治 请示")[1]) == ["关于开展法治宣传活动的请示"]
    assert titles(search(people.clerk, "法治 信访")[1]) == []


def test_a_name_finds_the_petition(world, people):
    assert titles(search(people.clerk, "张三")[1]) == ["张三信访事项"]


def test_an_id_number_or_phone_search_is_exact_masked_and_audited(world, people):
    for typed in (ID_NUMBER, ID_NUMBER.lower(), "+86 138 0013 8000", PHONE):
        before = AuditEvent.objects.filter(event="search.personal_data").count()
        response, page = search(people.clerk, typed)
        text = page.content.decode()
        assert "k=" in response["Location"] and "13800138000" not in response["Location"]
        assert ID_NUMBER not in response["Location"]
        assert titles(page) == ["张三信访事项"], typed
        assert not FULL_ID.search(text) and PHONE not in text
        assert "1101**********002X" in text or "138****8000" in text
        events = AuditEvent.objects.filter(event="search.personal_data").order_by("-id")
        assert events.count() == before + 1
        detail = events.first().detail
        assert detail["results"] == 1 and detail["kinds"] in (["id_number"], ["phone"])
        assert ID_NUMBER not in str(detail) and PHONE not in str(detail)
    # a near miss (one digit off) finds nothing: the blind index matches whole values only
    assert titles(search(people.clerk, "11010519491231003X")[1]) == []


def test_a_plain_word_search_is_not_audited(world, people):
    search(people.clerk, "宣传")
    search(people.clerk, "张三")
    assert not AuditEvent.objects.filter(event="search.personal_data").exists()


def test_a_query_longer_than_the_box_allows_is_refused_with_a_message(world, people):
    client = client_for(people.clerk)
    for response in (
        client.post("/search/", {"q": "宣" * 201}, follow=True),
        client.get("/search/", {"q": "宣" * 201}, follow=True),
    ):
        assert "搜索内容过长" in response.content.decode()
        assert titles(response) == []
    # the limit itself is allowed
    assert search(people.clerk, "宣" * 200)[1].status_code == 200


def test_a_correction_subject_outside_the_searchers_remit_is_neither_shown_nor_counted(bureau, people):
    cc = correction_people(bureau)
    subject = new_subject(cc, 7, name="王五")
    for query in (subject.id_number.plain, "王五"):
        page = search(people.clerk, query)[1]
        assert titles(page) == [] and "共 0 件" in page.content.decode(), query
        assert titles(search(cc.qd, query)[1]) == [], query  # another 司法所
        assert titles(search(cc.clerk, query)[1]) == [subject.case.title], query


def test_the_index_follows_edits_of_the_case_and_new_section_records(world, people):
    case = world["visible"]
    case.title = "关于开展普法讲座的请示"
    case.save(update_fields=["title"])
    assert titles(search(people.clerk, "宣传")[1]) == []
    assert titles(search(people.clerk, "普法")[1]) == ["关于开展普法讲座的请示"]
    record = GeneralRequest.objects.create(case=case, body="邀请社区调解员参加", amount=0)
    assert titles(search(people.clerk, "调解员")[1]) == ["关于开展普法讲座的请示"]
    record.body = "邀请律师参加"
    record.save()
    assert titles(search(people.clerk, "调解员")[1]) == []
    record.delete()
    assert titles(search(people.clerk, "律师参加")[1]) == []


def test_the_rebuild_command_restores_a_lost_index(world, people):
    SearchKey.objects.all().delete()
    SearchEntry.objects.all().delete()
    assert titles(search(people.clerk, "张三")[1]) == []
    call_command("rebuild_search_index", verbosity=0)
    assert titles(search(people.clerk, "张三")[1]) == ["张三信访事项"]
    assert titles(search(people.clerk, ID_NUMBER)[1]) == ["张三信访事项"]
    assert titles(search(people.clerk, "区司发〔2026〕12号")[1]) == ["关于开展法治宣传活动的请示"]


def test_the_index_holds_no_personal_data_in_full(world):
    with connection.cursor() as cursor:
        cursor.execute("SELECT parts::text || text FROM search_searchentry")
        stored = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT string_agg(value || masked, ' ') FROM search_searchkey")
        stored += cursor.fetchone()[0]
    assert "张三" in stored and ID_NUMBER not in stored and PHONE not in stored


def test_results_take_a_constant_number_of_queries(world, people):
    client = client_for(people.clerk)
    client.get("/search/?q=宣传")  # session, user: warm
    with CaptureQueriesContext(connection) as one:
        assert client.get("/search/?q=宣传").status_code == 200
    for i in range(25):
        new_case(people.clerk, f"第{i}次法治宣传工作安排", f"区司发〔2026〕{100 + i}号")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/search/?q=宣传")
    assert len(titles(page)) == 20 and "下一页" in page.content.decode()
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_fenced_page_is_search_cases_page_by_page(world, people):
    """page_of (the matches fenced before the visibility rules, PostgreSQL) returns exactly the
    cases, order and total of the plain search_cases queryset, on every page."""
    from django.db.models import Count, Window

    from apps.search.query import page_of, parse, search_cases

    for i in range(25):
        new_case(people.clerk, f"第{i}次法治宣传工作安排", f"区司发〔2026〕{100 + i}号")
    for user in (people.clerk, people.chief, people.outsider):
        for query in ("宣传", "法治 宣传", "区司发〔2026〕1", ID_NUMBER):
            parsed = parse(query)
            plain = search_cases(user, parsed).annotate(hits=Window(Count("pk")))
            for offset in (0, 20):
                expected = [(c.pk, c.hits) for c in plain[offset : offset + 20]]
                assert [(c.pk, c.hits) for c in page_of(user, parsed, offset, 20)] == expected, (query, offset)
