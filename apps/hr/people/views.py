"""People pages: staff records and the retirement ledger, passports and private trips, union
benefits. The personnel section sees and keeps everything; anyone else their own."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.printing.exports import export_or_queue
from apps.printing.lists import filter_params, filtered
from apps.workflow.api import TransitionError
from apps.workflow.models import Case
from apps.workflow.viewkit import case_step

from ..forms import OnDateForm
from ..models import (
    BenefitType,
    Passport,
    PassportTrip,
    StaffRecord,
    UnionBenefit,
    is_personnel_officer,
    retirement_date,
)
from ..personnel import officer_only
from . import services
from .filters import BenefitFilter, PassportFilter
from .flags import flags, retiring_in
from .forms import BenefitForm, PassportForm, ReturnReportForm, StaffRecordForm, TripForm
from .processes import PASSPORT_PROCESS


def _year(request):
    try:
        return min(max(int(request.GET.get("year") or timezone.localdate().year), 2000), 2100)
    except ValueError:
        return timezone.localdate().year


# --- staff records ----------------------------------------------------------------------------


@login_required
def staff_list(request):
    """人员档案 with what needs action (轮岗, 退休, 临聘人员), and the retirement ledger by year."""
    user = request.user
    if user.admin_role:
        raise Http404
    if not is_personnel_officer(user):
        return redirect("hr:staff_record", pk=user.pk)
    today = timezone.localdate()
    year = _year(request)
    records = list(StaffRecord.objects.visible_to(user).select_related("person", "person__section"))
    rows = [(r, retirement_date(r), flags(r, today)) for r in records]
    if request.GET.get("flag"):
        rows = [row for row in rows if any(kind == request.GET["flag"] for kind, _ in row[2])]
    missing = (
        get_user_model()
        .objects.filter(is_active=True, admin_role="", section__isnull=False, staff_record__isnull=True)
        .select_related("section")
        .order_by("section__order", "full_name")
    )
    return render(
        request,
        "hr/staff_list.html",
        {
            "rows": rows,
            "year": year,
            "ledger": retiring_in(year, records),
            "missing": missing,
            "flag": request.GET.get("flag", ""),
        },
    )


@login_required
def staff_record(request, pk):
    """One person's record: the personnel section edits it; the person sees their own."""
    user = request.user
    if user.admin_role:
        raise Http404
    officer = is_personnel_officer(user)
    if not officer and pk != user.pk:
        raise Http404
    person = get_object_or_404(get_user_model().objects.filter(admin_role=""), pk=pk)
    record_row = StaffRecord.objects.visible_to(user).filter(person=person).first()
    form = None
    if officer:
        form = StaffRecordForm(request.POST or None, instance=record_row)
        if request.method == "POST" and form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields}
            try:
                services.save_staff_record(user, person, data)
            except TransitionError as exc:
                messages.error(request, str(exc))
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, f"{person.full_name}的人员档案已保存。")
                return redirect("hr:staff_list")
    elif request.method == "POST":
        raise PermissionDenied("只有政工科人员可以修改人员档案。")
    context = {"person": person, "record": record_row, "form": form, "officer": officer}
    if record_row is not None:
        context["retires"] = retirement_date(record_row)
        context["flags"] = flags(record_row, timezone.localdate())
    return render(request, "hr/staff_record.html", context)


# --- passports --------------------------------------------------------------------------------


def visible_passports(user, params):
    qs = Passport.objects.visible_to(user).select_related("holder", "holder__section")
    return filtered(PassportFilter, params, qs).order_by("holder__section__order", "holder__full_name", "kind")


def visible_trips(user):
    return (
        PassportTrip.objects.filter(case__in=Case.objects.visible_to(user).values("pk"))
        .select_related("case", "passport", "passport__holder")
        .order_by("-depart_on", "-pk")
    )


@login_required
def passports(request):
    user = request.user
    if user.admin_role:
        raise Http404
    params = filter_params(PassportFilter(request.GET or None))
    if request.GET.get("export") == "xlsx":
        return export_or_queue(request, "passports", params)
    officer = is_personnel_officer(user)
    form = PassportForm(request.POST or None) if officer else None
    if request.method == "POST":
        officer_only(user)
        if form.is_valid():
            try:
                services.register_passport(user, form.cleaned_data)
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "证件已登记入柜。")
                return redirect("hr:passports")
        else:
            messages.error(request, "请检查证件信息。")
    today = timezone.localdate()
    trips = list(visible_trips(user)[:50])
    overdue = [
        t
        for t in trips
        if t.handed_out_on and t.handed_back_on is None and t.return_on and (today - t.return_on).days > 10
    ]
    return render(
        request,
        "hr/passports.html",
        {
            "passports": visible_passports(user, params),
            "trips": trips,
            "overdue": overdue,
            "form": form,
            "officer": officer,
            "params": params,
            "statuses": Passport.Status.choices,
        },
    )


@login_required
def trip_new(request):
    user = request.user
    if user.admin_role or user.section_id is None:
        raise PermissionDenied(
            "只有业务人员可以申请因私出国（境）。管理员账号不办理业务；业务账号须设所在科室，未设的请联系安全管理员。"
        )
    form = TripForm(request.POST or None, person=user)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.save_trip(user, form.cleaned_data, submit=True)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "因私出国（境）申请已提交审批。")
            return redirect(case)
    return render(request, "hr/trip_form.html", {"form": form})


# action -> (page form key, form, service call, success message); the keys are Process.page_forms'
TRIP_ACTIONS = {
    "handout": (
        "trip_handout",
        lambda data: OnDateForm(data, label="发放日期", auto_id="id_handout_%s"),
        lambda case, user, d: services.hand_out(case.pk, user, d["on_date"]),
        "证件已发放。",
    ),
    "return": (
        "trip_return",
        lambda data: ReturnReportForm(data, auto_id="id_return_%s"),
        lambda case, user, d: services.report_return(case.pk, user, d["returned_on"], d["report"]),
        "已登记回国，请在10日内将证件交回政工科。",
    ),
    "hand-back": (
        "trip_hand_back",
        lambda data: forms.Form(data),
        lambda case, user, d: services.hand_back(case.pk, user),
        "已交回证件，待政工科确认收回。",
    ),
    "collect": (
        "trip_collect",
        lambda data: OnDateForm(data, label="收回日期", auto_id="id_collect_%s"),
        lambda case, user, d: services.confirm_received(case.pk, user, d["on_date"]),
        "证件已收回入柜。",
    ),
}


@login_required
@require_POST
def trip_action(request, pk, action):
    if action not in TRIP_ACTIONS:
        raise Http404
    key, form, act, success = TRIP_ACTIONS[action]
    return case_step(
        request,
        pk,
        process=PASSPORT_PROCESS,
        key=key,
        form=lambda case: form(request.POST),
        action=lambda case, d: act(case, request.user, d),
        success=success,
        invalid="请填写日期" + ("和回国报告。" if action == "return" else "。"),
    )


# --- union benefits ---------------------------------------------------------------------------


def visible_benefits(user, params):
    qs = UnionBenefit.objects.visible_to(user).select_related(
        "person", "person__section", "benefit_type", "registered_by"
    )
    return filtered(BenefitFilter, params, qs).order_by("-event_date", "-pk")


@login_required
def benefits(request):
    user = request.user
    if user.admin_role:
        raise Http404
    params = filter_params(BenefitFilter(request.GET or None))
    if request.GET.get("export") == "xlsx":
        return export_or_queue(request, "benefits", params)
    officer = is_personnel_officer(user)
    form = BenefitForm(request.POST or None) if officer else None
    if request.method == "POST":
        officer_only(user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.register_benefit(user, data["person"], data["benefit_type"], data["event_date"], data["note"])
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "已登记工会慰问。")
                return redirect("hr:benefits")
        else:
            messages.error(request, "请检查慰问登记。")
    return render(
        request,
        "hr/benefits.html",
        {
            "benefits": visible_benefits(user, params)[:200],
            "form": form,
            "officer": officer,
            "params": params,
            "types": BenefitType.objects.filter(active=True).order_by("order"),
        },
    )
