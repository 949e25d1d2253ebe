"""收文 and 发文 pages. Each document's full route is the engine's case page (detail_template
adds the register fields and the office steps' own forms); these views are the registers, the
front desk, the search, the forms and the office steps' POST endpoints."""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.printing.lists import filtered, register_page
from apps.workflow.api import TransitionError, access_case
from apps.workflow.models import Case, Task
from apps.workflow.viewkit import case_step, posted_task
from apps.workflow.views import render_case_error

from . import services
from .filters import IncomingFilter, OutgoingFilter
from .forms import (
    AssignForm,
    DistributeForm,
    IncomingForm,
    MarkForm,
    NumberForm,
    OutgoingForm,
    PlanForm,
    PrintForm,
    ReadingForm,
    RecipientForm,
    SealForm,
    SealRequestForm,
    SearchForm,
)
from .models import IncomingDocument, OutgoingDocument, OutgoingRecipient
from .processes import (
    ASSIGN,
    DISTRIBUTE,
    HANDLE,
    INCOMING,
    NUMBER,
    OFFICE_STEPS,
    OUTGOING,
    PLAN,
    PRINT,
    READING,
    SEAL,
    SEAL_REQUEST,
)

# --- the lists (and their Excel registers) -----------------------------------------------------


def incoming_rows(user, params):
    """收文登记簿: the incoming documents `user` may see, with the list's filters."""
    qs = IncomingDocument.objects.visible_to(user).select_related(
        "case", "case__section", "lead_section", "received_by"
    )
    return filtered(IncomingFilter, params, qs).order_by("-receipt_year", "-receipt_seq")


def outgoing_rows(user, params):
    """发文登记簿: the outgoing documents `user` may see (numbered first, by number)."""
    qs = OutgoingDocument.objects.visible_to(user).select_related(
        "case", "case__section", "case__initiator", "signer", "scheme"
    )
    return filtered(OutgoingFilter, params, qs).order_by(
        F("number_year").desc(nulls_first=True), F("number_seq").desc(nulls_first=True), "-case__created_at"
    )


@login_required
def incoming_list(request):
    return register_page(
        request,
        IncomingFilter,
        incoming_rows,
        register="incoming_documents",
        template="documents/incoming_list.html",
        context=_list_context(request),
    )


@login_required
def outgoing_list(request):
    return register_page(
        request,
        OutgoingFilter,
        outgoing_rows,
        register="outgoing_documents",
        template="documents/outgoing_list.html",
        context=_list_context(request),
    )


def _list_context(request):
    return {"today": timezone.localdate(), "is_receiver": services.is_receiver(request.user)}


# --- the front desk and the search -------------------------------------------------------------

DESK_ROWS = 50


@login_required
def desk(request):
    """The receiver's and office chief's front desk: today's incoming, what waits for 拟办 and
    转办, overdue transfers, and outgoing documents at the office's steps."""
    user = request.user
    today = timezone.localdate()
    incoming = incoming_rows(user, {})
    active = incoming.filter(case__status=Case.Status.ACTIVE)
    outgoing = outgoing_rows(user, {}).filter(case__status=Case.Status.ACTIVE, case__current_step__in=OFFICE_STEPS)
    start = timezone.make_aware(datetime.combine(today, time.min))
    context = {
        "today": today,
        "received_today": list(incoming.filter(received_at__gte=start)[:DESK_ROWS]),
        "to_plan": list(active.filter(case__current_step=PLAN)[:DESK_ROWS]),
        "to_assign": list(active.filter(case__current_step__in=(ASSIGN, READING))[:DESK_ROWS]),
        "overdue": list(
            active.filter(case__current_step=HANDLE, case__due_date__lt=today).order_by("case__due_date")[:DESK_ROWS]
        ),
        "in_handling": list(
            active.filter(case__current_step=HANDLE, case__due_date__gte=today).order_by("case__due_date")[:DESK_ROWS]
        ),
        "office_outgoing": list(outgoing.order_by("case__submitted_at")[:DESK_ROWS]),
        "is_receiver": services.is_receiver(user),
    }
    return render(request, "documents/desk.html", context)


@login_required
def search(request):
    """One search across both directions: number, title, source and date; only what the user may see."""
    form = SearchForm(request.GET or None)
    incoming = outgoing = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        q = (data.get("q") or "").strip()
        direction = data.get("direction")
        if direction in ("", "in"):
            qs = incoming_rows(request.user, {"q": q})
            if data.get("start"):
                qs = qs.filter(received_at__date__gte=data["start"])
            if data.get("end"):
                qs = qs.filter(received_at__date__lte=data["end"])
            incoming = Paginator(qs, 30).get_page(request.GET.get("ipage"))
        if direction in ("", "out"):
            qs = outgoing_rows(request.user, {"q": q})
            for bound, lookup in (("start", "gte"), ("end", "lte")):
                if data.get(bound):
                    day = data[bound]
                    qs = qs.filter(
                        Q(**{f"printed_on__{lookup}": day})
                        | Q(printed_on__isnull=True, **{f"case__created_at__date__{lookup}": day})
                    )
            outgoing = Paginator(qs, 30).get_page(request.GET.get("opage"))
    query = request.GET.copy()
    for key in ("ipage", "opage"):
        query.pop(key, None)
    return render(
        request,
        "documents/search.html",
        {
            "form": form,
            "incoming": incoming,
            "outgoing": outgoing,
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


# --- 收文: 签收登记 and the office chief's and receiver's steps --------------------------------------


@login_required
def incoming_new(request):
    if not services.is_receiver(request.user):
        raise PermissionDenied("收文由收发员签收登记，只有收发员可以办理。")
    form = IncomingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.register_incoming(request.user, form.cleaned_data, form.cleaned_data["attachments"])
        except TransitionError as exc:
            messages.error(request, f"{exc}（已填写的内容仍在下方；附件需要重新选择。）")
        else:
            messages.success(request, f"已签收登记，收文编号 {case.number}，已送办公室主任拟办。")
            return redirect(case)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交；附件需要重新选择。")
    return render(request, "documents/incoming_form.html", {"form": form})


def _case_of(request, pk, process):
    return access_case(request.user, pk, process=process)


def _step_action(request, pk, process, form_key, form, action, success):
    """Run one of this app's step forms (apps.workflow.viewkit.case_step)."""
    return case_step(request, pk, process=process, key=form_key, form=lambda case: form, action=action, success=success)


def _task_id(request):
    return posted_task(request)


@login_required
@require_POST
def incoming_plan(request, pk):
    return _step_action(
        request,
        pk,
        INCOMING,
        "doc_plan",
        PlanForm(request.POST),
        lambda case, d: services.plan(
            case.pk, _task_id(request), request.user, d["handling"], list(d["leaders"]), d["opinion"]
        ),
        "已提出拟办意见，送领导批办。",
    )


@login_required
@require_POST
def incoming_assign(request, pk):
    return _step_action(
        request,
        pk,
        INCOMING,
        "doc_assign",
        AssignForm(request.POST),
        lambda case, d: services.assign(
            case.pk,
            _task_id(request),
            request.user,
            d["lead_section"],
            list(d["co_sections"]),
            d["lead_handler"],
            d["note"],
        ),
        "已转办，办理时限已按紧急程度起算。",
    )


@login_required
@require_POST
def incoming_reading(request, pk):
    return _step_action(
        request,
        pk,
        INCOMING,
        "doc_reading",
        ReadingForm(request.POST),
        lambda case, d: services.send_for_reading(
            case.pk, _task_id(request), request.user, list(d["readers"]), d["note"]
        ),
        "已分送传阅。",
    )


# --- 发文: 拟稿 -------------------------------------------------------------------------------------


def _outgoing_form_page(request, form, case=None, reply_to=None):
    return render(
        request,
        "documents/outgoing_form.html",
        {"form": form, "case": case, "reply_to": reply_to, "attachments": case.attachments.all() if case else ()},
    )


@login_required
def outgoing_new(request):
    user = request.user
    if user.admin_role or user.section_id is None:
        raise PermissionDenied(
            "只有业务人员可以起草发文。管理员账号不办理业务；业务账号须设所在科室，未设的请联系安全管理员。"
        )
    reply_to = None
    source = request.POST.get("reply_to") or request.GET.get("reply_to")
    if source:
        reply_to = (
            IncomingDocument.objects.visible_to(user)
            .filter(case_id=source if str(source).isdigit() else None)
            .select_related("case")
            .first()
        )
        if reply_to is None:
            raise Http404
    initial = services.reply_defaults(reply_to) if reply_to and request.method == "GET" else {}
    form = OutgoingForm(request.POST or None, request.FILES or None, section=user.section, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.save_outgoing(
                user,
                form.cleaned_data,
                form.cleaned_data["attachments"],
                submit="submit" in request.POST,
                in_reply_to=reply_to,
            )
        except TransitionError as exc:
            messages.error(request, f"{exc}（已填写的内容仍在下方；附件需要重新选择。）")
        else:
            messages.success(request, "已提交核稿。" if "submit" in request.POST else "草稿已保存。")
            return redirect(case)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交；附件需要重新选择。")
    return _outgoing_form_page(request, form, reply_to=reply_to)


@login_required
def outgoing_edit(request, pk):
    case = _case_of(request, pk, OUTGOING)
    if case.initiator_id != request.user.pk:
        raise PermissionDenied("只有拟稿人本人可以修改这份发文稿。")
    if case.status not in (Case.Status.DRAFT, Case.Status.RETURNED):
        messages.error(request, "该发文已提交，不能再修改。")
        return redirect(case)
    doc = case.outgoing_document
    initial = {
        "title": case.title,
        "sensitivity": case.sensitivity,
        "scheme": doc.scheme_id,
        "countersign_sections": list(doc.countersign_sections.all()),
        **{field: getattr(doc, field) for field in services.DRAFT_FIELDS if field != "scheme"},
    }
    form = OutgoingForm(request.POST or None, request.FILES or None, initial=initial, section=case.section)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_outgoing(
                request.user,
                form.cleaned_data,
                form.cleaned_data["attachments"],
                case=case,
                submit="submit" in request.POST,
            )
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已重新提交核稿。" if "submit" in request.POST else "修改已保存。")
            return redirect(case)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交；附件需要重新选择。")
    return _outgoing_form_page(request, form, case=case, reply_to=doc.in_reply_to)


# --- 发文: the office's steps ----------------------------------------------------------------------


@login_required
@require_POST
def outgoing_number(request, pk):
    case = _case_of(request, pk, OUTGOING)
    form = NumberForm(request.POST)
    if not form.is_valid():
        return render_case_error(request, case, "请选择发文字号类别。", {"doc_number": form})
    try:
        doc, now = services.number(case.pk, request.user, form.cleaned_data["scheme"])
    except TransitionError as exc:
        case.refresh_from_db()
        return render_case_error(request, case, str(exc), {"doc_number": form})
    if now:
        messages.success(request, f"已编号登记：{doc.number}。")
    else:
        messages.info(request, f"该发文已编号：{doc.number}（编号只分配一次）。")
    return redirect(case)


@login_required
@require_POST
def outgoing_seal_request(request, pk):
    return _step_action(
        request,
        pk,
        OUTGOING,
        "doc_seal_request",
        SealRequestForm(request.POST),
        lambda case, d: services.request_seal(
            case.pk, _task_id(request), request.user, d["seal"], d["copies"], d["reason"]
        ),
        "已提交用印申请，审批后由印章管理员用印。",
    )


@login_required
@require_POST
def outgoing_seal(request, pk):
    return _step_action(
        request,
        pk,
        OUTGOING,
        "doc_seal",
        SealForm(request.POST),
        lambda case, d: services.confirm_seal(case.pk, _task_id(request), request.user, d["note"]),
        "已确认用印。",
    )


@login_required
@require_POST
def outgoing_print(request, pk):
    return _step_action(
        request,
        pk,
        OUTGOING,
        "doc_print",
        PrintForm(request.POST),
        lambda case, d: services.record_print(
            case.pk, _task_id(request), request.user, d["copies"], d["printed_on"], d["place"]
        ),
        "已登记印制，请按分发名单分发。",
    )


@login_required
@require_POST
def outgoing_recipients(request, pk):
    """分发名单: add a recipient, or mark ticked ones 已发出/已签收."""
    case = _case_of(request, pk, OUTGOING)
    if "name" in request.POST:
        form = RecipientForm(request.POST)
        key = "doc_recipient"

        def action(d):
            return services.add_recipient(case.pk, request.user, d["name"], d["kind"], d["copies"], d["channel"])

        success = "已添加收文单位。"
    else:
        rows = OutgoingRecipient.objects.filter(document__case=case)
        form = MarkForm(request.POST, recipients=rows)
        key = "doc_mark"

        def action(d):
            return services.mark_recipients(case.pk, request.user, d["recipients"], d["status"], d["channel"] or None)

        success = "已更新分发状态。"
    if not form.is_valid():
        return render_case_error(request, case, "请检查分发名单的填写。", {key: form})
    try:
        action(form.cleaned_data)
    except TransitionError as exc:
        return render_case_error(request, case, str(exc), {key: form})
    messages.success(request, success)
    return redirect(case)


@login_required
@require_POST
def outgoing_distribute(request, pk):
    return _step_action(
        request,
        pk,
        OUTGOING,
        "doc_distribute",
        DistributeForm(request.POST),
        lambda case, d: services.finish_distribution(case.pk, _task_id(request), request.user, d["note"]),
        "分发完毕，发文已办结，待档案员归档。",
    )


# --- the case page's own forms (apps.workflow calls this through Process.page_forms) ----------------


def page_forms(case, user):
    """The unbound forms of the steps `user` holds on this document (none for anyone else)."""
    steps = set(Task.objects.actionable_by(user).filter(case=case).values_list("step", flat=True))
    forms = {}
    if PLAN in steps:
        forms["doc_plan"] = PlanForm(case=case)
    if ASSIGN in steps:
        forms["doc_assign"] = AssignForm()
    if READING in steps:
        forms["doc_reading"] = ReadingForm()
    if NUMBER in steps:
        forms["doc_number"] = NumberForm(initial={"scheme": case.outgoing_document.scheme_id})
    if SEAL_REQUEST in steps:
        doc = case.outgoing_document
        seal = services.default_seal(doc)
        forms["doc_seal_request"] = SealRequestForm(
            initial={"seal": seal.pk if seal else None, "copies": services.default_seal_copies(doc)}
        )
    if SEAL in steps:
        forms["doc_seal"] = SealForm()
    if PRINT in steps:
        forms["doc_print"] = PrintForm(initial={"copies": services.default_print_copies(case.outgoing_document)})
    if DISTRIBUTE in steps:
        forms["doc_recipient"] = RecipientForm()
        forms["doc_mark"] = MarkForm(recipients=case.outgoing_document.recipients.all())
        forms["doc_distribute"] = DistributeForm()
    return forms
