"""The registers of the supervised (firms and branches, lawyers incl. 公职律师 and 公司律师,
legal advisers): who sees them (the lawyers section, its division leader, the director),
who keeps them (the section's staff), history, Excel, masking, query counts."""

from datetime import date

import pytest
from django.test import Client

from apps.lawyers.models import LawFirm, Lawyer, LegalAdviser
from tests.lawyers.factories import make_firm, make_lawyer

pytestmark = pytest.mark.django_db


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def test_the_section_its_leader_and_the_director_see_the_registers_others_do_not(bureau, people):
    p = people
    firm = make_firm()
    lawyer = make_lawyer(firm)
    for user in (p.outsider, p.other_chief, p.other_leader, p.director):
        c = client_for(user)
        assert "山东齐都律师事务所" in c.get("/lawyers/firms/").content.decode(), user
        assert c.get(f"/lawyers/firms/{firm.pk}/").status_code == 200
        assert c.get(f"/lawyers/lawyers/{lawyer.pk}/").status_code == 200
        assert LawFirm.objects.visible_to(user).count() == 1
    for user in (p.clerk, p.chief, p.leader):  # the office and another division leader
        c = client_for(user)
        assert "山东齐都律师事务所" not in c.get("/lawyers/firms/").content.decode(), user
        assert c.get(f"/lawyers/firms/{firm.pk}/").status_code == 404
        assert c.get(f"/lawyers/lawyers/{lawyer.pk}/").status_code == 404
        assert Lawyer.objects.visible_to(user).count() == 0
        export = c.get("/lawyers/lawyers/?export=xlsx")
        assert export.status_code == 200


def test_only_the_sections_staff_keep_the_registers_with_history(bureau, people):
    p = people
    assert client_for(p.other_leader).get("/lawyers/firms/new/").status_code == 403
    assert client_for(p.clerk).get("/lawyers/lawyers/new/").status_code == 403
    c = client_for(p.outsider)
    response = c.post(
        "/lawyers/firms/new/",
        {
            "name": "山东稷下律师事务所",
            "kind": "partnership",
            "licence_no": "23703201510987654",
            "licensed_on": "2015-06-01",
            "head": "孔令华",
            "address": "临淄区晏婴路55号",
            "status": "practising",
        },
    )
    firm = LawFirm.objects.get(name="山东稷下律师事务所")
    assert response.status_code == 302
    # A 公职律师 practises in a unit, not a firm; a 专职律师 needs a firm.
    response = c.post(
        "/lawyers/lawyers/new/",
        {"name": "孙浩然", "kind": "public", "licence_no": "X1", "licensed_on": "2021-07-01", "status": "practising"},
    )
    assert response.status_code == 200 and "所在单位" in response.content.decode()
    c.post(
        "/lawyers/lawyers/new/",
        {
            "name": "孙浩然",
            "kind": "public",
            "employer": "临淄区司法局",
            "licence_no": "X1",
            "licensed_on": "2021-07-01",
            "status": "practising",
            "phone": "13912345678",
        },
    )
    lawyer = Lawyer.objects.get(name="孙浩然")
    assert lawyer.practice_place == "临淄区司法局"
    c.post(
        f"/lawyers/firms/{firm.pk}/edit/",
        {
            "name": firm.name,
            "kind": "partnership",
            "licence_no": firm.licence_no,
            "licensed_on": "2015-06-01",
            "head": "新负责人",
            "address": firm.address,
            "status": "suspended",
            "status_since": "2026-11-01",
        },
    )
    firm.refresh_from_db()
    assert firm.head == "新负责人" and firm.history.count() == 2
    assert firm.history.first().history_user == p.outsider
    page = c.get(f"/lawyers/firms/{firm.pk}/").content.decode()
    assert "变更历史" in page and "修改" in page


def test_a_lawyers_phone_is_masked_and_only_the_sections_staff_may_reveal_it(bureau, people):
    p = people
    lawyer = make_lawyer(make_firm())
    page = client_for(p.other_leader).get(f"/lawyers/lawyers/{lawyer.pk}/").content.decode()
    assert "13912345678" not in page and "pii-reveal" not in page
    page = client_for(p.outsider).get(f"/lawyers/lawyers/{lawyer.pk}/").content.decode()
    assert "13912345678" not in page and "pii-reveal" in page
    response = client_for(p.outsider).post(
        f"/privacy/reveal/lawyers.lawyer/{lawyer.pk}/phone/", {"reason": "联系律师核实投诉"}
    )
    assert "13912345678" in response.content.decode()


def test_advisers_register_and_excel(bureau, people):
    firm = make_firm()
    LegalAdviser.objects.create(
        unit="临淄区人民政府",
        adviser="李明远",
        kind="outside_lawyer",
        firm=firm,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    c = client_for(people.outsider)
    assert "临淄区人民政府" in c.get("/lawyers/advisers/").content.decode()
    response = c.get("/lawyers/advisers/?export=xlsx")
    assert response.status_code == 200 and "spreadsheet" in response["Content-Type"]


@pytest.mark.parametrize("url", ["/lawyers/firms/", "/lawyers/lawyers/", "/lawyers/advisers/", "/lawyers/"])
def test_register_lists_cost_a_constant_number_of_queries(bureau, people, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(people.outsider)
    firm = make_firm()
    make_lawyer(firm)
    LegalAdviser.objects.create(
        unit="单位", adviser="某", kind="expert", firm=firm, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    c.get(url)
    with CaptureQueriesContext(connection) as one:
        c.get(url)
    for i in range(8):
        f = make_firm(name=f"所{i}", licence_no=f"L{i}")
        make_lawyer(f, name=f"律师{i}", licence_no=f"N{i}")
        LegalAdviser.objects.create(
            unit=f"单位{i}", adviser="某", kind="expert", firm=f, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert c.get(url).status_code == 200
