"""People pages: staff records and the retirement ledger, passports and private trips, union
benefits, appraisals. The personnel section sees and keeps everything; anyone else their own."""

from django.contrib import messages
from django.forms import Form
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.printing.exports import export_or_queue
from apps.workflow.services import TransitionError
from apps.workflow.views import get_case_for_user

from . import people_services as services
from .forms import (
    BenefitForm,
    OnDateForm,
    PassportForm,
    ReturnReportForm,
    RoundForm,
    StaffRecordForm,
    TripForm,
)
from .models import (
    ANNUAL_GRADES,
    QUARTER_GRADES,
    AppraisalGrade,
    AppraisalRound,
    AttendancePolicy,
    BenefitType,
    Passport,
    PassportTrip,
    StaffRecord,
    UnionBenefit,
    is_personnel_officer,
    retirement_date,
)
from .processes import APPRAISAL_PROCESS, PASSPORT_PROCESS
from .staff_flags import flags, retiring_in


def _officer_only(user):
    if not is_personnel_officer(user):
        raise PermissionDenied


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
        get_user_model().objects.filter(is_active=True, admin_role="", section__isnull=False, staff_record__isnull=True)
        .select_related("section")
        .order_by("section__order", "full_name")
    )
    return render(
        request,
        "hr/staff_list.html",
        {"rows": rows, "year": year, "ledger": retiring_in(year, records), "missing": missing,
         "flag": request.GET.get("flag", "")},
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
        raise PermissionDenied
    context = {"person": person, "record": record_row, "form": form, "officer": officer}
    if record_row is not None:
        context["retires"] = retirement_date(record_row)
        context["flags"] = flags(record_row, timezone.localdate())
    return render(request, "hr/staff_record.html", context)


# --- passports --------------------------------------------------------------------------------


def visible_passports(user, params):
    qs = Passport.objects.visible_to(user).select_related("holder", "holder__section")
    if params.get("q"):
        qs = qs.filter(holder__full_name__icontains=params["q"])
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    return qs.order_by("holder__section__order", "holder__full_name", "kind")


def visible_trips(user):
    from apps.workflow.models import Case

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
    params = {key: request.GET.get(key, "") for key in ("q", "status")}
    if request.GET.get("export") == "xlsx":
        return export_or_queue(request, "passports", params)
    officer = is_personnel_officer(user)
    form = PassportForm(request.POST or None) if officer else None
    if request.method == "POST":
        _officer_only(user)
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
    overdue = [t for t in trips if t.handed_out_on and t.handed_back_on is None and t.return_on and
               (today - t.return_on).days > 10]
    return render(
        request,
        "hr/passports.html",
        {"passports": visible_passports(user, params), "trips": trips, "overdue": overdue, "form": form,
         "officer": officer, "params": params, "statuses": Passport.Status.choices},
    )


@login_required
def trip_new(request):
    user = request.user
    if user.admin_role or user.section_id is None:
        raise PermissionDenied
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


TRIP_ACTIONS = {
    "handout": (lambda data: OnDateForm(data, label="发放日期"), lambda case, user, d: services.hand_out(case.pk, user, d["on_date"]), "证件已发放。"),
    "return": (ReturnReportForm, lambda case, user, d: services.report_return(case.pk, user, d["returned_on"], d["report"]),
               "已登记回国，请在10日内将证件交回政工科。"),
    "hand-back": (Form, lambda case, user, d: services.hand_back(case.pk, user),
                  "已交回证件，待政工科确认收回。"),
    "collect": (lambda data: OnDateForm(data, label="收回日期"), lambda case, user, d: services.confirm_received(case.pk, user, d["on_date"]),
                "证件已收回入柜。"),
}


@login_required
@require_POST
def trip_action(request, pk, action):
    case = get_case_for_user(request.user, pk)
    if case.process != PASSPORT_PROCESS or action not in TRIP_ACTIONS:
        raise Http404
    form_class, act, success = TRIP_ACTIONS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写日期" + ("和回国报告。" if action == "return" else "。"))
        return redirect(case)
    try:
        act(case, request.user, form.cleaned_data)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect(case)


# --- union benefits ---------------------------------------------------------------------------


def visible_benefits(user, params):
    qs = UnionBenefit.objects.visible_to(user).select_related("person", "person__section", "benefit_type", "registered_by")
    if params.get("q"):
        qs = qs.filter(person__full_name__icontains=params["q"])
    if params.get("year"):
        qs = qs.filter(event_date__year=params["year"])
    return qs.order_by("-event_date", "-pk")


@login_required
def benefits(request):
    user = request.user
    if user.admin_role:
        raise Http404
    params = {"q": request.GET.get("q", ""), "year": request.GET.get("year", "") if request.GET.get("year", "").isdigit() else ""}
    if request.GET.get("export") == "xlsx":
        return export_or_queue(request, "benefits", params)
    officer = is_personnel_officer(user)
    form = BenefitForm(request.POST or None) if officer else None
    if request.method == "POST":
        _officer_only(user)
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
        {"benefits": visible_benefits(user, params)[:200], "form": form, "officer": officer, "params": params,
         "types": BenefitType.objects.filter(active=True).order_by("order")},
    )


# --- appraisals -------------------------------------------------------------------------------


@login_required
def appraisals(request):
    user = request.user
    if user.admin_role:
        raise Http404
    officer = is_personnel_officer(user)
    form = RoundForm(request.POST or None) if officer else None
    if request.method == "POST":
        _officer_only(user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                round_ = services.create_round(user, data["kind"], data["year"], data["quarter"])
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                return redirect("hr:appraisal", pk=round_.pk)
    rounds = AppraisalRound.objects.select_related("case").order_by("-year", "kind", "-quarter")
    mine = (
        user.appraisal_grades.filter(round__status=AppraisalRound.Status.FINAL)
        .select_related("round")
        .order_by("-round__year", "-round__quarter")
    )
    return render(
        request, "hr/appraisals.html",
        {"rounds": rounds if officer else [], "mine": mine, "form": form, "officer": officer},
    )


@login_required
def appraisal(request, pk):
    user = request.user
    _officer_only(user)
    round_ = get_object_or_404(AppraisalRound, pk=pk)
    if request.method == "POST":
        grades = {int(key[6:]): value for key, value in request.POST.items() if key.startswith("grade-") and key[6:].isdigit()}
        action = request.POST.get("action", "save")
        try:
            if round_.status == AppraisalRound.Status.DRAFT:
                services.set_grades(user, round_.pk, grades)
            if action == "confirm":
                services.confirm_quarter(user, round_.pk)
                messages.success(request, f"{round_}结果已确定。")
            elif action == "submit":
                round_ = services.submit_annual(user, round_.pk)
                messages.success(request, "已报局党组研究确定；确定后公示不少于5个工作日。")
                return redirect(round_.case)
            else:
                messages.success(request, "等次已保存。")
        except TransitionError as exc:
            messages.error(request, str(exc))
        return redirect("hr:appraisal", pk=round_.pk)
    grades = list(round_.grades.select_related("person", "unit"))
    absences = services.yearly_absences([g.person_id for g in grades], round_.year)
    quarterly = {}
    if round_.kind == AppraisalRound.Kind.ANNUAL:
        earlier = AppraisalGrade.objects.filter(
            round__kind=AppraisalRound.Kind.QUARTERLY, round__year=round_.year, round__status=AppraisalRound.Status.FINAL,
            person_id__in=[g.person_id for g in grades],
        ).order_by("round__quarter")
        for person_id, grade in earlier.values_list("person_id", "grade"):
            quarterly.setdefault(person_id, []).append(dict(QUARTER_GRADES).get(grade, grade))
    limit = AttendancePolicy.objects.current().absence_limit
    rows = [(g, absences.get(g.person_id, 0), quarterly.get(g.person_id, [])) for g in grades]
    return render(
        request,
        "hr/appraisal.html",
        {
            "round": round_, "rows": rows, "limit": limit,
            "choices": QUARTER_GRADES if round_.kind == AppraisalRound.Kind.QUARTERLY else ANNUAL_GRADES,
            "problems": services.cap_problems(round_, grades) + services.excellent_problems(round_, grades),
        },
    )


@login_required
@require_POST
def appraisal_notice(request, pk, action):
    case = get_case_for_user(request.user, pk)
    if case.process != APPRAISAL_PROCESS or action not in ("start", "finish"):
        raise Http404
    try:
        if action == "start":
            form = OnDateForm(request.POST)
            if not form.is_valid():
                raise TransitionError("请填写公示开始日期。")
            services.start_notice(case.pk, request.user, form.cleaned_data["on_date"])
            messages.success(request, "已开始公示，期满（不少于5个工作日）后系统提醒。")
        else:
            services.finish_notice(case.pk, request.user, request.POST.get("result", "").strip())
            messages.success(request, "公示期满，年度考核结果已确定。")
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect(case)

