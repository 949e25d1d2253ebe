"""信息化项目 pages: the project register (the home page), a new request, and the project's
step forms on the engine's case page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.printing.case_print import print_case
from apps.printing.lists import filtered, register_page
from apps.workflow.api import TransitionError
from apps.workflow.viewkit import case_step

from . import services
from .access import may_keep, may_see
from .filters import ProjectFilter
from .forms import AcceptForm, CardForm, ProcureForm, ProjectForm
from .models import Project
from .processes import PROCESS


def visible_projects(user, params):
    qs = Project.objects.visible_to(user).select_related("case", "user_section", "user_signatory", "it_signatory")
    return filtered(ProjectFilter, params, qs).order_by("-pk")


@login_required
def home(request):
    if not may_see(request.user):
        raise PermissionDenied("信息化项目仅办公室、分管领导和局长可以查看。")
    return register_page(
        request,
        ProjectFilter,
        visible_projects,
        register="it_projects",
        template="it_projects/home.html",
        context={"may_keep": may_keep(request.user), "threshold": services.collective_threshold()},
    )


@login_required
def project_new(request):
    if not may_keep(request.user):
        raise PermissionDenied("信息化项目由办公室工作人员登记报请。")
    form = ProjectForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                project = services.request_project(request.user, form.cleaned_data)
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "项目已报请立项审批（办公室主任审核后报分管领导批示）。")
                return redirect(project.case)
        else:
            messages.error(request, "请按提示补充或更正，已填写的内容都保留着。")
    return render(
        request,
        "it_projects/form.html",
        {"form": form, "threshold": services.collective_threshold()},
        status=400 if request.method == "POST" else 200,
    )


MOVES = {
    "procure": (
        "it_procure",
        lambda case, post: ProcureForm(post),
        services.record_procurement,
        "审查采购情况已登记，进入项目建设与验收。",
    ),
    "accept": (
        "it_accept",
        lambda case, post: AcceptForm(post, project=case.it_project),
        services.record_acceptance,
        "验收已登记，项目办结。",
    ),
    "card": (
        "it_card",
        lambda case, post: CardForm(post),
        lambda pk, user, data: services.set_asset_card(pk, user, data["asset_card_no"]),
        "资产卡片号已登记。",
    ),
}


@login_required
@require_POST
def act(request, pk, move):
    if move not in MOVES:
        raise Http404
    key, make_form, call, done = MOVES[move]
    return case_step(
        request,
        pk,
        process=PROCESS,
        key=key,
        form=lambda case: make_form(case, request.POST),
        action=lambda case, data: call(case.pk, request.user, data),
        success=done,
    )


@login_required
def acceptance_pdf(request, pk):
    """信息化项目验收单: printed once the acceptance is recorded, for the three signatures."""
    return print_case(
        request,
        pk,
        process=PROCESS,
        template="print/it_projects/acceptance.html",
        title="信息化项目验收单",
        event="it_projects.print_acceptance",
        context=lambda case: {"p": case.it_project},
        refuse=lambda case: "" if case.it_project.accepted_on else "项目验收登记后才能打印验收单。",
    )
