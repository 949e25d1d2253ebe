from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.org.models import Section
from apps.printing.case_print import refuse_print, render_case_form
from apps.printing.exports import export_or_queue
from apps.printing.lists import filter_params, filtered, register_page
from apps.workflow.api import TransitionError, access_case
from apps.workflow.viewkit import case_step

from . import services
from .filters import ProposalFilter
from .forms import AssignForm, ContactRecordForm, CoOpinionForm, DraftForm, FeedbackForm, ProposalForm, SendForm
from .models import Proposal, Stage
from .processes import PROCESS
from .registers import REPORTS


def visible_proposals(user, params):
    """The 建议/提案 `user` may see (default deny), with the register's filters (page and exports)."""
    qs = (
        Proposal.objects.visible_to(user)
        .select_related("case", "session", "lead_section")
        .prefetch_related("co_sections")
        .annotate(contact_count=Count("contacts", distinct=True), last_contact=Max("contacts__on_date"))
    )
    return filtered(ProposalFilter, params, qs).order_by("-session__year", "kind", "session_id", "pk")


def may_receive(user):
    return user.is_active and not user.admin_role and user.section is not None and user.section.code == "office"


@login_required
@never_cache
@require_GET
def proposal_list(request):
    """建议提案办理台账, with the page's Excel and the three reports (区人大, 区政协, 区政府督查室)."""
    report = request.GET.get("report", "")
    if request.GET.get("export") == "xlsx" and report:
        if report not in REPORTS:
            raise Http404
        params = filter_params(ProposalFilter(request.GET))
        return export_or_queue(request, REPORTS[report], {k: v for k, v in params.items() if k == "session"})
    session = request.GET.get("session", "")
    return register_page(
        request,
        ProposalFilter,
        visible_proposals,
        register="proposals",
        template="proposals/list.html",
        context={
            "today": timezone.localdate(),
            "may_receive": may_receive(request.user),
            "session_query": f"&session={session}" if session.isdigit() else "",
        },
    )


@login_required
def proposal_new(request):
    if not may_receive(request.user):
        raise PermissionDenied("建议提案由办公室登记，只有办公室人员可以办理。")
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.receive(request.user, dict(form.cleaned_data))
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已接收登记并呈领导审阅；答复期限 {case.due_date:%Y-%m-%d}（自交办之日起算）。")
            return redirect(case)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交，已填写的内容都保留在页面上。")
    return render(request, "proposals/form.html", {"form": form})


def _step(request, pk, key, form, action, success):
    """One of the case page's proposal forms (apps.workflow.viewkit.case_step)."""
    return case_step(
        request,
        pk,
        process=PROCESS,
        key=key,
        form=form,
        action=action,
        success=success,
        invalid="请按要求填写：{errors}",
        redirect_to=lambda case, result: case,
    )


@login_required
@require_POST
def assign(request, pk):
    return _step(
        request,
        pk,
        "proposal_assign",
        AssignForm,
        lambda c, d: services.assign(c.pk, request.user, d["lead_section"], list(d["co_sections"])),
        "已明确主办、会办科室并交办；请打印交办单。",
    )


@login_required
@require_POST
def co_opinion(request, pk):
    return _step(
        request,
        pk,
        "proposal_co",
        CoOpinionForm,
        lambda c, d: services.send_co_opinion(c.pk, request.user, d["text"], d["on_date"]),
        "会办意见已送主办科室。",
    )


@login_required
@require_POST
def contact(request, pk):
    return _step(
        request,
        pk,
        "proposal_contact",
        ContactRecordForm,
        lambda c, d: services.record_contact(c.pk, request.user, d["on_date"], d["form"], d["participants"], d["view"]),
        "面商情况已记录。",
    )


@login_required
@require_POST
def draft(request, pk):
    return _step(
        request,
        pk,
        "proposal_draft",
        DraftForm,
        lambda c, d: services.draft_reply(c.pk, request.user, d["text"], d["category"]),
        "书面答复已报送审签。",
    )


@login_required
@require_POST
def send(request, pk):
    return _step(
        request,
        pk,
        "proposal_send",
        SendForm,
        lambda c, d: services.send_reply(c.pk, request.user, d["on_date"]),
        "答复已发送，答复期限停止计算；请记录代表委员的满意度。",
    )


@login_required
@require_POST
def feedback(request, pk):
    return _step(
        request,
        pk,
        "proposal_feedback",
        FeedbackForm,
        lambda c, d: services.record_feedback(c.pk, request.user, d["satisfaction"], d["on_date"], d["feedback"]),
        "满意度已记录。",
    )


# Which printed form may be printed at which stage.
FORMS = {
    "assignment": ("交办单", {Stage.HANDLING, Stage.APPROVING, Stage.TO_SEND, Stage.FEEDBACK, Stage.DONE}),
    "reply": ("答复函", {Stage.TO_SEND, Stage.FEEDBACK, Stage.DONE}),
}


@login_required
@require_GET
def print_form(request, pk, form):
    case = access_case(request.user, pk, process=PROCESS)
    if form not in FORMS:
        raise Http404
    title, stages = FORMS[form]
    proposal = Proposal.objects.select_related("session", "lead_section").get(case=case)
    proposal.case = case
    full_title = f"{proposal.kind_short}{title}"
    if proposal.stage not in stages:
        return refuse_print(
            request, case, f"该{proposal.kind_short}目前“{proposal.get_stage_display()}”，不能打印{full_title}。"
        )
    replies = list(proposal.replies.all())
    clocks = {c.rule.code: c for c in case.clocks.select_related("rule")}
    context = {
        "p": proposal,
        "co": list(proposal.co_sections.all()),
        "reply": replies[-1] if replies else None,
        "reply_clock": clocks.get(services.REPLY_RULE),
        "co_clock": clocks.get(services.CO_RULE),
        "rehandle_clock": clocks.get(services.REHANDLE_RULE),
        "office": Section.objects.filter(code="office").first(),
    }
    return render_case_form(
        request,
        case,
        f"print/proposals/{form}.html",
        full_title,
        context,
        event="print.proposal_form",
        detail={"form": form},
        filename=f"{case.title}-{title}.pdf",
    )
