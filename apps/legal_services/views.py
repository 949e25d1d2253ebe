"""Pages of 公共法律服务管理科. Lists go through `visible_to(user)` (the section, its division
leader, the director; nobody else); forms through services.py."""

import datetime
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from apps.org.models import Section
from apps.printing.case_print import refuse_print, render_case_form
from apps.printing.lists import filtered, list_page, register_page
from apps.workflow.api import TransitionError, access_case
from apps.workflow.models import Case
from apps.workflow.viewkit import case_step

from . import forms, penalties, services
from .filters import AidFilter, AssessorFilter, MediationFilter, PersonFilter, UnitFilter
from .links import complaint_url, inspection_links
from .models import (
    AidApplication,
    AidObjection,
    Assessor,
    AssessorSelection,
    GrassrootsLicence,
    MediationCase,
    MediationType,
    PenaltyCase,
    PenaltyOutcome,
    PlanTask,
    PlatformStat,
    ServicePerson,
    ServiceUnit,
    UnitKind,
    WorkPlan,
    is_section_staff,
    oversees,
)
from .processes import AID_OBJECTION, ASSESSOR_SELECTION, GRASSROOTS_LICENCE, GRASSROOTS_PENALTY, MEDIATION


def _oversee(request):
    if not oversees(request.user):
        raise Http404
    return request.user


def _staff(request):
    _oversee(request)
    if not is_section_staff(request.user):
        raise PermissionDenied("只有公共法律服务管理科工作人员可以登记和修改。")
    return request.user


def _form_page(request, form, title, *, help_text="", button="保存"):
    return render(
        request, "legal_services/form.html", {"form": form, "title": title, "help": help_text, "button": button}
    )


# --- the section's hub -------------------------------------------------------------------------


@login_required
def home(request):
    user = request.user
    if not oversees(user):
        return render(request, "legal_services/home.html", {"outsider": True})
    today = timezone.localdate()
    cases = Case.objects.visible_to(user).filter(is_open_q())
    counts = dict(cases.values_list("process").annotate(n=Count("pk")).order_by())
    context = {
        "today": today,
        "objections_open": counts.get(AID_OBJECTION, 0),
        "mediations_open": counts.get(MEDIATION, 0),
        "selections_open": counts.get(ASSESSOR_SELECTION, 0),
        "licences_open": counts.get(GRASSROOTS_LICENCE, 0),
        "aid_overdue": filtered(AidFilter, {"overdue": True}, AidApplication.objects.visible_to(user)).count(),
        "units": ServiceUnit.objects.visible_to(user).count(),
        "people": ServicePerson.objects.visible_to(user).count(),
        "assessors_expiring": Assessor.objects.visible_to(user)
        .filter(status="serving", term_ends_on__lte=today + datetime.timedelta(days=90))
        .count(),
        "tasks_overdue": PlanTask.objects.filter(
            plan__in=WorkPlan.objects.visible_to(user), done_on__isnull=True, due_on__lt=today
        ).count(),
        "inspections": inspection_links(),
        "complaint_notary": complaint_url("notary"),
        "complaint_grassroots": complaint_url("grassroots"),
        "is_staff": is_section_staff(user),
    }
    return render(request, "legal_services/home.html", context)


def is_open_q():
    return Q(status__in=[Case.Status.ACTIVE, Case.Status.DRAFT, Case.Status.RETURNED])


# --- registers of the supervised ---------------------------------------------------------------


def visible_units(user, params):
    qs = ServiceUnit.objects.visible_to(user).select_related("judicial_office", "org_section")
    return filtered(UnitFilter, params, qs).order_by("kind", "name", "pk")


@login_required
def units(request):
    _oversee(request)
    offices = Section.objects.filter(kind=Section.Kind.JUDICIAL_OFFICE).order_by("order", "pk")
    workrooms = dict(
        ServiceUnit.objects.filter(kind=UnitKind.WORKROOM)
        .values_list("judicial_office")
        .annotate(n=Count("pk"))
        .order_by()
    )
    offices = [(o, workrooms.get(o.pk, 0), inspection_links(o)) for o in offices]
    return register_page(
        request,
        UnitFilter,
        visible_units,
        register="legal_services_units",
        template="legal_services/units.html",
        context={"offices": offices, "inspections": inspection_links(), "is_staff": is_section_staff(request.user)},
    )


@login_required
def unit_new(request):
    user = _staff(request)
    form = forms.UnitForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        unit = services.save_unit(user, form.cleaned_data)
        messages.success(request, "已登记。")
        return redirect(unit)
    return _form_page(request, form, "登记法律服务机构/组织")


@login_required
def unit_detail(request, pk):
    _oversee(request)
    unit = get_object_or_404(
        ServiceUnit.objects.visible_to(request.user).select_related("judicial_office", "org_section"), pk=pk
    )
    target = unit.org_section or unit
    history = unit.history.select_related("history_user").order_by("-history_date")[:20]
    rectifications = []
    try:
        from apps.inspections.services import open_rectifications

        rectifications = list(open_rectifications(target, request.user))
    except ImportError:
        pass
    complaint_kind = {UnitKind.NOTARY_OFFICE: "notary", UnitKind.GRASSROOTS_OFFICE: "grassroots"}.get(unit.kind)
    return render(
        request,
        "legal_services/unit_detail.html",
        {
            "unit": unit,
            "people": unit.people.order_by("kind", "name"),
            "history": history,
            "inspections": inspection_links(target),
            "rectifications": rectifications,
            "complaint": complaint_url(complaint_kind) if complaint_kind else "",
            "is_staff": is_section_staff(request.user),
        },
    )


@login_required
def unit_edit(request, pk):
    user = _staff(request)
    unit = get_object_or_404(ServiceUnit.objects.visible_to(user), pk=pk)
    form = forms.UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        services.save_unit(user, form.cleaned_data, unit)
        messages.success(request, "已保存，修改记入变更历史。")
        return redirect(unit)
    return _form_page(request, form, f"修改：{unit.name}")


def visible_people(user, params):
    qs = ServicePerson.objects.visible_to(user).select_related("unit")
    return filtered(PersonFilter, params, qs).order_by("kind", "name", "pk")


@login_required
def people(request):
    _oversee(request)
    return register_page(
        request,
        PersonFilter,
        visible_people,
        register="legal_services_people",
        template="legal_services/people.html",
        context={"is_staff": is_section_staff(request.user)},
    )


@login_required
def person_new(request):
    user = _staff(request)
    form = forms.PersonForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        person = services.save_person(user, form.cleaned_data)
        messages.success(request, "已登记。")
        return redirect(person)
    return _form_page(request, form, "登记法律服务人员")


@login_required
def person_detail(request, pk):
    _oversee(request)
    person = get_object_or_404(ServicePerson.objects.visible_to(request.user).select_related("unit"), pk=pk)
    history = person.history.select_related("history_user").order_by("-history_date")[:20]
    kind = {"notary": "notary", "grassroots_worker": "grassroots"}.get(person.kind)
    return render(
        request,
        "legal_services/person_detail.html",
        {
            "person": person,
            "history": history,
            "complaint": complaint_url(kind) if kind else "",
            "is_staff": is_section_staff(request.user),
        },
    )


@login_required
def person_edit(request, pk):
    user = _staff(request)
    person = get_object_or_404(ServicePerson.objects.visible_to(user), pk=pk)
    form = forms.PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.save_person(user, form.cleaned_data, person)
        messages.success(request, "已保存，修改记入变更历史。")
        return redirect(person)
    return _form_page(request, form, f"修改：{person.name}")


# --- 6.5 legal aid -----------------------------------------------------------------------------


def visible_aid(user, params):
    return filtered(AidFilter, params, AidApplication.objects.visible_to(user)).order_by("-received_on", "-pk")


@login_required
def aid_list(request):
    _oversee(request)
    return register_page(
        request,
        AidFilter,
        visible_aid,
        register="legal_services_aid",
        template="legal_services/aid_list.html",
        context={"today": timezone.localdate(), "is_staff": is_section_staff(request.user)},
    )


@login_required
def aid_new(request):
    user = _staff(request)
    form = forms.AidApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            app = services.save_aid_application(user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已记入法律援助监督台账。")
            return redirect(app)
    return _form_page(request, form, "记录法律援助申请（监督台账）", help_text=AID_HELP)


AID_HELP = (
    "法律援助法第四十三条：法律援助机构应当自收到申请之日起7日内审查决定；"
    "决定给予法律援助的，自决定之日起3日内指派。期限由系统按日历（节假日顺延）计算。"
)


@login_required
def aid_detail(request, pk):
    _oversee(request)
    app = get_object_or_404(AidApplication.objects.visible_to(request.user), pk=pk)
    objections = AidObjection.objects.visible_to(request.user).filter(application=app).select_related("case")
    return render(
        request,
        "legal_services/aid_detail.html",
        {
            "a": app,
            "flags": app.overdue_flags(timezone.localdate()),
            "objections": objections,
            "history": app.history.select_related("history_user").order_by("-history_date")[:20],
            "is_staff": is_section_staff(request.user),
        },
    )


@login_required
def aid_edit(request, pk):
    user = _staff(request)
    app = get_object_or_404(AidApplication.objects.visible_to(user), pk=pk)
    form = forms.AidApplicationForm(request.POST or None, instance=app)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_aid_application(user, form.cleaned_data, app)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已保存。")
            return redirect(app)
    return _form_page(request, form, f"修改：{app.applicant}的申请", help_text=AID_HELP)


def _case_list(request, model, process, template, extra=None):
    _oversee(request)
    rows = (
        model.objects.visible_to(request.user)
        .select_related("case", "case__section", "case__initiator")
        .order_by("-case__created_at", "-pk")
    )
    return render(
        request, template, {**list_page(request, rows), "is_staff": is_section_staff(request.user), **(extra or {})}
    )


@login_required
def objections(request):
    return _case_list(request, AidObjection, AID_OBJECTION, "legal_services/objections.html")


@login_required
def objection_new(request):
    user = _staff(request)
    form = forms.ObjectionForm(request.POST or None, initial={"application": request.GET.get("application")})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.register_objection(user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "异议已登记，5日审查期限已起算。")
            return redirect(case)
    return _form_page(
        request,
        form,
        "登记法律援助异议",
        help_text="法律援助法第四十九条：申请人、受援人对法律援助机构不予法律援助、终止法律援助的决定有异议的，本局应当自收到异议之日起五日内审查，作出维持或者责令改正的决定。",
        button="登记并开始审查",
    )


def _step(request, pk, process, key, form, action, success):
    return case_step(
        request,
        pk,
        process=process,
        key=key,
        form=form,
        action=action,
        success=success,
        invalid="请按要求填写：{errors}",
    )


@login_required
@require_POST
def objection_draft(request, pk):
    return _step(
        request,
        pk,
        AID_OBJECTION,
        "aid_draft",
        forms.ObjectionDraftForm,
        lambda c, d: services.draft_objection_decision(c.pk, request.user, d["outcome"], d["findings"]),
        "拟定决定已提交审批。",
    )


@login_required
@require_POST
def objection_issue(request, pk):
    return _step(
        request,
        pk,
        AID_OBJECTION,
        "aid_issue",
        forms.ObjectionIssueForm,
        lambda c, d: services.issue_objection_decision(c.pk, request.user, d["decided_on"], d["decision_no"]),
        "决定已作出，请打印决定书送达异议人并抄送法律援助中心。",
    )


# --- 6.6–6.8 mediation ---------------------------------------------------------------------------


def visible_mediations(user, params):
    qs = MediationCase.objects.visible_to(user).select_related("case", "committee")
    return filtered(MediationFilter, params, qs).order_by("-received_on", "-pk")


@login_required
def mediations(request):
    _oversee(request)
    return register_page(
        request,
        MediationFilter,
        visible_mediations,
        register="legal_services_mediations",
        template="legal_services/mediations.html",
        context={"is_staff": is_section_staff(request.user)},
    )


@login_required
def mediation_new(request):
    user = _staff(request)
    form = forms.MediationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.register_mediation(user, form.cleaned_data, form.parties())
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "调解案件已受理登记。")
            return redirect(case)
    return _form_page(request, form, "受理调解案件", button="受理登记")


MEDIATION_STEPS = {
    "notify": (
        "med_notify",
        forms.DateForm,
        lambda r: lambda c, d: services.notify_rights(c.pk, r.user, d["on_date"]),
        "已记录书面告知，请打印权利义务告知书。",
    ),
    "investigate": (
        "med_investigate",
        forms.InvestigationForm,
        lambda r: lambda c, d: services.record_investigation(c.pk, r.user, d["text"], d["on_date"]),
        "调查了解情况已记录。",
    ),
    "session": (
        "med_session",
        forms.SessionForm,
        lambda r: lambda c, d: services.record_session(c.pk, r.user, d["held_on"], d["place"], d["text"]),
        "调解记录已保存。",
    ),
    "agree": (
        "med_agree",
        forms.AgreementForm,
        lambda r: lambda c, d: services.record_agreement(c.pk, r.user, d["on_date"], d["terms"], d["copies"]),
        "调解协议已记录，7日回访期限已起算；请打印调解协议书。",
    ),
    "fail": (
        "med_fail",
        forms.FailureForm,
        lambda r: lambda c, d: services.record_failure(c.pk, r.user, d["on_date"], d["note"]),
        "调解终结，已告知当事人其他救济途径。",
    ),
    "visit": (
        "med_visit",
        forms.VisitForm,
        lambda r: lambda c, d: services.record_visit(c.pk, r.user, d["on_date"], d["note"]),
        "回访已记录，案件办结。",
    ),
    "party": (
        "med_party",
        forms.PartyForm,
        lambda r: lambda c, d: services.add_party(c.pk, r.user, d),
        "当事人已增加。",
    ),
    "confirm": (
        "med_confirm",
        forms.DateForm,
        lambda r: lambda c, d: services.record_confirmation(c.pk, r.user, d["on_date"]),
        "司法确认申请已登记。",
    ),
}


@login_required
@require_POST
def mediation_step(request, pk, move):
    if move not in MEDIATION_STEPS:
        raise Http404
    key, form, action, success = MEDIATION_STEPS[move]
    return _step(request, pk, MEDIATION, key, form, action(request), success)


def month_of(value):
    try:
        year, month = (int(part) for part in (value or "").split("-")[:2])
        return datetime.date(year, month, 1)
    except (TypeError, ValueError):
        today = timezone.localdate()
        return today.replace(day=1)


def mediation_statistics(user, month):
    """Per committee and type for `month`: received, agreed, failed, open at month end; one query."""
    end = (month + datetime.timedelta(days=32)).replace(day=1)
    qs = MediationCase.objects.visible_to(user).filter(received_on__lt=end)
    rows = (
        qs.values("committee_id", "committee__name", "mediation_type")
        .annotate(
            received=Count("pk", filter=Q(received_on__gte=month)),
            agreed=Count("pk", filter=Q(agreement_on__gte=month, agreement_on__lt=end)),
            failed=Count("pk", filter=Q(failed_on__gte=month, failed_on__lt=end)),
            pending=Count(
                "pk",
                filter=(Q(agreement_on__isnull=True) | Q(agreement_on__gte=end))
                & (Q(failed_on__isnull=True) | Q(failed_on__gte=end)),
            ),
        )
        .order_by("mediation_type", "committee__name")
    )
    labels = dict(MediationType.choices)
    table = [
        dict(r, type_label=labels.get(r["mediation_type"], ""))
        for r in rows
        if any((r["received"], r["agreed"], r["failed"], r["pending"]))
    ]
    totals = defaultdict(int)
    for r in table:
        for k in ("received", "agreed", "failed", "pending"):
            totals[k] += r[k]
    by_type = defaultdict(lambda: defaultdict(int))
    for r in table:
        for k in ("received", "agreed", "failed", "pending"):
            by_type[r["type_label"]][k] += r[k]
    return table, dict(totals), {k: dict(v) for k, v in by_type.items()}


@login_required
def mediation_stats(request):
    _oversee(request)
    month = month_of(request.GET.get("month"))
    table, totals, by_type = mediation_statistics(request.user, month)
    if request.GET.get("export") == "xlsx":
        from apps.printing.exports import export_or_queue

        return export_or_queue(request, "legal_services_mediation_stats", {"month": f"{month:%Y-%m}"})
    return render(
        request,
        "legal_services/mediation_stats.html",
        {"month": month, "table": table, "totals": totals, "by_type": by_type},
    )


# --- 6.13 people's assessors -------------------------------------------------------------------


@login_required
def selections(request):
    return _case_list(request, AssessorSelection, ASSESSOR_SELECTION, "legal_services/selections.html")


@login_required
def selection_new(request):
    user = _staff(request)
    form = forms.SelectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = services.start_selection(user, d["year"], d["quota"], d["applied_quota"], d["quota_basis"])
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "选任已立项，请发布选任公告。")
            return redirect(case)
    return _form_page(request, form, "人民陪审员选任：确定名额", button="立项")


def _candidate_data(d):
    keep = ("name", "eligible", "eligibility_note", "consents")
    # An ID number or phone left blank keeps what was recorded (the form never shows it in full).
    return {k: d[k] for k in (*keep, "id_number", "phone") if k in keep or d[k]}


SELECTION_STEPS = {
    "call": (
        "sel_call",
        forms.DateForm,
        lambda r: lambda c, d: services.publish_call(c.pk, r.user, d["on_date"]),
        "选任公告已发布，30日公告期已起算；请打印选任公告。",
    ),
    "first": (
        "sel_first",
        forms.FirstDrawForm,
        lambda r: (
            lambda c, d: services.first_draw(
                c.pk, r.user, d["pool_source"], d["pool_size"], d["count"], d["seed"], d["on_date"]
            )
        ),
        "第一次随机抽选完成，随机种子已记录；请逐人资格审查并征求本人意见。",
    ),
    "candidate": (
        "sel_candidate",
        forms.CandidateForm,
        lambda r: lambda c, d: services.record_candidate(c.pk, r.user, d["candidate"], _candidate_data(d)),
        "候选人信息已保存。",
    ),
    "applicant": (
        "sel_applicant",
        forms.ApplicantForm,
        lambda r: lambda c, d: services.add_applicant(c.pk, r.user, d),
        "申请人/被推荐人已登记，请进行资格审查。",
    ),
    "second": (
        "sel_second",
        forms.SecondDrawForm,
        lambda r: lambda c, d: services.second_draw(c.pk, r.user, d["applicants"], d["seed"], d["on_date"]),
        "第二次随机抽选完成，拟任命人选已确定；请公示。",
    ),
    "notice": (
        "sel_notice",
        forms.DateForm,
        lambda r: lambda c, d: services.publish_notice(c.pk, r.user, d["on_date"]),
        "拟任命人选已公示（不少于5个工作日）；请打印公示名单。",
    ),
    "appoint": (
        "sel_appoint",
        forms.AppointForm,
        lambda r: lambda c, d: services.record_appointment(c.pk, r.user, d["on_date"], d["ref"]),
        "任命已记录，人民陪审员已记入名册。",
    ),
    "oath": (
        "sel_oath",
        forms.DateForm,
        lambda r: lambda c, d: services.record_oath(c.pk, r.user, d["on_date"]),
        "就职宣誓已记录，本次选任结束。",
    ),
}


@login_required
@require_POST
def selection_step(request, pk, move):
    if move not in SELECTION_STEPS:
        raise Http404
    key, form, action, success = SELECTION_STEPS[move]
    return _step(request, pk, ASSESSOR_SELECTION, key, form, action(request), success)


@login_required
@require_GET
def selection_recheck(request, pk):
    case = access_case(request.user, pk, process=ASSESSOR_SELECTION)
    s = case.assessor_selection
    first, second = services.recheck(s)
    return render(
        request,
        "legal_services/selection_recheck.html",
        {"case": case, "s": s, "first": first, "second": second, "pool": services.second_pool(s)},
    )


def visible_assessors(user, params):
    return filtered(AssessorFilter, params, Assessor.objects.visible_to(user)).order_by("term_ends_on", "name", "pk")


@login_required
def assessors(request):
    _oversee(request)
    return register_page(
        request,
        AssessorFilter,
        visible_assessors,
        register="legal_services_assessors",
        template="legal_services/assessors.html",
        context={
            "today": timezone.localdate(),
            "soon": timezone.localdate() + datetime.timedelta(days=90),
            "is_staff": is_section_staff(request.user),
        },
    )


@login_required
def assessor_new(request):
    user = _staff(request)
    form = forms.AssessorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.save_assessor(user, form.cleaned_data)
        messages.success(request, "已记入名册，任期届满日按5年计算。")
        return redirect("legal_services:assessors")
    return _form_page(request, form, "登记人民陪审员/人民监督员")


# --- 6.10 licence files ------------------------------------------------------------------------


@login_required
def licences(request):
    return _case_list(request, GrassrootsLicence, GRASSROOTS_LICENCE, "legal_services/licences.html")


@login_required
def licence_new(request):
    user = _staff(request)
    form = forms.LicenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.receive_licence(user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已收件，审查期限已起算。")
            return redirect(case)
    return _form_page(request, form, "基层法律服务工作者执业申请：收件", button="收件")


LICENCE_STEPS = {
    "check": (
        "lic_check",
        forms.CompletenessForm,
        lambda r: lambda c, d: services.notify_missing(c.pk, r.user, d["items"], d["other"], d["on_date"]),
        "已一次性告知补正，审查期限暂停；请打印补正通知书。",
    ),
    "complete": (
        "lic_complete",
        forms.DateForm,
        lambda r: lambda c, d: services.record_completion(c.pk, r.user, d["on_date"]),
        "补正齐全，审查期限重新计算。",
    ),
    "forward": (
        "lic_forward",
        forms.ForwardForm,
        lambda r: lambda c, d: services.forward_licence(c.pk, r.user, d["opinion"], d["on_date"]),
        "已报送市司法局；请打印报送函。",
    ),
    "result": (
        "lic_result",
        forms.CityResultForm,
        lambda r: lambda c, d: services.record_city_result(c.pk, r.user, d["result"], d["ref"], d["on_date"]),
        "市司法局决定已记录，事项办结。",
    ),
}


@login_required
@require_POST
def licence_step(request, pk, move):
    if move not in LICENCE_STEPS:
        raise Http404
    key, form, action, success = LICENCE_STEPS[move]
    return _step(request, pk, GRASSROOTS_LICENCE, key, form, action(request), success)


# --- 6.11 penalty cases ------------------------------------------------------------------------------


@login_required
def penalties_list(request):
    return _case_list(request, PenaltyCase, GRASSROOTS_PENALTY, "legal_services/penalties.html")


@login_required
def penalty_new(request):
    user = _staff(request)
    form = forms.PenaltyFileForm(
        request.POST or None, initial={"subject": request.GET.get("subject", ""), "person": request.GET.get("person")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = penalties.file_case(user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已立案；自立案之日起90日内作出处理决定的期限已起算。")
            return redirect(case)
    return _form_page(
        request,
        form,
        "基层法律服务违规执业：立案",
        help_text="本局可对基层法律服务工作者、基层法律服务所给予警告（司法部令第138号第四十六条、第137号第三十条）；"
        "没收违法所得、罚款、停业整顿、吊销执业证由淄博市司法局决定，本局调查后报请处理。",
        button="立案",
    )


PENALTY_STEPS = {
    "note": (
        "pen_note",
        forms.PenaltyNoteForm,
        lambda r: lambda c, d: penalties.add_note(c.pk, r.user, d),
        "调查取证记录已登记。",
    ),
    "notify": (
        "pen_notify",
        forms.PenaltyNoticeForm,
        lambda r: lambda c, d: penalties.notify(c.pk, r.user, d),
        "告知书已编号；请打印送达当事人，听取陈述、申辩。",
    ),
    "statement": (
        "pen_statement",
        forms.StatementForm,
        lambda r: lambda c, d: penalties.record_statement(c.pk, r.user, d["on_date"], d["text"], d["waived"]),
        "陈述、申辩已登记，请拟定处理决定。",
    ),
    "hearing-request": (
        "pen_hearing_request",
        forms.DateForm,
        lambda r: lambda c, d: penalties.request_hearing(c.pk, r.user, d["on_date"]),
        "已登记听证要求；请在举行听证的七个工作日前通知当事人。",
    ),
    "hearing-notice": (
        "pen_hearing_notice",
        forms.HearingNoticeForm,
        lambda r: (
            lambda c, d: penalties.notify_hearing(c.pk, r.user, d["notice_on"], d["hearing_on"], d["place"], d["host"])
        ),
        "听证通知已登记；请打印听证通知书送达当事人。",
    ),
    "hearing-record": (
        "pen_hearing_record",
        forms.HearingRecordForm,
        lambda r: lambda c, d: penalties.record_hearing(c.pk, r.user, d["text"]),
        "听证笔录已登记，请拟定处理决定。",
    ),
    "draft": (
        "pen_draft",
        None,  # bound in penalty_step: the form depends on whether a 告知书 was served
        lambda r: lambda c, d: penalties.draft_decision(c.pk, r.user, d),
        "处理决定已呈负责人审批。",
    ),
    "issue": (
        "pen_issue",
        forms.DateForm,
        lambda r: lambda c, d: penalties.issue_decision(c.pk, r.user, d["on_date"]),
        "决定书已编号；请打印，宣告后当场交付或七个工作日内送达。",
    ),
    "serve": (
        "pen_serve",
        forms.ServeForm,
        lambda r: lambda c, d: penalties.serve_decision(c.pk, r.user, d["on_date"], d["method"]),
        "送达已登记。",
    ),
    "close": (
        "pen_close",
        forms.PenaltyCloseForm,
        lambda r: lambda c, d: penalties.close_case(c.pk, r.user, d["reported_on"], d["report"]),
        "已结案。",
    ),
}


@login_required
@require_POST
def penalty_step(request, pk, move):
    if move not in PENALTY_STEPS:
        raise Http404
    key, form, action, success = PENALTY_STEPS[move]
    if move == "draft":

        def form(case):
            return forms.PenaltyDraftForm(request.POST, notified=bool(case.grassroots_penalty.notice_on))

    return _step(request, pk, GRASSROOTS_PENALTY, key, form, action(request), success)


DECISION_TITLES = {
    PenaltyOutcome.WARNING: "行政处罚决定书",
    PenaltyOutcome.MINOR: "不予行政处罚决定书",
    PenaltyOutcome.UNFOUNDED: "不予行政处罚决定书",
    PenaltyOutcome.RECOMMEND: "关于对基层法律服务违规执业行为给予行政处罚的建议书",
    PenaltyOutcome.TRANSFER: "涉嫌犯罪案件移送书",
}


def penalty_decision_title(case):
    return DECISION_TITLES.get(case.grassroots_penalty.outcome, "行政处罚决定书")


# --- printed forms -------------------------------------------------------------------------------

PRINTS = {
    # slug: (process, title, template, may print?)
    "objection-decision": (
        AID_OBJECTION,
        "法律援助异议审查决定书",
        "objection_decision.html",
        lambda c: c.aid_objection.stage == "decided",
    ),
    "mediation-notice": (
        MEDIATION,
        "人民调解权利义务告知书",
        "mediation_notice.html",
        lambda c: bool(c.mediation_case.notified_on),
    ),
    "mediation-agreement": (
        MEDIATION,
        "调解协议书",
        "mediation_agreement.html",
        lambda c: bool(c.mediation_case.agreement_on),
    ),
    "mediation-visit": (MEDIATION, "调解回访记录", "mediation_visit.html", lambda c: bool(c.mediation_case.visited_on)),
    "selection-call": (
        ASSESSOR_SELECTION,
        "人民陪审员选任公告",
        "selection_call.html",
        lambda c: bool(c.assessor_selection.call_published_on),
    ),
    "selection-draws": (
        ASSESSOR_SELECTION,
        "人民陪审员随机抽选记录",
        "selection_draws.html",
        lambda c: bool(c.assessor_selection.first_seed),
    ),
    "selection-notice": (
        ASSESSOR_SELECTION,
        "拟任命人民陪审员名单公示",
        "selection_notice.html",
        lambda c: bool(c.assessor_selection.notice_on),
    ),
    "penalty-notice": (
        GRASSROOTS_PENALTY,
        "行政处罚事先告知书",
        "penalty_notice.html",
        lambda c: bool(c.grassroots_penalty.notice_no),
    ),
    "penalty-hearing": (
        GRASSROOTS_PENALTY,
        "听证通知书",
        "penalty_hearing.html",
        lambda c: bool(c.grassroots_penalty.hearing_notice_on),
    ),
    "penalty-decision": (
        GRASSROOTS_PENALTY,
        penalty_decision_title,
        "penalty_decision.html",
        lambda c: bool(c.grassroots_penalty.decision_no),
    ),
    "licence-missing": (
        GRASSROOTS_LICENCE,
        "补正材料通知书",
        "licence_missing.html",
        lambda c: bool(c.grassroots_licence.notice_on),
    ),
    "licence-forward": (
        GRASSROOTS_LICENCE,
        "基层法律服务工作者执业申请报送函",
        "licence_forward.html",
        lambda c: bool(c.grassroots_licence.forwarded_on),
    ),
}


@login_required
@require_GET
def print_form(request, pk, form):
    if form not in PRINTS:
        raise Http404
    process, title, template, allowed = PRINTS[form]
    case = access_case(request.user, pk, process=process)
    if not allowed(case):
        return refuse_print(request, case, "目前还不能打印该文书。" if callable(title) else f"目前还不能打印{title}。")
    title = title(case) if callable(title) else title
    context = {"obj": getattr(case, case.process_def.domain_attr)}
    if process == MEDIATION:
        m = context["obj"]
        context["parties"] = list(m.parties.all())
        context["window"] = services.confirmation_window(m) if m.agreement_on else None
    if process == ASSESSOR_SELECTION:
        context["chosen"] = list(context["obj"].candidates.filter(chosen=True))
        context["call_clock"] = case.clocks.filter(rule__code=services.CALL_RULE).first()
        context["notice_clock"] = case.clocks.filter(rule__code=services.NOTICE_RULE).first()
    if process == GRASSROOTS_PENALTY:
        context["notes"] = list(context["obj"].notes.all())
        context["hearing_due"] = penalties.hearing_request_due(context["obj"])
        context["approvals"] = list(
            case.tasks.filter(status="done", decision="approve").select_related("acted_by").order_by("acted_at")
        )
    if process == AID_OBJECTION:
        context["clock"] = case.clocks.filter(rule__code=services.OBJECTION_RULE).select_related("rule").first()
    return render_case_form(
        request,
        case,
        f"print/legal_services/{template}",
        title,
        context,
        event="print.legal_services_form",
        detail={"form": form},
    )


# --- 6.1–6.3, 6.12, 6.14 plans; platform statistics --------------------------------------------


@login_required
def plans(request):
    _oversee(request)
    rows = WorkPlan.objects.visible_to(request.user).annotate(
        open_tasks=Count("tasks", filter=Q(tasks__done_on__isnull=True)),
        late_tasks=Count("tasks", filter=Q(tasks__done_on__isnull=True, tasks__due_on__lt=timezone.localdate())),
    )
    duty = request.GET.get("duty", "")
    if duty:
        rows = rows.filter(duty=duty)
    return render(
        request,
        "legal_services/plans.html",
        {
            **list_page(request, rows.order_by("-issued_on", "-pk")),
            "duty": duty,
            "is_staff": is_section_staff(request.user),
        },
    )


@login_required
def plan_new(request):
    user = _staff(request)
    form = forms.PlanForm(request.POST or None, initial={"duty": request.GET.get("duty", "")})
    if request.method == "POST" and form.is_valid():
        plan = services.save_plan(user, form.cleaned_data)
        messages.success(request, "已登记，请分解任务、明确责任人和时限。")
        return redirect(plan)
    return _form_page(request, form, "登记工作规划/制度措施")


def _owners():
    User = get_user_model()
    section = Section.objects.filter(code="public_legal").first()
    return User.objects.filter(is_active=True, admin_role="").filter(
        Q(section=section) | Q(pk=getattr(section, "division_leader_id", None))
    )


@login_required
def plan_detail(request, pk):
    _oversee(request)
    plan = get_object_or_404(WorkPlan.objects.visible_to(request.user), pk=pk)
    task_form = forms.PlanTaskForm(owners=_owners())
    done_form = forms.TaskDoneForm()
    if request.method == "POST":
        _staff(request)
        if "owner" in request.POST:
            task_form = forms.PlanTaskForm(request.POST, owners=_owners())
            if task_form.is_valid():
                try:
                    services.add_plan_task(request.user, plan, task_form.cleaned_data)
                except TransitionError as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(request, "任务已分解，到期前提醒责任人，逾期督办。")
                    return redirect(plan)
        else:
            done_form = forms.TaskDoneForm(request.POST)
            if done_form.is_valid():
                d = done_form.cleaned_data
                if not plan.tasks.filter(pk=d["task"]).exists():
                    raise Http404
                try:
                    services.finish_plan_task(request.user, d["task"], d["on_date"], d["outcome"])
                except TransitionError as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(request, "任务已完成。")
                    return redirect(plan)
    return render(
        request,
        "legal_services/plan_detail.html",
        {
            "plan": plan,
            "tasks": plan.tasks.select_related("owner"),
            "task_form": task_form,
            "done_form": done_form,
            "today": timezone.localdate(),
            "is_staff": is_section_staff(request.user),
        },
    )


@login_required
def plan_edit(request, pk):
    user = _staff(request)
    plan = get_object_or_404(WorkPlan.objects.visible_to(user), pk=pk)
    form = forms.PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        services.save_plan(user, form.cleaned_data, plan)
        messages.success(request, "已保存。")
        return redirect(plan)
    return _form_page(request, form, f"修改：{plan.title}")


@login_required
def platform_stats(request):
    _oversee(request)
    form = forms.PlatformStatForm(request.POST or None, initial={"month": timezone.localdate().replace(day=1)})
    if request.method == "POST":
        _staff(request)
        if form.is_valid():
            try:
                services.save_platform_stat(request.user, form.cleaned_data)
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "本月统计已保存。")
                return redirect("legal_services:stats")
    if request.GET.get("export") == "xlsx":
        from apps.printing.exports import export_or_queue

        return export_or_queue(request, "legal_services_platform_stats", {})
    rows = PlatformStat.objects.visible_to(request.user).select_related("entered_by")
    return render(
        request,
        "legal_services/stats.html",
        {**list_page(request, rows), "form": form, "is_staff": is_section_staff(request.user)},
    )
