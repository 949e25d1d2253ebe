"""社区矫正 pages: thin views, access helper → form → service → redirect.

Everyone outside the section, the 司法所 staff and the two overseers gets 403 on every page
(no list, no count, no search); a record outside the viewer's scope is 404. Every view of a
subject's file is audited (services.record_view); reveals go through apps.privacy (audited).
"""

from collections import Counter
from datetime import date, timedelta
from io import BytesIO

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.audit.log import record
from apps.org.models import Section
from apps.printing.case_print import print_context
from apps.printing.exports import Column, filename_for, write_xlsx, xlsx_response
from apps.printing.lists import list_page
from apps.printing.render import render_pdf
from apps.printing.views import pdf_response
from apps.privacy.forms import StatedReasonForm
from apps.workflow import api
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, Task

from . import access, forms, services
from .models import (
    Assessment,
    Category,
    DailyReport,
    Hazard,
    MajorEvent,
    Monitoring,
    Proposal,
    Relocation,
    Sanction,
    SentenceType,
    Subject,
    Travel,
    WorkRecord,
    month_bounds,
)

EXPORT_CAP = 200


def _gate(request):
    if not access.may_use(request.user):
        raise PermissionDenied("社区矫正信息仅限社区矫正工作科、负责司法所工作人员、分管领导和局长查看。")


def _section_only(request):
    if not access.in_section(request.user):
        raise PermissionDenied("仅社区矫正工作科可以办理。")


def inspections_link(target=None):
    try:
        if target is not None:
            from apps.inspections.services import inspection_url

            return inspection_url(access.SECTION_CODE, target)
        return reverse("inspections:section", args=[access.SECTION_CODE])
    except (NoReverseMatch, ImportError, AttributeError):
        return ""


def visible_subjects(user):
    return Subject.objects.visible_to(user)


@login_required
def home(request):
    _gate(request)
    user, today = request.user, timezone.localdate()
    subjects = visible_subjects(user)
    counts = subjects.aggregate(
        awaiting=Count("pk", filter=Q(status=Subject.Status.AWAITING)),
        late=Count("pk", filter=Q(status=Subject.Status.AWAITING, report_due__lt=today)),
        missing=Count("pk", filter=Q(status=Subject.Status.MISSING)),
        reported=Count("pk", filter=Q(status=Subject.Status.REPORTED)),
        supervised=Count("pk", filter=Q(status=Subject.Status.SUPERVISED)),
        ending=Count("pk", filter=Q(status=Subject.Status.SUPERVISED, end_on__lte=today + timedelta(days=7))),
    )
    running = Q(case__status=Case.Status.ACTIVE)
    travels = Travel.objects.filter(subject__in=subjects).filter(running)
    counts["travelling"] = travels.filter(case__current_step="return").count()
    counts["travel_pending"] = travels.exclude(case__current_step="return").count()
    uses = Monitoring.objects.filter(subject__in=subjects, renewal_of__isnull=True).filter(running)
    counts["monitoring"] = uses.filter(case__current_step="use").count()
    counts["monitoring_due"] = uses.filter(case__current_step="use", end_on__lte=today + timedelta(days=14)).count()
    counts["monitoring_pending"] = (
        Monitoring.objects.filter(subject__in=subjects).filter(running).exclude(case__current_step="use").count()
    )
    counts["assessments"] = Assessment.objects.visible_to(user).filter(running).count()
    counts["proposals"] = Proposal.objects.filter(subject__in=subjects).filter(running).count()
    alerts = list(
        subjects.filter(
            Q(status=Subject.Status.AWAITING, report_due__lte=today + timedelta(days=3))
            | Q(status=Subject.Status.MISSING)
            | Q(status=Subject.Status.SUPERVISED, end_on__lte=today + timedelta(days=7))
        )
        .select_related("office")
        .order_by("report_due", "end_on")[:20]
    )
    return render(
        request,
        "community_correction/home.html",
        {
            "counts": counts,
            "alerts": alerts,
            "today": today,
            "in_section": access.in_section(user),
            "inspections_url": inspections_link() if access.sees_all(user) else "",
        },
    )


# --- subjects --------------------------------------------------------------------------------


def _subject_rows(user, params):
    qs = visible_subjects(user).select_related("office", "officer", "deciding_body")
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("type"):
        qs = qs.filter(sentence_type=params["type"])
    if params.get("category"):
        qs = qs.filter(category=params["category"])
    if params.get("office", "").isdigit():
        qs = qs.filter(office_id=int(params["office"]))
    if params.get("q"):
        qs = qs.filter(name__contains=params["q"].strip())
    return qs.order_by("status", "end_on", "pk")


FILTER_KEYS = ("status", "type", "category", "office", "q")


@login_required
def subjects(request):
    _gate(request)
    params = {k: request.GET.get(k, "") for k in FILTER_KEYS}
    rows = _subject_rows(request.user, params)
    if params["q"]:
        record("correction.search", actor=request.user, detail={"filters": {k: bool(v) for k, v in params.items()}})
    return render(
        request,
        "community_correction/subjects.html",
        {
            **list_page(request, rows),
            "params": params,
            "statuses": Subject.Status.choices,
            "types": SentenceType.choices,
            "categories": Category.choices,
            "offices": forms.offices() if access.sees_all(request.user) else [],
            "in_section": access.in_section(request.user),
            "today": timezone.localdate(),
        },
    )


SUBJECT_COLUMNS = [
    Column("编号", 8, "integer"),
    Column("姓名", 10),
    Column("身份证号码", 22),
    Column("矫正类别", 12),
    Column("罪名", 16),
    Column("决定机关", 20),
    Column("矫正起始日", 12, "date"),
    Column("矫正期满日", 12, "date"),
    Column("负责司法所", 16),
    Column("管理类别", 10),
    Column("状态", 14),
]


@login_required
def subjects_export(request):
    """The subjects register as Excel: the viewer's rows only, capped, for a stated purpose,
    personal numbers masked; the purpose goes into the audit log and the file."""
    _gate(request)
    params = {k: request.GET.get(k, "") for k in FILTER_KEYS}
    rows = _subject_rows(request.user, params)
    total = rows.count()
    form = StatedReasonForm(request.POST or None, label="导出用途", help_text="用途将记入审计日志，并写在导出文件中。")
    if request.method == "POST" and form.is_valid():
        if total > EXPORT_CAP:
            messages.error(request, f"共 {total} 条，超过导出上限 {EXPORT_CAP} 条，请缩小筛选范围。")
        else:
            purpose = form.cleaned_data["reason"]
            title = "社区矫正对象登记表"
            buffer = BytesIO()
            data = [
                [
                    s.pk,
                    s.name,
                    s.id_number,
                    s.get_sentence_type_display(),
                    s.crime,
                    s.deciding_body.name,
                    s.start_on,
                    s.end_on,
                    s.office.name,
                    s.get_category_display(),
                    s.get_status_display(),
                ]
                for s in rows
            ]
            with transaction.atomic():
                count = write_xlsx(
                    buffer, title, SUBJECT_COLUMNS, data, described=[("导出用途", purpose)], requested_by=request.user
                )
                record("export.correction_subjects", actor=request.user, detail={"rows": count, "purpose": purpose})
            return xlsx_response(buffer.getvalue(), filename_for(title))
    return render(
        request,
        "community_correction/export.html",
        {"form": form, "total": total, "cap": EXPORT_CAP, "query": request.GET.urlencode()},
    )


@login_required
def subject_new(request):
    _section_only(request)
    form = forms.SubjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        try:
            subject = services.register_subject(request.user, data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已接收登记，报到期限 {subject.report_due:%Y年%-m月%-d日}。")
            return redirect(subject)
    return render(request, "community_correction/subject_form.html", {"form": form})


def _subject_or_404(user, pk):
    return get_object_or_404(
        visible_subjects(user).select_related("office", "officer", "deciding_body", "created_by"), pk=pk
    )


def _subject_forms(user, subject):
    """{name: form} of the actions `user` may take on `subject` now."""
    handles = access.handles(user, subject.office_id)
    result = {}
    if not handles or not subject.is_open:
        return result
    S = Subject.Status
    if subject.status in (S.AWAITING, S.MISSING):
        result["report_in"] = forms.ReportInForm(prefix="report_in")
        result["search"] = forms.SearchForm(prefix="search")
    if subject.status == S.REPORTED:
        result["announce"] = forms.AnnounceForm(prefix="announce")
    if subject.status == S.SUPERVISED:
        result["supervision"] = forms.SupervisionForm(prefix="supervision")
        result["relocation"] = forms.RelocationForm(prefix="relocation", initial={"applied_on": timezone.localdate()})
        result["plan"] = forms.PlanForm(
            prefix="plan",
            initial={"category": subject.category, "group_members": subject.group_members, "plan": subject.plan},
        )
        result["travel"] = forms.TravelForm(prefix="travel")
        result["monitoring"] = forms.MonitoringForm(prefix="monitoring")
        result["sanction"] = forms.SanctionForm(prefix="sanction")
        if access.in_section(user):
            result["proposal"] = forms.ProposalForm(prefix="proposal")
        if subject.end_on <= timezone.localdate():
            result["release"] = forms.DateForm(prefix="release", initial={"on": timezone.localdate()})
    if api.find_pending_task(subject.case, user) is not None if subject.case_id else False:
        result["terminate"] = forms.TerminateForm(prefix="terminate")
    return result


def _pending(rows, user, kinds=(Task.Kind.APPROVE,)):
    """Mark each row whose case has a pending task of `user` (of `kinds`): one query for all."""
    ids = [r.case_id for r in rows if r.case_id]
    mine = set(
        Task.objects.actionable_by(user).filter(case_id__in=ids, kind__in=list(kinds)).values_list("case_id", flat=True)
    )
    for r in rows:
        r.mine = r.case_id in mine
    return rows


@login_required
def subject(request, pk):
    _gate(request)
    user = request.user
    s = _subject_or_404(user, pk)
    services.record_view(user, s)
    today = timezone.localdate()
    with_case = ("case",)
    travels = _pending(list(s.travels.select_related(*with_case).prefetch_related("case__tasks__acted_by")), user)
    monitorings = _pending(list(s.monitorings.select_related(*with_case)), user)
    sanctions = _pending(list(s.sanctions.select_related("decided_by", *with_case)), user)
    proposals = _pending(
        list(s.proposals.select_related("body", *with_case)), user, kinds=(Task.Kind.APPROVE, Task.Kind.HANDLE)
    )
    relocations = _pending(
        list(s.relocations.select_related(*with_case)), user, kinds=(Task.Kind.APPROVE, Task.Kind.HANDLE)
    )
    for t in travels:
        t.may_decide = t.mine and t.status == Travel.Status.REQUESTED
    for m in monitorings:
        m.may_approve = m.mine and m.status == Monitoring.Status.REQUESTED
        m.renewal_due = (
            m.status == Monitoring.Status.ACTIVE
            and not m.renewal_of_id
            and m.end_on
            and m.end_on <= today + timedelta(days=14)
        )
    handles = access.handles(user, s.office_id)
    clocks = []
    if s.case_id:
        clocks = list(s.case.clocks.select_related("rule").order_by("due_date"))
    context = {
        "s": s,
        "today": today,
        "events": list(s.events.select_related("actor").all()),
        "travels": travels,
        "monitorings": monitorings,
        "sanctions": sanctions,
        "proposals": proposals,
        "relocations": relocations,
        "clocks": clocks,
        "forms": _subject_forms(user, s),
        "handles": handles,
        "report_basis": services.basis(
            services.HANDOVER_RULE if s.sentence_type == SentenceType.MEDICAL else services.REPORT_RULE
        ),
        "certificate_basis": services.basis(services.CERTIFICATE_RULE),
        "inspections_url": inspections_link(s.office) if access.sees_all(user) else "",
    }
    return render(request, "community_correction/subject.html", context)


def _act_subject(form, s, user, action):
    d = form.cleaned_data
    if action == "report_in":
        return services.record_report_in(s.pk, user, d["on"]), "已登记报到。"
    if action == "search":
        return services.record_search(s.pk, user, d["text"], d["notified_body_on"]), "已登记查找情况。"
    if action == "announce":
        return services.announce(s.pk, user, d["on"], d["group_members"], d["plan"]), "已入矫宣告。"
    if action == "plan":
        return services.update_plan(s.pk, user, d["category"], d["group_members"], d["plan"]), "已调整矫正方案。"
    if action == "supervision":
        return services.record_supervision(s.pk, user, d["kind"], d["on"], d["text"]), "已记录。"
    if action == "travel":
        t = services.request_travel(s.pk, user, d["destination"], d["reason"], d["start_on"], d["end_on"])
        return t, f"已提交外出申请（{t.days}日，{t.get_tier_display()}）。"
    if action == "monitoring":
        return services.request_monitoring(s.pk, user, d["reason"]), "已提交电子定位申请，待审批。"
    if action == "relocation":
        r = services.request_relocation(s.pk, user, d["new_place"], d["reason"], d["applied_on"], d["move_on"])
        return r, "已登记变更执行地申请，待区社区矫正机构决定。"
    if action == "sanction":
        x = services.record_sanction(s.pk, user, d["kind"], d["on"], d["facts"])
        return x, "已报请审批。" if x.case_id else "已登记。"
    if action == "proposal":
        p = services.submit_proposal(s.pk, user, d["kind"], d["body"], d["reasons"])
        return p, "已报请审批；批准后登记送达时间。"
    if action == "release":
        return services.release(s.pk, user, d["on"]), "已解除社区矫正，请打印解除证明书和解除宣告书。"
    if action == "terminate":
        return services.terminate(s.pk, user, d["on"], d["reason"]), "已登记矫正终止。"
    raise Http404


ACTION_FORMS = {
    "report_in": forms.ReportInForm,
    "search": forms.SearchForm,
    "announce": forms.AnnounceForm,
    "plan": forms.PlanForm,
    "supervision": forms.SupervisionForm,
    "relocation": forms.RelocationForm,
    "travel": forms.TravelForm,
    "monitoring": forms.MonitoringForm,
    "sanction": forms.SanctionForm,
    "proposal": forms.ProposalForm,
    "release": forms.DateForm,
    "terminate": forms.TerminateForm,
}


def _errors(form):
    return "；".join(
        f"{form.fields[f].label if f in form.fields else ''}{'：' if f in form.fields else ''}{e}"
        for f, errs in form.errors.items()
        for e in errs
    )


@login_required
@require_POST
def subject_action(request, pk, action):
    _gate(request)
    s = _subject_or_404(request.user, pk)
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, prefix=action)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(s)
    try:
        _, message = _act_subject(form, s, request.user, action)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, message)
    return redirect(s)


def _child_or_404(model, user, pk):
    return get_object_or_404(model.objects.select_related("subject").filter(subject__in=visible_subjects(user)), pk=pk)


@login_required
@require_POST
def travel_action(request, pk, action):
    _gate(request)
    t = _child_or_404(Travel, request.user, pk)
    try:
        if action == "decide":
            form = forms.DecisionForm(request.POST)
            if not form.is_valid():
                raise TransitionError(_errors(form))
            services.decide_travel(
                t.pk, request.user, form.cleaned_data["decision"] == "approve", form.cleaned_data["note"]
            )
            messages.success(request, "已审批外出申请。")
        elif action == "return":
            form = forms.DateForm(request.POST)
            if not form.is_valid():
                raise TransitionError(_errors(form))
            services.record_return(t.pk, request.user, form.cleaned_data["on"])
            messages.success(request, "已销假。")
        else:
            raise Http404
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect(t.subject)


@login_required
@require_POST
def monitoring_action(request, pk, action):
    _gate(request)
    m = _child_or_404(Monitoring, request.user, pk)
    try:
        if action in ("approve", "refuse"):
            note = request.POST.get("note", "")
            services.approve_monitoring(m.pk, request.user, approve=action == "approve", note=note)
            messages.success(request, "已审批电子定位。")
        elif action == "renew":
            reason = request.POST.get("reason", "").strip() or "经评估仍有必要继续使用"
            services.request_monitoring(m.subject_id, request.user, reason, renewal_of=m.pk)
            messages.success(request, "已提交延长申请，待审批。")
        elif action == "start":
            form = forms.DateForm(request.POST)
            if not form.is_valid():
                raise TransitionError(_errors(form))
            services.start_monitoring(m.pk, request.user, form.cleaned_data["on"])
            messages.success(request, "已登记开始使用。")
        elif action == "end":
            form = forms.DateForm(request.POST)
            if not form.is_valid():
                raise TransitionError(_errors(form))
            services.end_monitoring(m.pk, request.user, form.cleaned_data["on"])
            messages.success(request, "已解除电子定位。")
        else:
            raise Http404
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect(m.subject)


@login_required
@require_POST
def proposal_result(request, pk):
    _gate(request)
    p = _child_or_404(Proposal, request.user, pk)
    form = forms.ResultForm(request.POST)
    try:
        if not form.is_valid():
            raise TransitionError(_errors(form))
        d = form.cleaned_data
        services.record_proposal_result(p.pk, request.user, d["granted"] == "yes", d["result"], d["on"])
        messages.success(request, "已登记结果。")
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect(p.subject)


@login_required
@require_POST
def proposal_action(request, pk, action):
    """The chain's links (同意/不同意) and the service on the outside body."""
    _gate(request)
    p = _child_or_404(Proposal, request.user, pk)
    try:
        if action in ("approve", "refuse"):
            services.decide_proposal(p.pk, request.user, action == "approve", request.POST.get("note", ""))
            messages.success(request, "已审批。")
        elif action == "serve":
            form = forms.ServeForm(request.POST)
            if not form.is_valid():
                raise TransitionError(_errors(form))
            services.serve_proposal(p.pk, request.user, form.cleaned_data["submitted_at"])
            messages.success(request, "已登记送达，对方决定期限已起算。")
        else:
            raise Http404
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect(p.subject)


@login_required
@require_POST
def sanction_action(request, pk, action):
    _gate(request)
    x = _child_or_404(Sanction, request.user, pk)
    try:
        if action not in ("approve", "refuse"):
            raise Http404
        services.decide_sanction(x.pk, request.user, action == "approve", request.POST.get("note", ""))
        messages.success(request, "已审批。")
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect(x.subject)


@login_required
@require_POST
def relocation_action(request, pk, action):
    _gate(request)
    r = _child_or_404(Relocation, request.user, pk)
    try:
        if action in ("approve", "refuse"):
            services.decide_relocation(r.pk, request.user, action == "approve", request.POST.get("note", ""))
            messages.success(request, "已决定。")
        elif action in ("serve", "arrive"):
            form = forms.DateForm(request.POST)
            if not form.is_valid():
                raise TransitionError(_errors(form))
            if action == "serve":
                services.serve_relocation(r.pk, request.user, form.cleaned_data["on"])
                messages.success(request, "已登记送达，到新执行地报到的期限已起算。")
            else:
                services.record_arrival(r.pk, request.user, form.cleaned_data["on"])
                messages.success(request, "已登记到新执行地报到，本地社区矫正终止（移交）。")
        else:
            raise Http404
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect(r.subject)


# --- prints ----------------------------------------------------------------------------------

SUBJECT_PRINTS = {
    "announce": ("入矫宣告书", lambda s: s.announced_on is not None, "对象入矫宣告后才能打印。"),
    "plan": ("社区矫正方案", lambda s: bool(s.plan), "尚未制定矫正方案。"),
    "certificate": ("解除社区矫正证明书", lambda s: s.status == Subject.Status.RELEASED, "对象期满解除后才能打印。"),
    "release": ("解除社区矫正宣告书", lambda s: s.status == Subject.Status.RELEASED, "对象期满解除后才能打印。"),
    "receipt": ("送达回证", lambda s: True, ""),
}


def printed_id(user, holder):
    """An official form carries the ID number in full for those who handle the case (printing is
    an audited read, like a reveal); an overseer's copy shows it masked."""
    value = holder.id_number
    if not value:
        return ""
    return value.plain if holder.can_reveal(user) else value.masked


def _pdf(request, template, title, obj, audit_obj, filename, **context):
    context.setdefault("id_number", printed_id(request.user, audit_obj))
    full = {"title": title, **print_context(request.user), **context}
    pdf = render_pdf(f"print/community_correction/{template}.html", full, request)
    record(
        "print.correction",
        actor=request.user,
        obj=audit_obj,
        object_repr=str(audit_obj),
        detail={
            "form": template,
            "id_number_in_full": bool(context["id_number"]) and audit_obj.can_reveal(request.user),
        },
    )
    return pdf_response(pdf, filename)


@login_required
def subject_print(request, pk, form):
    _gate(request)
    s = _subject_or_404(request.user, pk)
    if form not in SUBJECT_PRINTS:
        raise Http404
    title, ok, refusal = SUBJECT_PRINTS[form]
    if not access.handles(request.user, s.office_id) and not access.overseer(request.user):
        raise Http404
    if not ok(s):
        messages.error(request, refusal)
        return redirect(s)
    return _pdf(
        request, form, title, s, s, f"{title}-{s.pk}.pdf", s=s, doc=request.GET.get("doc", "解除社区矫正证明书")
    )


@login_required
def travel_print(request, pk):
    _gate(request)
    t = _child_or_404(Travel, request.user, pk)
    t = Travel.objects.select_related("case", "subject").prefetch_related("case__tasks__acted_by").get(pk=t.pk)
    return _pdf(request, "travel", "社区矫正对象外出审批表", t, t.subject, f"外出审批表-{t.pk}.pdf", t=t, s=t.subject)


@login_required
def sanction_print(request, pk):
    _gate(request)
    x = _child_or_404(Sanction, request.user, pk)
    title = {
        "warning": "警告决定书",
        "admonition": "训诫决定书",
        "praise": "表扬决定书",
        "police": "治安管理处罚建议书",
    }[x.kind]
    return _pdf(request, "sanction", title, x, x.subject, f"{title}-{x.pk}.pdf", x=x, s=x.subject)


@login_required
def proposal_print(request, pk):
    _gate(request)
    p = _child_or_404(Proposal, request.user, pk)
    titles = {
        "revocation": f"提请撤销{p.subject.get_sentence_type_display()}建议书",
        "prison": "提请收监执行建议书",
        "commutation": "减刑建议书",
        "arrest": "提请逮捕建议书",
    }
    title = titles[p.kind]
    return _pdf(request, "proposal", title, p, p.subject, f"{title}-{p.pk}.pdf", p=p, s=p.subject)


# --- 调查评估 --------------------------------------------------------------------------------


@login_required
def assessments(request):
    _gate(request)
    rows = (
        Assessment.objects.visible_to(request.user)
        .select_related("requester", "office", "case")
        .order_by("returned_on", "due_on", "-pk")
    )
    status = request.GET.get("status", "")
    by_status = {
        Assessment.Status.INVESTIGATING: Q(case__status=Case.Status.ACTIVE, case__current_step="investigate"),
        Assessment.Status.SUBMITTED: Q(case__status=Case.Status.ACTIVE, case__current_step__startswith="review"),
        Assessment.Status.APPROVED: Q(case__status=Case.Status.ACTIVE, case__current_step="reply"),
        Assessment.Status.RETURNED: Q(returned_on__isnull=False),
    }
    if status in by_status:
        rows = rows.filter(by_status[status])
    return render(
        request,
        "community_correction/assessments.html",
        {
            **list_page(request, rows),
            "in_section": access.in_section(request.user),
            "today": timezone.localdate(),
            "statuses": Assessment.Status.choices,
            "status": status,
        },
    )


@login_required
def assessment_new(request):
    _section_only(request)
    form = forms.AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            a = services.register_assessment(request.user, dict(form.cleaned_data))
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已登记，完成期限 {a.due_on:%Y年%-m月%-d日}。")
            return redirect(a)
    return render(request, "community_correction/assessment_form.html", {"form": form})


def _assessment_or_404(user, pk):
    return get_object_or_404(
        Assessment.objects.visible_to(user).select_related("requester", "office", "drafted_by", "case"), pk=pk
    )


@login_required
def assessment(request, pk):
    _gate(request)
    user = request.user
    a = _assessment_or_404(user, pk)
    record("correction.assessment_view", actor=user, obj=a, object_repr=str(a))
    S = Assessment.Status
    context = {
        "a": a,
        "today": timezone.localdate(),
        "basis": services.basis(services.ASSESS_FAST_RULE if a.fast_track else services.ASSESS_RULE),
        "opinion_form": forms.OpinionForm()
        if a.status == S.INVESTIGATING and api.find_pending_task(a.case, user, step="investigate")
        else None,
        "review_form": forms.ReviewForm()
        if a.status == S.SUBMITTED and api.find_pending_task(a.case, user, kinds=[Task.Kind.APPROVE])
        else None,
        "return_form": forms.DateForm()
        if a.status == S.APPROVED and api.find_pending_task(a.case, user, step="reply")
        else None,
        "clock": services.clock_of(a.case, services.ASSESS_FAST_RULE if a.fast_track else services.ASSESS_RULE),
        "working_days_left": services.working_days_left(a.due_on),
    }
    return render(request, "community_correction/assessment.html", context)


@login_required
@require_POST
def assessment_action(request, pk, action):
    _gate(request)
    a = _assessment_or_404(request.user, pk)
    try:
        if action == "opinion":
            form = forms.OpinionForm(request.POST)
            if not form.is_valid():
                raise TransitionError(_errors(form))
            services.submit_assessment(a.pk, request.user, form.cleaned_data["findings"], form.cleaned_data["opinion"])
            messages.success(request, "评估意见已提交科室审核。")
        elif action == "review":
            form = forms.ReviewForm(request.POST)
            if not form.is_valid():
                raise TransitionError(_errors(form))
            services.review_assessment(
                a.pk, request.user, form.cleaned_data["decision"] == "approve", form.cleaned_data["note"]
            )
            messages.success(request, "已审核。")
        elif action == "return":
            form = forms.DateForm(request.POST)
            if not form.is_valid():
                raise TransitionError(_errors(form))
            services.return_assessment(a.pk, request.user, form.cleaned_data["on"])
            messages.success(request, "已反馈委托机关。")
        else:
            raise Http404
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect(a)


@login_required
def assessment_print(request, pk):
    _gate(request)
    a = _assessment_or_404(request.user, pk)
    if a.status not in (Assessment.Status.APPROVED, Assessment.Status.RETURNED):
        messages.error(request, "评估意见审核后才能打印调查评估意见书。")
        return redirect(a)
    return _pdf(request, "assessment", "调查评估意见书", a, a, f"调查评估意见书-{a.pk}.pdf", a=a)


# --- major events, hazards, records ----------------------------------------------------------


@login_required
def events(request):
    _gate(request)
    form = forms.MajorEventForm(request.POST or None) if access.in_section(request.user) else None
    if request.method == "POST":
        _section_only(request)
        if form.is_valid():
            try:
                event = services.open_major_event(request.user, **form.cleaned_data)
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "已设立报告期。")
                return redirect("community_correction:event", event.pk)
    rows = MajorEvent.objects.order_by("-start_on", "-pk")
    return render(request, "community_correction/events.html", {**list_page(request, rows), "form": form})


@login_required
def event(request, pk):
    _gate(request)
    user = request.user
    ev = get_object_or_404(MajorEvent, pk=pk)
    office = access.office_of(user)
    form = forms.DailyReportForm(request.POST or None) if office is not None else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("每日报告由司法所填报。")
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.file_daily_report(ev.pk, user, d["day"], d["is_zero"] == "1", d["content"])
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "已报告。")
                return redirect("community_correction:event", ev.pk)
    today = timezone.localdate()
    days = [d for d in ev.days() if d <= today]
    offices = list(forms.offices() if access.sees_all(user) else Section.objects.filter(pk=office))
    reports = {
        (r.office_id, r.day): r
        for r in DailyReport.objects.visible_to(user).filter(event=ev).select_related("reported_by")
    }
    grid = [
        {
            "office": o,
            "cells": [
                {"day": d, "report": reports.get((o.pk, d)), "missing": (o.pk, d) not in reports and d < today}
                for d in days
            ],
        }
        for o in offices
    ]
    missing = sum(1 for row in grid for c in row["cells"] if c["missing"])
    return render(
        request,
        "community_correction/event.html",
        {"ev": ev, "days": days, "grid": grid, "form": form, "missing": missing},
    )


@login_required
def hazards(request):
    _gate(request)
    user = request.user
    form = forms.HazardForm(request.POST or None, initial={"found_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_hazard(user, dict(form.cleaned_data))
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "已登记隐患。")
                return redirect("community_correction:hazards")
    rows = Hazard.objects.visible_to(user).select_related("office").order_by("resolved_on", "due_on", "-pk")
    if not access.in_section(user):
        form.fields["office"].widget = djforms.HiddenInput()
        form.fields["office"].required = False
    return render(
        request,
        "community_correction/hazards.html",
        {**list_page(request, rows), "form": form, "resolve_form": forms.ResolveForm(), "today": timezone.localdate()},
    )


@login_required
@require_POST
def hazard_resolve(request, pk):
    _gate(request)
    h = get_object_or_404(Hazard.objects.visible_to(request.user), pk=pk)
    form = forms.ResolveForm(request.POST)
    try:
        if not form.is_valid():
            raise TransitionError(_errors(form))
        services.resolve_hazard(h.pk, request.user, form.cleaned_data["on"], form.cleaned_data["result"])
        messages.success(request, "已登记整改完成。")
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect("community_correction:hazards")


@login_required
def records(request, kind):
    _gate(request)
    if kind not in WorkRecord.Kind.values:
        raise Http404
    user = request.user
    form = (
        forms.WorkRecordForm(request.POST or None, initial={"on": timezone.localdate()})
        if access.in_section(user)
        else None
    )
    if request.method == "POST":
        _section_only(request)
        if form.is_valid():
            try:
                services.add_record(user, {**form.cleaned_data, "kind": kind})
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "已登记。")
                return redirect("community_correction:records", kind)
    rows = WorkRecord.objects.visible_to(user).filter(kind=kind).select_related("office", "recorded_by")
    return render(
        request,
        "community_correction/records.html",
        {
            **list_page(request, rows),
            "form": form,
            "kind": kind,
            "kind_label": WorkRecord.Kind(kind).label,
            "kinds": WorkRecord.Kind.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def record_done(request, pk):
    _section_only(request)
    item = get_object_or_404(WorkRecord, pk=pk)
    try:
        services.close_follow_up(item.pk, request.user, timezone.localdate())
        messages.success(request, "督办事项已办结。")
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect("community_correction:records", item.kind)


# --- statistics ------------------------------------------------------------------------------


def monthly_figures(user, year, month):
    """Per 司法所 and in total: 新接收, 解除/终止, 月末在册, 奖惩, 重新犯罪 (revocations and
    terminations for a new crime), 外出, 电子定位. A fixed number of queries."""
    start, end = month_bounds(year, month)
    subjects = visible_subjects(user)
    by_office = {
        row["office"]: row
        for row in subjects.values("office").annotate(
            received=Count("pk", filter=Q(start_on__range=(start, end))),
            released=Count("pk", filter=Q(status=Subject.Status.RELEASED, ended_on__range=(start, end))),
            terminated=Count("pk", filter=Q(status=Subject.Status.TERMINATED, ended_on__range=(start, end))),
            reoffended=Count(
                "pk",
                filter=Q(status=Subject.Status.TERMINATED, ended_on__range=(start, end), end_reason__contains="新罪"),
            ),
            present=Count(
                "pk",
                filter=Q(start_on__lte=end)
                & ~Q(status__in=[Subject.Status.AWAITING, Subject.Status.MISSING])
                & (Q(ended_on__isnull=True) | Q(ended_on__gt=end)),
            ),
            control=Count(
                "pk",
                filter=Q(sentence_type=SentenceType.CONTROL, start_on__lte=end)
                & (Q(ended_on__isnull=True) | Q(ended_on__gt=end)),
            ),
            probation=Count(
                "pk",
                filter=Q(sentence_type=SentenceType.PROBATION, start_on__lte=end)
                & (Q(ended_on__isnull=True) | Q(ended_on__gt=end)),
            ),
            parole=Count(
                "pk",
                filter=Q(sentence_type=SentenceType.PAROLE, start_on__lte=end)
                & (Q(ended_on__isnull=True) | Q(ended_on__gt=end)),
            ),
            medical=Count(
                "pk",
                filter=Q(sentence_type=SentenceType.MEDICAL, start_on__lte=end)
                & (Q(ended_on__isnull=True) | Q(ended_on__gt=end)),
            ),
        )
    }
    sanctions = Counter()
    for row in (
        Sanction.objects.filter(subject__in=subjects, decided_on__range=(start, end))
        .values("subject__office", "kind")
        .annotate(n=Count("pk"))
    ):
        sanctions[(row["subject__office"], row["kind"])] = row["n"]
    revocations = Counter(
        {
            row["subject__office"]: row["n"]
            for row in Proposal.objects.filter(
                subject__in=subjects,
                kind__in=[Proposal.Kind.REVOCATION, Proposal.Kind.PRISON],
                submitted_at__date__range=(start, end),
            )
            .values("subject__office")
            .annotate(n=Count("pk"))
        }
    )
    names = dict(Section.objects.filter(pk__in=list(by_office)).values_list("pk", "name"))
    fields = ["received", "released", "terminated", "present", "control", "probation", "parole", "medical"]
    rows = []
    for office_id, row in sorted(by_office.items(), key=lambda kv: names.get(kv[0], "")):
        cells = [row[f] for f in fields]
        cells += [sanctions[(office_id, k)] for k in ("praise", "admonition", "warning", "police")]
        cells += [revocations[office_id], row["reoffended"]]
        rows.append({"office": names.get(office_id, ""), "cells": cells})
    total = [sum(r["cells"][i] for r in rows) for i in range(len(STAT_HEADERS))]
    return {"year": year, "month": month, "rows": rows, "total": total, "headers": STAT_HEADERS}


STAT_HEADERS = [
    "新接收",
    "期满解除",
    "终止",
    "月末在矫",
    "管制",
    "缓刑",
    "假释",
    "暂予监外执行",
    "表扬",
    "训诫",
    "警告",
    "提请治安处罚",
    "提请撤销/收监",
    "重新犯罪",
]


@login_required
def stats(request):
    _gate(request)
    today = timezone.localdate()
    try:
        year, month = int(request.GET.get("year", today.year)), int(request.GET.get("month", today.month))
        date(year, month, 1)
    except ValueError:
        year, month = today.year, today.month
    f = monthly_figures(request.user, year, month)
    if request.GET.get("export") == "xlsx":
        title = f"{year}年{month}月社区矫正工作统计"
        columns = [Column("司法所", 18)] + [Column(h, 10, "integer") for h in STAT_HEADERS]
        data = [[r["office"], *r["cells"]] for r in f["rows"]] + [["合计", *f["total"]]]
        buffer = BytesIO()
        write_xlsx(
            buffer, title, columns, data, described=[("统计月份", f"{year}-{month:02d}")], requested_by=request.user
        )
        record(
            "export.correction_monthly", actor=request.user, detail={"year": year, "month": month, "rows": len(data)}
        )
        return xlsx_response(buffer.getvalue(), filename_for(title))
    record("correction.stats_view", actor=request.user, detail={"year": year, "month": month})
    return render(request, "community_correction/stats.html", {"f": f, "months": range(1, 13)})
