"""The year's work: the figures the 法治政府建设 annual report takes from these registers (counted
over what the viewer may see, each linked to the rows behind it) and the yearly catalogue
reported for the record by 31 January (山东省人大常委会规范性文件备案审查规定 §7 ¶3), reminded
by the sweep until it is recorded, each notice once."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.test import Client

from apps.normative_files import services
from apps.normative_files.models import YearlyList
from apps.workflow.api import TransitionError
from apps.workflow.models import DeadlineRule, Notification
from apps.workflow.sweep import run_sweep
from tests.normative_files.factories import new_review, published

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


def values(figures, group):
    return {f.label: f.value for f in figures[group]}


def test_the_yearly_figures_count_what_the_viewer_sees_and_link_to_the_rows(team, today):
    today.set(date(2026, 10, 20))
    published(team, received_on=date(2026, 9, 14), published_on=date(2026, 9, 16))
    new_review(team.handler, received_on=date(2026, 9, 28), materials=["notice", "draft"])  # returned
    new_review(team.handler, received_on=date(2026, 9, 29), title="另一文件")
    figures = services.yearly_figures(2026, team.chief)
    review = values(figures, "规范性文件合法性审核")
    assert review["收件"] == 3 and review["其中材料不全退回补充"] == 1
    assert review["出具合法性审核意见书"] == 1 and review["统一登记编号"] == 1
    assert values(figures, "现行有效规范性文件")["目录内文件（当前）"] == 1
    assert values(services.yearly_figures(2025, team.chief), "规范性文件合法性审核")["收件"] == 0
    # every linked figure opens the register filtered to exactly the rows it counts
    linked = [f for items in figures.values() for f in items if f.url]
    assert len(linked) >= 10
    for f in linked:
        page = client(team.chief).get(f.url)
        assert page.status_code == 200, f.url
        assert page.context["page"].paginator.count == f.value, (f.label, f.url)
    # default deny: another section counts none of the review cases, only the public catalogue
    outside = services.yearly_figures(2026, team.outsider)
    assert set(values(outside, "规范性文件合法性审核").values()) == {0}
    assert values(outside, "现行有效规范性文件")["目录内文件（当前）"] == 1
    assert services.sees_registers(team.leader) and not services.sees_registers(team.office_leader)


def sweep(today, day):
    today.set(day, hour=2)
    run_sweep(today=day)
    run_sweep(today=day)  # a second sweep the same night sends nothing new


def yearly_notices():
    return Counter(
        (n.user.username, n.kind)
        for n in Notification.objects.filter(key__startswith="normative-yearly-list:").select_related("user")
    )


def test_the_yearly_list_is_due_on_31_january_even_on_a_sunday(bureau):
    """§7 ¶3 names a date: 31 January 2027 is a Sunday, and the due date stays there."""
    rule = DeadlineRule.objects.get(code=services.YEARLY_LIST_RULE)
    assert rule.verified and not rule.rolls_forward
    assert services.yearly_list_due(rule, 2026) == date(2027, 1, 31)
    assert services.yearly_list_due(rule, 2027) == date(2028, 1, 31)  # a Monday


def test_the_yearly_list_is_reminded_once_per_lead_and_once_overdue(team, today):
    today.set(date(2026, 10, 20))
    published(team, received_on=date(2026, 9, 14), published_on=date(2026, 9, 16))
    day = date(2027, 1, 11)  # before the first lead (10 working days before 31 January)
    while day <= date(2027, 2, 3):
        sweep(today, day)
        day += timedelta(days=1)
    got = yearly_notices()
    for person in ("nf.clerk", "nf.colleague", "nf.chief"):  # the section's chief and staff
        assert got[(person, "remind")] == 3, got  # 10, 5 and 1 working days before
        assert got[(person, "overdue")] == 1, got
    assert not [key for key in got if key[0] in ("nf.leader", "director", "clerk")]
    first = Notification.objects.filter(key__startswith="normative-yearly-list:", kind="remind").earliest("id")
    assert "2026年度规范性文件目录（1 件）" in first.message and "2027-01-31" in first.message


def test_recording_the_report_stops_the_reminders_and_is_refused_twice(team, today):
    today.set(date(2027, 1, 20))
    with pytest.raises(TransitionError, match="行政执法监督科"):
        services.record_yearly_list(team.office, 2026, date(2027, 1, 20))
    with pytest.raises(TransitionError, match="已经结束"):
        services.record_yearly_list(team.handler, 2027, date(2027, 1, 20))
    with pytest.raises(TransitionError, match="晚于今天"):
        services.record_yearly_list(team.handler, 2026, date(2027, 1, 21))
    with pytest.raises(TransitionError, match="早于"):
        services.record_yearly_list(team.handler, 2026, date(2026, 12, 31))
    entry = services.record_yearly_list(team.handler, 2026, date(2027, 1, 20))
    assert entry.file_count == 0 and YearlyList.objects.count() == 1
    with pytest.raises(TransitionError, match="不能重复"):
        services.record_yearly_list(team.chief, 2026, date(2027, 1, 20))
    for day in (date(2027, 1, 29), date(2027, 2, 1), date(2027, 2, 5)):
        sweep(today, day)
    assert yearly_notices() == Counter()


def test_the_filings_page_shows_the_yearly_list_and_the_section_records_it(team, today):
    today.set(date(2027, 1, 20))
    page = client(team.handler).get("/normative-files/filings/").content.decode()
    assert "2026年度规范性文件目录报送备查" in page and "2027-01-31" in page and "登记已报送" in page
    assert "登记已报送" not in client(team.leader).get("/normative-files/filings/").content.decode()
    assert "年度规范性文件目录报送备查" not in client(team.office).get("/normative-files/filings/").content.decode()
    assert client(team.office).post("/normative-files/filings/", {"year": 2026}).status_code == 403
    bad = client(team.handler).post("/normative-files/filings/", {"year": 2026, "reported_on": "2026-12-30"})
    assert bad.status_code == 400 and "早于" in bad.content.decode() and "2026-12-30" in bad.content.decode()
    done = client(team.handler).post("/normative-files/filings/", {"year": 2026, "reported_on": "2027-01-19"})
    assert done.status_code == 302
    page = client(team.leader).get("/normative-files/filings/").content.decode()
    assert "已报送" in page and "2027-01-19" in page
