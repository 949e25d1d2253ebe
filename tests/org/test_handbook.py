from django.core.management import call_command
from django.urls import reverse

from apps.org.models import Procedure, Section, WorkTask


def test_load_bureau_is_repeatable(db):
    call_command("load_bureau")
    call_command("load_bureau")
    assert Section.objects.filter(kind=Section.Kind.SECTION).count() == 8
    assert Section.objects.filter(kind=Section.Kind.JUDICIAL_OFFICE).exists()


def test_the_handbook_links_each_task_to_its_procedure(client, people):
    client.force_login(people.clerk)
    body = client.get(reverse("org:handbook", args=["office"])).content.decode()
    task = WorkTask.objects.get(section__code="office", number=7)
    assert task.text in body
    assert reverse("org:procedure", args=["1.1.5"]) in body
    assert "正职岗位" in body and "行政编制" in body
    assert "办公室主任" in body  # the people in the section


def test_a_procedure_links_to_the_portal_page_that_runs_it_once_it_exists(client, people):
    # every procedure has its page now (issue 18): take one away to see the link come back
    procedure = Procedure.objects.get(code="1.1.3")
    procedure.portal_url_name = ""
    procedure.save()
    client.force_login(people.clerk)
    link = f'{reverse("matters:list")}">进入办理'
    before = client.get(reverse("org:handbook", args=["office"])).content.decode()
    assert link not in before
    procedure.portal_url_name = "matters:list"
    procedure.save()
    body = client.get(reverse("org:handbook", args=["office"])).content.decode()
    assert link in body and body.count("进入办理") == before.count("进入办理") + 1
    # 1.1.9 印章管理 is run by the seals pages, 1.1.5 信访 by the petitions pages (fixtures/org_catalogue.json)
    assert f'{reverse("seals:use_list")}">进入办理' in body
    assert f'{reverse("petitions:list")}">进入办理' in body


def test_the_procedure_page_shows_its_full_text(client, people):
    client.force_login(people.clerk)
    body = client.get(reverse("org:procedure", args=["1.1.5"])).content.decode()
    assert "信访" in body and "流程标准" in body
