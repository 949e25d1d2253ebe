"""信息化项目 (seed 000 1.8): the approval chain from rule rows (the director only from the
threshold), procurement with the collective decision before the contract, acceptance signed by
the vendor, the using section and IT; refusals; who sees; the register's queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.it_projects import services
from apps.it_projects.models import Project
from apps.workflow import api
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, Task

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def client(user):
    c = Client()
    c.force_login(user)
    return c


def request(people, bureau, budget):
    return services.request_project(
        people.clerk,
        {
            "title": "自助终端",
            "source": "section",
            "user_section": bureau["lawyers"],
            "need": "终端 1 台",
            "plan": "网上商城采购",
            "budget": Decimal(budget),
        },
    )


def approvers(case):
    case.refresh_from_db()
    people = []
    while task := case.tasks.filter(status=Task.Status.PENDING, kind=Task.Kind.APPROVE).first():
        people.append(task.assignee)
        api.approve(case.pk, task.pk, task.assignee, "同意")
    return people


def procure(project, user, **kw):
    today = TODAY()
    data = {
        "bigdata_review_on": today - timedelta(days=20),
        "finance_review_on": today - timedelta(days=15),
        "procurement": "mall",
        "vendor": "某公司",
        "contract_amount": Decimal("4000"),
        "contract_on": today - timedelta(days=10),
        **kw,
    }
    return services.record_procurement(project.case_id, user, data)


def test_the_director_joins_the_chain_from_5000(people, bureau):
    below = request(people, bureau, "4999.99")
    assert approvers(below.case) == [people.chief, people.leader]
    at = request(people, bureau, "5000.00")
    assert approvers(at.case) == [people.chief, people.leader, people.director]


def test_a_project_at_the_threshold_needs_the_collective_decision_before_the_contract(people, bureau):
    project = request(people, bureau, "5000.00")
    approvers(project.case)
    with pytest.raises(TransitionError, match="局班子集体研究日期"):
        procure(project, people.clerk)
    with pytest.raises(TransitionError, match="先报告后支出"):
        procure(project, people.clerk, collective_decision_on=TODAY() - timedelta(days=5))
    procure(project, people.clerk, collective_decision_on=TODAY() - timedelta(days=12))


def test_acceptance_needs_the_using_section_and_it_signatories(people, bureau):
    project = request(people, bureau, "3000")
    approvers(project.case)
    procure(project, people.clerk)
    data = {
        "accepted_on": TODAY(),
        "vendor_signatory": "张工",
        "user_signatory": people.colleague,  # not of the lawyers' section
        "it_signatory": people.clerk,
        "acceptance_opinion": "合格",
        "asset_name": "终端",
        "asset_value": Decimal("4000"),
        "asset_location": "大厅",
    }
    with pytest.raises(TransitionError, match="律师"):
        services.record_acceptance(project.case_id, people.clerk, data)
    with pytest.raises(TransitionError, match="信息化部门验收人"):
        services.record_acceptance(
            project.case_id,
            people.clerk,
            {**data, "user_signatory": people.outsider, "it_signatory": people.other_chief},
        )
    with pytest.raises(TransitionError):
        services.record_acceptance(project.case_id, people.colleague, {**data, "user_signatory": people.outsider})
    services.record_acceptance(project.case_id, people.clerk, {**data, "user_signatory": people.outsider})
    project.refresh_from_db()
    assert project.case.status == Case.Status.CLOSED and project.asset_keeper == people.outsider
    pdf = client(people.leader).get(f"/it-projects/{project.case_id}/acceptance.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    services.set_asset_card(project.case_id, people.clerk, "ZC-2026-001")
    project.refresh_from_db()
    assert project.asset_card_no == "ZC-2026-001"


def test_who_sees_projects_and_the_form_keeps_what_was_typed(people, bureau):
    project = request(people, bureau, "100")
    for user in (people.clerk, people.chief, people.leader, people.director):
        assert client(user).get("/it-projects/").status_code == 200
        assert client(user).get(f"/cases/{project.case_id}/").status_code == 200
    assert client(people.outsider).get(f"/cases/{project.case_id}/").status_code == 404
    assert not Project.objects.visible_to(people.outsider).exists()
    from django.urls import reverse

    response = client(people.clerk).post(
        reverse("it_projects:new"),
        {"title": "终端乙", "source": "section", "need": "需求乙", "plan": "方案", "budget": "0"},
    )
    assert response.status_code == 400 and "需求乙" in response.content.decode()


def test_the_register_costs_the_same_at_one_and_many(people, bureau):
    from django.urls import reverse

    request(people, bureau, "100")
    url = reverse("it_projects:home")

    def count(u):
        with CaptureQueriesContext(connection) as ctx:
            assert client(people.chief).get(u).status_code == 200
        return len(ctx.captured_queries)

    few = [count(url), count(url + "?export=xlsx")]
    for _ in range(5):
        request(people, bureau, "200")
    assert [count(url), count(url + "?export=xlsx")] == few
