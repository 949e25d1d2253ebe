from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.audit.log import record
from apps.printing.case_print import print_case, print_context, signed_steps
from apps.printing.lists import filtered, list_page, register_page
from apps.printing.render import render_pdf
from apps.printing.views import pdf_response
from apps.workflow.api import TransitionError, access_case
from apps.workflow.models import Case, CaseEvent, Task
from apps.workflow.viewkit import form_errors

from . import services
from .filters import SealFilter, UseFilter
from .forms import CarvingForm, RegisterSealForm, SealStatusForm, SealUseForm, StampForm
from .models import (
    CarvingRequest,
    Seal,
    SealHandover,
    SealUseRequest,
    Stamping,
    is_office_chief,
    is_seal_keeper,
    sees_every_seal,
)
from .processes import CARVE_PROCESS, REGISTER_STEP, STAMP_STEP, USE_PROCESS

# Business steps printed on the forms (not reads, grants, uploads).
FORM_ACTIONS = [
    CaseEvent.Action.SUBMIT,
    CaseEvent.Action.APPROVE,
    CaseEvent.Action.REJECT,
    CaseEvent.Action.RETURN,
    CaseEvent.Action.TRANSFER,
    CaseEvent.Action.DONE,
]


def _business(user):
    if user.admin_role or user.section_id is None:
        raise PermissionDenied(
            "只有业务人员可以申请用印或刻制印章。管理员账号不办理业务；业务账号须设所在科室，未设的请联系安全管理员。"
        )


def has_desk(user):
    return is_seal_keeper(user) or is_office_chief(user)


# --- 用印申请 ----------------------------------------------------------------------------------------


def visible_use_requests(user, params):
    """The seal-use requests `user` may see, with the list's filters (the page and 用印登记簿)."""
    qs = SealUseRequest.objects.visible_to(user).select_related("case", "case__section", "case__initiator", "seal")
    return filtered(UseFilter, params, qs).order_by("-case__created_at", "-pk")


@login_required
def use_list(request):
    return register_page(
        request,
        UseFilter,
        visible_use_requests,
        register="seal_uses",
        template="seals/use_list.html",
        context={"tab": "use", "has_desk": has_desk(request.user)},
    )


def _use_form_response(request, form, case=None):
    context = {"form": form, "case": case, "tab": "use", "has_desk": has_desk(request.user)}
    if case is not None:
        context["attachments"] = case.attachments.all()
    linked = form["document_case"].value() if form.is_bound else form.initial.get("document_case")
    if linked:
        context["linked_case"] = Case.objects.visible_to(request.user).filter(pk=linked).first()
    return render(request, "seals/use_form.html", context)


def _form_page(request, form, case, save, submitted, respond):
    """A request's form page: on a valid POST create or update the draft (and submit it when
    asked) through `save`; otherwise, or when the service refuses, show the form again."""
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            submit = "submit" in request.POST
            try:
                case = save(request.user, data, data["attachments"], case=case, submit=submit)
            except TransitionError as exc:
                messages.error(request, f"{exc}（已填写的内容仍在下方，附件需要重新选择。）")
            else:
                messages.success(request, submitted if submit else "草稿已保存。")
                return redirect(case)
        else:
            messages.error(request, "请按提示修改后再提交；附件需要重新选择。")
    return respond(request, form, case)


def _own_draft(request, pk, process):
    """The user's own draft (or returned) request of `process`, or the response that refuses it."""
    case = access_case(request.user, pk)
    if case.process != process or case.initiator_id != request.user.pk:
        raise PermissionDenied("只有申请人本人可以修改这份申请。")
    if case.status not in (Case.Status.DRAFT, Case.Status.RETURNED):
        messages.error(request, "该申请已提交，不能再修改。")
        return case, redirect(case)
    return case, None


@login_required
def use_new(request):
    """New seal-use request; `?case=<id>` links an outgoing document the requester can see."""
    _business(request.user)
    initial = {}
    linked = request.GET.get("case")
    if linked:
        document = Case.objects.visible_to(request.user).filter(pk=linked if linked.isdigit() else None).first()
        if document is None:
            raise Http404
        initial = {"document_case": document.pk, "document_title": document.title}
    form = SealUseForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    return _form_page(request, form, None, services.save_use_request, "用印申请已提交审批。", _use_form_response)


@login_required
def use_edit(request, pk):
    case, refused = _own_draft(request, pk, USE_PROCESS)
    if refused:
        return refused
    use = case.seal_use
    initial = {
        "seal": use.seal_id,
        "document_title": use.document_title,
        "document_case": use.document_case_id,
        "reason": use.reason,
        "copies": use.copies,
        "exception": use.exception,
        "exception_reason": use.exception_reason,
    }
    form = SealUseForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial=initial,
        has_attachments=case.attachments.exists(),
    )
    return _form_page(request, form, case, services.save_use_request, "用印申请已提交审批。", _use_form_response)


def _redirect_step(request, pk, *, process, form, action, invalid, success, labels=False, back=None):
    """The keeper's step forms (登记用印, 备案): as viewkit.case_step, except that every answer is
    a redirect with the reason in a message, since the keeper's desk posts them too (`back`:
    where to go after the service has answered). `success(case, cleaned_data, result)` is the
    success message."""
    case = access_case(request.user, pk, process=process)
    bound = form(case)
    if not bound.is_valid():
        messages.error(request, invalid + form_errors(bound, labels=labels))
        return redirect(case)
    try:
        result = action(case, bound.cleaned_data)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success(case, bound.cleaned_data, result))
    return redirect(back or case)


def _stamped(case, data, stamping):
    use = SealUseRequest.objects.get(case=case)
    if stamping is None:
        return f"用印登记已办结（共用印 {use.stamped_copies}/{use.copies} 份）。"
    done = "，用印登记已办结" if use.stamped_copies == use.copies or data["finish"] else ""
    return f"已登记用印 {stamping.copies} 份（累计 {use.stamped_copies}/{use.copies} 份）{done}。"


@login_required
@require_POST
def use_stamp(request, pk):
    """登记用印: the keeper records the copies stamped under their watch."""
    return _redirect_step(
        request,
        pk,
        process=USE_PROCESS,
        form=lambda case: StampForm(request.POST),
        action=lambda case, d: services.record_stamping(
            case.pk,
            request.user,
            copies=d["copies"],
            stamped_on=d["stamped_on"],
            note=d["note"],
            finish=d["finish"],
        ),
        invalid="请填写实际用印份数和用印日期：",
        success=_stamped,
        back="seals:desk" if request.POST.get("next") == "desk" else None,
    )


@login_required
@require_GET
def use_form_pdf(request, pk):
    """公章使用申报表."""

    def context(case):
        use = SealUseRequest.objects.select_related("seal", "seal__owner_unit", "seal__keeper").get(case=case)
        linked = None
        if use.document_case_id:
            linked = Case.objects.visible_to(request.user).filter(pk=use.document_case_id).first()
        return {
            "use": use,
            "linked": linked,
            "stampings": list(use.stampings.select_related("keeper")),
            "attachments": list(case.attachments.all()),
            "steps": signed_steps(case, FORM_ACTIONS),
        }

    return print_case(
        request,
        pk,
        process=USE_PROCESS,
        template="print/seals/use_form.html",
        title="公章使用申报表",
        event="print.seal_form",
        context=context,
    )


# --- the keeper's desk -------------------------------------------------------------------------------


@login_required
@never_cache
def desk(request):
    """用印工作台: approved requests waiting for stamping, today's stampings, seals to register."""
    user = request.user
    if not has_desk(user):
        raise PermissionDenied("用印工作台只对印章管理员和办公室主任开放。")
    visible = Case.objects.visible_to(user).values("pk")
    waiting = (
        Task.objects.pending()
        .filter(case__process=USE_PROCESS, step=STAMP_STEP, case__in=visible)
        .select_related("case", "case__initiator", "case__section", "case__seal_use__seal", "assignee")
        .order_by("created_at", "id")
    )
    mine = set(Task.objects.actionable_by(user).filter(step=STAMP_STEP).values_list("pk", flat=True))
    today = timezone.localdate()
    stamped_today = (
        Stamping.objects.filter(stamped_on=today, request__case__in=visible)
        .select_related("request__case", "request__case__initiator", "request__seal", "keeper")
        .order_by("created_at", "id")
    )
    to_register = (
        Task.objects.pending()
        .filter(case__process=CARVE_PROCESS, step=REGISTER_STEP, case__in=visible)
        .select_related("case", "case__seal_carving", "case__initiator", "assignee")
        .order_by("created_at", "id")
    )
    return render(
        request,
        "seals/desk.html",
        {
            "waiting": waiting,
            "mine": mine,
            "stamped_today": stamped_today,
            "to_register": to_register,
            "today": today,
            "tab": "desk",
            "has_desk": True,
        },
    )


# --- 印章台账 -------------------------------------------------------------------------------------------


def visible_seals(user, params):
    qs = Seal.objects.visible_to(user).select_related("owner_unit", "keeper")
    return filtered(SealFilter, params, qs).order_by("status", "owner_unit__order", "name", "id")


@login_required
def register(request):
    """印章台账: the seals the user may see, and the same rows as Excel."""
    return register_page(
        request,
        SealFilter,
        visible_seals,
        register="seals",
        template="seals/register.html",
        per_page=50,
        context={"tab": "register", "has_desk": has_desk(request.user), "sees_all": sees_every_seal(request.user)},
    )


def get_seal_for_user(user, pk):
    return get_object_or_404(Seal.objects.visible_to(user).select_related("owner_unit", "keeper"), pk=pk)


@login_required
@never_cache
def seal_detail(request, pk):
    seal = get_seal_for_user(request.user, pk)
    handovers = seal.handovers.select_related("handed_by", "received_by", "witness", "carving__case")
    uses = (
        SealUseRequest.objects.visible_to(request.user)
        .filter(seal=seal)
        .select_related("case", "case__initiator", "case__section")
        .order_by("-case__created_at")[:20]
    )
    history = seal.history.select_related("history_user").order_by("-history_date", "-history_id")[:20]
    can_change = services.may_change_status(request.user, seal) and bool(seal.legal_moves)
    return render(
        request,
        "seals/seal_detail.html",
        {
            "seal": seal,
            "handovers": handovers,
            "uses": uses,
            "history": history,
            "status_form": SealStatusForm(seal=seal) if can_change else None,
            "tab": "register",
            "has_desk": has_desk(request.user),
        },
    )


@login_required
@require_GET
def impression(request, pk):
    seal = get_seal_for_user(request.user, pk)
    if not seal.impression:
        raise Http404
    record("seal.impression_view", actor=request.user, obj=seal)
    extension = seal.impression.name.rsplit(".", 1)[-1] if "." in seal.impression.name else ""
    response = FileResponse(
        seal.impression.open("rb"), content_type="image/jpeg" if extension == "jpg" else "image/png"
    )
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = "inline"
    return response


@login_required
@require_POST
def seal_status(request, pk):
    seal = get_seal_for_user(request.user, pk)
    form = SealStatusForm(request.POST, seal=seal)
    if not form.is_valid():
        messages.error(request, "请选择新的状态，并填写日期和原因。")
        return redirect("seals:seal_detail", pk=seal.pk)
    data = form.cleaned_data
    try:
        services.change_seal_status(seal.pk, request.user, data["status"], data["on_date"], data["reason"])
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "印章状态已变更。")
    return redirect("seals:seal_detail", pk=seal.pk)


# --- 印章刻制 -------------------------------------------------------------------------------------------


@login_required
def carve_list(request):
    qs = (
        CarvingRequest.objects.filter(case__in=Case.objects.visible_to(request.user).values("pk"))
        .select_related("case", "case__section", "case__initiator", "owner_unit", "seal")
        .order_by("-case__created_at", "-pk")
    )
    return render(
        request, "seals/carve_list.html", {**list_page(request, qs), "tab": "carve", "has_desk": has_desk(request.user)}
    )


def _carve_form_response(request, form, case=None):
    return render(
        request,
        "seals/carve_form.html",
        {
            "form": form,
            "case": case,
            "tab": "carve",
            "has_desk": has_desk(request.user),
            "attachments": case.attachments.all() if case else (),
        },
    )


@login_required
def carve_new(request):
    _business(request.user)
    form = CarvingForm(
        request.POST or None, request.FILES or None, initial={"owner_unit": request.user.section_id, "purpose": "new"}
    )
    return _form_page(request, form, None, services.save_carving_request, "刻制申请已提交审核。", _carve_form_response)


@login_required
def carve_edit(request, pk):
    case, refused = _own_draft(request, pk, CARVE_PROCESS)
    if refused:
        return refused
    carving = case.seal_carving
    initial = {
        "seal_name": carving.seal_name,
        "kind": carving.kind,
        "owner_unit": carving.owner_unit_id,
        "purpose": carving.purpose,
        "old_seal": carving.old_seal_id,
        "reason": carving.reason,
    }
    form = CarvingForm(request.POST or None, request.FILES or None, initial=initial)
    return _form_page(request, form, case, services.save_carving_request, "刻制申请已提交审核。", _carve_form_response)


@login_required
@require_POST
def carve_register(request, pk):
    """备案: the keeper enters the carved seal in the register and records the handovers."""

    def register_seal(case, d):
        return services.register_carved_seal(
            case.pk,
            request.user,
            keeper=d["keeper"],
            handed_by=d["handed_by"],
            witness=d["witness"],
            carved_on=d["carved_on"],
            enabled_on=d["enabled_on"],
            impression=d.get("impression"),
            old_handed_by=d.get("old_handed_by"),
            note=d["note"],
        )

    return _redirect_step(
        request,
        pk,
        process=CARVE_PROCESS,
        form=lambda case: RegisterSealForm(request.POST, request.FILES, carving=case.seal_carving),
        action=register_seal,
        invalid="备案登记未完成。",
        labels=True,
        success=lambda case, d, seal: f"新章“{seal.name}”已备案登记。",
    )


@login_required
@require_GET
def carve_form_pdf(request, pk):
    """印章刻制审核表."""

    def context(case):
        carving = CarvingRequest.objects.select_related("owner_unit", "old_seal", "seal", "seal__keeper").get(case=case)
        return {"carving": carving, "steps": signed_steps(case, FORM_ACTIONS)}

    return print_case(
        request,
        pk,
        process=CARVE_PROCESS,
        template="print/seals/carve_form.html",
        title="印章刻制审核表",
        event="print.seal_form",
        context=context,
    )


@login_required
@require_GET
def handover_form_pdf(request, pk):
    """印章交接单: visible with its seal, or with the carving request it belongs to."""
    handover = get_object_or_404(
        SealHandover.objects.select_related(
            "seal", "seal__owner_unit", "handed_by", "received_by", "witness", "carving__case"
        ),
        pk=pk,
    )
    seal_visible = Seal.objects.visible_to(request.user).filter(pk=handover.seal_id).exists()
    case_visible = (
        handover.carving_id and Case.objects.visible_to(request.user).filter(pk=handover.carving.case_id).exists()
    )
    if not (seal_visible or case_visible):
        raise Http404
    context = print_context(
        request.user,
        handover=handover,
        seal=handover.seal,
        impression_path=handover.seal.impression.path if handover.seal.impression else "",
    )
    pdf = render_pdf("print/seals/handover_form.html", context, request)
    record(
        "print.seal_form",
        actor=request.user,
        obj=handover.seal,
        detail={"form": "handover_form.html", "handover": handover.pk},
    )
    return pdf_response(pdf, f"{handover.seal.name}-印章交接单.pdf")
