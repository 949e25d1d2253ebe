from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from apps.printing.case_print import refuse_print, render_case_form
from apps.printing.exports import export_or_queue
from apps.printing.lists import filtered, list_page, register_page
from apps.workflow.api import TransitionError, access_case
from apps.workflow.models import CaseClock
from apps.workflow.viewkit import case_step

from . import forms as f
from . import services
from . import stats as stats_module
from .filters import AnswerFilter, CaseFilter, LawsuitFilter
from .models import (
    CommitteeMeeting,
    CommitteeMember,
    Lawsuit,
    ReconCase,
    RespondentCase,
    StaffQualification,
    Stage,
    Track,
    section_scope,
)
from .processes import ALL_PROCESSES, ANSWER_PROCESS, CASE_PROCESS, COMMITTEE_PROCESS, LITIGATION_PROCESS


def _clocks():
    return Prefetch("case__clocks", queryset=CaseClock.objects.select_related("rule").order_by("id"))


def _may_register(user):
    if not services.is_section_staff(user):
        raise PermissionDenied("只有行政复议应诉科工作人员可以登记。")


def _scope(user):
    if not section_scope(user):
        raise PermissionDenied("只有行政复议应诉科、分管领导和局长可以查看。")


def visible_cases(user, params):
    qs = ReconCase.objects.visible_to(user).select_related("case", "respondent", "handler2", "case__initiator")
    return filtered(CaseFilter, params, qs.prefetch_related(_clocks())).order_by("-received_on", "-pk")


def visible_answers(user, params):
    qs = RespondentCase.objects.visible_to(user).select_related("case", "body", "acting_section")
    return filtered(AnswerFilter, params, qs.prefetch_related(_clocks())).order_by("-copy_received_on", "-pk")


def visible_lawsuits(user, params):
    qs = Lawsuit.objects.visible_to(user).select_related("case", "court")
    return filtered(LawsuitFilter, params, qs.prefetch_related(_clocks())).order_by("-served_on", "-pk")


def _ctx(user, **extra):
    return {"may_register": services.is_section_staff(user), "today": timezone.localdate(), **extra}


@login_required
def home(request):
    """行政复议案件登记簿 (the section's entry page)."""
    return register_page(
        request,
        CaseFilter,
        visible_cases,
        register="recon_cases",
        template="reconsideration/list.html",
        context=_ctx(request.user),
    )


@login_required
def answers(request):
    return register_page(
        request,
        AnswerFilter,
        visible_answers,
        register="recon_answers",
        template="reconsideration/answers.html",
        context=_ctx(request.user),
    )


@login_required
def lawsuits(request):
    return register_page(
        request,
        LawsuitFilter,
        visible_lawsuits,
        register="recon_lawsuits",
        template="reconsideration/lawsuits.html",
        context=_ctx(request.user),
    )


def _new(request, form, call, title, help_text, done):
    _may_register(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            case = call(form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
            return redirect(case)
    return render(request, "reconsideration/form.html", {"form": form, "title": title, "help": help_text})


@login_required
def case_new(request):
    form = f.CaseForm(request.POST or None, user=request.user)
    return _new(
        request,
        form,
        lambda d: services.register_case(request.user, dict(d)),
        "登记行政复议申请",
        "登记后自收到申请之日起计算受理审查期限（5个工作日，§30）；材料不齐的，在此期限内一次性书面通知补正（§31）。",
        "申请已登记：请在5个工作日内审查决定受理、不予受理或通知补正。",
    )


@login_required
def answer_new(request):
    form = f.AnswerForm(request.POST or None)
    return _new(
        request,
        form,
        lambda d: services.register_answer(request.user, dict(d)),
        "登记行政复议答复（本局为被申请人）",
        "收到行政复议申请书副本之日起10个工作日内（简易程序5个工作日）提出书面答复并提交证据、依据（§48、§54），"
        "逾期视为没有证据、依据（§70）。答复书经科室负责人、分管领导、局长审批。",
        "已登记，请会同承办科室拟定答复书。",
    )


@login_required
def lawsuit_new(request):
    form = f.LawsuitForm(request.POST or None)
    return _new(
        request,
        form,
        lambda d: services.register_lawsuit(request.user, dict(d)),
        "登记行政应诉案件（起诉状副本）",
        "收到起诉状副本之日起15日内提交答辩状、作出行政行为的证据和依据（行政诉讼法 §67），逾期视为没有相应证据（§34）。",
        "已登记，请拟定答辩状报批。",
    )


@login_required
def meeting_new(request):
    form = f.MeetingForm(request.POST or None, user=request.user)
    return _new(
        request,
        form,
        lambda d: services.schedule_meeting(request.user, d["meeting_on"], d["place"], d["topics"], d["recon_cases"]),
        "安排行政复议委员会会议",
        "会前7日将会议日期、地点和审理报告等材料送达各位委员和列席人员（4.4）。",
        "会议已登记，请按期送达会议材料。",
    )


# move -> (process, form key, form factory(request, case), call(case, user, data), message)
def _case_move(name, call, message):
    return (CASE_PROCESS, f"recon_{name}", name, call, message)


MOVES = {
    "supplement": _case_move(
        "supplement",
        lambda c, u, d: services.notify_supplement(c.pk, u, d["on_date"], d["items"]),
        "已书面通知补正，受理审查期限停止计算；请打印补正通知书送达申请人。",
    ),
    "supplement_received": _case_move(
        "supplement_received",
        lambda c, u, d: services.receive_supplement(c.pk, u, d["on_date"]),
        "已收到补正材料，受理审查期限重新计算5个工作日。",
    ),
    "lapse": _case_move(
        "lapse", lambda c, u, d: services.lapse_supplement(c.pk, u, d["on_date"]), "已按视为放弃申请结案。"
    ),
    "accept": _case_move(
        "accept",
        lambda c, u, d: services.accept(c.pk, u, d["on_date"], d["track"]),
        "已受理；请打印受理通知书，并在期限内向被申请人发送申请书副本。",
    ),
    "reject": _case_move(
        "reject", lambda c, u, d: services.reject(c.pk, u, d["on_date"], d["reason"]), "已决定不予受理并结案。"
    ),
    "send_copy": _case_move(
        "send_copy",
        lambda c, u, d: services.send_copy(c.pk, u, d["sent_on"], d["received_on"]),
        "已登记发送申请书副本，被申请人答复期限开始计算。",
    ),
    "answer": _case_move(
        "answer", lambda c, u, d: services.record_answer(c.pk, u, d["on_date"], d["missing"]), "答复情况已登记。"
    ),
    "switch": _case_move(
        "switch",
        lambda c, u, d: services.switch_to_ordinary(c.pk, u, d["on_date"], d["reason"], d["approved_by"]),
        "已转为普通程序审理，决定期限为受理之日起60日。",
    ),
    "hearing": _case_move(
        "hearing", lambda c, u, d: services.schedule_hearing(c.pk, u, d), "听证已安排；请打印听证通知书送达当事人。"
    ),
    "hearing_held": _case_move(
        "hearing_held",
        lambda c, u, d: services.record_hearing(c.pk, u, d["held_on"], d["head_attended"], d["notes"]),
        "听证情况已登记。",
    ),
    "pause": _case_move(
        "pause",
        lambda c, u, d: services.pause(c.pk, u, d["on_date"], d["cause"], d["reason"]),
        "已中止审理，决定期限停止计算；请打印中止审理通知书。",
    ),
    "resume": _case_move(
        "resume",
        lambda c, u, d: services.resume(c.pk, u, d["on_date"], d["reason"]),
        "已恢复审理，决定期限继续计算；请打印恢复审理通知书。",
    ),
    "extend": _case_move(
        "extend",
        lambda c, u, d: services.extend(c.pk, u, d["days"], d["reason"], d["approved_by"]),
        "决定期限已延长；请打印延期审理通知书告知当事人。",
    ),
    "decide": _case_move(
        "decide",
        lambda c, u, d: services.draft_decision(c.pk, u, d["decision_type"], d["text"], d["review_meeting_on"]),
        "决定已拟定，送科室负责人初审、局主要负责人审核。",
    ),
    "serve": _case_move(
        "serve",
        lambda c, u, d: services.serve(c.pk, u, d["decided_on"], d["served_on"]),
        "决定已送达；请打印行政复议决定书和送达回证，并按规定公开决定书、抄告上一级主管部门。",
    ),
    "jurisdiction": _case_move(
        "jurisdiction",
        lambda c, u, d: services.decline_jurisdiction(c.pk, u, d["on_date"], d["competent_body"], d["reason"]),
        "已决定不予受理并告知有管辖权的行政复议机关；请打印不予受理决定书送达申请人。",
    ),
    "norm_review": _case_move(
        "norm_review",
        lambda c, u, d: services.raise_norm_review(c.pk, u, d),
        "已登记附带审查并中止审理；请打印中止审理通知书告知当事人。",
    ),
    "norm_notify": _case_move(
        "norm_notify",
        lambda c, u, d: services.notify_enacting_body(c.pk, u, d["notified_on"], d["received_on"]),
        "已登记书面通知制定机关，其书面答复期限开始计算。",
    ),
    "norm_reply": _case_move(
        "norm_reply", lambda c, u, d: services.record_enacting_reply(c.pk, u, d["on_date"]), "制定机关答复已登记。"
    ),
    "norm_forward": _case_move(
        "norm_forward",
        lambda c, u, d: services.forward_norm_review(c.pk, u, d["forwarded_on"], d["forwarded_to"], d["received_on"]),
        "已登记转送，接受转送机关的回复期限（60日）开始计算。",
    ),
    "norm_conclude": _case_move(
        "norm_conclude",
        lambda c, u, d: services.conclude_norm_review(c.pk, u, d["on_date"], d["result"], d["text"]),
        "附带审查处理完毕，已恢复审理；请打印恢复审理通知书。",
    ),
    "letter": _case_move(
        "letter",
        lambda c, u, d: services.issue_letter(
            c.pk, u, d["kind"], d["addressee"], d["content"], d["issued_on"], d["received_on"]
        ),
        "文书已制发，系统将跟踪回复期限；请打印文书送达有关机关。",
    ),
    "letter_urge": _case_move(
        "letter_urge",
        lambda c, u, d: services.urge_letter(c.pk, u, d["kind"], d["on_date"], d["text"]),
        "督促情况已登记。",
    ),
    "letter_reply": _case_move(
        "letter_reply",
        lambda c, u, d: services.record_letter_reply(c.pk, u, d["kind"], d["on_date"], d["outcome"], d["text"]),
        "纠正（落实）情况已登记。",
    ),
    "publish": _case_move("publish", lambda c, u, d: services.publish(c.pk, u, d), "公开及抄告情况已登记。"),
    "close_file": _case_move(
        "close_file", lambda c, u, d: services.close_file(c.pk, u, d["on_date"]), "案件已归档办结。"
    ),
    "draft_answer": (
        ANSWER_PROCESS,
        "recon_draft_answer",
        f.DraftAnswerForm,
        lambda c, u, d: services.draft_answer(c.pk, u, d["summary"], d["evidence"]),
        "答复书已送审批。",
    ),
    "file_answer": (
        ANSWER_PROCESS,
        "recon_file_answer",
        f.FiledForm,
        lambda c, u, d: services.file_answer(c.pk, u, d["filed_on"]),
        "答复已提交，请在收到复议决定后登记结果。",
    ),
    "result": (
        ANSWER_PROCESS,
        "recon_result",
        f.ResultForm,
        lambda c, u, d: services.record_result(c.pk, u, d["result"], d["result_on"], d["note"]),
        "复议结果已登记。",
    ),
    "objection": (
        LITIGATION_PROCESS,
        "recon_objection",
        f.ObjectionForm,
        lambda c, u, d: services.file_objection(c.pk, u, d["on_date"], d["reason"]),
        "管辖异议已登记。",
    ),
    "objection_ruling": (
        LITIGATION_PROCESS,
        "recon_objection_ruling",
        f.ObjectionRulingForm,
        lambda c, u, d: services.record_objection_ruling(c.pk, u, d["text"]),
        "管辖异议裁定已登记。",
    ),
    "evidence_extension": (
        LITIGATION_PROCESS,
        "recon_evidence_extension",
        "evidence_extension",
        lambda c, u, d: services.apply_evidence_extension(
            c.pk, u, d["applied_on"], d["reason"], d["days"], d["approved_by"]
        ),
        "已登记延期提供证据申请及法院准许的期限。",
    ),
    "defence": (
        LITIGATION_PROCESS,
        "recon_defence",
        f.DefenceForm,
        lambda c, u, d: services.draft_defence(c.pk, u, d["summary"], d["evidence"], d["agents"]),
        "答辩状已送科室负责人、分管领导、主要负责人审批。",
    ),
    "file_defence": (
        LITIGATION_PROCESS,
        "recon_file_defence",
        f.FiledForm,
        lambda c, u, d: services.file_defence(c.pk, u, d["filed_on"]),
        "答辩状和证据已提交法院。",
    ),
    "appearance": (
        LITIGATION_PROCESS,
        "recon_appearance",
        f.AppearanceForm,
        lambda c, u, d: services.record_appearance(c.pk, u, d),
        "出庭情况已登记。",
    ),
    "judgment": (
        LITIGATION_PROCESS,
        "recon_judgment",
        f.JudgmentForm,
        lambda c, u, d: services.record_judgment(c.pk, u, d["kind"], d["result"], d["served_on"]),
        "一审裁判已登记，请在上诉期限内决定是否上诉。",
    ),
    "appeal": (
        LITIGATION_PROCESS,
        "recon_appeal",
        f.AppealForm,
        lambda c, u, d: services.decide_appeal(c.pk, u, d["appeal"], d["decided_on"], d["reason"]),
        "上诉决定已登记。",
    ),
    "appeal_copy": (
        LITIGATION_PROCESS,
        "recon_appeal_copy",
        f.DateForm,
        lambda c, u, d: services.receive_appeal_copy(c.pk, u, d["on_date"]),
        "已登记上诉状副本，请在15日内提交答辩状。",
    ),
    "appeal_answer": (
        LITIGATION_PROCESS,
        "recon_appeal_answer",
        f.FiledForm,
        lambda c, u, d: services.file_appeal_answer(c.pk, u, d["filed_on"]),
        "上诉答辩状已提交。",
    ),
    "close": (
        LITIGATION_PROCESS,
        "recon_close",
        f.CloseLawsuitForm,
        lambda c, u, d: services.close_lawsuit(
            c.pk, u, d["final_result"], d["concluded_on"], d["loss_analysis"], d["judicial_suggestion"]
        ),
        "应诉案件已结案。",
    ),
    "materials": (
        COMMITTEE_PROCESS,
        "recon_materials",
        f.DateForm,
        lambda c, u, d: services.send_materials(c.pk, u, d["on_date"]),
        "材料送达已登记。",
    ),
    "minutes": (
        COMMITTEE_PROCESS,
        "recon_minutes",
        f.MinutesForm,
        lambda c, u, d: services.record_minutes(c.pk, u, d["held_on"], d["minutes"]),
        "会议纪要已登记，会议办结。",
    ),
}


def _bound(request, spec):
    if spec == "evidence_extension":
        return lambda case: f.EvidenceExtensionForm(request.POST, case=case)
    if isinstance(spec, str):  # a 复议 case form
        factory = f.CASE_FORMS[spec]
        return lambda case: type(factory(case))(
            request.POST, **({"case": case} if spec in ("switch", "extend") else {})
        )
    return spec


@login_required
@require_POST
def act(request, pk, move):
    if move not in MOVES:
        raise Http404
    process, key, spec, call, done = MOVES[move]
    return case_step(
        request,
        pk,
        process=process,
        key=key,
        form=_bound(request, spec),
        action=lambda case, data: call(case, request.user, data),
        success=done,
    )


# --- prints ----------------------------------------------------------------------------------

# form -> (title, process, allowed(record))
FORMS = {
    "accept": ("行政复议受理通知书", CASE_PROCESS, lambda r: r.accepted_on is not None),
    "reject": ("不予受理决定书", CASE_PROCESS, lambda r: r.stage == Stage.REJECTED),
    "supplement": ("行政复议申请补正通知书", CASE_PROCESS, lambda r: r.supplement_notice_on is not None),
    "answer_notice": ("提出答复通知书", CASE_PROCESS, lambda r: r.copy_sent_on is not None),
    "hearing": ("行政复议听证通知书", CASE_PROCESS, lambda r: r.hearing_notice_on is not None),
    "pause": ("行政复议中止审理通知书", CASE_PROCESS, lambda r: r.paused_on is not None),
    "resume": ("行政复议恢复审理通知书", CASE_PROCESS, lambda r: r.resumed_on is not None),
    "extension": ("行政复议延期审理通知书", CASE_PROCESS, lambda r: r.extended_days > 0),
    "decision": (
        "行政复议决定书",
        CASE_PROCESS,
        lambda r: bool(r.decision_type) and (r.stage == Stage.DECIDED or r.case.current_step == "serve"),
    ),
    "receipt": (
        "送达回证",
        CASE_PROCESS,
        lambda r: bool(r.accepted_on or r.supplement_notice_on or r.stage == Stage.REJECTED),
    ),
    "opinion": ("行政复议意见书", CASE_PROCESS, lambda r: any(x.kind == "opinion" for x in r.letters.all())),
    "suggestion": ("行政复议建议书", CASE_PROCESS, lambda r: any(x.kind == "suggestion" for x in r.letters.all())),
    "defence": ("答辩状", LITIGATION_PROCESS, lambda r: bool(r.defence_summary)),
    "appearance": (
        "行政机关负责人出庭应诉情况说明",
        LITIGATION_PROCESS,
        lambda r: any(not a.head_appeared for a in r.appearances.all()),
    ),
}


def _served_docs(r):
    docs = []
    for key in ("reject", "supplement", "accept", "hearing", "pause", "resume", "extension", "decision"):
        title, _, allowed = FORMS[key]
        if allowed(r):
            docs.append(title)
    return docs


@login_required
@require_GET
def print_form(request, pk, form):
    if form not in FORMS:
        raise Http404
    title, process, allowed = FORMS[form]
    case = access_case(request.user, pk, process=process)
    r = case.recon_case if process == CASE_PROCESS else case.recon_lawsuit
    if not allowed(r):
        return refuse_print(request, case, f"该案件目前没有可打印的{title}。")
    clocks = {c.rule.code: c for c in case.clocks.select_related("rule")}
    context = {"r": r, "clocks": clocks, "title": title}
    template = f"print/reconsideration/{form}.html"
    if form in services.LETTER_RULES:
        template = "print/reconsideration/letter.html"
        context.update(
            letter=next(x for x in r.letters.all() if x.kind == form), clock=clocks.get(services.LETTER_RULES[form])
        )
    if process == CASE_PROCESS:
        context.update(
            decision_clock=clocks.get(services.DECISION_RULES.get(r.track, ""))
            or clocks.get(services.DECISION_RULES[Track.ORDINARY]),
            supplement_clock=clocks.get(services.APPLICANT_SUPPLEMENT_RULE),
            answer_clock=clocks.get(services.ANSWER_WATCH_RULES.get(r.track, "")),
            served=_served_docs(r),
            norm=services.norm_review_of(r),
            answer_days=10 if r.track == Track.ORDINARY else 5,
        )
    else:
        context.update(
            defence_clock=clocks.get(services.DEFENCE_RULE),
            absences=[a for a in r.appearances.all() if not a.head_appeared],
        )
    return render_case_form(
        request,
        case,
        template,
        title,
        context,
        event="print.reconsideration_form",
        detail={"form": form},
        filename=f"{case.pk}-{title}.pdf",
    )


# --- registers without a case, committee, statistics -----------------------------------------


@login_required
def staff(request):
    _scope(request.user)
    rows = StaffQualification.objects.visible_to(request.user).select_related("user", "user__section")
    return render(request, "reconsideration/staff.html", {**list_page(request, rows), **_ctx(request.user)})


@login_required
def staff_new(request):
    _may_register(request.user)
    form = f.StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_staff_record(request.user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "人员资格已登记。")
            return redirect("reconsideration:staff")
    return render(
        request, "reconsideration/form.html", {"form": form, "title": "登记复议应诉人员资格与培训", "help": ""}
    )


@login_required
def committee(request):
    _scope(request.user)
    members = CommitteeMember.objects.visible_to(request.user)
    meetings = (
        CommitteeMeeting.objects.visible_to(request.user)
        .select_related("case")
        .prefetch_related(_clocks())
        .order_by("-meeting_on")
    )
    return render(
        request,
        "reconsideration/committee.html",
        {"members": members, **list_page(request, meetings), **_ctx(request.user)},
    )


@login_required
def member_new(request):
    _may_register(request.user)
    form = f.MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_member(request.user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "委员已登记。")
            return redirect("reconsideration:committee")
    return render(request, "reconsideration/form.html", {"form": form, "title": "登记复议委员会委员", "help": ""})


def _year(request):
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


def year_figures(user, year):
    return stats_module.figures(user, year)


def _month(request):
    try:
        month = int(request.GET.get("month") or 0)
    except ValueError:
        month = 0
    return month if 1 <= month <= 12 else None


@login_required
def stats(request):
    """统计与分析报告 (4.5): the month's or the year's figures, the analysis, Excel."""
    _scope(request.user)
    year, month = _year(request), _month(request)
    if request.GET.get("export") == "xlsx":
        return export_or_queue(request, "recon_stats", {"year": year, "month": month})
    f_ = stats_module.figures(request.user, year, month)
    return render(
        request,
        "reconsideration/stats.html",
        {
            "f": f_,
            "report": stats_module.analysis(f_),
            "years": range(timezone.localdate().year, 2019, -1),
            "months": range(1, 13),
            **_ctx(request.user),
        },
    )


def visible_count(user):
    """Open matters of the section the user may see (0 for everyone outside it)."""
    from apps.workflow.models import Case

    return Case.objects.visible_to(user).filter(process__in=ALL_PROCESSES, status=Case.Status.ACTIVE).count()
