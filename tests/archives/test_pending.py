"""待归档 lists exactly what still needs archiving (issue 13 item 8).

A case counts as archived however it was archived: through the archive form (an ArchiveItem with
its 档号, the case 已归档) or by the engine's 归档 alone (the case 已归档 without an entry). Neither
is 待归档; the second is listed apart (已归档、未编目) so its 档号 is not forgotten. The case page's
归档 now opens the archive form, so new cases are always catalogued as they are archived.
"""

import pytest
from django.test import Client
from django.utils import timezone

from apps.archives import services
from apps.archives.models import ArchiveItem, Retention
from apps.workflow import services as engine
from apps.workflow.models import Case
from tests.archives.factories import closed_request

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def four(people, active_fonds, monkeypatch):
    """Four finished office requests: archived through the form, marked archived by the engine,
    catalogued after being marked, and one still waiting."""
    monkeypatch.setattr(services, "render_copy", lambda case, user: ("x.pdf", b"%PDF-1.7\n/Type /Page\n", 1, "PDF"))
    cases = {
        key: closed_request(people.clerk, title, people.chief)
        for key, title in (
            ("form", "关于经档案页归档的请示"),
            ("engine", "关于只在事项页标记归档的请示"),
            ("both", "关于标记归档后又编目的请示"),
            ("waiting", "关于尚未归档的请示"),
        )
    }
    services.archive_case(cases["form"].pk, people.archivist, Retention.SHORT)
    engine.archive(cases["engine"].pk, people.archivist)
    engine.archive(cases["both"].pk, people.archivist)
    services.archive_case(cases["both"].pk, people.archivist, Retention.SHORT)
    return cases


def ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_only_the_closed_unarchived_case_is_pending(four, people):
    for user in (people.archivist, people.chief):
        assert ids(services.pending_cases(user)) == {four["waiting"].pk}
        assert ids(services.uncatalogued_cases(user)) == {four["engine"].pk}
    statuses = dict(Case.objects.filter(pk__in=[c.pk for c in four.values()]).values_list("pk", "status"))
    assert statuses[four["waiting"].pk] == Case.Status.CLOSED
    assert {statuses[four[k].pk] for k in ("form", "engine", "both")} == {Case.Status.ARCHIVED}


def test_the_page_lists_pending_cases_and_shows_uncatalogued_ones_apart(four, people):
    response = client_for(people.archivist).get("/archives/pending/")
    assert [c.pk for c in response.context["page"].object_list] == [four["waiting"].pk]
    assert [c.pk for c in response.context["uncatalogued"]] == [four["engine"].pk]
    assert response.context["uncatalogued_count"] == 1
    body = response.content.decode()
    pending_table = body[: body.index("已归档、未编目")]
    assert "关于尚未归档的请示" in pending_table
    for title in ("关于经档案页归档的请示", "关于只在事项页标记归档的请示", "关于标记归档后又编目的请示"):
        assert title not in pending_table, title
    assert '<span class="status archived">' not in pending_table
    # the same filters narrow both lists
    next_year = timezone.localdate().year + 1
    response = client_for(people.archivist).get(f"/archives/pending/?year={next_year}")
    assert not response.context["page"].object_list and not response.context["uncatalogued_count"]
    assert "已归档、未编目" not in response.content.decode()


def test_an_uncatalogued_case_is_catalogued_through_the_form(four, people):
    case = four["engine"]
    client = client_for(people.archivist)
    form = client.get(f"/archives/pending/{case.pk}/")
    assert form.status_code == 200 and "编目并编号" in form.content.decode()
    response = client.post(f"/archives/pending/{case.pk}/", {"retention": "D10", "title": case.title})
    item = ArchiveItem.objects.get(case=case)
    assert response["Location"] == f"/archives/items/{item.pk}/"
    assert not services.uncatalogued_cases(people.archivist).exists()
    # an archived, catalogued case is no longer offered by the form
    assert client.get(f"/archives/pending/{four['form'].pk}/").status_code == 404


def test_the_case_page_archives_through_the_catalogue_form(four, people):
    case = four["waiting"]
    client = client_for(people.archivist)
    body = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/archives/pending/{case.pk}/"' in body
    assert f'action="/cases/{case.pk}/archive"' not in body
    # a stale page's POST leads to the form and marks nothing
    response = client.post(f"/cases/{case.pk}/archive", {"version": case.version})
    assert response.status_code == 302 and response["Location"] == f"/archives/pending/{case.pk}/"
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert ids(services.pending_cases(people.archivist)) == {case.pk}


def test_a_loan_is_left_to_the_engines_archive(people, active_fonds, monkeypatch):
    """Loans are not documents (sources.exclude): the case page keeps the engine's plain 归档."""
    monkeypatch.setattr(services, "render_copy", lambda case, user: ("x.pdf", b"%PDF-1.7\n/Type /Page\n", 1, "PDF"))
    request = closed_request(people.clerk, "关于可借阅的请示", people.chief)
    item = services.archive_case(request.pk, people.archivist, Retention.SHORT)
    loan = services.save_loan(people.clerk, {"items": [item], "purpose": "查阅", "mode": "read", "days": 1})
    assert services.archive_page(loan.case) == ""
    assert services.archive_page(request).endswith(f"/archives/pending/{request.pk}/")
