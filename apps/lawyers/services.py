"""State changes of the 律师工作科 app. Each is one transaction: it locks the row (the case for
case records), re-checks the stage and the actor, and raises TransitionError("中文原因").

Public functions other apps may call:
- complaint_start_url(kind): the page where a complaint about a lawyer, firm, notary or
  grassroots legal-service worker is registered (kind in lawyer/firm/notary/grassroots).
- handling_section_code(kind): the section that handles such a complaint.

Clocks (rule rows in fixtures/lawyers_deadlines.json, editable in the admin):
- lawyer-complaint-accept (10 WD from receipt, 待核实): stopped by the acceptance decision;
- lawyer-complaint-reply (60 days from acceptance, 待核实): stopped by the written reply;
  The reply limit is extended through a 延期申请 (lawyers.extension) approved along its chain;
- lawyer-licence-supplement-notice (5 WD, 行政许可法 §32(四)): stopped by the completeness check;
- lawyer-licence-city-review (20 days, 律师法 §6, §18) and lawyer-licence-province-decision
  (10 days): the city's and the province's periods, watched from the forwarding.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.org.models import ExternalUnit, Section
from apps.workflow import api, deadlines
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, CaseClock
from apps.workflow.rules import deadline_rule

from .models import (
    HANDLING_SECTION,
    IN_UNIT,
    MATERIALS,
    PUBLIC_LEGAL,
    SECTION,
    AssessmentReport,
    AssessmentStage,
    Complaint,
    ComplaintExtension,
    ComplaintStage,
    Finding,
    InvestigationNote,
    LawFirm,
    Lawyer,
    LawyerKind,
    LicenceFile,
    LicenceKind,
    LicenceStage,
    PlanTask,
    Recommendation,
    RecommendationStage,
    Status,
    SubjectKind,
    WorkPlan,
    WorkRecord,
    is_section_staff,
)
from .processes import (
    ASSIGN_STEP,
    COMPLAINT_PROCESS,
    EXTENSION_PROCESS,
    HANDLE_STEP,
    LICENCE_PROCESS,
    RECOMMENDATION_PROCESS,
    RESULT_STEP,
    SEND_STEP,
)

ACCEPT_RULE = deadline_rule("lawyer-complaint-accept")
REPLY_RULE = deadline_rule("lawyer-complaint-reply")
SUPPLEMENT_NOTICE_RULE = deadline_rule("lawyer-licence-supplement-notice")
CITY_RULE = deadline_rule("lawyer-licence-city-review")
PROVINCE_RULE = deadline_rule("lawyer-licence-province-decision")
CITY_BUREAU = "justice_city"  # fixtures/external_units.json: 淄博市司法局

COMPLAINT_SECTIONS = (SECTION, PUBLIC_LEGAL)


# --- public ------------------------------------------------------------------------------------


def complaint_start_url(kind):
    """The intake page for a complaint about `kind` (lawyer, firm, notary, grassroots)."""
    if kind not in SubjectKind.values:
        raise ValueError(f"unknown complaint subject kind {kind!r}")
    return f"{reverse('lawyers:complaint_new')}?kind={kind}"


def handling_section_code(kind):
    return HANDLING_SECTION[SubjectKind(kind)]


# --- helpers -----------------------------------------------------------------------------------


def _today():
    return timezone.localdate()


def _date(value, what, earliest=None, earliest_what=""):
    if not isinstance(value, date):
        raise TransitionError(f"请填写{what}。")
    if value > _today():
        raise TransitionError(f"{what}不能晚于今天。")
    if earliest is not None and value < earliest:
        raise TransitionError(f"{what}不能早于{earliest_what}（{earliest:%Y-%m-%d}）。")
    return value


def _text(value, what):
    value = (value or "").strip()
    if not value:
        raise TransitionError(f"请填写{what}。")
    return value


def _clock(case, code):
    return case.clocks.filter(rule__code=code, status__in=CaseClock.OPEN_STATUSES).select_related("rule").first()


def _stop(case, code, actor, on_date):
    clock = _clock(case, code)
    if clock is not None:
        deadlines.stop_clock(clock.pk, actor, on_date)


def _staff(actor):
    if not is_section_staff(actor):
        raise TransitionError("只有律师工作科工作人员可以办理此项登记。")


# --- registers ---------------------------------------------------------------------------------


@transaction.atomic
def save_register_form(actor, form):
    """Save a register row (律师事务所, 律师, 法律顾问, 年度考核材料 ...) from its valid ModelForm;
    only the section's staff keep the registers (the change is in the row's history)."""
    _staff(actor)
    instance = form.instance
    if instance.pk:
        type(instance).objects.select_for_update().filter(pk=instance.pk).first()
    obj = form.save(commit=False)
    obj._change_reason = "修改" if instance.pk else "登记"
    obj.save()
    form.save_m2m()
    return obj


# --- complaints --------------------------------------------------------------------------------

COMPLAINT_FIELDS = (
    "subject_kind",
    "lawyer",
    "firm",
    "subject_name",
    "subject_unit",
    "complainant",
    "id_number",
    "phone",
    "address",
    "channel",
    "received_on",
    "content",
)


def may_register_complaint(user):
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and not user.admin_role
        and user.section_id is not None
        and user.section.code in COMPLAINT_SECTIONS
    )


@transaction.atomic
def register_complaint(actor, data):
    """登记 a complaint: the case goes to the handling section's chief for 分办, and the
    acceptance clock runs from the day it was received."""
    if not may_register_complaint(actor):
        raise TransitionError("只有律师工作科、公共法律服务管理科工作人员可以登记投诉。")
    kind = SubjectKind(data["subject_kind"])
    section = Section.objects.filter(code=HANDLING_SECTION[kind]).first()
    if section is None:
        raise TransitionError("承办科室未设置，请联系系统管理员。")
    values = {f: data.get(f) for f in COMPLAINT_FIELDS if f in data}
    lawyer, firm = values.get("lawyer"), values.get("firm")
    if kind == SubjectKind.LAWYER:
        if lawyer is None and not (values.get("subject_name") or "").strip():
            raise TransitionError("请选择被投诉律师（名册中没有的，填写姓名和执业机构）。")
        values["firm"] = None
        if lawyer is not None:
            values["subject_name"] = lawyer.name
            values["subject_unit"] = lawyer.practice_place
    elif kind == SubjectKind.FIRM:
        if firm is None and not (values.get("subject_name") or "").strip():
            raise TransitionError("请选择被投诉律师事务所。")
        values["lawyer"] = None
        if firm is not None:
            values["subject_name"] = firm.name
            values["subject_unit"] = ""
    else:
        values["lawyer"] = values["firm"] = None
        _text(values.get("subject_name"), "被投诉人姓名或名称")
    _date(values.get("received_on"), "收到投诉日期")
    _text(values.get("content"), "投诉事项及理由")
    title = f"投诉{values['subject_name']}（{kind.label}）"
    case = api.create_case(COMPLAINT_PROCESS, initiator=actor, section=section, title=title[:200], step_label="登记")
    complaint = Complaint.objects.create(case=case, **values)
    api.submit(case.pk, actor)
    deadlines.start_clock(case, ACCEPT_RULE, complaint.received_on, actor)
    case.refresh_from_db()
    return case


def _complaint(case_id, actor, step, refusal):
    case = api.lock_case(case_id, process=COMPLAINT_PROCESS)
    task = api.pending_task(case, actor, step=step, refusal=refusal)
    complaint = Complaint.objects.select_for_update().get(case=case)
    return case, complaint, task


def _locked_complaint(case_id, actor, move):
    case, complaint, task = _complaint(case_id, actor, HANDLE_STEP, "该投诉当前不在您的承办环节。")
    if not complaint.may(move):
        raise TransitionError(f"该投诉目前“{complaint.get_stage_display()}”，不能进行此操作。")
    return case, complaint, task


def handler_choices(section_id):
    """Who may be named handler: the section's active business staff."""
    return get_user_model().objects.filter(section_id=section_id, is_active=True, admin_role="").order_by("-rank", "id")


@transaction.atomic
def assign(case_id, actor, handler, on_date):
    """分办: the chief names the handler (a member of the handling section)."""
    case, complaint, task = _complaint(case_id, actor, ASSIGN_STEP, "只有承办科室负责人可以分办该投诉。")
    if complaint.stage != ComplaintStage.ASSIGNING:
        raise TransitionError("该投诉已分办。")
    if handler is None or not handler_choices(case.section_id).filter(pk=handler.pk).exists():
        raise TransitionError(f"承办人须为{case.section.name}在岗工作人员。")
    complaint.handler = handler
    complaint.assigned_on = _date(on_date, "分办日期", complaint.received_on, "收到投诉日期")
    complaint.stage = ComplaintStage.REGISTERED
    complaint.save(update_fields=["handler", "assigned_on", "stage"])
    api.finish_own_step(case.pk, task.pk, actor, f"分办：{handler.full_name}承办", keep_result=False)
    return case


@transaction.atomic
def decide(case_id, actor, accept, on_date, reason=""):
    """受理 (starts the reply clock) or 不予受理 (with the reason; closes the complaint)."""
    case, complaint, task = _locked_complaint(case_id, actor, "decide")
    on_date = _date(on_date, "受理决定日期", complaint.received_on, "收到投诉日期")
    _stop(case, ACCEPT_RULE, actor, on_date)
    complaint.decided_on = on_date
    if accept:
        complaint.stage = ComplaintStage.INVESTIGATING
        complaint.save(update_fields=["stage", "decided_on"])
        deadlines.start_clock(case, REPLY_RULE, on_date, actor)
        api.log_event(
            case,
            actor,
            step_label="受理投诉",
            opinion=f"{on_date:%Y-%m-%d} 决定受理",
            audit_event="lawyers.complaint_accept",
        )
    else:
        complaint.stage = ComplaintStage.DECLINED
        complaint.decline_reason = _text(reason, "不予受理的理由和依据")
        complaint.replied_on = on_date
        complaint.save(update_fields=["stage", "decided_on", "decline_reason", "replied_on"])
        api.finish_own_step(case.pk, task.pk, actor, f"不予受理：{complaint.decline_reason}")
    return case


@transaction.atomic
def add_note(case_id, actor, data):
    case, complaint, task = _locked_complaint(case_id, actor, "note")
    on_date = _date(data.get("on_date"), "调查日期", complaint.decided_on, "受理日期")
    note = InvestigationNote.objects.create(
        complaint=complaint,
        on_date=on_date,
        method=data["method"],
        officers=_text(data.get("officers"), "调查人员"),
        content=_text(data.get("content"), "调查情况"),
        recorded_by=actor,
    )
    api.save_case(case)
    api.log_event(
        case,
        actor,
        step_label="调查记录",
        opinion=f"{note.get_method_display()}：{note.content[:200]}",
        audit_event="lawyers.complaint_note",
    )
    return note


@transaction.atomic
def start_recommendation(case_id, actor, data):
    """处罚建议: drafted by the complaint's handler once the investigation shows a violation that
    calls for an administrative penalty; a case of its own, approved by the chief and the
    division leader before it is sent to the city bureau."""
    case, complaint, task = _locked_complaint(case_id, actor, "recommend")
    if Recommendation.objects.filter(complaint=complaint).exists():
        raise TransitionError("该投诉已提出处罚建议。")
    if not complaint.notes.exists():
        raise TransitionError("请先登记调查记录（调查终结后方可提出处罚建议）。")
    recipient = data.get("recipient") or ExternalUnit.objects.filter(code=CITY_BUREAU).first()
    if recipient is None:
        raise TransitionError("请选择报送机关。")
    title = f"处罚建议：{complaint.subject_name}"
    rec_case = api.create_case(
        RECOMMENDATION_PROCESS, initiator=actor, section=case.section, title=title[:200], step_label="拟稿"
    )
    Recommendation.objects.create(
        case=rec_case,
        complaint=complaint,
        facts=_text(data.get("facts"), "违法事实"),
        evidence=_text(data.get("evidence"), "证据"),
        legal_basis=_text(data.get("legal_basis"), "法律依据"),
        proposal=_text(data.get("proposal"), "处罚建议"),
        recipient=recipient,
        bar_referral=bool(data.get("bar_referral")),
    )
    api.submit(rec_case.pk, actor)
    api.save_case(case)
    api.log_event(
        case,
        actor,
        step_label="提出处罚建议",
        opinion=f"已拟处罚建议，呈审批（事项编号 {rec_case.pk}）",
        audit_event="lawyers.recommendation_start",
    )
    rec_case.refresh_from_db()
    return rec_case


@transaction.atomic
def reply(case_id, actor, finding, text, on_date):
    """书面答复投诉人: stops the reply clock and closes the complaint."""
    case, complaint, task = _locked_complaint(case_id, actor, "reply")
    finding = Finding(finding)
    on_date = _date(on_date, "答复日期", complaint.decided_on, "受理日期")
    text = _text(text, "答复内容")
    if not complaint.notes.exists():
        raise TransitionError("请先登记调查记录，再答复投诉人。")
    if finding == Finding.RECOMMEND:
        rec = Recommendation.objects.filter(complaint=complaint).select_related("case").first()
        if rec is None or rec.stage not in (RecommendationStage.SENT, RecommendationStage.DONE):
            raise TransitionError("调查结论为“已提出处罚建议”的，须待处罚建议经审批并报送后再答复投诉人。")
    _stop(case, REPLY_RULE, actor, on_date)
    complaint.finding, complaint.reply, complaint.replied_on = finding, text, on_date
    complaint.stage = ComplaintStage.REPLIED
    complaint.save(update_fields=["finding", "reply", "replied_on", "stage"])
    api.finish_own_step(case.pk, task.pk, actor, f"{finding.label}；已书面答复投诉人。")
    return case


# --- 延期 (extension of the reply limit) -------------------------------------------------------


def extendable_clock(case):
    """The complaint's open reply clock, if its rule allows an extension."""
    clock = _clock(case, REPLY_RULE)
    return clock if clock is not None and clock.rule.extendable else None


@transaction.atomic
def request_extension(case_id, actor, days, reason):
    """延期申请 by the handler, on or before the due date of the reply limit: a case of its own
    (lawyers.extension) goes along its approval chain; the clock moves only when it is approved."""
    case, complaint, task = _locked_complaint(case_id, actor, "reply")
    clock = extendable_clock(case)
    if clock is None:
        raise TransitionError("该投诉没有可以延长的办理期限。")
    today = _today()
    if today > clock.due_date:
        raise TransitionError(
            f"办理期限已于 {clock.due_date:%Y-%m-%d} 届满；延期须在期限届满前提出（{clock.rule.basis[:60]}）。"
        )
    if complaint.extensions.filter(case__status=Case.Status.ACTIVE).exists():
        raise TransitionError("已有一份延期申请正在审批，请等待审批结果。")
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if days < 1:
        raise TransitionError("延长天数须为正整数。")
    used = sum(complaint.extensions.filter(due_after__isnull=False).values_list("days", flat=True))
    if clock.rule.max_extension is not None and used + days > clock.rule.max_extension:
        raise TransitionError(
            f"已延长 {used} 日，再延长 {days} 日将超过最长可延长的 {clock.rule.max_extension} 日（{clock.rule.extension_rule}）。"
        )
    reason = _text(reason, "延期理由")
    ext_case = api.create_case(
        EXTENSION_PROCESS,
        initiator=actor,
        section=case.section,
        title=f"延期申请：{case.title}"[:200],
        step_label="申请",
    )
    ComplaintExtension.objects.create(
        case=ext_case,
        complaint=complaint,
        rule_code=clock.rule.code,
        due_before=clock.due_date,
        days=days,
        reason=reason,
        requested_on=today,
    )
    api.submit(ext_case.pk, actor)
    api.save_case(case)
    api.log_event(
        case,
        actor,
        step_label="申请延期",
        opinion=f"申请将答复期限延长 {days} 日（现到期日 {clock.due_date:%Y-%m-%d}）：{reason}；送审批（事项编号 {ext_case.pk}）",
        audit_event="lawyers.extension_request",
    )
    ext_case.refresh_from_db()
    return ext_case


def apply_extension(ext_case, approver):
    """The chain's last approval (Process.on_close, inside the engine's transaction): extend the
    complaint's clock, the approver named as 批准人. A complaint answered meanwhile keeps its
    stopped clock and the request is recorded as moot."""
    ext = ComplaintExtension.objects.select_for_update().select_related("complaint").get(case=ext_case)
    complaint_case = api.lock_case(ext.complaint.case_id, process=COMPLAINT_PROCESS)
    clock = _clock(complaint_case, ext.rule_code)
    ext.approved_by = approver
    if clock is None:
        ext.outcome = "批准时投诉已答复办结，期限未作变动"
        ext.save(update_fields=["approved_by", "outcome"])
        return
    # The handler who asked moves the clock (they hold the complaint's task); the approver is the
    # 批准人 the engine checks against the complaint's extension_approvers.
    deadlines.extend_clock(clock.pk, ext_case.initiator, ext.days, ext.reason, approver)
    clock.refresh_from_db()
    ext.due_after = clock.due_date
    ext.outcome = f"已批准，答复期限延至 {clock.due_date:%Y-%m-%d}"
    ext.save(update_fields=["approved_by", "due_after", "outcome"])


# --- 处罚建议 ------------------------------------------------------------------------------------


def _recommendation(case_id, actor, step):
    case = api.lock_case(case_id, process=RECOMMENDATION_PROCESS)
    task = api.pending_task(case, actor, step=step, refusal="该处罚建议当前不在您的办理环节。")
    return case, Recommendation.objects.select_for_update().get(case=case), task


@transaction.atomic
def send_recommendation(case_id, actor, on_date, number=""):
    case, rec, task = _recommendation(case_id, actor, SEND_STEP)
    rec.sent_on = _date(on_date, "报送日期", rec.complaint.decided_on, "受理投诉日期")
    rec.number = (number or "").strip()
    rec.save(update_fields=["sent_on", "number"])
    api.finish_own_step(case.pk, task.pk, actor, f"已向{rec.recipient.name}报送处罚建议", keep_result=False)
    return case


@transaction.atomic
def record_recommendation_result(case_id, actor, on_date, text):
    case, rec, task = _recommendation(case_id, actor, RESULT_STEP)
    rec.result_on = _date(on_date, "处理结果日期", rec.sent_on, "报送日期")
    rec.result = _text(text, "上级处理结果")
    rec.save(update_fields=["result_on", "result"])
    api.finish_own_step(case.pk, task.pk, actor, f"上级处理结果：{rec.result}")
    return case


# --- licence files -------------------------------------------------------------------------------


@transaction.atomic
def register_licence(actor, data):
    _staff(actor)
    kind = LicenceKind(data["kind"])
    received_on = _date(data.get("received_on"), "接收日期")
    applicant = _text(data.get("applicant"), "申请人")
    case = api.create_case(
        LICENCE_PROCESS,
        initiator=actor,
        section=actor.section,
        title=f"{kind.label}：{applicant}"[:200],
        step_label="接收",
    )
    LicenceFile.objects.create(
        case=case,
        kind=kind,
        applicant=applicant,
        phone=data.get("phone") or "",
        firm=data.get("firm"),
        received_on=received_on,
    )
    api.submit(case.pk, actor)
    deadlines.start_clock(case, SUPPLEMENT_NOTICE_RULE, received_on, actor)
    case.refresh_from_db()
    return case


def _licence(case_id, actor, move):
    case = api.lock_case(case_id, process=LICENCE_PROCESS)
    task = api.pending_task(case, actor, step=HANDLE_STEP, refusal="该许可材料当前不在您的办理环节。")
    f = LicenceFile.objects.select_for_update().get(case=case)
    if not f.may(move):
        raise TransitionError(f"该许可材料目前“{f.get_stage_display()}”，不能进行此操作。")
    return case, f, task


@transaction.atomic
def check_materials(case_id, actor, present, on_date, note=""):
    """Completeness check: everything not ticked goes into one itemised 补正 notice (行政许可法
    §32(四): once, listing all that is missing)."""
    case, f, task = _licence(case_id, actor, "check")
    codes = [code for code, _ in MATERIALS[LicenceKind(f.kind)]]
    unknown = set(present) - set(codes)
    if unknown:
        raise TransitionError("材料项目不正确，请刷新页面后重试。")
    f.checked_on = _date(on_date, "审查日期", f.received_on, "接收日期")
    f.present = [c for c in codes if c in present]
    f.missing = [c for c in codes if c not in present]
    f.missing_note = (note or "").strip()
    _stop(case, SUPPLEMENT_NOTICE_RULE, actor, f.checked_on)
    if f.missing:
        f.stage, f.notice_on = LicenceStage.SUPPLEMENT, f.checked_on
        opinion = "材料不全，一次性告知补正：" + "、".join(f.missing_labels)
    else:
        f.stage = LicenceStage.COMPLETE
        opinion = "材料齐全，待转报市司法局"
    f.save()
    api.save_case(case)
    api.log_event(case, actor, step_label="材料审查", opinion=opinion, audit_event="lawyers.licence_check")
    return case


@transaction.atomic
def receive_supplement(case_id, actor, on_date):
    case, f, task = _licence(case_id, actor, "supplied")
    f.supplied_on = _date(on_date, "收到补正材料日期", f.notice_on, "补正告知日期")
    f.present = [c for c, _ in f.materials]
    f.stage = LicenceStage.COMPLETE
    f.save(update_fields=["supplied_on", "present", "stage"])
    api.save_case(case)
    api.log_event(
        case, actor, step_label="收到补正材料", opinion="补正材料已齐全", audit_event="lawyers.licence_supplied"
    )
    return case


@transaction.atomic
def forward_licence(case_id, actor, on_date):
    case, f, task = _licence(case_id, actor, "forward")
    f.forwarded_on = _date(on_date, "转报日期", f.supplied_on or f.checked_on, "材料齐全日期")
    f.stage = LicenceStage.AT_CITY
    f.save(update_fields=["forwarded_on", "stage"])
    deadlines.start_clock(case, CITY_RULE, f.forwarded_on, actor)
    api.save_case(case)
    api.log_event(
        case,
        actor,
        step_label="转报市司法局",
        opinion="申请材料已转报淄博市司法局审查",
        audit_event="lawyers.licence_forward",
    )
    return case


@transaction.atomic
def record_city(case_id, actor, on_date, passed, opinion):
    case, f, task = _licence(case_id, actor, "city")
    f.city_on = _date(on_date, "市局审查日期", f.forwarded_on, "转报日期")
    f.city_opinion = _text(opinion, "市局审查意见")
    _stop(case, CITY_RULE, actor, f.city_on)
    if passed:
        f.stage = LicenceStage.AT_PROVINCE
        f.save(update_fields=["city_on", "city_opinion", "stage"])
        deadlines.start_clock(case, PROVINCE_RULE, f.city_on, actor)
        api.save_case(case)
        api.log_event(
            case,
            actor,
            step_label="市局审查",
            opinion=f"已报省司法厅：{f.city_opinion}",
            audit_event="lawyers.licence_city",
        )
    else:
        f.stage = LicenceStage.REFUSED
        f.save(update_fields=["city_on", "city_opinion", "stage"])
        api.finish_own_step(case.pk, task.pk, actor, f"市局审查未通过：{f.city_opinion}")
    return case


@transaction.atomic
def record_province(case_id, actor, on_date, granted, licence_no="", note=""):
    case, f, task = _licence(case_id, actor, "province")
    f.province_on = _date(on_date, "省厅决定日期", f.city_on, "市局报省日期")
    f.licence_no = (licence_no or "").strip()
    f.decision_note = (note or "").strip()
    if granted and not f.licence_no:
        raise TransitionError("准予的，请填写执业证号或许可证号。")
    if not granted and not f.decision_note:
        raise TransitionError("不予准许的，请填写省厅书面说明的理由。")
    _stop(case, PROVINCE_RULE, actor, f.province_on)
    f.stage = LicenceStage.GRANTED if granted else LicenceStage.REFUSED
    result = f"省司法厅准予（证号 {f.licence_no}）" if granted else f"省司法厅不予准许：{f.decision_note}"
    if granted:
        row = _register_grant(f)
        result += f"；已{'更新' if row._updated else '登记'}名册：{row}"
    f.save(update_fields=["province_on", "licence_no", "decision_note", "stage", "lawyer", "registered_firm"])
    api.finish_own_step(case.pk, task.pk, actor, result)
    return case


def _register_grant(f):
    """The province granted: the lawyer's or the firm's register row is created or brought up to
    date in the grant's transaction, so the register never lags behind a licence on file."""
    kind = LicenceKind(f.kind)
    if kind == LicenceKind.LAWYER:
        clash = LawFirm.objects.filter(licence_no=f.licence_no).exists()
        row = Lawyer.objects.select_for_update().filter(licence_no=f.licence_no).first()
        if clash:
            raise TransitionError(f"证号 {f.licence_no} 已是律师事务所的许可证号，请核对。")
        updated = row is not None
        row = row or Lawyer(licence_no=f.licence_no, kind=LawyerKind.FULL_TIME)
        row.name = f.applicant[:40]
        row.firm = f.firm if row.kind not in IN_UNIT else row.firm
        row.licensed_on = row.licensed_on or f.province_on
        if f.phone and not row.phone:
            row.phone = f.phone
    elif kind in (LicenceKind.FIRM, LicenceKind.BRANCH):
        parent = f.firm if kind == LicenceKind.BRANCH else None
        if kind == LicenceKind.BRANCH and parent is None:
            raise TransitionError("设立分所的，请先在许可材料中选择总所。")
        row = LawFirm.objects.select_for_update().filter(licence_no=f.licence_no).first()
        by_name = LawFirm.objects.select_for_update().filter(name=f.applicant).first()
        if row is not None and by_name is not None and row.pk != by_name.pk:
            raise TransitionError(f"证号 {f.licence_no} 已登记为“{row.name}”，与申请名称不符，请核对。")
        if Lawyer.objects.filter(licence_no=f.licence_no).exists():
            raise TransitionError(f"证号 {f.licence_no} 已是律师的执业证号，请核对。")
        row = row or by_name
        updated = row is not None
        row = row or LawFirm(name=f.applicant[:100], head="", address="")
        row.licence_no, row.parent = f.licence_no, parent
        row.licensed_on = f.province_on if not updated else row.licensed_on
    else:
        # 变更事项: the firm's row gets a history entry naming the grant; its fields are the
        # staff's to edit on the register (what changed is in the decision note).
        row = f.firm
        if row is None:
            raise TransitionError("变更事项请先在许可材料中选择所涉律师事务所。")
        row = LawFirm.objects.select_for_update().get(pk=row.pk)
        updated = True
    row.status, row.status_since = Status.PRACTISING, f.province_on
    row._change_reason = f"省司法厅准予（{f.get_kind_display()}，证号 {f.licence_no}，事项 {f.case_id}）"[:100]
    row.save()
    if kind == LicenceKind.LAWYER:
        f.lawyer = row
    else:
        f.registered_firm = row
    row._updated = updated
    return row


# --- annual assessment (7.3) -------------------------------------------------------------------


def _report(actor, pk):
    _staff(actor)
    return AssessmentReport.objects.select_for_update().get(pk=pk)


@transaction.atomic
def receive_report(actor, year, received_on, firm=None, lawyer=None):
    _staff(actor)
    if (firm is None) == (lawyer is None):
        raise TransitionError("请选择律师事务所或律师（二者选一）。")
    _date(received_on, "收到材料日期")
    qs = AssessmentReport.objects.filter(year=year)
    if (firm and qs.filter(firm=firm).exists()) or (lawyer and qs.filter(lawyer=lawyer).exists()):
        raise TransitionError(f"{year}年度的考核材料已登记。")
    return AssessmentReport.objects.create(year=year, firm=firm, lawyer=lawyer, received_on=received_on)


@transaction.atomic
def review_report(actor, pk, grade, opinion, on_date):
    """初审: the district's opinion on the materials (and the on-site check for firms)."""
    report = _report(actor, pk)
    if report.stage not in (AssessmentStage.RECEIVED, AssessmentStage.REVIEWED):
        raise TransitionError("材料已报送市司法局，不能再修改初审意见。")
    report.reviewed_on = _date(on_date, "初审日期", report.received_on, "收到材料日期")
    report.opinion_grade = grade
    report.opinion = _text(opinion, "初审意见说明")
    report.reviewed_by = actor
    report.stage = AssessmentStage.REVIEWED
    report.save()
    return report


@transaction.atomic
def forward_reports(actor, year, on_date):
    """报送: every reviewed report of the year goes to the city bureau on one date."""
    _staff(actor)
    rows = list(AssessmentReport.objects.select_for_update().filter(year=year, stage=AssessmentStage.REVIEWED))
    if not rows:
        raise TransitionError(f"{year}年度没有待报送的初审材料。")
    on_date = _date(on_date, "报送日期")
    for report in rows:
        if on_date < report.reviewed_on:
            raise TransitionError(f"报送日期不能早于{report.subject}的初审日期。")
        report.forwarded_on = on_date
        report.stage = AssessmentStage.FORWARDED
        report.save(update_fields=["forwarded_on", "stage"])
    return len(rows)


@transaction.atomic
def record_assessment_result(actor, pk, grade, on_date):
    report = _report(actor, pk)
    if report.stage != AssessmentStage.FORWARDED:
        raise TransitionError("只有已报送市司法局的材料才能登记考核结果。")
    report.result_on = _date(on_date, "结果日期", report.forwarded_on, "报送日期")
    report.result_grade = grade
    report.stage = AssessmentStage.DONE
    report.save(update_fields=["result_on", "result_grade", "stage"])
    return report


def not_reported(user, year):
    """The dashboard: practising firms and lawyers (not 公职/公司律师, assessed by their units)
    without a report for `year`; two queries."""
    firms = LawFirm.objects.visible_to(user).filter(status=Status.PRACTISING).exclude(reports__year=year)
    lawyers = (
        Lawyer.objects.visible_to(user)
        .filter(status=Status.PRACTISING)
        .exclude(kind__in=IN_UNIT)
        .exclude(reports__year=year)
        .select_related("firm")
    )
    return list(firms), list(lawyers)


# --- plans, tasks, work records (7.2, 7.6) -----------------------------------------------------


@transaction.atomic
def create_plan(actor, data):
    _staff(actor)
    return WorkPlan.objects.create(
        title=_text(data.get("title"), "名称"),
        kind=data["kind"],
        year=data["year"],
        summary=_text(data.get("summary"), "主要内容"),
        issued_on=_date(data.get("issued_on"), "印发日期"),
        created_by=actor,
    )


@transaction.atomic
def add_task(actor, plan_id, data):
    _staff(actor)
    plan = WorkPlan.objects.select_for_update().get(pk=plan_id)
    owner = data.get("owner")
    if owner is None or not owner.is_active or owner.admin_role:
        raise TransitionError("请选择在岗的责任人。")
    due_on = data.get("due_on")
    if not isinstance(due_on, date) or due_on < plan.issued_on:
        raise TransitionError("完成时限不能早于计划印发日期。")
    return PlanTask.objects.create(plan=plan, content=_text(data.get("content"), "任务"), owner=owner, due_on=due_on)


@transaction.atomic
def complete_task(actor, task_id, on_date, result):
    _staff(actor)
    task = PlanTask.objects.select_for_update().select_related("plan").get(pk=task_id)
    if task.done_on:
        raise TransitionError("该任务已登记完成。")
    task.done_on = _date(on_date, "完成日期", task.plan.issued_on, "计划印发日期")
    task.result = _text(result, "完成情况")
    task.save(update_fields=["done_on", "result"])
    return task


@transaction.atomic
def add_record(actor, data):
    _staff(actor)
    return WorkRecord.objects.create(
        on_date=_date(data.get("on_date"), "日期"),
        kind=data["kind"],
        title=_text(data.get("title"), "事项"),
        content=_text(data.get("content"), "工作情况"),
        plan=data.get("plan"),
        recorded_by=actor,
    )
