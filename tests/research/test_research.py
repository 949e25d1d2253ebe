"""调研工作 (seed 000 1.6): a topic through the plan approval (division leader), the draft, the
report approval (division leader, then the director) from ApprovalRule rows, the final report
and its use; refusals; who sees; the register's queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.research import services
from apps.research.models import Topic, Use
from apps.workflow import api
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, Task

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


def propose(user, **kw):
    data = {
        "title": "司法所规范化建设调研",
        "purpose": "摸清情况",
        "objects_text": "各司法所",
        "due_date": timezone.localdate() + timedelta(days=30),
        **kw,
    }
    return services.propose(user, data)


def approve(case, user):
    task = case.tasks.get(status=Task.Status.PENDING, assignee=user)
    api.approve(case.pk, task.pk, user, "同意")


def test_a_topic_from_plan_to_use(people):
    topic = propose(people.clerk)
    assert topic.stage == Topic.Stage.PLANNING
    with pytest.raises(TransitionError):
        services.submit_draft(topic.case_id, people.clerk, {"draft": "提纲"})  # the plan is not approved yet
    approve(topic.case, people.leader)
    topic.refresh_from_db()
    assert topic.stage == Topic.Stage.RESEARCHING
    services.submit_draft(topic.case_id, people.clerk, {"draft": "一、二、三"})
    topic.refresh_from_db()
    assert topic.stage == Topic.Stage.REVIEWING
    approve(topic.case, people.leader)
    approve(topic.case, people.director)
    with pytest.raises(TransitionError, match="定稿报送后"):
        services.record_use(
            topic.case_id,
            people.clerk,
            {"kind": "adopted", "on_date": timezone.localdate(), "by_whom": "x", "content": "y"},
        )
    services.finalise(
        topic.case_id,
        people.clerk,
        {"report_title": "调研报告", "finished_on": timezone.localdate(), "recipients": "局党组"},
    )
    topic.case.refresh_from_db()
    assert topic.case.status == Case.Status.CLOSED
    with pytest.raises(TransitionError, match="不能早于定稿日期"):
        services.record_use(
            topic.case_id,
            people.clerk,
            {
                "kind": "instruction",
                "on_date": timezone.localdate() - timedelta(days=1),
                "by_whom": "书记",
                "content": "好",
            },
        )
    services.record_use(
        topic.case_id,
        people.clerk,
        {"kind": Use.Kind.INSTRUCTION, "on_date": timezone.localdate(), "by_whom": "书记", "content": "推广"},
    )
    assert topic.uses.count() == 1


def test_the_new_topic_form_refuses_a_past_due_date_and_keeps_what_was_typed(people):
    response = client(people.clerk).post(
        "/research/new/",
        {
            "title": "律师调研",
            "source": "plan",
            "year": 2026,
            "purpose": "目的甲",
            "objects_text": "律所",
            "due_date": "2020-01-01",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "完成时限不能早于今天" in page and "目的甲" in page
    assert not Topic.objects.exists()


def test_who_sees_topics(people):
    topic = propose(people.clerk)
    for user in (people.clerk, people.chief, people.leader, people.director):
        assert client(user).get("/research/").status_code == 200
        assert client(user).get(f"/cases/{topic.case_id}/").status_code == 200
    for user in (people.outsider, people.other_chief):
        assert client(user).get("/research/").status_code == 403
        assert client(user).get(f"/cases/{topic.case_id}/").status_code == 404
    with pytest.raises(TransitionError):
        propose(people.outsider)


def test_the_register_costs_the_same_at_one_and_many(people):
    propose(people.clerk)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client(people.chief).get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = ["/research/", "/research/?export=xlsx"]
    few = [count(u) for u in urls]
    for n in range(5):
        propose(people.clerk, title=f"课题{n}", due_date=date.today() + timedelta(days=n + 1))
    assert [count(u) for u in urls] == few
