from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.audit.exporter import exporter
from apps.audit.log import record

from . import inbox, services
from .clock_views import clock_card
from .forms import (
    CirculateForm,
    CompleteForm,
    DelegationForm,
    InboxFilterForm,
    InstructionForm,
    NotificationSettingsForm,
    OpinionForm,
    ReturnForm,
    StaffChoices,
    TransferForm,
)
from .models import Attachment, Case, Delegation, Notification, SweepRun, Task, is_actionable
from .processes import is_instruction
from .templatetags.workflow_tags import case_page_dues


def get_case_for_user(user, pk):
    """The access helper: a case the user may not see does not exist for them (404)."""
    return get_object_or_404(Case.objects.visible_to(user).select_related("section", "initiator"), pk=pk)


@login_required
def home(request):
    """Where a login lands: staff on their inbox, administrators on their own work page."""
    if request.user.is_audit_admin:
        return redirect("audit:list")
    if request.user.admin_role:
        return redirect("admin:index")
    return redirect("workflow:inbox")


@login_required
def inbox_view(request):
    tabs = inbox.tabs_for(request.user)
    key = request.GET.get("tab", "todo")
    if key not in {tab.key for tab in tabs}:
        key = "todo"
    tab = inbox.TAB_BY_KEY[key]
    filter_form = InboxFilterForm(request.GET or None)
    params = filter_form.params() if request.GET else {}
    if tab.key in ("done", "read") and not params.get("sort"):
        params["sort"] = "acted"
    if request.GET.get("export") == "xlsx":
        return exporter().export_or_queue(request, "inbox", {**params, "tab": tab.key})
    delegators = inbox.request_delegators(request) if tab.kind == "task" else None
    rows = inbox.apply_filters(
        inbox.tab_queryset(request.user, key, delegators=delegators, for_page=True), tab.kind, params
    )
    paginator = Paginator(rows, 30)
    counted = inbox.COUNTED_TABS.get(tab.key)
    if counted and not any(params.get(name) for name in ("q", "section", "process", "due_before")):
        # the badge counts these very rows: one COUNT shared by pager and badge
        paginator.count = inbox.request_counts(request)[counted]
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workflow/inbox.html",
        {
            "tabs": tabs,
            "tab": tab,
            "page": page,
            "filter_form": filter_form,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "notices": inbox.request_unread_notices(request)[1],
        },
    )


def _next_or(request, default):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


@login_required
@require_POST
def notices_read(request):
    """Mark all the user's notices as read (the sweep never re-creates a notice it sent)."""
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return _next_or(request, "workflow:inbox")


@login_required
def notifications(request):
    """通知: every notice the sweep (or an export) sent this user, newest first."""
    if request.user.admin_role:
        raise Http404
    rows = request.user.notifications.select_related("case").order_by("-created_at", "-id")
    if request.GET.get("unread"):
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workflow/notifications.html",
        {"page": page, "query": query.urlencode(), "unread_only": bool(request.GET.get("unread"))},
    )


@login_required
@require_POST
def notification_read(request, pk):
    """Mark one of one's own notices read; someone else's does not exist for the user (404)."""
    notice = get_object_or_404(Notification, pk=pk, user=request.user)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return _next_or(request, "workflow:notifications")


@login_required
def notification_settings(request):
    """The user's own e-mail address and whether deadline notices are also e-mailed."""
    if request.user.admin_role:
        raise Http404
    form = NotificationSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        record(
            "account.notification_settings", actor=request.user, obj=request.user, detail={"fields": form.changed_data}
        )
        messages.success(request, "通知设置已保存。")
        return redirect("workflow:notification_settings")
    return render(request, "workflow/notification_settings.html", {"form": form})


def _case_context(request, case, forms_override=None):
    user = request.user
    process = case.process_def
    events = case.events.select_related("actor", "on_behalf_of", "task").order_by("created_at", "id")
    tasks = list(case.tasks.select_related("assignee", "acted_by").order_by("created_at", "id"))
    # what Task.objects.actionable_by would return, from the tasks just read (the delegators
    # are read once per request, shared with the inbox badge)
    delegators = inbox.request_delegators(request)
    my_tasks = [task for task in tasks if is_actionable(task, user, delegators)]
    for task in my_tasks:  # the panel offers 批示 instead of 同意/不同意 at a 批示 step
        task.is_instruction = is_instruction(case, task.step)
    reads = [t for t in tasks if t.kind == Task.Kind.READ]
    route_state = []
    current_index = next((i for i, s in enumerate(case.route) if s["code"] == case.current_step), None)
    for i, step in enumerate(case.route):
        step_tasks = [t for t in tasks if t.step == step["code"] and t.status != Task.Status.CANCELLED]
        if case.status in (Case.Status.CLOSED, Case.Status.ARCHIVED):
            state = "done"
        elif current_index is not None and i < current_index:
            state = "done"
        elif i == current_index:
            state = "current"
        else:
            state = "todo"
        route_state.append({"step": step, "state": state, "tasks": step_tasks})
    people = StaffChoices()  # one query, shared by the 转交 and 传阅 pickers, run when rendered
    forms = {
        "opinion": OpinionForm(),
        "instruction": InstructionForm(),
        "return": ReturnForm(targets=services.return_targets(case)) if case.route else None,
        "transfer": TransferForm(people=people),
        "complete": CompleteForm(),
        "circulate": CirculateForm(people=people),
    }
    forms.update(forms_override or {})
    for key, form in process.page_forms(case, user).items():  # the app's own forms, unless a bound one came back
        forms.setdefault(key, form)
    acted_since_submit = case.submitted_at and any(
        t.acted_at is not None and t.acted_at >= case.submitted_at and t.kind not in (Task.Kind.READ, Task.Kind.REVISE)
        for t in tasks
    )
    clocks = clock_card(case, user, forms)
    return {
        **clocks,
        "dues": case_page_dues(case, clocks["case_clocks"], tasks),
        "case": case,
        "process": process,
        "domain": process.domain(case),
        "my_tasks": my_tasks,
        "events": events,
        "reads": reads,
        "route_state": route_state,
        "attachments": case.attachments.select_related("uploaded_by"),
        "forms": forms,
        "is_initiator": case.initiator_id == user.pk,
        "can_withdraw": case.initiator_id == user.pk
        and case.status == Case.Status.ACTIVE
        and not acted_since_submit
        and not process.statutory,
        "can_archive": services.can_archive(case, user),
        "archive_url": services.archive_page_url(case),
        "can_circulate": case.status != Case.Status.DRAFT,
        "edit_url": reverse(process.edit_url_name, args=[case.pk])
        if process.edit_url_name and case.status in (Case.Status.DRAFT, Case.Status.RETURNED)
        else "",
        "today": timezone.localdate(),
    }


@login_required
@never_cache
def case_detail(request, pk):
    case = get_case_for_user(request.user, pk)
    process = case.process_def
    process.on_view(case, request.user)
    return render(request, "workflow/case_detail.html", _case_context(request, case))


def render_case_error(request, case, message, forms_override=None):
    """Re-show the case page with the user's typed text kept and the reason in Chinese (section
    apps' own step forms use it too, with their bound form under its key in `forms`)."""
    messages.error(request, message)
    return render(request, "workflow/case_detail.html", _case_context(request, case, forms_override), status=409)


TASK_ACTIONS = {
    "approve": (OpinionForm, "opinion"),
    "instruct": (InstructionForm, "instruction"),
    "reject": (OpinionForm, "opinion"),
    "return": (ReturnForm, "return"),
    "transfer": (TransferForm, "transfer"),
    "complete": (CompleteForm, "complete"),
    "read": (OpinionForm, "opinion"),
}

SUCCESS_MESSAGES = {
    "approve": "已签署同意意见。",
    "instruct": "已批示。",
    "reject": "已签署不同意意见，事项终止。",
    "return": "已退回。",
    "transfer": "已转交他人办理。",
    "complete": "已办结。",
    "read": "已阅。",
}


@login_required
@require_POST
def task_action(request, pk, task_id, action):
    case = get_case_for_user(request.user, pk)
    if action not in TASK_ACTIONS:
        raise Http404
    form_class, form_key = TASK_ACTIONS[action]
    if form_class is ReturnForm:
        form = ReturnForm(request.POST, targets=services.return_targets(case))
    else:
        form = form_class(request.POST)
    if not form.is_valid():
        return render_case_error(request, case, "请检查填写的内容。", {form_key: form})
    data = form.cleaned_data
    try:
        if action in ("approve", "instruct"):
            services.approve(case.pk, task_id, request.user, data["opinion"])
        elif action == "reject":
            services.reject(case.pk, task_id, request.user, data["opinion"])
        elif action == "return":
            services.return_case(case.pk, task_id, request.user, data["target"], data["opinion"])
        elif action == "transfer":
            services.transfer(case.pk, task_id, request.user, data["to_user"], data["opinion"])
        elif action == "complete":
            services.complete(case.pk, task_id, request.user, data["opinion"])
        elif action == "read":
            services.mark_read(case.pk, task_id, request.user, data["opinion"])
    except services.TransitionError as exc:
        case.refresh_from_db()
        return render_case_error(request, case, str(exc), {form_key: form})
    messages.success(request, SUCCESS_MESSAGES[action])
    # After acting, a handler who can no longer see the case (rare) goes back to the inbox.
    if Case.objects.visible_to(request.user).filter(pk=case.pk).exists():
        return redirect(case)
    return redirect("workflow:inbox")


@login_required
@require_POST
def case_action(request, pk, action):
    case = get_case_for_user(request.user, pk)
    version = request.POST.get("version")
    try:
        if action == "submit":
            services.submit(case.pk, request.user, version)
            messages.success(request, "已提交。")
        elif action == "withdraw":
            services.withdraw(case.pk, request.user, version)
            messages.success(request, "已撤回，可修改后重新提交。")
        elif action == "archive":
            page = services.archive_page_url(case)
            if page:  # archiving goes through the catalogue's form (a stale case page posts here)
                return redirect(page)
            services.archive(case.pk, request.user, version)
            messages.success(request, "已归档。")
        elif action == "circulate":
            form = CirculateForm(request.POST)
            if not form.is_valid():
                return render_case_error(request, case, "请选择阅知人。", {"circulate": form})
            services.circulate(case.pk, request.user, list(form.cleaned_data["readers"]), form.cleaned_data["note"])
            messages.success(request, "已送传阅。")
        else:
            raise Http404
    except services.TransitionError as exc:
        case.refresh_from_db()
        return render_case_error(request, case, str(exc))
    return redirect(case)


@login_required
def delegations(request):
    """我的委托: who acts on my inbox while I am away, and whose inbox I act on."""
    if request.user.admin_role:
        raise Http404
    form = DelegationForm(request.POST or None, principal=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_delegation(
                request.user, data["delegate"], data["start_date"], data["end_date"], data["reason"]
            )
        except services.TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "委托已生效：期间您的待办（审批、办理）将同时出现在代理人的待办中。")
            return redirect("workflow:delegations")
    given = Delegation.objects.filter(principal=request.user).select_related("delegate").order_by("-start_date")[:50]
    received = (
        Delegation.objects.filter(delegate=request.user, cancelled_at__isnull=True, end_date__gte=timezone.localdate())
        .select_related("principal")
        .order_by("start_date")
    )
    return render(
        request,
        "workflow/delegations.html",
        {"form": form, "given": given, "received": received, "today": timezone.localdate()},
    )


@login_required
@require_POST
def delegation_cancel(request, pk):
    try:
        services.cancel_delegation(pk, request.user)
    except services.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "委托已撤销。")
    return redirect("workflow:delegations")


@login_required
@require_GET
def attachment_download(request, pk):
    """The one way to a stored file: the case must be visible, the file must still match the
    SHA-256 taken at upload, and it goes out as a download the browser will not sniff or keep."""
    from .filetypes import CONTENT_TYPES
    from .integrity import FileIntegrityError, open_verified

    attachment = get_object_or_404(
        Attachment.objects.filter(case__in=Case.objects.visible_to(request.user).values("pk")), pk=pk
    )
    try:
        handle = open_verified(attachment, request.user)
    except FileIntegrityError as exc:
        response = render(
            request, "workflow/attachment_refused.html", {"attachment": attachment, "message": str(exc)}, status=409
        )
        response["Cache-Control"] = "no-store"
        return response
    record("file.download", actor=request.user, obj=attachment.case, detail={"attachment": attachment.pk})
    # The type checked at upload (by content, filetypes.py) is the one stored; the name only
    # for rows stored before the type was.
    extension = attachment.original_name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type or CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def healthz(request):
    """Liveness for the load balancer and the operators: database, broker, last sweep."""
    body = {"time": timezone.now().isoformat()}
    status = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        body["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # any failure means "not healthy"; say which
        body["database"] = {"ok": False, "error": exc.__class__.__name__}
        status = 503
    body["broker"] = _broker_status()
    if status == 200:
        last = SweepRun.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()
        body["last_deadline_sweep"] = last.finished_at.isoformat() if last else None
    return JsonResponse(body, status=status)


def _broker_status():
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        import os

        folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("data_folder_in", "")
        return {"ok": os.path.isdir(folder) and os.access(folder, os.W_OK), "transport": "filesystem"}
    try:
        from kombu import Connection

        with Connection(url, connect_timeout=1) as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
        return {"ok": True, "transport": url.split("://", 1)[0]}
    except Exception as exc:
        return {"ok": False, "transport": url.split("://", 1)[0], "error": exc.__class__.__name__}
