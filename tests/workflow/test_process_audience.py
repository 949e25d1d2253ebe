"""Process.audience: a process that keeps its cases narrower than the engine's rules names who
may see them, and that replaces every generic door (section scope, the director, grants,
delegates, participants) for its cases only; other processes' cases are untouched."""

from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from apps.workflow import api, services
from apps.workflow.models import Case, Task
from apps.workflow.processes import Process, Step, all_processes, register, restricted_audience

pytestmark = pytest.mark.django_db

CODE = "tests.narrow"
ALLOWED = set()  # usernames the test process lets see its cases


class NarrowProcess(Process):
    code = CODE
    label = "限定范围测试流程"
    steps = [Step("do", "办理", kind=Task.Kind.HANDLE, role="initiator")]

    def audience(self, user):
        if user.username in ALLOWED:
            return Q()
        return Q(pk__in=[])


class WideProcess(Process):
    code = "tests.wide"
    label = "普通范围测试流程"
    steps = [Step("do", "办理", kind=Task.Kind.HANDLE, role="initiator")]


for process in (NarrowProcess, WideProcess):
    if process.code not in all_processes():
        register(process)


@pytest.fixture
def narrow(people):
    ALLOWED.clear()
    ALLOWED.add(people.clerk.username)
    case = api.create_case(CODE, initiator=people.clerk, section=people.clerk.section, title="限定范围事项")
    api.submit(case.pk, people.clerk)
    yield case
    ALLOWED.clear()


def visible(user, case):
    return Case.objects.visible_to(user).filter(pk=case.pk).exists()


def test_the_audience_replaces_section_director_and_grants(people, narrow):
    assert visible(people.clerk, narrow)
    # the generic rules would show it to the section's chief and colleague and to the director
    for user in (people.chief, people.colleague, people.director, people.leader):
        assert not visible(user, narrow), user.username
    services.grant_view(narrow, people.outsider, people.secadmin)
    assert not visible(people.outsider, narrow)
    ALLOWED.add(people.outsider.username)
    assert visible(people.outsider, narrow)


def test_a_delegate_outside_the_audience_does_not_see_it(people, narrow):
    today = timezone.localdate()
    services.create_delegation(people.clerk, people.colleague, today, today + timedelta(days=3), "休假")
    assert not visible(people.colleague, narrow)


def test_other_processes_keep_the_generic_rules(people, narrow):
    other = api.create_case("tests.wide", initiator=people.clerk, section=people.clerk.section, title="普通事项")
    api.submit(other.pk, people.clerk)
    assert visible(people.chief, other) and visible(people.director, other)
    assert not visible(people.outsider, other)
    codes, _ = restricted_audience(people.chief)
    assert CODE in codes and "tests.wide" not in codes
