"""Process.before_complete and Process.own_steps: a section app may refuse the generic 办结 of a
handling step whose real work is done through its own form (the finance app's payment step)."""

import pytest
from django.test import Client

from apps.workflow import services
from apps.workflow.models import Case, Task
from apps.workflow.processes import Process, Step, all_processes, register

pytestmark = pytest.mark.django_db

CODE = "tests.hooked"
ALLOWED = set()


def _before_complete(case, task, actor):
    if case.pk not in ALLOWED:
        raise services.TransitionError("请通过本流程自己的表单办理。")


if CODE not in all_processes():
    register(
        Process(
            code=CODE,
            label="测试流程",
            steps=[Step("do", "登记办理", kind=Task.Kind.HANDLE, role="initiator")],
            before_complete=_before_complete,
            own_steps=("do",),
        )
    )


def _case(user):
    case = services.create_case(CODE, initiator=user, section=user.section, title="钩子测试事项")
    services.submit(case.pk, user)
    return case, Task.objects.get(case=case, status=Task.Status.PENDING)


def test_before_complete_can_refuse_the_generic_completion(people):
    case, task = _case(people.clerk)
    with pytest.raises(services.TransitionError, match="自己的表单"):
        services.complete(case.pk, task.pk, people.clerk, "直接办结")
    task.refresh_from_db()
    case.refresh_from_db()
    assert task.status == Task.Status.PENDING and case.status == Case.Status.ACTIVE
    assert not case.events.filter(action="done").exists()


def test_before_complete_lets_the_step_finish_when_satisfied(people):
    case, task = _case(people.clerk)
    ALLOWED.add(case.pk)
    services.complete(case.pk, task.pk, people.clerk, "已登记")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


def test_case_page_offers_no_generic_form_for_an_own_step(people):
    case, task = _case(people.clerk)
    client = Client()
    client.force_login(people.clerk)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "本环节请在“事项信息”栏中填写并办理" in html
    assert f"/cases/{case.pk}/tasks/{task.pk}/complete" not in html
