"""调研工作 pages: the year's topics (the register), a new topic with its 调研方案, and the
topic's step forms on the engine's case page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.printing.lists import filtered, register_page
from apps.workflow.api import TransitionError
from apps.workflow.viewkit import case_step

from . import services
from .access import may_keep, may_see
from .filters import TopicFilter
from .forms import DraftForm, FinaliseForm, TopicForm, UseForm
from .models import Topic
from .processes import PROCESS


def visible_topics(user, params):
    qs = Topic.objects.visible_to(user).select_related("case__initiator").prefetch_related("uses")
    return filtered(TopicFilter, params, qs).order_by("-year", "due_date", "pk")


@login_required
def home(request):
    if not may_see(request.user):
        raise PermissionDenied("调研课题仅办公室、分管领导和局长可以查看。")
    return register_page(
        request,
        TopicFilter,
        visible_topics,
        register="research_topics",
        template="research/home.html",
        context={"may_keep": may_keep(request.user), "today": timezone.localdate()},
    )


@login_required
def topic_new(request):
    if not may_keep(request.user):
        raise PermissionDenied("调研课题由办公室工作人员登记。")
    form = TopicForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                topic = services.propose(request.user, form.cleaned_data)
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "调研课题和工作方案已报分管领导审定。")
                return redirect(topic.case)
        else:
            messages.error(request, "请按提示补充或更正，已填写的内容都保留着。")
    return render(request, "research/form.html", {"form": form}, status=400 if request.method == "POST" else 200)


MOVES = {
    "draft": ("rs_draft", DraftForm, services.submit_draft, "报告初稿已报送审阅。"),
    "finalise": ("rs_finalise", FinaliseForm, services.finalise, "调研报告已定稿报送，课题办结。"),
    "use": ("rs_use", UseForm, services.record_use, "成果运用已登记。"),
}


@login_required
@require_POST
def act(request, pk, move):
    if move not in MOVES:
        raise Http404
    key, form, call, done = MOVES[move]
    return case_step(
        request,
        pk,
        process=PROCESS,
        key=key,
        form=form,
        action=lambda case, data: call(case.pk, request.user, data),
        success=done,
    )
