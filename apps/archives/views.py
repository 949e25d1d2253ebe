"""Pages of the archive: 待归档 (the cases waiting to be archived), the archive form, the
归档文件目录 (list, Excel, print), each item with its 归档章 and electronic copy, and lending."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.audit.log import record
from apps.org.models import Section
from apps.printing.case_print import print_context
from apps.printing.lists import filter_params, filtered, register_page
from apps.printing.render import render_pdf
from apps.printing.views import pdf_response
from apps.workflow.api import TransitionError, access_case
from apps.workflow.models import Case

from . import services
from .filters import CatalogueFilter, LoanFilter, PendingFilter
from .forms import ArchiveForm, LoanForm
from .models import ArchiveItem, ArchiveLoan, Fonds, OrgCode, Retention, is_archive_keeper
from .processes import LOAN_PROCESS, RETURN_STEP

PRINT_LIMIT = 500  # a printed 目录 longer than this belongs in Excel (WeasyPrint tables are slow)


def on_loan():
    """An item is out while a loan of it waits at its 收回 step."""
    out = ArchiveLoan.objects.filter(
        items=OuterRef("pk"), case__status=Case.Status.ACTIVE, case__current_step=RETURN_STEP
    )
    return Exists(out)


def catalogue_items(user, params):
    """归档文件目录: the items `user` may see, arranged year → 机构 → 保管期限 → 件号."""
    qs = ArchiveItem.objects.visible_to(user).select_related("section").annotate(out=on_loan())
    return filtered(CatalogueFilter, params, qs).order_by("-year", "section__order", "org_code", "retention", "item_no")


def get_item(user, pk):
    return get_object_or_404(
        ArchiveItem.objects.visible_to(user).select_related("section", "archived_by", "case"), pk=pk
    )


@login_required
@never_cache
def catalogue(request):
    return register_page(
        request,
        CatalogueFilter,
        catalogue_items,
        register="archive_catalogue",
        template="archives/catalogue.html",
        per_page=50,
        context={
            "tab": "catalogue",
            "keeper": is_archive_keeper(request.user),
            "may_archive": services.may_archive_any(request.user),
            "fonds": Fonds.objects.filter(active=True).first(),
        },
    )


@login_required
@require_GET
def catalogue_pdf(request):
    """The printed 归档文件目录 of one year (optionally one 机构 and 保管期限), with its cover."""
    params = filter_params(CatalogueFilter(request.GET or None))
    if not params.get("year"):
        messages.error(request, "打印归档文件目录请先选择年度。")
        return redirect("archives:catalogue")
    items = list(catalogue_items(request.user, params)[: PRINT_LIMIT + 1])
    if len(items) > PRINT_LIMIT:
        messages.error(request, f"超过 {PRINT_LIMIT} 件，请按机构、保管期限分册打印，或导出 Excel。")
        return redirect(f"{reverse('archives:catalogue')}?{request.GET.urlencode()}")
    context = print_context(
        request.user,
        items=items,
        fonds=Fonds.objects.filter(active=True).first(),
        year=params["year"],
        section=Section.objects.filter(pk=params["section"]).first() if params.get("section") else None,
        retention=Retention(params["retention"]).label if params.get("retention") else "",
    )
    pdf = render_pdf("print/archives/catalogue.html", context, request)
    record("print.archive_catalogue", actor=request.user, detail={"rows": len(items), "year": params["year"]})
    return pdf_response(pdf, f"归档文件目录-{params['year']}.pdf")


# --- 待归档 and archiving ----------------------------------------------------------------------------------


def _may_archive(user):
    if not services.may_archive_any(user):
        raise PermissionDenied("只有档案员和科室负责人可以办理归档。")


def pending_rows(user, params):
    """待归档: the finished cases `user` may archive that are not archived yet, oldest first."""
    qs = services.pending_cases(user).select_related("section", "initiator")
    return filtered(PendingFilter, params, qs).order_by("closed_at", "id")


UNCATALOGUED_SHOWN = 50


def uncatalogued_rows(user, params):
    """已归档、未编目: cases marked 已归档 without a catalogue entry, under the same filters."""
    qs = services.uncatalogued_cases(user).select_related("section", "initiator")
    return filtered(PendingFilter, params, qs).order_by("closed_at", "id")


@login_required
@never_cache
def pending(request):
    _may_archive(request.user)
    # Shown apart from 待归档 (they are archived already): only their 档号 is missing.
    uncatalogued = uncatalogued_rows(request.user, filter_params(PendingFilter(request.GET or None)))
    return register_page(
        request,
        PendingFilter,
        pending_rows,
        register=None,
        template="archives/pending.html",
        per_page=50,
        context={
            "tab": "pending",
            "keeper": is_archive_keeper(request.user),
            "may_archive": True,
            "uncatalogued": uncatalogued[:UNCATALOGUED_SHOWN],
            "uncatalogued_count": uncatalogued.count(),
        },
    )


@login_required
def archive_form(request, pk):
    _may_archive(request.user)
    case = services.get_pending_case(request.user, pk)
    info = services.facts(case)
    rule = services.suggest_retention(case, info.get("doc_type", ""))
    initial = {"retention": rule.retention if rule else "", "title": info["title"], "pages": info.get("pages")}
    form = ArchiveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.archive_case(
                case.pk, request.user, data["retention"], pages=data["pages"], note=data["note"], title=data["title"]
            )
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已归档，档号 {item.archive_no}。")
            return redirect("archives:item", item.pk)
    elif request.method == "POST":
        messages.error(request, "请按提示修改。")
    return render(
        request,
        "archives/archive_form.html",
        {
            "form": form,
            "case": case,
            "info": info,
            "rule": rule,
            "tab": "pending",
            "may_archive": True,
            "keeper": is_archive_keeper(request.user),
            "fonds": Fonds.objects.filter(active=True).first(),
            "org": OrgCode.objects.filter(section_id=case.section_id).first(),
            "no_copy": bool(case.process_def.files_refused),
        },
    )


# --- one item -------------------------------------------------------------------------------------------


@login_required
@never_cache
def item_detail(request, pk):
    item = get_item(request.user, pk)
    intact = None
    if item.pdf:
        intact = services.file_sha256(item) == item.pdf_sha256
    loans = ArchiveLoan.objects.visible_to(request.user).filter(items=item).select_related("case__initiator")
    record("archives.view", actor=request.user, obj=item)
    return render(
        request,
        "archives/item.html",
        {
            "item": item,
            "intact": intact,
            "loans": loans,
            "tab": "catalogue",
            "case_visible": Case.objects.visible_to(request.user).filter(pk=item.case_id).exists(),
            "keeper": is_archive_keeper(request.user),
            "may_archive": services.may_archive_any(request.user),
            "lendable": services.lendable(request.user).filter(pk=item.pk).exists(),
        },
    )


@login_required
@require_GET
def item_file(request, pk):
    """The archived electronic copy (PDF/A-2b), as an attachment; every download is audited."""
    item = get_item(request.user, pk)
    if not item.pdf:
        raise Http404
    record("archives.download", actor=request.user, obj=item, detail={"sha256": item.pdf_sha256})
    response = FileResponse(
        item.pdf.open("rb"), as_attachment=True, filename=f"{item.archive_no}.pdf", content_type="application/pdf"
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def item_stamp(request, pk):
    """归档章 (DA/T 22 附录A): 45 × 16 mm, six cells, red, for the top centre of the first page."""
    item = get_item(request.user, pk)
    pdf = render_pdf("print/archives/stamp.html", print_context(request.user, items=[item]), request)
    record("print.archive_stamp", actor=request.user, obj=item)
    return pdf_response(pdf, f"{item.archive_no}-归档章.pdf")


# --- lending --------------------------------------------------------------------------------------------


def visible_loans(user, params):
    qs = ArchiveLoan.objects.visible_to(user).select_related("case", "case__initiator", "case__initiator__section")
    return filtered(LoanFilter, params, qs).order_by("-case__created_at", "-pk")


@login_required
@never_cache
def loans(request):
    return register_page(
        request,
        LoanFilter,
        visible_loans,
        register=None,
        template="archives/loans.html",
        context={
            "tab": "loans",
            "today": timezone.localdate(),
            "keeper": is_archive_keeper(request.user),
            "may_archive": services.may_archive_any(request.user),
        },
    )


def _loan_page(request, case=None):
    user = request.user
    if user.admin_role or user.section_id is None:
        raise PermissionDenied(
            "只有业务人员可以申请借阅档案。管理员账号不办理业务；业务账号须设所在科室，未设的请联系安全管理员。"
        )
    choices = services.lendable(user)
    initial = {}
    if case is not None:
        loan = case.archive_loan
        choices = ArchiveItem.objects.filter(Q(pk__in=choices.values("pk")) | Q(loans=loan)).distinct()
        initial = {
            "items": list(loan.items.values_list("pk", flat=True)),
            "purpose": loan.purpose,
            "mode": loan.mode,
            "days": loan.days,
        }
    elif request.GET.get("item", "").isdigit():
        initial = {"items": [int(request.GET["item"])]}
    form = LoanForm(request.POST or None, items=choices.order_by("-year", "archive_no"), initial=initial)
    if request.method == "POST":
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                loan = services.save_loan(user, form.cleaned_data, case=case, submit=submit)
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "借阅申请已提交办公室审批。" if submit else "草稿已保存。")
                return redirect(loan.case)
        else:
            messages.error(request, "请按提示修改。")
    return render(
        request,
        "archives/loan_form.html",
        {
            "form": form,
            "case": case,
            "tab": "loans",
            "keeper": is_archive_keeper(user),
            "may_archive": services.may_archive_any(user),
        },
    )


@login_required
def loan_new(request):
    return _loan_page(request)


@login_required
def loan_edit(request, pk):
    case = access_case(request.user, pk)
    if case.process != LOAN_PROCESS or case.initiator_id != request.user.pk:
        raise PermissionDenied("只有申请人本人可以修改这份借阅申请。")
    if case.status not in (Case.Status.DRAFT, Case.Status.RETURNED):
        messages.error(request, "该借阅申请已提交，不能再修改。")
        return redirect(case)
    return _loan_page(request, case)
