"""Step(finished_by_own_form=True) and Process.check_complete: a section app may refuse the
generic 办结 of a handling step whose real work is done through its own form (the finance
app's payment step), and finishes it with api.finish_own_step once its own checks pass."""

import pytest
from django.test import Client

from apps.workflow import api, services
from apps.workflow.models import Case, Task
from apps.workflow.processes import Process, Step, all_processes, register

pytestmark = pytest.mark.django_db

CODE = "tests.hooked"
READY = set()  # cases whose record is complete (what the app's own check looks at)


class HookedProcess(Process):
    code = CODE
    label = "测试流程"
    steps = [Step("do", "登记办理", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True)]

    def check_complete(self, case, task, actor):
        if case.pk not in READY:
            raise api.TransitionError("请先填写登记表。")


if CODE not in all_processes():
    register(HookedProcess)


def _case(user):
    case = api.create_case(CODE, initiator=user, section=user.section, title="钩子测试事项")
    api.submit(case.pk, user)
    return case, Task.objects.get(case=case, status=Task.Status.PENDING)


def _unchanged(case, task):
    task.refresh_from_db()
    case.refresh_from_db()
    assert task.status == Task.Status.PENDING and case.status == Case.Status.ACTIVE
    assert not case.events.filter(action="done").exists()


def test_the_apps_own_check_speaks_first(people):
    case, task = _case(people.clerk)
    with pytest.raises(api.TransitionError, match="请先填写登记表"):
        services.complete(case.pk, task.pk, people.clerk, "直接办结")
    _unchanged(case, task)


def test_the_generic_completion_is_refused_even_when_the_record_is_complete(people):
    case, task = _case(people.clerk)
    READY.add(case.pk)
    with pytest.raises(api.TransitionError, match="“登记办理”请使用“事项信息”栏中的办理表单办结"):
        services.complete(case.pk, task.pk, people.clerk, "直接办结")
    _unchanged(case, task)


def test_the_own_form_finishes_the_step_once_the_check_passes(people):
    case, task = _case(people.clerk)
    with pytest.raises(api.TransitionError, match="请先填写登记表"):
        api.finish_own_step(case.pk, task.pk, people.clerk, "已登记")
    READY.add(case.pk)
    api.finish_own_step(case.pk, task.pk, people.clerk, "已登记")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.result == "已登记"


def test_a_second_click_on_the_own_form_changes_nothing(people):
    case, task = _case(people.clerk)
    READY.add(case.pk)
    api.finish_own_step(case.pk, task.pk, people.clerk, "已登记")
    with pytest.raises(api.TransitionError, match="已经处理过"):
        api.finish_own_step(case.pk, task.pk, people.clerk, "已登记")
    assert Case.objects.get(pk=case.pk).events.filter(action="done").count() == 1


def test_someone_else_cannot_finish_it_through_the_own_form(people):
    case, task = _case(people.clerk)
    READY.add(case.pk)
    with pytest.raises(api.TransitionError, match="不是该待办的办理人"):
        api.finish_own_step(case.pk, task.pk, people.colleague, "代为办结")
    _unchanged(case, task)


def test_case_page_offers_no_generic_form_for_an_own_step(people):
    case, task = _case(people.clerk)
    client = Client()
    client.force_login(people.clerk)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "本环节请在“事项信息”栏中填写并办理" in html
    assert f"/cases/{case.pk}/tasks/{task.pk}/complete" not in html
