"""绩效考核 (seed 002 rule 18): 30 + 60 + 10 typed by the personnel section, the bonus points of
rule 18 四 from every source (bulletin adoptions, the party group's tasks), the ranking and the
grades 优秀 (the district's number) / 良好 / 合格, frozen at confirmation."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from apps.bulletin import services as bulletin
from apps.bulletin.models import Level
from apps.hr.appraisal import performance
from apps.hr.appraisal.bonus import BonusSource, bonus_points, register_source, sources
from apps.hr.models import BonusEntry, PerformanceScore, PerformanceYear
from apps.workflow.services import TransitionError

from .factories import approve_all

pytestmark = pytest.mark.django_db


def scores(row, values):
    performance.save_scores(row.created_by, row.pk, values)


def test_scores_bonus_ranking_and_grades(staff, today):
    row = performance.create_year(staff.officer, 2026, excellent_quota=1, good_min_score=Decimal(85))
    people = {s.person_id for s in row.scores.all()}
    assert staff.director.pk not in people and staff.clerk.pk in people
    base = {pk: {"common": "25", "individual": "50", "democratic": "8"} for pk in people}  # 83
    base[staff.clerk.pk] = {"common": "28", "individual": "55", "democratic": "9"}  # 92
    base[staff.colleague.pk] = {"common": "27", "individual": "54", "democratic": "9"}  # 90
    scores(row, base)
    # the colleague's piece adopted by a central medium (+3) and a party-group task (+5)
    piece = bulletin.submit_piece(staff.colleague, {"title": "标题", "body": "正文", "author": None})
    bulletin.edit_piece(staff.clerk, piece.pk, "accept", "标题", "正文")
    approve_all(bulletin.compile_issue(staff.clerk, "本期", [piece.pk]).case)
    bulletin.record_adoption(staff.clerk, piece.pk, "法治日报", Level.NATIONAL, date(2026, 11, 2), "复印件")
    performance.add_bonus(staff.officer, staff.colleague, BonusEntry.Kind.PARTY_TASK, date(2026, 6, 1), "抗洪值守")
    assert bonus_points(staff.colleague, 2026) == Decimal(8)
    lines = performance.ranking(row)
    top = lines[0]
    assert (top.score.person, top.total, top.bonus, top.grade) == (staff.colleague, Decimal("98.0"), 8, "excellent")
    assert lines[1].score.person == staff.clerk and lines[1].grade == "good"  # 92 >= 85, the quota is used
    assert {line.grade for line in lines[2:]} == {"pass"}  # 83 < 85
    performance.confirm_year(staff.officer, row.pk)
    frozen = PerformanceScore.objects.get(score_year=row, person=staff.colleague)
    assert (frozen.bonus, frozen.grade, frozen.rank) == (Decimal("8.0"), "excellent", 1)
    assert "法治日报" in frozen.bonus_detail
    with pytest.raises(TransitionError, match="已确定，不能再登记加分"):
        performance.add_bonus(staff.officer, staff.clerk, BonusEntry.Kind.INNOVATION, date(2026, 7, 1), "创新")
    with pytest.raises(TransitionError, match="不能再修改得分"):
        scores(row, base)
    page = Client()
    page.force_login(staff.colleague)
    response = page.get("/hr/performance/?year=2026")
    assert "法治日报" in response.content.decode() and response.context["mine_total"] == Decimal(8)


def test_a_score_out_of_range_is_refused_with_the_name(staff, today):
    row = performance.create_year(staff.officer, 2026, 1, Decimal(85))
    with pytest.raises(TransitionError, match="办公室科员的共性指标应在 0～30 分之间（现为 30.5）"):
        scores(row, {staff.clerk.pk: {"common": "30.5"}})
    with pytest.raises(TransitionError, match="“abc”不是数字"):
        scores(row, {staff.clerk.pk: {"individual": "abc"}})
    scores(row, {staff.clerk.pk: {"common": "30", "individual": "60", "democratic": "10"}})
    assert PerformanceScore.objects.get(score_year=row, person=staff.clerk).base == 100


def test_a_tie_across_the_excellent_line_and_the_last_place(staff, today):
    row = performance.create_year(staff.officer, 2026, 1, Decimal(85))
    values = {s.person_id: {"common": "25", "individual": "50", "democratic": "8"} for s in row.scores.all()}
    values[staff.clerk.pk] = values[staff.colleague.pk] = {"common": "28", "individual": "55", "democratic": "9"}
    scores(row, values)
    with pytest.raises(TransitionError, match="第 1 名与下一名同分"):
        performance.confirm_year(staff.officer, row.pk)
    # named in a 作风 inspection: 末等, so the tie is gone and the colleague is excellent
    scores(row, {staff.clerk.pk: {"last_place": "作风督查被通报"}})
    performance.confirm_year(staff.officer, row.pk)
    grades = dict(PerformanceScore.objects.filter(score_year=row).values_list("person__username", "grade"))
    assert grades["clerk"] == "pass" and grades["colleague"] == "excellent"
    assert PerformanceYear.objects.get(pk=row.pk).status == PerformanceYear.Status.FINAL


def test_another_app_feeds_points_through_the_registry(staff, today):
    assert {"bulletin.adoption", "hr.bonus_entry"} <= {s.code for s in sources()}
    register_source(
        BonusSource("test.study", "学习", lambda ids, year: {staff.clerk.pk: [(Decimal("0.5"), "集中学习")]})
    )
    try:
        assert bonus_points(staff.clerk, 2026) == Decimal("0.5")
    finally:
        from apps.hr.appraisal import bonus

        bonus._sources.pop("test.study")


def test_only_the_personnel_section_scores(staff, today):
    with pytest.raises(TransitionError, match="只有政工科"):
        performance.create_year(staff.clerk, 2026, 1, Decimal(85))
    row = performance.create_year(staff.officer, 2026, 1, Decimal(85))
    client = Client()
    client.force_login(staff.clerk)
    assert client.get(f"/hr/performance/{row.pk}/").status_code == 403
    assert client.get("/hr/performance/").context["years"] == []
