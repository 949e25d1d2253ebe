"""信息编发 pages: the pieces (each unit sees its own, the office all), a piece with the office's
edit and the adoptions, the issues, and the year's figures (writing team, units)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.org.models import Section
from apps.workflow.api import TransitionError

from . import services, stats
from .forms import AdoptionForm, EditForm, IssueForm, PieceForm, ResubmitForm, TeamForm
from .models import BulletinPolicy, Issue, ProgressNotice, Submission, is_editor

PER_PAGE = 50


def _staff_only(user):
    if user.admin_role:
        raise Http404


def _year(request):
    try:
        return min(max(int(request.GET.get("year") or timezone.localdate().year), 2000), 2100)
    except ValueError:
        return timezone.localdate().year


def visible_pieces(user, params=None):
    params = params or {}
    rows = Submission.objects.visible_to(user).select_related("unit", "author", "issue")
    if params.get("status"):
        rows = rows.filter(status=params["status"])
    return rows.order_by("-submitted_at", "-id")


@login_required
def home(request):
    """办公室：信息报送、编发与采用（1.7，内部制度第十条）。"""
    user = request.user
    _staff_only(user)
    editor = is_editor(user)
    status = request.GET.get("status", "")
    pieces = list(visible_pieces(user, {"status": status})[:PER_PAGE])
    accepted = (
        list(Submission.objects.filter(status=Submission.Status.ACCEPTED).select_related("unit")) if editor else []
    )
    issues = Issue.objects.select_related("case")
    if not editor:
        issues = issues.filter(status=Issue.Status.ISSUED)
    return render(
        request,
        "bulletin/home.html",
        {
            "pieces": pieces,
            "status": status,
            "statuses": Submission.Status.choices,
            "editor": editor,
            "accepted": accepted,
            "issue_form": IssueForm() if editor else None,
            "issues": list(issues[:20]),
        },
    )


@login_required
def piece_new(request):
    user = request.user
    _staff_only(user)
    if user.section_id is None:
        raise PermissionDenied("您没有所属单位，不能报送信息。")
    form = PieceForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            piece = services.submit_piece(user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已报送局办公室。")
            return redirect("bulletin:piece", pk=piece.pk)
    return render(request, "bulletin/piece_new.html", {"form": form})


@login_required
def piece(request, pk):
    user = request.user
    _staff_only(user)
    row = get_object_or_404(
        Submission.objects.visible_to(user).select_related("unit", "author", "issue", "edited_by"), pk=pk
    )
    editor = is_editor(user)
    edit_form = adoption_form = resubmit_form = None
    action = request.POST.get("action") if request.method == "POST" else None
    if editor and row.status in (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED):
        initial = {"title": row.shown_title, "body": row.shown_body, "remark": row.remark}
        edit_form = EditForm(request.POST if action == "edit" else None, initial=initial)
    if editor and row.status not in (Submission.Status.RETURNED, Submission.Status.NOT_USED):
        adoption_form = AdoptionForm(request.POST if action == "adoption" else None)
    if row.status == Submission.Status.RETURNED and user.pk in (row.author_id, row.submitted_by_id):
        resubmit_form = ResubmitForm(
            request.POST if action == "resubmit" else None, initial={"title": row.title, "body": row.body}
        )
    forms_by_action = {"edit": edit_form, "adoption": adoption_form, "resubmit": resubmit_form}
    if action:
        form = forms_by_action.get(action)
        if form is None:
            raise PermissionDenied("此项不能由您办理。")
        if form.is_valid():
            d = form.cleaned_data
            try:
                if action == "edit":
                    services.edit_piece(user, row.pk, d["decision"], d["title"], d["body"], d["remark"])
                    done = "编辑结果已保存。"
                elif action == "adoption":
                    services.record_adoption(user, row.pk, d["medium"], d["level"], d["adopted_on"], d["evidence"])
                    done = "采用情况已登记，撰稿人加分计入绩效考核。"
                else:
                    services.resubmit_piece(user, row.pk, d["title"], d["body"])
                    done = "已修改并重新报送。"
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, done)
                return redirect("bulletin:piece", pk=row.pk)
    adoptions = list(row.adoptions.all())
    return render(
        request,
        "bulletin/piece.html",
        {
            "piece": row,
            "adoptions": adoptions,
            "edit_form": edit_form,
            "adoption_form": adoption_form,
            "resubmit_form": resubmit_form,
            "editor": editor,
        },
    )


@login_required
@require_POST
def issue_new(request):
    user = request.user
    _staff_only(user)
    if not is_editor(user):
        raise PermissionDenied("只有办公室可以编发简报。")
    form = IssueForm(request.POST)
    ids = [int(v) for v in request.POST.getlist("pieces") if v.isdigit()]
    if not form.is_valid():
        messages.error(request, "请填写本期标题。")
        return redirect("bulletin:home")
    try:
        issue = services.compile_issue(user, form.cleaned_data["title"], ids)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return redirect("bulletin:home")
    messages.success(request, "已编入本期简报，送审核签发；签发后编号。")
    return redirect("bulletin:issue", pk=issue.pk)


@login_required
def issue(request, pk):
    user = request.user
    _staff_only(user)
    row = get_object_or_404(Issue.objects.select_related("case", "compiled_by"), pk=pk)
    if row.status != Issue.Status.ISSUED and not is_editor(user):
        raise Http404
    if request.method == "POST":
        try:
            services.reopen_issue(user, row.pk)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已撤回，稿件回到待编发。")
        return redirect("bulletin:issue", pk=row.pk)
    pieces = list(row.pieces.select_related("unit", "author"))
    reopenable = is_editor(user) and row.status == Issue.Status.APPROVAL and row.case and not row.case.is_open
    return render(request, "bulletin/issue.html", {"issue": row, "pieces": pieces, "reopenable": reopenable})


@login_required
def figures(request):
    """The year's figures: the writing team's quota and points, the units' adopted pieces."""
    user = request.user
    _staff_only(user)
    year = _year(request)
    editor = is_editor(user)
    form = None
    if editor:
        form = TeamForm(request.POST or None, initial={"year": year})
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                services.set_team(user, d["year"], list(d["members"]), d["decided_on"])
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"{d['year']}年写作专班名单已保存。")
                return redirect(f"{request.path}?year={d['year']}")
    elif request.method == "POST":
        raise PermissionDenied("只有办公室可以登记写作专班。")
    policy = BulletinPolicy.objects.current()
    progress = stats.team_progress(year, policy)
    units = stats.unit_points(year, policy)
    sections = {s.pk: s for s in Section.objects.filter(pk__in=units)}
    unit_rows = sorted(
        ((sections[pk], count, points) for pk, (count, points) in units.items()), key=lambda r: r[0].order
    )
    return render(
        request,
        "bulletin/figures.html",
        {
            "year": year,
            "policy": policy,
            "progress": progress,
            "unit_rows": unit_rows,
            "form": form,
            "editor": editor,
            "notices": ProgressNotice.objects.filter(year=year),
        },
    )
