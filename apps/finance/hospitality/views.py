"""Pages of official hospitality (公务接待): the list, the approval form with its plan and budget,
the host's closing form, the printed 公务接待审批单."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET, require_POST

from apps.printing.lists import filtered, register_page
from apps.workflow.viewkit import case_step

from ..filters import HospitalityFilter
from ..models import Hospitality
from ..pages import can_file, form_view, print_form
from . import services
from .forms import HospitalityCloseForm, HospitalityForm
from .processes import HOSPITALITY


def visible_hospitality(user, params):
    qs = Hospitality.objects.visible_to(user).select_related("case", "case__section", "case__initiator", "guest_level")
    return filtered(HospitalityFilter, params, qs).order_by("-case__created_at", "-pk")


@login_required
def hospitality_list(request):
    return register_page(
        request,
        HospitalityFilter,
        visible_hospitality,
        register=None,
        template="finance/logistics/hospitality_list.html",
        context={"tab": "hospitality", "can_file": can_file(request.user), "exportable": False},
    )


def _hospitality_form(data, case):
    return HospitalityForm(data, instance=Hospitality.objects.get(case=case) if case else None)


@login_required
def hospitality_draft(request, pk=None):
    return form_view(
        request, pk, HOSPITALITY, _hospitality_form, services.save_hospitality, "公务接待审批单", "hospitality"
    )


@login_required
@require_POST
def hospitality_close(request, pk):
    return case_step(
        request,
        pk,
        process=HOSPITALITY,
        key="finance_hospitality_close",
        form=HospitalityCloseForm,
        action=lambda case, d: services.close_hospitality(case.pk, request.user, d["actual_cost"], d["note"]),
        success="已登记接待结束。",
        invalid="请检查填写的内容：{errors}",
    )


@login_required
@require_GET
def hospitality_form_pdf(request, pk):
    """公务接待审批单."""
    return print_form(
        request,
        pk,
        HOSPITALITY,
        "print/finance/hospitality_form.html",
        "公务接待审批单",
        lambda case: {"hospitality": Hospitality.objects.select_related("guest_level").get(case=case)},
    )
