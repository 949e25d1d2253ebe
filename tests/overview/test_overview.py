"""The leaders' overview: each leader sees the sections they answer for, the figures equal hand
counts, matters they may not open are never counted, and every figure leads to its list."""

import re
import shutil
import subprocess
from datetime import date, timedelta
from io import BytesIO, StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.overview import figures
from apps.workflow.models import CaseClock, DeadlineRule
from tests.overview.data import World, aware, case, clock, statutory_rule, task

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(people, bureau):
    return World(people, bureau)


def listed(client, url):
    """Case ids on every page of a figure's list, and the count it states."""
    ids, page = [], 1
    while True:
        html = client.get(f"{url}&page={page}").content.decode()
        ids += [int(pk) for pk in re.findall(r'data-case="(\d+)"', html)]
        if "下一页" not in html:
            count = int(re.search(r'id="ov-list-count">(\d+)<', html).group(1))
            return ids, count
        page += 1


def totals(overview):
    t = overview.total
    return {"open": t.open, "due_soon": t.due_soon, "overdue": t.overdue, "closed": t.closed}


# --- scope -------------------------------------------------------------------------------------


def test_it_scopes_the_chief_to_the_section_with_hand_counted_figures(world, people):
    ov = figures.build(people.chief)
    assert ov.scope.kind == "section" and ov.scope.label == "本科室：办公室"
    assert {s.section for s in ov.sections} == {"办公室"}
    assert totals(ov) == {"open": 4, "due_soon": 1, "overdue": 2, "closed": 1}
    rows = {(r.section, r.process): r for r in ov.rows}
    assert rows[("办公室", "petitions.petition")].overdue == 1
    assert rows[("办公室", "petitions.petition")].label == "信访事项"
    assert rows[("办公室", "matters.general")].open == 3
    assert [c.title for c in ov.top_overdue] == ["办公室已超期", "信访已超期"]
    work = {w["assignee__username"]: (w["cases"], w["overdue"]) for w in ov.workload}
    assert work == {"chief": (2, 0), "colleague": (1, 1), "clerk": (1, 1)}


def test_it_scopes_the_division_leader_to_the_sections_they_lead(world, people, bureau):
    ov = figures.build(people.leader)
    assert ov.scope.kind == "division" and "办公室" in ov.scope.label and "律师" not in ov.scope.label
    assert totals(ov) == {"open": 4, "due_soon": 1, "overdue": 2, "closed": 1}
    other = figures.build(people.other_leader)
    assert {s.section for s in other.sections} == {bureau["lawyers"].name}
    assert totals(other) == {"open": 2, "due_soon": 0, "overdue": 1, "closed": 0}


def test_it_gives_the_director_the_bureau_but_not_what_the_director_may_not_open(world, people):
    ov = figures.build(people.director)
    assert ov.scope.kind == "bureau" and ov.scope.label == "全局"
    # the 社区矫正 case: the director oversees the app (Process.audience); the confidential one: no
    assert totals(ov) == {"open": 7, "due_soon": 1, "overdue": 4, "closed": 1}
    titles = [c.title for c in ov.top_overdue]
    assert "社区矫正对象某某" in titles and "限定知悉范围的绝密事项" not in titles
    work = {w["assignee__username"]: (w["cases"], w["overdue"]) for w in ov.workload}
    assert work["colleague"] == (2, 2) and work["otherchief"] == (1, 1)


def test_matters_the_leader_cannot_open_are_never_counted_anywhere(world, people, client):
    hidden = {"限定知悉范围的绝密事项", "社区矫正对象某某"}
    for viewer in (people.leader, people.chief):
        ov = figures.build(viewer)
        assert ov.total.open == 4 and ov.total.overdue == 2
        assert not hidden & {c.title for c in ov.top_overdue}
        # colleague's work on them is not their workload either
        assert {w["assignee__username"]: w["cases"] for w in ov.workload}["colleague"] == 1
        # nor clocks: one met, one missed is all the office shows them
        assert (ov.total.met, ov.total.missed) == (1, 1)
        client.force_login(viewer)
        html = client.get(reverse("overview:index")).content.decode()
        assert not any(title in html for title in hidden)
        ids, _ = listed(client, reverse("overview:list") + "?kind=overdue")
        assert world.cases["confidential"].pk not in ids and world.cases["correction"].pk not in ids


def test_a_grant_to_open_a_confidential_matter_brings_it_into_the_count(world, people):
    from apps.workflow.services import grant_view

    grant_view(world.cases["confidential"], people.leader, people.director, reason="局务会研究")
    assert figures.build(people.leader).total.overdue == 3


def test_a_confidential_matter_counts_only_for_the_leader_who_works_on_it(world, people, client):
    # visible_to tests the section scope first and the participant tests after it: a matter the
    # scope leaves out (confidential) still comes in through its participants, and only for them.
    task(world.cases["confidential"], people.director)
    ov = figures.build(people.director)
    assert ov.total.overdue == 5 and "限定知悉范围的绝密事项" in [c.title for c in ov.top_overdue]
    assert {w["assignee__username"]: w["cases"] for w in ov.workload}["director"] == 1
    client.force_login(people.director)
    ids, count = listed(client, reverse("overview:list") + "?kind=overdue")
    assert world.cases["confidential"].pk in ids and count == 5
    leader = figures.build(people.leader)
    assert leader.total.overdue == 2 and "director" not in {w["assignee__username"] for w in leader.workload}


def test_staff_and_administrators_are_refused_with_the_reason(world, people, client):
    for user in (people.clerk, people.outsider, people.sysadmin):
        client.force_login(user)
        response = client.get(reverse("overview:index"))
        assert response.status_code == 403
        assert "领导总览供局长、分管领导和科室负责人" in response.content.decode()


def test_a_division_leader_with_no_section_is_told_so(world, people, client):
    client.force_login(people.other_leader)
    world.lawyers.division_leader = None
    world.lawyers.save()
    response = client.get(reverse("overview:index"))
    assert response.status_code == 403 and "没有分管的科室" in response.content.decode()


# --- the lists behind the figures -------------------------------------------------------------


def test_every_figure_links_to_a_list_of_exactly_the_counted_cases(world, people, client):
    from apps.overview.views import _linked

    expected = {
        "open": world.ids("office_open", "office_soon", "office_overdue", "office_overdue2"),
        "due_soon": world.ids("office_soon"),
        "overdue": world.ids("office_overdue", "office_overdue2"),
        "closed": world.ids("office_closed"),
    }
    client.force_login(people.leader)
    ov = _linked(figures.build(people.leader))
    checked = 0
    for row in [*ov.rows, *ov.sections, ov.total]:
        for kind in figures.CASE_KINDS:
            ids, count = listed(client, row.urls[kind])
            assert count == getattr(row, kind) == len(ids), (row.section, row.label, kind)
            in_row = {pk for pk in expected[kind] if not row.process or world.cases_process(pk) == row.process}
            assert set(ids) == in_row, (row.label, kind)
            checked += 1
        for kind in figures.CLOCK_KINDS:
            ids, count = listed(client, row.urls[kind])
            assert count == getattr(row, kind) == len(ids)
    assert checked >= 12
    for month in ov.trend:
        for kind in ("met", "missed", "closed"):
            _, count = listed(client, month["urls"][kind])
            assert count == month[kind], (month["label"], kind)
    for person in ov.workload:
        _, count = listed(client, person["urls"]["cases"])
        assert count == person["cases"]
        _, count = listed(client, person["urls"]["overdue"])
        assert count == person["overdue"]


def test_the_list_of_a_hidden_matter_type_lists_nothing(world, people, client):
    client.force_login(people.leader)
    ids, count = listed(client, reverse("overview:list") + "?kind=open&process=correction.subject")
    assert ids == [] and count == 0


def test_an_unknown_figure_is_404(world, people, client):
    client.force_login(people.chief)
    assert client.get(reverse("overview:list") + "?kind=everything").status_code == 404
    assert client.get(reverse("overview:list") + "?kind=handler&handler=x").status_code == 404


# --- the statutory on-time rate ------------------------------------------------------------------


def test_on_time_rate_counts_each_clock_once_in_the_month_it_was_decided(people, bureau):
    office = bureau["office"]
    rule = statutory_rule()
    step_rule = statutory_rule(code="ov-step2", scope="step")
    today = date(2026, 3, 10)

    def one(**kw):
        return clock(case(office, people.clerk), rule, **kw)

    one(status=CaseClock.Status.MET, due=date(2026, 2, 3), stopped=aware(date(2026, 1, 31), 23, 59))  # Jan met
    one(status=CaseClock.Status.MET, due=date(2026, 2, 3), stopped=aware(date(2026, 2, 1), 0, 1))  # Feb met
    one(status=CaseClock.Status.LATE, due=date(2026, 1, 31), stopped=aware(date(2026, 2, 9)))  # Jan missed
    one(status=CaseClock.Status.LATE, due=date(2026, 2, 1), stopped=aware(date(2026, 2, 2)))  # Feb missed
    one(due=date(2026, 2, 28))  # running past due: Feb missed
    one(due=date(2026, 3, 9))  # running, due yesterday: Mar missed
    one(due=date(2026, 3, 10))  # due today: not missed yet
    one(status=CaseClock.Status.PAUSED, due=date(2026, 2, 1))  # paused: not decided
    one(status=CaseClock.Status.CANCELLED, due=date(2026, 1, 5), stopped=aware(date(2026, 1, 4)))  # never counts
    clock(case(office, people.clerk), step_rule, due=date(2026, 2, 2))  # a step's clock is not statutory
    internal = statutory_rule(code="ov-internal")
    DeadlineRule.objects.filter(pk=internal.pk).update(statutory=False)  # 本局制度: watched, not statutory
    clock(case(office, people.clerk), internal, due=date(2026, 2, 2))
    clock(
        case(office, people.clerk),
        internal,
        status=CaseClock.Status.MET,
        due=date(2026, 2, 3),
        stopped=aware(date(2026, 2, 2)),
    )
    one(
        status=CaseClock.Status.MET, due=date(2025, 3, 20), stopped=aware(date(2025, 3, 31), 12)
    )  # Mar 2025: 13 months back
    trend = {m["month"]: (m["met"], m["missed"], m["rate"]) for m in figures.build(people.chief, today=today).trend}
    assert list(trend)[0] == date(2025, 4, 1) and list(trend)[-1] == date(2026, 3, 1)
    assert trend[date(2026, 1, 1)] == (1, 1, 50.0)
    assert trend[date(2026, 2, 1)] == (1, 2, 33.3)
    assert trend[date(2026, 3, 1)] == (0, 1, 0.0)
    assert trend[date(2025, 12, 1)] == (0, 0, None)
    assert sum(m[0] + m[1] for m in trend.values()) == 6


def test_the_bureaus_own_deadlines_are_watched_but_not_counted_as_statutory(bureau):
    """本局制度 deadlines (督查, 会议纪要, 回访 …) are flagged in the fixtures and the migration;
    the statutory ones (信访, 复议 …) stay counted. The flag is the administrator's to change."""
    rules = dict(DeadlineRule.objects.values_list("code", "statutory"))
    assert rules["meeting-minutes"] is False and rules["mediation-follow-up-visit"] is False
    assert rules["supervision-leader-deadline"] is False
    assert rules["petition-register-transfer"] is True and rules["recon-decision"] is True


# --- snapshots ---------------------------------------------------------------------------------


def test_snapshot_task_is_idempotent_and_the_trend_reads_it(world, people):
    from apps.overview.models import OverviewFigure, OverviewMonth
    from apps.overview.snapshots import take_snapshots
    from apps.overview.tasks import take_month_end_snapshots

    today = world.today
    last = figures.add_months(today.replace(day=1), -1)
    # a clock decided last month
    old = case(world.office, people.clerk, status="closed", closed=aware(last, 9), title="上月按期办结")
    clock(
        old,
        statutory_rule(),
        status=CaseClock.Status.MET,
        due=last + timedelta(days=20),
        stopped=aware(last + timedelta(days=2)),
    )
    before = {m["month"]: (m["closed"], m["met"], m["missed"]) for m in figures.build(people.chief).trend}
    take_month_end_snapshots()
    take_month_end_snapshots()
    take_snapshots(months=2)
    viewers = 5  # chief, otherchief, leader, leader2, director
    assert OverviewMonth.objects.filter(month=last).count() == viewers
    assert OverviewMonth.objects.count() == viewers * 2
    snap = OverviewMonth.objects.get(month=last, viewer=people.chief)
    rows = list(snap.figures.values_list("process", "closed", "clocks_met", "clocks_missed"))
    assert sum(r[1] for r in rows) == before[last][0] and sum(r[2] for r in rows) == before[last][1]
    count = OverviewFigure.objects.count()
    take_snapshots(months=2)
    assert OverviewFigure.objects.count() == count
    # the closed month now comes from the snapshot: a change afterwards does not rewrite history
    CaseClock.objects.filter(case=old).delete()
    after = {m["month"]: (m["closed"], m["met"], m["missed"]) for m in figures.build(people.chief).trend}
    assert after[last] == before[last]
    # ... and the backfill command's --refresh recomputes it
    from django.core.management import call_command

    call_command("overview_snapshots", "--months", "2", "--refresh", stdout=StringIO())
    refreshed = {m["month"]: m["met"] for m in figures.build(people.chief).trend}
    assert refreshed[last] == before[last][1] - 1


def test_a_snapshot_of_another_scope_is_not_used(world, people):
    from apps.overview.models import OverviewMonth
    from apps.overview.snapshots import take_snapshots

    take_snapshots(months=1)
    OverviewMonth.objects.filter(viewer=people.leader).update(scope_key="999")
    last = figures.add_months(world.today.replace(day=1), -1)
    live = {m["month"]: m for m in figures.build(people.leader).trend}
    assert live[last]["met"] + live[last]["missed"] >= 0  # computed live, no error
    take_snapshots(months=1)
    assert OverviewMonth.objects.get(viewer=people.leader, month=last).scope_key != "999"


# --- exports -----------------------------------------------------------------------------------


def test_excel_export_carries_the_same_figures_and_no_hidden_matter(world, people, client):
    client.force_login(people.leader)
    response = client.get(reverse("overview:export_xlsx"))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    text = "\n".join(cells)
    assert "限定知悉范围的绝密事项" not in text and "社区矫正对象某某" not in text
    assert "分管科室：办公室" in text
    sections = list(book["分科室"].iter_rows(values_only=True))
    assert sections[1][:5] == ("办公室", 4, 1, 2, 1)
    overdue = [r[1] for r in book["超期最久的事项"].iter_rows(min_row=2, values_only=True)]
    assert overdue == ["办公室已超期", "信访已超期"]
    from apps.audit.models import AuditEvent

    assert AuditEvent.objects.filter(event="export.overview", actor=people.leader).exists()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils 未安装")
def test_pdf_is_one_dated_page_with_the_scope_and_no_hidden_matter(world, people, client):
    client.force_login(people.director)
    response = client.get(reverse("overview:export_pdf"))
    assert response["Content-Type"] == "application/pdf"
    info = subprocess.run(["pdfinfo", "-"], input=response.content, capture_output=True).stdout.decode()
    assert re.search(r"Pages:\s+1\b", info)
    text = re.sub(
        r"\s+", "", subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True).stdout.decode()
    )
    assert "范围：全局" in text
    assert f"{world.today.year}年{world.today.month}月{world.today.day}日" in text
    assert "限定知悉范围的绝密事项" not in text
    assert "办公室已超期" in text


# --- queries -----------------------------------------------------------------------------------


def _queries(client, url):
    client.get(url)  # warm caches (calendar years, sessions)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_and_its_lists_cost_the_same_queries_whatever_the_number_of_cases(world, people, client):
    client.force_login(people.director)
    urls = [reverse("overview:index"), reverse("overview:list") + "?kind=open", reverse("overview:list") + "?kind=met"]
    small = [_queries(client, url) for url in urls]
    rule = statutory_rule()
    for i in range(40):
        section = world.office if i % 2 else world.lawyers
        c = case(section, people.clerk, due=world.today - timedelta(days=i % 7), title=f"批量事项{i}")
        task(c, people.colleague if i % 3 else people.chief, due=world.today + timedelta(days=i % 5))
        clock(
            c,
            rule,
            status=CaseClock.Status.MET if i % 2 else CaseClock.Status.RUNNING,
            due=world.today - timedelta(days=1),
            stopped=aware(world.today) if i % 2 else None,
        )
    large = [_queries(client, url) for url in urls]
    assert large == small
    assert small[0] <= 25


# --- navigation and schedule ---------------------------------------------------------------------


def test_the_navigation_offers_the_overview_to_leaders_and_chiefs_only(people, client):
    for user, shown in ((people.director, True), (people.leader, True), (people.chief, True), (people.clerk, False)):
        client.force_login(user)
        html = client.get(reverse("workflow:inbox")).content.decode()
        assert ('href="/overview/"' in html) is shown, user.username


def test_the_month_end_snapshot_runs_from_the_beat_schedule():
    from bureau.celery import app

    app.loader.import_default_modules()
    app.finalize()
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "apps.overview.tasks.take_month_end_snapshots" in tasks
    assert "apps.overview.tasks.take_month_end_snapshots" in app.tasks


def test_a_long_breakdown_has_its_own_page_with_the_same_links(world, people, client, monkeypatch):
    from apps.overview import views

    client.force_login(people.director)
    assert 'id="table-rows"' in client.get(reverse("overview:index")).content.decode()
    monkeypatch.setattr(views, "INLINE_ROWS", 1)
    html = client.get(reverse("overview:index")).content.decode()
    assert 'id="table-rows"' not in html and reverse("overview:types") in html
    detail = client.get(reverse("overview:types")).content.decode()
    assert 'id="table-rows"' in detail and "信访事项" in detail and "/overview/list/?section=" in detail
    assert "限定知悉范围的绝密事项" not in detail
