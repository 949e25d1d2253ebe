"""Every state change of the app: one @transaction.atomic function per move, which locks the
row, re-checks the state and raises TransitionError with the reason in Chinese."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.org.models import ExternalUnit
from apps.workflow import api
from apps.workflow.api import TransitionError
from apps.workflow.models import CaseClock
from apps.workflow.rules import deadline_rule

from .models import (
    ASSESSMENT_PROCESS,
    MODEL_UNIT_PROCESS,
    PLAN_PROCESS,
    REPORT_PROCESS,
    Adoption,
    AnnualReport,
    Assessment,
    Attendance,
    Cadre,
    Campaign,
    Consultation,
    DutyReport,
    Exam,
    ExamScore,
    LawReport,
    ModelApplication,
    Outcome,
    Plan,
    PlanTask,
    Presence,
    Responsibility,
    StudySession,
    is_member,
)

FEEDBACK_RULE = deadline_rule("rol-plan-feedback")
REPORT_RULE = deadline_rule("rol-annual-report")
NOT_MEMBER = "只有区委依法治区办秘书科的工作人员可以办理。"


def require_member(actor):
    if not is_member(actor):
        raise TransitionError(NOT_MEMBER)


def _text(value, what, limit=None):
    value = (value or "").strip()
    if not value:
        raise TransitionError(f"请填写{what}。")
    if limit and len(value) > limit:
        raise TransitionError(f"{what}不能超过 {limit} 个字。")
    return value


def _past(day, what):
    if day is None:
        raise TransitionError(f"请填写{what}。")
    if day > timezone.localdate():
        raise TransitionError(f"{what}不能晚于今天。")
    return day


def _score(value, what="得分"):
    if value is None:
        raise TransitionError(f"请填写{what}。")
    value = Decimal(value)
    if not Decimal("0") <= value <= Decimal("100"):
        raise TransitionError(f"{what}应在 0 到 100 之间。")
    return value


def _clock(case, rule_code):
    return case.clocks.filter(rule__code=rule_code).first()


# --- 3.5 普法规划 ----------------------------------------------------------------------------


def _plan_fields(data):
    start, end = data.get("start_year"), data.get("end_year")
    if not start or not end or end < start:
        raise TransitionError("规划期截止年度不能早于起始年度。")
    if end - start > 4:
        raise TransitionError("规划期最长五年。")
    return {
        "kind": data["kind"],
        "title": _text(data.get("title"), "规划名称", 200),
        "start_year": start,
        "end_year": end,
        "outline": (data.get("outline") or "").strip(),
    }


@transaction.atomic
def create_plan(actor, data):
    """起草: a draft plan of the section (submitted later for 初审)."""
    require_member(actor)
    fields = _plan_fields(data)
    case = api.create_case(
        PLAN_PROCESS, initiator=actor, section=actor.section, title=fields["title"], step_label="起草"
    )
    return Plan.objects.create(case=case, **fields)


@transaction.atomic
def update_plan(case_id, actor, data):
    case = api.lock_draft(case_id, actor, process=PLAN_PROCESS)
    plan = Plan.objects.select_for_update().get(case=case)
    for name, value in _plan_fields(data).items():
        setattr(plan, name, value)
    plan.save()
    api.save_draft(case, actor, title=plan.title)
    return plan


@transaction.atomic
def submit_plan(case_id, actor):
    """起草完成，提交初审 (again after a return)."""
    case = api.lock_draft(case_id, actor, process=PLAN_PROCESS)
    return api.submit(case.pk, actor)


def _plan_step(case_id, actor, step, refusal):
    case = api.lock_case(case_id, process=PLAN_PROCESS)
    task = api.pending_task(case, actor, step=step, refusal=refusal)
    return case, task, Plan.objects.select_for_update().get(case=case)


@transaction.atomic
def send_consultation(case_id, actor, units, sent_on):
    """征求意见: the draft is sent to the departments concerned; their feedback is due within the
    rule's working days (rol-plan-feedback, a clock the sweep reminds and escalates)."""
    case, _task, plan = _plan_step(case_id, actor, "consult", "当前不在征求意见环节，或不由您办理。")
    _past(sent_on, "送出日期")
    units = list(units or [])
    if not units:
        raise TransitionError("请选择征求意见的单位。")
    known = set(plan.consultations.values_list("unit_id", flat=True))
    fresh = [u for u in units if u.pk not in known]
    if not fresh:
        raise TransitionError("所选单位均已征求过意见。")
    Consultation.objects.bulk_create([Consultation(plan=plan, unit=u, sent_on=sent_on) for u in fresh])
    if plan.consult_sent_on is None:
        plan.consult_sent_on = sent_on
        plan.save(update_fields=["consult_sent_on"])
    if _clock(case, FEEDBACK_RULE) is None:
        api.start_clock(case, FEEDBACK_RULE, sent_on, actor)
    api.log_event(
        case,
        actor,
        step_label="征求意见",
        opinion=f"{sent_on:%Y-%m-%d} 向{'、'.join(u.name for u in fresh)}征求意见。",
        audit_event="rule_of_law.consult",
    )
    api.save_case(case)
    return len(fresh)


@transaction.atomic
def record_feedback(case_id, actor, consultation_id, replied_on, adoption, feedback="", response=""):
    """One department's feedback and how it was taken (采纳反馈)."""
    case, _task, plan = _plan_step(case_id, actor, "consult", "当前不在征求意见环节，或不由您办理。")
    c = Consultation.objects.select_for_update().filter(plan=plan, pk=consultation_id).first()
    if c is None:
        raise TransitionError("该单位不在本规划的征求意见范围内。")
    if c.replied_on is not None:
        raise TransitionError(f"{c.unit.name}的反馈意见已登记。")
    _past(replied_on, "反馈日期")
    if replied_on < c.sent_on:
        raise TransitionError("反馈日期不能早于送出日期。")
    if adoption not in Adoption.values:
        raise TransitionError("请选择采纳情况。")
    feedback = (feedback or "").strip()
    if adoption != Adoption.NO_OPINION:
        feedback = _text(feedback, "反馈意见")
        response = _text(response, "采纳反馈说明")
    c.replied_on, c.adoption, c.feedback, c.response = replied_on, adoption, feedback, (response or "").strip()
    c.save()
    api.save_case(case)
    return c


@transaction.atomic
def close_consultation(case_id, actor, closed_on):
    """All feedback in: the draft is revised and goes on to 会签审议."""
    case, task, plan = _plan_step(case_id, actor, "consult", "当前不在征求意见环节，或不由您办理。")
    _past(closed_on, "完成日期")
    rows = list(plan.consultations.select_related("unit"))
    if not rows:
        raise TransitionError("尚未向任何单位征求意见。")
    waiting = [c.unit.name for c in rows if c.replied_on is None]
    if waiting:
        raise TransitionError(f"以下单位尚未反馈：{'、'.join(waiting)}。请登记反馈（无意见的选择“无意见”）。")
    clock = _clock(case, FEEDBACK_RULE)
    if clock is not None and clock.status in (CaseClock.Status.RUNNING, CaseClock.Status.PAUSED):
        api.stop_clock(clock.pk, actor, max(c.replied_on for c in rows))
    plan.consult_closed_on = closed_on
    plan.save(update_fields=["consult_closed_on"])
    adopted = sum(1 for c in rows if c.adoption in (Adoption.ADOPTED, Adoption.PARTLY))
    return api.finish_own_step(
        case.pk, task.pk, actor, f"征求{len(rows)}家单位意见，采纳或部分采纳{adopted}家。", keep_result=False
    )


@transaction.atomic
def record_countersign(case_id, actor, countersigned_on, meeting):
    case, task, plan = _plan_step(case_id, actor, "countersign", "当前不在会签审议环节，或不由您办理。")
    plan.countersigned_on = _past(countersigned_on, "会签审议日期")
    if plan.consult_closed_on and countersigned_on < plan.consult_closed_on:
        raise TransitionError("会签审议日期不能早于征求意见完成日期。")
    plan.review_meeting = _text(meeting, "审议会议", 100)
    plan.save(update_fields=["countersigned_on", "review_meeting"])
    return api.finish_own_step(
        case.pk,
        task.pk,
        actor,
        f"{countersigned_on:%Y-%m-%d} 会签，提交{plan.review_meeting}审议通过。",
        keep_result=False,
    )


@transaction.atomic
def issue_plan(case_id, actor, doc_number, issued_on):
    case, task, plan = _plan_step(case_id, actor, "issue", "当前不在印发环节，或不由您办理。")
    plan.doc_number = _text(doc_number, "文号", 60)
    plan.issued_on = _past(issued_on, "印发日期")
    if plan.countersigned_on and issued_on < plan.countersigned_on:
        raise TransitionError("印发日期不能早于会签审议日期。")
    if Plan.objects.filter(doc_number=plan.doc_number).exclude(pk=plan.pk).exists():
        raise TransitionError(f"文号“{plan.doc_number}”已被其他规划使用。")
    plan.save(update_fields=["doc_number", "issued_on"])
    return api.finish_own_step(
        case.pk, task.pk, actor, f"以{plan.doc_number}印发（{issued_on:%Y-%m-%d}）。", keep_result=False
    )


@transaction.atomic
def add_task(case_id, actor, unit, content, owner, due_on, contact=""):
    """组织实施: a task of the plan given to a department, with the section's follow-up owner."""
    case, _task, plan = _plan_step(case_id, actor, "implement", "只有在组织实施环节才能分解任务。")
    if unit is None:
        raise TransitionError("请选择责任单位。")
    if owner is None or not is_member(owner):
        raise TransitionError("跟踪责任人应为秘书科工作人员。")
    if due_on is None or (plan.issued_on and due_on < plan.issued_on):
        raise TransitionError("完成期限不能早于规划印发日期。")
    row = PlanTask.objects.create(
        plan=plan,
        unit=unit,
        content=_text(content, "任务内容"),
        owner=owner,
        contact=(contact or "").strip()[:40],
        due_on=due_on,
    )
    api.save_case(case)
    return row


@transaction.atomic
def finish_task(case_id, actor, task_id, done_on, result):
    """A department's task done, as checked by the section (组织实施 or 检查总结 step)."""
    case = api.lock_case(case_id, process=PLAN_PROCESS)
    api.pending_task(
        case, actor, step=["implement", "review"], refusal="只有组织实施或检查总结环节才能登记任务完成情况。"
    )
    row = PlanTask.objects.select_for_update().filter(plan__case=case, pk=task_id).first()
    if row is None:
        raise TransitionError("该任务不属于本规划。")
    if row.done_on is not None:
        raise TransitionError("该任务已登记完成。")
    row.done_on = _past(done_on, "完成日期")
    row.result = _text(result, "完成情况")
    row.save(update_fields=["done_on", "result"])
    api.save_case(case)
    return row


@transaction.atomic
def close_implementation(case_id, actor):
    case, task, plan = _plan_step(case_id, actor, "implement", "当前不在组织实施环节，或不由您办理。")
    n = plan.tasks.count()
    if not n:
        raise TransitionError("请先分解任务到各责任单位。")
    return api.finish_own_step(case.pk, task.pk, actor, f"任务分解到 {n} 项，转入检查总结。", keep_result=False)


@transaction.atomic
def summarise_plan(case_id, actor, summarised_on, summary):
    case, task, plan = _plan_step(case_id, actor, "review", "当前不在检查总结环节，或不由您办理。")
    waiting = list(plan.tasks.filter(done_on__isnull=True).select_related("unit"))
    if waiting:
        raise TransitionError(f"尚有 {len(waiting)} 项任务未完成（{waiting[0].unit.name}等），请先督促落实并登记。")
    plan.summary = _text(summary, "检查总结")
    plan.summarised_on = _past(summarised_on, "总结日期")
    plan.save(update_fields=["summary", "summarised_on"])
    return api.finish_own_step(case.pk, task.pk, actor, f"检查总结：{plan.summary[:100]}")


# --- 3.6 谁执法谁普法 ------------------------------------------------------------------------


@transaction.atomic
def open_assessment(actor, year, units, notice_on, reports_due):
    """The yearly notice to the key units: send the 普法责任清单 and the year's report by a date."""
    require_member(actor)
    units = list(units or [])
    if not units:
        raise TransitionError("请选择参加考核的重点单位。")
    _past(notice_on, "通知日期")
    if reports_due is None or reports_due <= notice_on:
        raise TransitionError("报送截止日期应晚于通知日期。")
    if Assessment.objects.filter(year=year).exists():
        raise TransitionError(f"{year}年度的考核已登记。")
    title = f"{year}年度“谁执法谁普法”普法责任制考核"
    case = api.create_case(
        ASSESSMENT_PROCESS, initiator=actor, section=actor.section, title=title, step_label="印发通知"
    )
    try:
        with transaction.atomic():
            a = Assessment.objects.create(case=case, year=year, notice_on=notice_on, reports_due=reports_due)
    except IntegrityError as exc:
        raise TransitionError(f"{year}年度的考核已登记。") from exc
    a.units.set(units)
    api.submit(case.pk, actor)
    return a


def _assessment_step(case_id, actor, step, refusal):
    case = api.lock_case(case_id, process=ASSESSMENT_PROCESS)
    task = api.pending_task(case, actor, step=step, refusal=refusal)
    return case, task, Assessment.objects.select_for_update().get(case=case)


def _key_unit(a, unit):
    if unit is None or not a.units.filter(pk=unit.pk).exists():
        raise TransitionError("该单位不在本年度考核的重点单位范围内。")


@transaction.atomic
def receive_list(case_id, actor, unit, received_on, items):
    case, _t, a = _assessment_step(case_id, actor, "collect", "当前不在收集环节，或不由您办理。")
    _key_unit(a, unit)
    if a.lists.filter(unit=unit).exists():
        raise TransitionError(f"{unit.name}的普法责任清单已登记。")
    row = Responsibility.objects.create(
        assessment=a, unit=unit, received_on=_past(received_on, "报送日期"), items=_text(items, "清单内容")
    )
    api.save_case(case)
    return row


@transaction.atomic
def receive_report(case_id, actor, unit, received_on, summary):
    case, _t, a = _assessment_step(case_id, actor, ["collect", "score"], "当前不在收集或评分环节，或不由您办理。")
    _key_unit(a, unit)
    if a.reports.filter(unit=unit).exists():
        raise TransitionError(f"{unit.name}的年度报告已登记。")
    row = DutyReport.objects.create(
        assessment=a, unit=unit, received_on=_past(received_on, "报送日期"), summary=_text(summary, "报告摘要")
    )
    api.save_case(case)
    return row


@transaction.atomic
def close_collection(case_id, actor, collected_on):
    """Collection closed (on or after the due date): the units that did not report are scored 0
    and named in the notice."""
    case, task, a = _assessment_step(case_id, actor, "collect", "当前不在收集环节，或不由您办理。")
    _past(collected_on, "收集完毕日期")
    received = a.reports.count()
    missing = a.units.exclude(pk__in=a.reports.values("unit_id")).count()
    if missing and collected_on < a.reports_due:
        raise TransitionError(f"还有 {missing} 家单位未报送，报送截止日期（{a.reports_due:%Y-%m-%d}）前不能结束收集。")
    a.collected_on = collected_on
    a.save(update_fields=["collected_on"])
    text = f"收到年度报告 {received} 份" + (f"，{missing} 家单位逾期未报送" if missing else "，全部报送")
    return api.finish_own_step(case.pk, task.pk, actor, text + "。", keep_result=False)


@transaction.atomic
def score_report(case_id, actor, report_id, score, remarks=""):
    case, _t, a = _assessment_step(case_id, actor, "score", "当前不在评分环节，或不由您办理。")
    r = DutyReport.objects.select_for_update().filter(assessment=a, pk=report_id).first()
    if r is None:
        raise TransitionError("该报告不属于本年度考核。")
    r.score = _score(score)
    r.remarks = (remarks or "").strip()
    r.scored_by = actor
    r.save(update_fields=["score", "remarks", "scored_by"])
    api.save_case(case)
    return r


@transaction.atomic
def close_scoring(case_id, actor, scored_on):
    case, task, a = _assessment_step(case_id, actor, "score", "当前不在评分环节，或不由您办理。")
    unscored = list(a.reports.filter(score__isnull=True).select_related("unit"))
    if unscored:
        raise TransitionError(f"以下单位的报告尚未评分：{'、'.join(r.unit.name for r in unscored)}。")
    a.scored_on = _past(scored_on, "评分完成日期")
    a.save(update_fields=["scored_on"])
    rows = a.ranking()
    top = next((u.name for rank, u, r in rows if rank == 1), "—")
    return api.finish_own_step(case.pk, task.pk, actor, f"评分排名完成，第一名：{top}。", keep_result=False)


@transaction.atomic
def publish_assessment(case_id, actor, doc_number, published_on):
    case, task, a = _assessment_step(case_id, actor, "publish", "当前不在印发通报环节，或不由您办理。")
    a.doc_number = _text(doc_number, "通报文号", 60)
    a.published_on = _past(published_on, "通报日期")
    a.save(update_fields=["doc_number", "published_on"])
    return api.finish_own_step(case.pk, task.pk, actor, f"以{a.doc_number}通报{a.year}年度考核结果。")


# --- 3.7 学法用法 ----------------------------------------------------------------------------


@transaction.atomic
def add_cadre(actor, name, post, unit=None):
    require_member(actor)
    return Cadre.objects.create(name=_text(name, "姓名", 40), post=_text(post, "职务", 100), unit=unit)


@transaction.atomic
def record_session(actor, data, attendance):
    """A study session with who attended: attendance is [(cadre, presence)]."""
    require_member(actor)
    session = StudySession.objects.create(
        held_on=_past(data.get("held_on"), "学法日期"),
        title=_text(data.get("title"), "学习主题", 200),
        kind=data["kind"],
        organiser=data.get("organiser"),
        speaker=(data.get("speaker") or "").strip(),
        hours=data.get("hours") or Decimal("2"),
        content=(data.get("content") or "").strip(),
        recorded_by=actor,
    )
    set_attendance(actor, session.pk, attendance)
    return session


@transaction.atomic
def set_attendance(actor, session_id, attendance):
    require_member(actor)
    session = StudySession.objects.select_for_update().get(pk=session_id)
    for cadre, presence in attendance:
        if presence not in Presence.values:
            raise TransitionError("出勤情况不正确。")
        Attendance.objects.update_or_create(session=session, cadre=cadre, defaults={"presence": presence})
    return session


@transaction.atomic
def record_exam(actor, held_on, title, pass_mark=Decimal("60")):
    require_member(actor)
    return Exam.objects.create(
        held_on=_past(held_on, "考试日期"),
        title=_text(title, "考试名称", 200),
        pass_mark=_score(pass_mark, "合格分"),
        recorded_by=actor,
    )


@transaction.atomic
def record_score(actor, exam_id, cadre, score=None, absent=False):
    require_member(actor)
    exam = Exam.objects.select_for_update().get(pk=exam_id)
    if cadre is None:
        raise TransitionError("请选择领导干部。")
    if not absent:
        score = _score(score, "成绩")
    row, created = ExamScore.objects.get_or_create(exam=exam, cadre=cadre, defaults={"score": score, "absent": absent})
    if not created:
        raise TransitionError(f"{cadre.name}的成绩已登记。")
    return row


@transaction.atomic
def record_law_report(actor, cadre, year, reported_on, form, summary):
    require_member(actor)
    if cadre is None:
        raise TransitionError("请选择述法人。")
    if LawReport.objects.filter(cadre=cadre, year=year).exists():
        raise TransitionError(f"{cadre.name}的{year}年度述法已登记。")
    return LawReport.objects.create(
        cadre=cadre,
        year=year,
        reported_on=_past(reported_on, "述法日期"),
        form=form,
        summary=_text(summary, "述法要点"),
        recorded_by=actor,
    )


@transaction.atomic
def rate_law_report(actor, report_id, rating, comments):
    require_member(actor)
    r = LawReport.objects.select_for_update().get(pk=report_id)
    if r.rating:
        raise TransitionError("该述法报告已评议。")
    r.rating, r.comments = rating, _text(comments, "评议意见")
    r.save(update_fields=["rating", "comments"])
    return r


# --- 3.8 依法治理 ----------------------------------------------------------------------------


@transaction.atomic
def create_campaign(actor, data):
    require_member(actor)
    launched = _past(data.get("launched_on"), "部署日期")
    due = data.get("applications_due")
    if due is None or due < launched:
        raise TransitionError("申报截止日期不能早于部署日期。")
    return Campaign.objects.create(
        title=_text(data.get("title"), "创建活动名称", 200),
        kind=data["kind"],
        level=data["level"],
        year=data["year"],
        plan_doc=(data.get("plan_doc") or "").strip(),
        launched_on=launched,
        applications_due=due,
        standard=(data.get("standard") or "").strip(),
        recorded_by=actor,
    )


@transaction.atomic
def register_application(actor, campaign, unit, candidate, applied_on, materials):
    """A town's or department's application for a model-unit title: a case at 审核."""
    require_member(actor)
    if campaign is None or unit is None:
        raise TransitionError("请选择创建活动和申报单位。")
    candidate = _text(candidate, "创建对象", 100)
    _past(applied_on, "申报日期")
    if applied_on < campaign.launched_on:
        raise TransitionError("申报日期不能早于创建活动部署日期。")
    if ModelApplication.objects.filter(campaign=campaign, candidate=candidate).exists():
        raise TransitionError(f"“{candidate}”已申报本次创建活动。")
    title = f"{campaign.get_kind_display()}申报：{candidate}"
    case = api.create_case(
        MODEL_UNIT_PROCESS, initiator=actor, section=actor.section, title=title[:200], step_label="受理申报"
    )
    a = ModelApplication.objects.create(
        case=case,
        campaign=campaign,
        unit=unit,
        candidate=candidate,
        applied_on=applied_on,
        materials=_text(materials, "申报材料及创建情况"),
    )
    api.submit(case.pk, actor)
    return a


def _application_step(case_id, actor, step, refusal):
    case = api.lock_case(case_id, process=MODEL_UNIT_PROCESS)
    task = api.pending_task(case, actor, step=step, refusal=refusal)
    return case, task, ModelApplication.objects.select_for_update().get(case=case)


@transaction.atomic
def check_application(case_id, actor, checked_on, score, opinion):
    case, task, a = _application_step(case_id, actor, "check", "当前不在审核环节，或不由您办理。")
    a.checked_on = _past(checked_on, "核查日期")
    if checked_on < a.applied_on:
        raise TransitionError("核查日期不能早于申报日期。")
    a.check_score = _score(score, "考评得分")
    a.check_opinion = _text(opinion, "审核意见")
    a.save(update_fields=["checked_on", "check_score", "check_opinion"])
    return api.finish_own_step(
        case.pk, task.pk, actor, f"实地核查得分 {a.check_score}：{a.check_opinion}", keep_result=False
    )


@transaction.atomic
def decide_application(case_id, actor, outcome, decided_on, decision_number=""):
    case, task, a = _application_step(case_id, actor, "decide", "当前不在命名决定环节，或不由您办理。")
    if outcome not in Outcome.values:
        raise TransitionError("请选择命名或不予命名。")
    a.outcome = outcome
    a.decided_on = _past(decided_on, "决定日期")
    if outcome == Outcome.NAMED:
        a.decision_number = _text(decision_number, "命名决定文号", 60)
        text = f"以{a.decision_number}命名“{a.candidate}”为{a.campaign.get_kind_display()}。"
    else:
        a.decision_number = (decision_number or "").strip()
        text = f"“{a.candidate}”未达到创建标准，不予命名。"
    a.save(update_fields=["outcome", "decided_on", "decision_number"])
    return api.finish_own_step(case.pk, task.pk, actor, text)


@transaction.atomic
def revoke_title(case_id, actor, revoked_on, reason):
    """动态管理: a named unit that no longer meets the standard loses its title."""
    require_member(actor)
    case = api.lock_case(case_id, process=MODEL_UNIT_PROCESS)
    a = ModelApplication.objects.select_for_update().get(case=case)
    if a.outcome != Outcome.NAMED:
        raise TransitionError("只有已命名的示范单位才能撤销命名。")
    if a.revoked_on:
        raise TransitionError("该示范单位已撤销命名。")
    a.revoked_on = _past(revoked_on, "撤销日期")
    if revoked_on < a.decided_on:
        raise TransitionError("撤销日期不能早于命名日期。")
    a.revoke_reason = _text(reason, "撤销理由")
    a.save(update_fields=["revoked_on", "revoke_reason"])
    api.log_event(
        case, actor, step_label="动态管理：撤销命名", opinion=a.revoke_reason, audit_event="rule_of_law.revoke"
    )
    api.save_case(case)
    return a


# --- 法治政府建设年度报告 --------------------------------------------------------------------


def report_period_end(year):
    return date(year, 12, 31)


@transaction.atomic
def open_report(actor, year):
    """The year's report case, opened once the year has ended; its clock runs from 31 December
    (rol-annual-report) and the sweep reminds ahead of the due date."""
    require_member(actor)
    end = report_period_end(year)
    if timezone.localdate() < end:
        raise TransitionError(f"{year}年度尚未结束，12月31日起方可登记编制年度报告。")
    if AnnualReport.objects.filter(year=year).exists():
        raise TransitionError(f"{year}年度法治政府建设情况报告已登记。")
    title = f"{year}年度法治政府建设情况报告"
    case = api.create_case(REPORT_PROCESS, initiator=actor, section=actor.section, title=title, step_label="登记编制")
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(case=case, year=year)
    except IntegrityError as exc:
        raise TransitionError(f"{year}年度法治政府建设情况报告已登记。") from exc
    api.submit(case.pk, actor)
    api.start_clock(case, REPORT_RULE, end, actor)
    return report


@transaction.atomic
def record_report(case_id, actor, reported_on, reported_to, published_on=None, published_url=""):
    case = api.lock_case(case_id, process=REPORT_PROCESS)
    task = api.pending_task(case, actor, step="report", refusal="当前不在报送与公开环节，或不由您办理。")
    r = AnnualReport.objects.select_for_update().get(case=case)
    r.reported_on = _past(reported_on, "报送日期")
    r.reported_to = _text(reported_to, "报送对象", 200)
    if published_on is not None:
        _past(published_on, "公开日期")
    r.published_on = published_on
    r.published_url = (published_url or "").strip()
    r.save(update_fields=["reported_on", "reported_to", "published_on", "published_url"])
    clock = _clock(case, REPORT_RULE)
    if clock is not None and clock.status in (CaseClock.Status.RUNNING, CaseClock.Status.PAUSED):
        api.stop_clock(clock.pk, actor, reported_on)
    text = f"{reported_on:%Y-%m-%d} 报送{r.reported_to}" + (
        f"，{published_on:%Y-%m-%d} 向社会公开" if published_on else ""
    )
    return api.finish_own_step(case.pk, task.pk, actor, text + "。")


def external_units(kind=None):
    qs = ExternalUnit.objects.filter(is_active=True)
    return qs.filter(kind=kind) if kind else qs
