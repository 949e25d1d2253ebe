"""One person, all their matters: the panel on a person's page lists the other matters of the
same ID number the viewer may open, and only counts the others."""

import pytest
from django.test import Client

from apps.petitions.models import Petition
from apps.search.persons import other_matters
from tests.community_correction.factories import correction_people, new_subject
from tests.petitions.factories import ID_NUMBER, new_petition

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def matters(bureau, people):
    cc = correction_people(bureau)
    return {
        "first": new_petition(people.clerk),
        "again": new_petition(people.clerk, title="张三再次来信反映邻里纠纷"),
        "stranger": new_petition(people.clerk, petitioner="李四", title="李四信访事项", id_number="110105194912310021"),
        "subject": new_subject(cc, 3, name="张三", id_number=ID_NUMBER),
        "cc": cc,
    }


def test_the_petition_page_lists_the_persons_visible_matters_and_counts_the_hidden(matters, people):
    page = client_for(people.clerk).get(f"/cases/{matters['first'].pk}/").content.decode()
    panel = page[page.index('class="card same-person"') :]
    panel = panel[: panel.index("</section>")]
    assert "张三再次来信反映邻里纠纷" in panel
    assert f"/cases/{matters['again'].pk}/" in panel
    assert "李四" not in panel  # another person
    assert f"/cases/{matters['first'].pk}/" not in panel  # the page's own matter
    # the correction case: counted, never described
    assert "另有 <b>1</b> 件该当事人的事项您无权查看" in panel
    assert matters["subject"].case.title not in panel and "矫正" not in panel


def test_the_correction_section_sees_the_petitions_it_may_open_and_counts_the_rest(matters, people):
    cc = matters["cc"]
    # the correction clerk may open neither petition (another section): both only counted
    found = other_matters(cc.clerk, matters["subject"], "id_number")
    assert found.rows == [] and found.hidden == 2
    # the office's division leader opens the petitions but not the correction case (its audience)
    found = other_matters(people.leader, Petition.objects.get(case=matters["first"]), "id_number")
    assert [case.pk for case, _ in found.rows] == [matters["again"].pk] and found.hidden == 1
    # the director's audience includes correction: everything listed, nothing hidden
    found = other_matters(people.director, Petition.objects.get(case=matters["first"]), "id_number")
    assert {case.pk for case, _ in found.rows} == {matters["again"].pk, matters["subject"].case_id}
    assert found.hidden == 0


def test_the_panel_is_the_same_two_queries_for_one_matter_or_many(matters, people, django_assert_num_queries):
    petition = Petition.objects.get(case=matters["first"])
    with django_assert_num_queries(2):
        other_matters(people.clerk, petition, "id_number")
    for i in range(5):
        new_petition(people.clerk, title=f"张三第{i}次来信")
    with django_assert_num_queries(2):
        found = other_matters(people.clerk, petition, "id_number")
    assert found.visible == 6 and found.hidden == 1
