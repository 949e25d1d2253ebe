"""State changes of appraisals (考核): quarterly rounds confirmed by the personnel section, the
annual round decided by the party group (engine case hr.appraisal) and published for at least
5 working days. Each runs in one transaction, checks the actor, and writes the audit log."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from apps.audit.log import record
from apps.workflow import api, deadlines
from apps.workflow.api import TransitionError
from apps.workflow.rules import deadline_rule

from ..attendance.services import attendance_staff
from ..models import QUARTER_GRADES, AppraisalGrade, AppraisalRound, AttendancePolicy, MonthlyAttendance
from ..personnel import require_officer, share_with_personnel_section
from .processes import APPRAISAL_PROCESS, NOTICE

NOTICE_RULE = deadline_rule("appraisal-public-notice")
NOT_YOUR_STEP = "您不是该环节的办理人，或该环节已办理。"
# 《公务员考核规定》(中组部、人社部 2020) is not in the statute collection the project verifies
# against (LawRefBook/Laws), so the 20% default of AppraisalRound.excellent_cap_percent is shown
# as 待核实 until the personnel section confirms it.
EXCELLENT_SHARE_BASIS = "《公务员考核规定》：优秀等次一般掌握在参加年度考核人数的20%以内，最多不超过25%（待核实）"


def appraisal_staff():
    """Everyone on the roll but the main leader (党组书记、局长除外)."""
    return attendance_staff().exclude(rank="director")


@transaction.atomic
def create_round(actor, kind, year, quarter=None):
    require_officer(actor, "组织考核")
    if kind == AppraisalRound.Kind.QUARTERLY and quarter not in (1, 2, 3, 4):
        raise TransitionError("请选择季度。")
    if AppraisalRound.objects.filter(kind=kind, year=year, quarter=quarter if kind == "quarterly" else None).exists():
        raise TransitionError("该考核已经建立。")
    round_ = AppraisalRound.objects.create(
        kind=kind, year=year, quarter=quarter if kind == AppraisalRound.Kind.QUARTERLY else None, created_by=actor
    )
    AppraisalGrade.objects.bulk_create(
        [AppraisalGrade(round=round_, person=p, unit_id=p.section_id) for p in appraisal_staff()]
    )
    record("hr.appraisal.create", actor=actor, obj=round_, detail={"kind": kind, "year": year, "quarter": quarter})
    return round_


def yearly_absences(person_ids, year):
    """{person: absences (days/times)} from the year's published attendance (考勤情况列入年终考核)."""
    rows = (
        MonthlyAttendance.objects.filter(person_id__in=person_ids, month__month__year=year)
        .values("person_id")
        .annotate(total=Sum("absences"))
    )
    return {row["person_id"]: row["total"] or Decimal("0") for row in rows}


def share_allowed(total, percent):
    """How many people a share of `percent`% of `total` admits ("控制在…%以内": never more)."""
    return total * percent // 100


def cap_problems(round_, grades):
    """平时考核: "“好”等次控制在参评总人数的30%以内" (seed 002 rule 16 三) — one cap over everyone
    appraised in the round, bureau-wide, not a cap per section rounded down (which would bar a
    section of fewer than four from ever having a 好)."""
    if round_.kind != AppraisalRound.Kind.QUARTERLY:
        return []
    total = len(grades)
    good = sum(1 for grade in grades if grade.grade == "good")
    allowed = share_allowed(total, round_.good_cap_percent)
    if good <= allowed:
        return []
    return [
        f"全局参评 {total} 人，“好”等次至多 {allowed} 人（参评总人数的{round_.good_cap_percent}%以内），现 {good} 人"
    ]


def excellent_share_problems(round_, grades):
    """年度考核: the 优秀 share of 公务员考核规定 (an admin setting on the round, 待核实)."""
    if round_.kind != AppraisalRound.Kind.ANNUAL:
        return []
    total = len(grades)
    excellent = sum(1 for grade in grades if grade.grade == "excellent")
    allowed = share_allowed(total, round_.excellent_cap_percent)
    if excellent <= allowed:
        return []
    return [
        f"全局参加年度考核 {total} 人，“优秀”等次至多 {allowed} 人"
        f"（{round_.excellent_cap_percent}%以内，{EXCELLENT_SHARE_BASIS}），现 {excellent} 人"
    ]


def excellent_problems(round_, grades):
    """Nobody with three absences in the year may be 优秀 (一年内缺勤三天（次）以上不能评先评优)."""
    if round_.kind != AppraisalRound.Kind.ANNUAL:
        return []
    limit = AttendancePolicy.objects.current().absence_limit
    absences = yearly_absences([g.person_id for g in grades if g.grade == "excellent"], round_.year)
    return [
        f"{g.person.full_name}全年缺勤 {absences[g.person_id]} 天（次），不能评为优秀"
        for g in grades
        if g.grade == "excellent" and absences.get(g.person_id, 0) >= limit
    ]


def quarterly_grades(person_ids, year):
    """{person: [quarter grade codes in quarter order]} of the year's confirmed quarterly rounds."""
    rows = (
        AppraisalGrade.objects.filter(
            round__kind=AppraisalRound.Kind.QUARTERLY,
            round__year=year,
            round__status=AppraisalRound.Status.FINAL,
            person_id__in=person_ids,
        )
        .exclude(grade="")
        .order_by("round__quarter")
        .values_list("person_id", "grade")
    )
    result = {}
    for person_id, grade in rows:
        result.setdefault(person_id, []).append(grade)
    return result


def link_problem(annual_grade, quarters):
    """Seed 002 rule 16 五: the annual grade follows the year's quarterly grades "原则上" — so a
    departure is allowed only with a written reason. Returns the rule the grade departs from, or
    "" when it follows it.

    - 优秀 comes from those with more 好 than other grades and no 一般 or 较差;
    - more than half 一般/较差 means 基本称职 or 不称职;
    (all 较差 "可以直接确定为不称职" is permissive, so it is not checked.)"""
    if not quarters:
        return ""
    good = quarters.count("good")
    weak = sum(1 for q in quarters if q in ("average", "poor"))
    if annual_grade == "excellent" and (weak or good * 2 <= len(quarters)):
        return (
            "优秀等次原则上应从当年平时考核“好”等次较多且无“一般”“较差”等次的人员中产生"
            f"（当年平时考核：{_quarters_text(quarters)}）"
        )
    if annual_grade in ("excellent", "competent") and weak * 2 > len(quarters):
        return (
            "当年平时考核“一般”“较差”等次累计超过一半的，年度考核原则上应确定为基本称职或者不称职"
            f"（当年平时考核：{_quarters_text(quarters)}）"
        )
    return ""


def _quarters_text(quarters):
    names = dict(QUARTER_GRADES)
    return "、".join(names.get(q, q) for q in quarters)


def link_problems(round_, grades):
    """Annual grades that depart from rule 16 五 without a reason written in 说明."""
    if round_.kind != AppraisalRound.Kind.ANNUAL:
        return []
    quarters = quarterly_grades([g.person_id for g in grades], round_.year)
    problems = []
    for grade in grades:
        rule = link_problem(grade.grade, quarters.get(grade.person_id, []))
        if rule and not grade.note.strip():
            problems.append(f"{grade.person.full_name}：{rule}，确需评定的请在“说明”中写明理由")
    return problems


def all_problems(round_, grades):
    return (
        cap_problems(round_, grades)
        + excellent_share_problems(round_, grades)
        + excellent_problems(round_, grades)
        + link_problems(round_, grades)
    )


@transaction.atomic
def set_grades(actor, round_id, grades, notes=None):
    """Save the grades typed on the round's page ({person pk: grade}); the rules are checked
    when the round is confirmed or sent to the party group, so a draft can be saved as it is."""
    require_officer(actor, "评定考核等次")
    round_ = AppraisalRound.objects.select_for_update().get(pk=round_id)
    if round_.status != AppraisalRound.Status.DRAFT:
        raise TransitionError("考核已提交或确定，不能再修改等次。")
    allowed = {value for value, _ in (AppraisalGrade._meta.get_field("grade").choices)}
    rows = {g.person_id: g for g in round_.grades.select_for_update()}
    for person_id, grade in grades.items():
        row = rows.get(person_id)
        if row is None or (grade and grade not in allowed):
            continue
        row.grade = grade
        if notes and person_id in notes:
            row.note = notes[person_id][:200]
        row.save(update_fields=["grade", "note"])
    record("hr.appraisal.grades", actor=actor, obj=round_, detail={"count": len(grades)})
    return round_


def _check_grades(round_):
    grades = list(round_.grades.select_related("person", "unit"))
    missing = [g.person.full_name for g in grades if not g.grade]
    if missing:
        raise TransitionError(
            f"尚有 {len(missing)} 人未评定等次：{'、'.join(missing[:10])}{'等' if len(missing) > 10 else ''}。"
        )
    problems = all_problems(round_, grades)
    if problems:
        raise TransitionError("；".join(problems) + "。")


@transaction.atomic
def confirm_quarter(actor, round_id):
    """平时考核: 政工室综合汇总，党组会议综合评议 — recorded as confirmed once the cap holds."""
    require_officer(actor, "确定考核结果")
    round_ = AppraisalRound.objects.select_for_update().get(pk=round_id)
    if round_.kind != AppraisalRound.Kind.QUARTERLY or round_.status != AppraisalRound.Status.DRAFT:
        raise TransitionError("该考核不能确定。")
    _check_grades(round_)
    round_.status, round_.finalized_at = AppraisalRound.Status.FINAL, timezone.now()
    round_.save(update_fields=["status", "finalized_at"])
    record("hr.appraisal.final", actor=actor, obj=round_)
    return round_


@transaction.atomic
def submit_annual(actor, round_id):
    """年度考核: send the grades to the party group (engine case hr.appraisal); after its
    decision the result is published for at least 5 working days before it is final."""
    require_officer(actor, "提交年度考核")
    round_ = AppraisalRound.objects.select_for_update().get(pk=round_id)
    if round_.kind != AppraisalRound.Kind.ANNUAL or round_.status != AppraisalRound.Status.DRAFT:
        raise TransitionError("该考核不能提交。")
    _check_grades(round_)
    case = api.create_case(
        APPRAISAL_PROCESS, initiator=actor, section=actor.section, title=f"{round_}等次确定与公示", is_confidential=True
    )
    round_.case, round_.status = case, AppraisalRound.Status.SUBMITTED
    round_.save(update_fields=["case", "status"])
    api.submit(case.pk, actor)
    share_with_personnel_section(case, actor)
    return round_


def start_notice(case_id, actor, on_date):
    """公示: the clock of appraisal-public-notice (at least 5 working days) runs from `on_date`."""
    with transaction.atomic():
        case = api.lock_case(case_id, process=APPRAISAL_PROCESS)
        api.pending_task(case, actor, step=NOTICE, refusal=NOT_YOUR_STEP)
        deadlines.start_clock(case, NOTICE_RULE, on_date, actor)


def notice_problem(case):
    clock = case.clocks.filter(rule__code=NOTICE_RULE).first()
    if clock is None:
        return "尚未公示：请先登记公示开始日期。"
    if timezone.localdate() < clock.due_date:
        return f"公示期不少于5个工作日，至 {clock.due_date:%Y-%m-%d} 届满后方可确定结果。"
    return ""


def finish_notice(case_id, actor, result):
    with transaction.atomic():
        case = api.lock_case(case_id, process=APPRAISAL_PROCESS)
        task = api.pending_task(case, actor, step=NOTICE, refusal=NOT_YOUR_STEP)
        problem = notice_problem(case)
        if problem:
            raise TransitionError(problem)
        clock = case.clocks.get(rule__code=NOTICE_RULE)
        if clock.is_open:
            deadlines.stop_clock(clock.pk, actor, clock.due_date)
        api.finish_own_step(case.pk, task.pk, actor, result or "公示期满无异议，考核结果确定。")


def appraisal_final(case, actor):
    """Process.on_close of hr.appraisal: the annual round is final."""
    round_ = AppraisalRound.objects.select_for_update().get(case=case)
    round_.status, round_.finalized_at = AppraisalRound.Status.FINAL, timezone.now()
    round_.save(update_fields=["status", "finalized_at"])
    record("hr.appraisal.final", actor=actor, obj=round_)
