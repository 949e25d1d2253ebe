"""Process.on_close: run once, inside the closing transaction, when a case closes as done."""

import pytest

from apps.matters.processes import GENERAL_REQUEST
from apps.workflow import services
from apps.workflow.models import Case, Task
from tests.matters.factories import new_request

pytestmark = pytest.mark.django_db


def pending(case):
    return case.tasks.get(status=Task.Status.PENDING)


def test_on_close_runs_once_when_the_last_step_completes(people, monkeypatch):
    calls = []
    monkeypatch.setattr(GENERAL_REQUEST, "on_close", lambda case, actor: calls.append((case.pk, case.status, actor)))
    case = new_request(people.clerk, "关于测试关闭钩子的请示", submit=True)
    services.approve(case.pk, pending(case).pk, people.chief)
    services.approve(case.pk, pending(case).pk, people.leader)
    assert calls == []  # approvals that move the case on do not close it
    services.complete(case.pk, pending(case).pk, people.clerk, "已落实")
    assert calls == [(case.pk, Case.Status.CLOSED, people.clerk)]


def test_a_failing_hook_rolls_the_closing_move_back(people, monkeypatch):
    def refuse(case, actor):
        raise services.TransitionError("钩子拒绝")

    case = new_request(people.clerk, "关于测试关闭钩子回滚的请示", submit=True)
    services.approve(case.pk, pending(case).pk, people.chief)
    services.approve(case.pk, pending(case).pk, people.leader)
    monkeypatch.setattr(GENERAL_REQUEST, "on_close", refuse)
    task = pending(case)
    with pytest.raises(services.TransitionError, match="钩子拒绝"):
        services.complete(case.pk, task.pk, people.clerk, "已落实")
    case.refresh_from_db()
    task.refresh_from_db()
    assert case.status == Case.Status.ACTIVE and task.status == Task.Status.PENDING


def test_rejection_does_not_run_on_close(people, monkeypatch):
    calls = []
    monkeypatch.setattr(GENERAL_REQUEST, "on_close", lambda case, actor: calls.append(case.pk))
    case = new_request(people.clerk, "关于测试否决的请示", submit=True)
    services.reject(case.pk, pending(case).pk, people.chief, "不同意")
    assert calls == []
