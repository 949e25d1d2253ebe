"""信息编发 (seed 002 rule 10): a judicial office's piece edited by the office, issued in a numbered
issue after the ApprovalRule chain, adopted by outside media — counted once at its highest level
— feeding the writer's performance points and the writing team's quota, with the quarterly
progress notice sent once."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.bulletin import services
from apps.bulletin.models import Issue, Level, ProgressNotice, Submission, TeamMember
from apps.bulletin.stats import team_progress
from apps.bulletin.sweeps import last_quarter
from apps.hr.appraisal.bonus import bonus_lines, bonus_points
from apps.workflow.models import Notification
from apps.workflow.services import TransitionError
from apps.workflow.sweep import run_sweep

from ..hr.factories import approve_all

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def piece(desk, title="闻韶司法所成功调解一起邻里纠纷", author=None):
    return services.submit_piece(
        desk.writer, {"title": title, "body": "近日，闻韶司法所……", "author": author, "co_authors": ""}
    )


def issued(desk, *pieces, title="本期要目"):
    for p in pieces:
        services.edit_piece(desk.editor, p.pk, "accept", p.title, p.body + "（编辑）")
    issue = services.compile_issue(desk.editor, title, [p.pk for p in pieces])
    approve_all(issue.case)
    issue.refresh_from_db()
    return issue


def test_a_judicial_office_piece_from_submission_to_issue_and_adoption(desk, today):
    p = piece(desk)
    assert p.unit.code == "jo_wenshao" and p.author == desk.writer and p.status == Submission.Status.SUBMITTED
    services.edit_piece(desk.editor, p.pk, "accept", "闻韶：邻里纠纷化解在萌芽", "编辑后的正文")
    issue = services.compile_issue(desk.editor, "2026年第四季度基层动态", [p.pk])
    assert issue.status == Issue.Status.APPROVAL and issue.number == ""
    assert approve_all(issue.case) == ["chief", "leader"]  # 办公室主任审核, 分管领导签发
    issue.refresh_from_db()
    p.refresh_from_db()
    assert issue.status == Issue.Status.ISSUED and issue.number == "2026年第1期" and issue.issued_on == today.date
    assert p.status == Submission.Status.ISSUED
    second = issued(desk, piece(desk, "第二篇"))
    assert second.number == "2026年第2期"
    services.record_adoption(desk.editor, p.pk, "益阳日报", Level.CITY, date(2026, 11, 10), "复印件")
    services.record_adoption(desk.editor, p.pk, "湖南日报", Level.PROVINCE, date(2026, 11, 12), "网络稿打印件")
    services.record_adoption(desk.editor, p.pk, "法治日报", Level.NATIONAL, date(2026, 11, 13), "https://example")
    # adopted at three levels: counted once, at the highest (不重复奖励): the writer's 3 points
    assert bonus_points(desk.writer, 2026) == Decimal(3)
    [line] = bonus_lines([desk.writer.pk], 2026)[desk.writer.pk]
    assert line.source == "bulletin.adoption" and "法治日报（中央（国家）级）" in line.text
    assert bonus_points(desk.writer, 2025) == 0


def test_city_and_district_adoptions_earn_no_points_but_count_for_the_quota(desk, today):
    TeamMember.objects.create(year=2026, person=desk.writer, decided_on=date(2026, 2, 1), registered_by=desk.editor)
    for i in range(3):
        p = issued(desk, piece(desk, f"稿件{i}"))
        level = [Level.DISTRICT, Level.CITY, Level.PROVINCE][i]
        services.record_adoption(desk.editor, p.pieces.get().pk, f"媒体{i}", level, date(2026, 3, 1), "复印件")
    [row] = team_progress(2026)
    assert (row.adopted, row.quota, row.remaining, row.points) == (3, 10, 7, Decimal(1))


def test_the_office_returns_a_piece_and_the_writer_resubmits(desk, today):
    p = piece(desk)
    with pytest.raises(TransitionError, match="请写明编辑意见"):
        services.edit_piece(desk.editor, p.pk, "return")
    services.edit_piece(desk.editor, p.pk, "return", remark="请补充调解结果")
    with pytest.raises(TransitionError, match="不能编辑"):
        services.edit_piece(desk.editor, p.pk, "accept", "x", "y")
    services.resubmit_piece(desk.writer, p.pk, p.title, "补充后的正文")
    with pytest.raises(TransitionError, match="不能重新报送"):  # a second click
        services.resubmit_piece(desk.writer, p.pk, p.title, "补充后的正文")
    p.refresh_from_db()
    assert p.status == Submission.Status.SUBMITTED and p.body == "补充后的正文"


def test_only_the_office_edits_issues_and_records_adoptions(desk, today):
    p = piece(desk)
    for attempt in (
        lambda: services.edit_piece(desk.jo_chief, p.pk, "accept", "t", "b"),
        lambda: services.compile_issue(desk.writer, "t", [p.pk]),
        lambda: services.record_adoption(desk.writer, p.pk, "m", Level.CITY, date(2026, 11, 1), "e"),
    ):
        with pytest.raises(TransitionError, match="只有办公室"):
            attempt()
    with pytest.raises(TransitionError, match="不是“已编辑，待编发”状态"):  # not edited yet
        services.compile_issue(desk.editor, "t", [p.pk])
    services.edit_piece(desk.editor, p.pk, "accept", "t", "b")
    services.compile_issue(desk.editor, "t", [p.pk])
    with pytest.raises(TransitionError, match="不是“已编辑，待编发”状态"):  # the same piece twice
        services.compile_issue(desk.editor, "t2", [p.pk])
    with pytest.raises(TransitionError, match="刊发日期不能晚于今天"):
        services.record_adoption(desk.editor, p.pk, "m", Level.CITY, date(2026, 11, 17), "e")
    services.record_adoption(desk.editor, p.pk, "m", Level.CITY, date(2026, 11, 1), "e")
    with pytest.raises(TransitionError, match="已登记"):
        services.record_adoption(desk.editor, p.pk, "m", Level.CITY, date(2026, 11, 1), "e")


def test_pieces_are_seen_by_their_unit_and_the_office_only(desk, today):
    p = piece(desk)
    assert client_for(desk.jo_chief).get(f"/bulletin/{p.pk}/").status_code == 200  # same judicial office
    assert client_for(desk.editor).get(f"/bulletin/{p.pk}/").status_code == 200
    assert client_for(desk.other_jo).get(f"/bulletin/{p.pk}/").status_code == 404
    assert client_for(desk.other_jo).get("/bulletin/").context["pieces"] == []
    assert client_for(desk.staff.sysadmin).get("/bulletin/").status_code in (403, 404)
    response = client_for(desk.other_jo).post(f"/bulletin/{piece(desk).pk}/", {"action": "edit"})
    assert response.status_code == 404


def test_the_list_takes_a_constant_number_of_queries(desk, today):
    client = client_for(desk.editor)
    piece(desk)
    client.get("/bulletin/")
    with CaptureQueriesContext(connection) as one:
        client.get("/bulletin/")
    for i in range(8):
        piece(desk, f"稿件{i}")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/bulletin/").context["pieces"]) == 9
    assert len(many) == len(one)


def test_the_quarterly_progress_notice_is_sent_once(desk, today):
    assert last_quarter(date(2026, 1, 5)) == (2025, 4) and last_quarter(date(2026, 4, 1)) == (2026, 1)
    TeamMember.objects.create(year=2026, person=desk.writer, decided_on=date(2026, 2, 1), registered_by=desk.editor)
    p = issued(desk, piece(desk))
    services.record_adoption(desk.editor, p.pieces.get().pk, "湖南日报", Level.PROVINCE, date(2026, 8, 3), "复印件")
    run_sweep(today=date(2026, 10, 1))
    run_sweep(today=date(2026, 10, 2))
    notices = Notification.objects.filter(key__startswith="bulletin:progress:2026-3:")
    assert {n.user_id for n in notices} == {desk.writer.pk, desk.chief.pk}
    assert "您已上稿 1 篇，尚差 9 篇" in notices.get(user=desk.writer).message
    assert ProgressNotice.objects.filter(year=2026, quarter=3).count() == 1
    assert ProgressNotice.objects.count() == 1  # the second sweep of the quarter sent nothing


def test_pages_render_for_the_office_and_a_judicial_office(desk, today):
    p = issued(desk, piece(desk))
    for user in (desk.editor, desk.writer):
        client = client_for(user)
        for url in ("/bulletin/", "/bulletin/new/", "/bulletin/figures/", f"/bulletin/issues/{p.pk}/"):
            assert client.get(url).status_code == 200, (user, url)
    bad = client_for(desk.writer).post("/bulletin/new/", {"title": "", "body": "正文保留"})
    assert "请填写标题" in bad.content.decode() and "正文保留" in bad.content.decode()
