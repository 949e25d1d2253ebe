"""交流轮岗 pages: the list (who must rotate, from the staff records; the procedures under way)
and the step forms on the case page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.workflow.api import TransitionError
from apps.workflow.viewkit import case_step

from ..models import Rotation, StaffRecord
from ..people.flags import flags
from ..personnel import officer_only
from . import services
from .forms import STEP_FORMS, RotationForm
from .processes import ROTATION_PROCESS


@login_required
def rotations(request):
    user = request.user
    officer_only(user)
    form = RotationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rotation = services.propose_rotation(user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已报局党组集体讨论决定。")
            return redirect(rotation.case)
    today = timezone.localdate()
    due = []
    for record in StaffRecord.objects.visible_to(user).select_related("person", "person__section"):
        marks = [(kind, text) for kind, text in flags(record, today) if kind.startswith("rotation")]
        if marks:
            due.append((record, marks))
    rows = Rotation.objects.select_related("person", "case").order_by("-case__created_at")
    return render(request, "hr/rotations.html", {"form": form, "due": due, "rows": rows})


@login_required
@require_POST
def rotation_step(request, pk, step):
    if step not in STEP_FORMS:
        raise Http404
    return case_step(
        request,
        pk,
        process=ROTATION_PROCESS,
        key=f"rotation_{step}",
        form=lambda case: STEP_FORMS[step](request.POST, auto_id=f"id_{step}_%s"),
        action=lambda case, d: services.record_step(case.pk, request.user, step, d),
        success="已记录。",
    )
