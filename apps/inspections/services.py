"""监督检查与整改: every state change, and the public API other apps call.

Public API (stable names; section apps call only these):

- `inspection_url(section_code, target=None) -> str`
- `start_url(section_code, target) -> str`
- `open_rectifications(target, user=None) -> QuerySet`

Every move below is one `@transaction.atomic` function: it locks the row, re-checks the state
and who acts, and raises `TransitionError("中文原因")` (shown to the user as is). A second click
of the same form meets the new state and is refused with the reason.
"""

from datetime import date
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Rank
from apps.audit.log import record
from apps.org.models import Section
from apps.workflow import calendar
from apps.workflow.api import TransitionError
from apps.workflow.models import DeadlineRule
from apps.workflow.rules import deadline_rule

from .models import Check, Finding, Mode, Plan, PlanKind, Rectification, RectificationEvent, Severity

RECTIFY_RULE = deadline_rule("inspections-rectification")
DEFAULT_RECTIFY_DAYS = 30
# Targets are generic, but some models are never a unit that is inspected (and naming them would
# show a record's name to someone who may not see it): accounts, the engine's cases, the audit log...
FORBIDDEN_TARGET_APPS = {
    "accounts",
    "auth",
    "admin",
    "contenttypes",
    "sessions",
    "audit",
    "privacy",
    "workflow",
    "backups",
    "websecurity",
    "otp_totp",
    "otp_static",
    "django_otp",
    "inspections",
}


# --- public API ---------------------------------------------------------------------------------


def inspection_url(section_code, target=None):
    """The URL of a section's inspection list (`inspections:section`), optionally narrowed to
    one target: `target` is a model instance of any app (a law firm, a notary office, a judicial
    office `org.Section` row ...); the page then lists that unit's checks and rectifications.

    Only the owning section's staff, its division leader and the director can open it (404 for
    everyone else), so link to it from pages those people see."""
    url = reverse("inspections:section", args=[section_code])
    if target is None:
        return url
    ct = ContentType.objects.get_for_model(target)
    return f"{url}?{urlencode({'ct': ct.pk, 'oid': target.pk})}"


def start_url(section_code, target):
    """The URL of the "发起检查" form of the section (`inspections:check_new`) with `target`
    (any model instance) prefilled as the unit checked; the form asks for the plan, the date,
    the mode and the inspectors. The target's current name is copied onto the check."""
    url = reverse("inspections:check_new", args=[section_code])
    ct = ContentType.objects.get_for_model(target)
    return f"{url}?{urlencode({'ct': ct.pk, 'oid': target.pk})}"


def open_rectifications(target, user=None):
    """The open rectifications (整改中 or 已报告待核查) of `target` (any model instance), due
    date first, with `check_record` and its plan's section selected. Pass `user` to keep only the
    ones that user may see (a target's page shown to others than the inspecting section must):
    `open_rectifications(firm, request.user)`. Each row has `.due_date`, `.status`,
    `.get_status_display()`, `.is_overdue()`, `.number`, `.check_record.target_label` and
    `.get_absolute_url()`."""
    ct = ContentType.objects.get_for_model(target)
    qs = (
        Rectification.objects.open()
        .filter(check_record__target_type=ct, check_record__target_id=target.pk)
        .select_related("check_record__plan__section")
        .order_by("due_date", "pk")
    )
    return qs.visible_to(user) if user is not None else qs


# --- who may do what ------------------------------------------------------------------------------


def is_business(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_active and not user.admin_role)


def may_see_section(user, section):
    """The owning section's staff, its division leader and the director."""
    if not is_business(user):
        return False
    return user.rank == Rank.DIRECTOR or user.section_id == section.pk or section.division_leader_id == user.pk


def may_work(user, section):
    """Plans, checks and notices are drawn up by the section's own staff."""
    return is_business(user) and user.section_id == section.pk


def is_chief_of(user, section):
    return may_work(user, section) and user.rank == Rank.CHIEF


def _require_work(actor, section):
    if not may_work(actor, section):
        raise TransitionError(f"只有{section.name}的工作人员可以办理本科室的监督检查。")


def _text(value, what, limit=None):
    value = (value or "").strip()
    if not value:
        raise TransitionError(f"请填写{what}。")
    if limit and len(value) > limit:
        raise TransitionError(f"{what}不能超过 {limit} 个字。")
    return value


def _lock_plan(pk):
    plan = Plan.objects.select_for_update().select_related("section").filter(pk=pk).first()
    if plan is None:
        raise TransitionError("检查计划不存在。")
    return plan


def _lock_check(pk):
    check = Check.objects.select_for_update(of=("self",)).select_related("plan__section").filter(pk=pk).first()
    if check is None:
        raise TransitionError("检查记录不存在。")
    return check


def _lock_rectification(pk):
    rect = (
        Rectification.objects.select_for_update(of=("self",))
        .select_related("check_record__plan__section")
        .filter(pk=pk)
        .first()
    )
    if rect is None:
        raise TransitionError("整改通知不存在。")
    return rect


def resolve_target(user, ct_id, object_id):
    """(content type, object) named by ids, or TransitionError. The target must be a model of a
    business app (never an account, a case or a log row); a model with `objects.visible_to`
    must show the object to `user`."""
    try:
        ct = ContentType.objects.get_for_id(int(ct_id))
        object_id = int(object_id)
    except (ContentType.DoesNotExist, TypeError, ValueError) as exc:
        raise TransitionError("检查对象不存在。") from exc
    model = ct.model_class()
    if model is None or ct.app_label in FORBIDDEN_TARGET_APPS:
        raise TransitionError("该类记录不能作为检查对象。")
    manager = model._default_manager
    qs = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
    obj = qs.filter(pk=object_id).first()
    if obj is None:
        raise TransitionError("检查对象不存在或您无权查看。")
    return ct, obj


def target_choices():
    """The judicial offices and the bureau's institutions (公证处, 法律援助中心 ...): the units a
    check can name without another app's page (law firms come from the lawyers app's pages)."""
    return Section.objects.filter(kind__in=[Section.Kind.JUDICIAL_OFFICE, Section.Kind.INSTITUTION]).order_by(
        "kind", "order", "pk"
    )


def default_due_date(issued_on):
    """The due date the notice form proposes: the rule row's length in calendar days (rolled
    forward past a rest day); the inspectors may set another."""
    rule = DeadlineRule.objects.filter(code=RECTIFY_RULE, active=True).first()
    days = rule.length if rule else DEFAULT_RECTIFY_DAYS
    return calendar.add_calendar_days(issued_on, days)


# --- plans --------------------------------------------------------------------------------------


@transaction.atomic
def create_plan(actor, section, data):
    """Draw up a plan (待批准). `data`: year, kind, title, scope, starts_on, ends_on."""
    _require_work(actor, section)
    kind = data.get("kind")
    if kind not in PlanKind.values:
        raise TransitionError("请选择检查类别。")
    year = int(data.get("year") or 0)
    if not 2000 <= year <= 2100:
        raise TransitionError("请填写正确的年度。")
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        raise TransitionError("计划结束日期不能早于开始日期。")
    plan = Plan.objects.create(
        section=section,
        year=year,
        kind=kind,
        title=_text(data.get("title"), "计划名称", 120),
        scope=_text(data.get("scope"), "检查范围和内容"),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    record("inspections.plan_created", actor=actor, obj=plan, detail={"section": section.code, "kind": kind})
    return plan


@transaction.atomic
def approve_plan(plan_pk, actor):
    """The section chief approves a plan; checks can be recorded under it from then on."""
    plan = _lock_plan(plan_pk)
    if not is_chief_of(actor, plan.section):
        raise TransitionError(f"检查计划由{plan.section.name}负责人批准。")
    if plan.status != Plan.Status.DRAFT:
        raise TransitionError("该计划已经批准，无需重复批准。")
    plan.status = Plan.Status.APPROVED
    plan.approved_by = actor
    plan.approved_at = timezone.now()
    plan.save(update_fields=["status", "approved_by", "approved_at"])
    record("inspections.plan_approved", actor=actor, obj=plan)
    return plan


@transaction.atomic
def close_plan(plan_pk, actor):
    """Mark an approved plan 已完成 once none of its checks is still open."""
    plan = _lock_plan(plan_pk)
    _require_work(actor, plan.section)
    if plan.status != Plan.Status.APPROVED:
        raise TransitionError("只有已批准、实施中的计划可以标记完成。")
    if plan.checks.exclude(status=Check.Status.CLOSED).exists():
        raise TransitionError("该计划还有未办结的检查（含整改未销号的），不能标记完成。")
    plan.status = Plan.Status.CLOSED
    plan.save(update_fields=["status"])
    record("inspections.plan_closed", actor=actor, obj=plan)
    return plan


# --- checks and findings --------------------------------------------------------------------------


def _inspectors(section, inspectors, mode):
    people = list({u.pk: u for u in inspectors}.values())
    for user in people:
        if not may_see_section(user, section) or not user.is_active:
            raise TransitionError(f"检查人员“{user}”不是{section.name}的工作人员或其分管领导、局长。")
    if mode == Mode.ONSITE and len(people) < 2:
        raise TransitionError("现场检查应当由两名以上检查人员进行。")
    if not people:
        raise TransitionError("请选择检查人员。")
    return people


@transaction.atomic
def record_check(actor, plan_pk, data):
    """Record a check under an approved plan. `data`: target (a model instance, optional),
    unit (free-text name when no target), mode, checked_on, inspectors (users), lead (one of
    them; default the actor if an inspector), summary."""
    plan = _lock_plan(plan_pk)
    _require_work(actor, plan.section)
    if plan.status != Plan.Status.APPROVED:
        raise TransitionError("检查计划尚未批准或已完成，不能在其下登记检查。")
    mode = data.get("mode")
    if mode not in Mode.values:
        raise TransitionError("请选择检查方式。")
    checked_on = data.get("checked_on")
    if not isinstance(checked_on, date):
        raise TransitionError("请填写检查日期。")
    if checked_on > timezone.localdate():
        raise TransitionError("检查日期不能晚于今天。")
    target = data.get("target")
    if target is not None:
        target_type, target_id, label = ContentType.objects.get_for_model(target), target.pk, str(target)[:120]
    else:
        target_type, target_id, label = None, None, _text(data.get("unit"), "被检查单位名称", 120)
    people = _inspectors(plan.section, data.get("inspectors") or [], mode)
    lead = data.get("lead") or (actor if actor in people else people[0])
    if lead not in people:
        raise TransitionError("主办检查人应当是检查人员之一。")
    check = Check.objects.create(
        plan=plan,
        target_type=target_type,
        target_id=target_id,
        target_label=label,
        mode=mode,
        checked_on=checked_on,
        lead=lead,
        summary=(data.get("summary") or "").strip(),
        created_by=actor,
    )
    check.inspectors.set(people)
    record("inspections.check_recorded", actor=actor, obj=check, detail={"plan": plan.pk, "mode": mode})
    return check


@transaction.atomic
def add_finding(actor, check_pk, data):
    """Add a finding (problem, severity, rectification requirement) while the check is open."""
    check = _lock_check(check_pk)
    _require_work(actor, check.plan.section)
    if check.status != Check.Status.OPEN:
        raise TransitionError("整改通知书已发出或检查已办结，不能再增加问题。")
    severity = data.get("severity") or Severity.MINOR
    if severity not in Severity.values:
        raise TransitionError("请选择问题性质。")
    number = (check.findings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    finding = Finding.objects.create(
        check_record=check,
        number=number,
        text=_text(data.get("text"), "发现的问题"),
        severity=severity,
        requirement=_text(data.get("requirement"), "整改要求"),
        recorded_by=actor,
    )
    record("inspections.finding_added", actor=actor, obj=check, detail={"finding": finding.number})
    return finding


@transaction.atomic
def remove_finding(actor, check_pk, finding_pk):
    """Take a finding off while the check is open (a mistake); the others keep their numbers."""
    check = _lock_check(check_pk)
    _require_work(actor, check.plan.section)
    if check.status != Check.Status.OPEN:
        raise TransitionError("整改通知书已发出或检查已办结，不能再删除问题。")
    finding = check.findings.filter(pk=finding_pk).first()
    if finding is None:
        raise TransitionError("该问题已删除。")
    finding.delete()
    record("inspections.finding_removed", actor=actor, obj=check, detail={"finding": finding.number})


@transaction.atomic
def close_without_notice(actor, check_pk, conclusion):
    """No problem needing rectification: the check is closed (办结) without a notice."""
    check = _lock_check(check_pk)
    _require_work(actor, check.plan.section)
    if check.status != Check.Status.OPEN:
        raise TransitionError("该检查已发出整改通知或已办结。")
    if check.findings.exists():
        raise TransitionError("检查发现了问题，应当发出整改通知书；确属误记的，请先删除该问题。")
    check.status = Check.Status.CLOSED
    check.conclusion = _text(conclusion, "办结说明", 200)
    check.save(update_fields=["status", "conclusion"])
    record("inspections.check_closed", actor=actor, obj=check)
    return check


def _next_number(section, year):
    """整改通知书编号 per section and year, e.g. 社区矫正工作科整改〔2026〕3号 (the section row is
    locked meanwhile, so two notices issued at once never get the same number)."""
    Section.objects.select_for_update().filter(pk=section.pk).first()
    prefix = f"{section.name}整改〔{year}〕"
    taken = Rectification.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    seq = max((int(n[len(prefix) : -1]) for n in taken if n[len(prefix) : -1].isdigit()), default=0) + 1
    return f"{prefix}{seq}号"


@transaction.atomic
def issue_notice(actor, check_pk, due_date, issued_on=None):
    """Issue the 整改通知书: the check's findings are its itemised requirements."""
    check = _lock_check(check_pk)
    _require_work(actor, check.plan.section)
    if check.status != Check.Status.OPEN:
        raise TransitionError("该检查的整改通知书已经发出（或检查已办结），不能重复发出。")
    if not check.findings.exists():
        raise TransitionError("没有记录发现的问题，不能发出整改通知书；未发现问题的，请直接办结。")
    issued_on = issued_on or timezone.localdate()
    if not isinstance(due_date, date) or due_date <= issued_on:
        raise TransitionError("整改期限应当晚于通知日期。")
    rect = Rectification.objects.create(
        check_record=check,
        number=_next_number(check.plan.section, issued_on.year),
        issued_on=issued_on,
        due_date=due_date,
        first_due_date=due_date,
    )
    RectificationEvent.objects.create(
        rectification=rect, kind=RectificationEvent.Kind.ISSUED, actor=actor, on=issued_on, due_date=due_date
    )
    check.status = Check.Status.NOTICE
    check.save(update_fields=["status"])
    record("inspections.notice_issued", actor=actor, obj=rect, detail={"check": check.pk, "due": due_date.isoformat()})
    return rect


# --- rectification --------------------------------------------------------------------------------


@transaction.atomic
def receive_report(actor, rect_pk, received_on, summary):
    """The unit's 整改报告 has arrived: the rectification waits for verification."""
    rect = _lock_rectification(rect_pk)
    _require_work(actor, rect.check_record.plan.section)
    if rect.status != Rectification.Status.ISSUED:
        raise TransitionError("整改报告已经登记（或整改已销号），不能重复登记。")
    if not isinstance(received_on, date) or received_on > timezone.localdate():
        raise TransitionError("请填写收到整改报告的日期（不晚于今天）。")
    if received_on < rect.issued_on:
        raise TransitionError("收到整改报告的日期不能早于通知日期。")
    rect.status = Rectification.Status.REPORTED
    rect.report_received_on = received_on
    rect.report_summary = _text(summary, "整改报告摘要")
    rect.save(update_fields=["status", "report_received_on", "report_summary"])
    RectificationEvent.objects.create(
        rectification=rect,
        kind=RectificationEvent.Kind.REPORTED,
        actor=actor,
        on=received_on,
        note=rect.report_summary,
        due_date=rect.due_date,
    )
    record("inspections.report_received", actor=actor, obj=rect)
    return rect


@transaction.atomic
def verify_and_close(actor, rect_pk, verified_on, opinion):
    """Follow-up verification passed: the rectification is closed (销号), and the check with it."""
    rect = _lock_rectification(rect_pk)
    check = rect.check_record
    _require_work(actor, check.plan.section)
    if rect.status == Rectification.Status.CLOSED:
        raise TransitionError("整改已经销号。")
    if rect.status != Rectification.Status.REPORTED:
        raise TransitionError("尚未收到整改报告，不能核查销号。")
    if not isinstance(verified_on, date) or verified_on > timezone.localdate():
        raise TransitionError("请填写核查日期（不晚于今天）。")
    if verified_on < rect.report_received_on:
        raise TransitionError("核查日期不能早于收到整改报告的日期。")
    rect.status = Rectification.Status.CLOSED
    rect.verified_on = verified_on
    rect.verification = _text(opinion, "核查意见")
    rect.closed_by = actor
    rect.save(update_fields=["status", "verified_on", "verification", "closed_by"])
    RectificationEvent.objects.create(
        rectification=rect, kind=RectificationEvent.Kind.CLOSED, actor=actor, on=verified_on, note=rect.verification
    )
    Check.objects.select_for_update().filter(pk=check.pk).first()
    check.status = Check.Status.CLOSED
    check.conclusion = "整改核查通过，已销号"
    check.save(update_fields=["status", "conclusion"])
    record("inspections.rectification_closed", actor=actor, obj=rect)
    return rect


@transaction.atomic
def renotice(actor, rect_pk, new_due, reason):
    """The rectification is not done (verification failed, or no report by the due date): a new
    notice with a new due date (通知次数 + 1); the unit reports again."""
    rect = _lock_rectification(rect_pk)
    _require_work(actor, rect.check_record.plan.section)
    if rect.status == Rectification.Status.CLOSED:
        raise TransitionError("整改已经销号，不能重新通知。")
    today = timezone.localdate()
    if not isinstance(new_due, date) or new_due <= today:
        raise TransitionError("新的整改期限应当晚于今天。")
    if rect.status == Rectification.Status.ISSUED and rect.due_date >= today:
        raise TransitionError("整改期限尚未届满；需要更多时间的，请办理延期。")
    rect.status = Rectification.Status.ISSUED
    rect.round += 1
    rect.due_date = new_due
    rect.save(update_fields=["status", "round", "due_date"])
    RectificationEvent.objects.create(
        rectification=rect,
        kind=RectificationEvent.Kind.RENOTICED,
        actor=actor,
        on=today,
        due_date=new_due,
        note=_text(reason, "重新通知的理由"),
    )
    record("inspections.renoticed", actor=actor, obj=rect, detail={"due": new_due.isoformat(), "round": rect.round})
    return rect


@transaction.atomic
def extend_due(actor, rect_pk, new_due, reason):
    """The section chief extends the due date on the unit's request (before the report)."""
    rect = _lock_rectification(rect_pk)
    section = rect.check_record.plan.section
    if not is_chief_of(actor, section):
        raise TransitionError(f"延长整改期限由{section.name}负责人批准。")
    if rect.status != Rectification.Status.ISSUED:
        raise TransitionError("只有整改中（尚未报告）的整改通知可以延期。")
    if not isinstance(new_due, date) or new_due <= rect.due_date:
        raise TransitionError(f"延长后的期限应当晚于现在的整改期限（{rect.due_date:%Y-%m-%d}）。")
    rect.due_date = new_due
    rect.extensions += 1
    rect.save(update_fields=["due_date", "extensions"])
    RectificationEvent.objects.create(
        rectification=rect,
        kind=RectificationEvent.Kind.EXTENDED,
        actor=actor,
        on=timezone.localdate(),
        due_date=new_due,
        note=_text(reason, "延期理由"),
    )
    record("inspections.due_extended", actor=actor, obj=rect, detail={"due": new_due.isoformat()})
    return rect


def section_chiefs(section_ids):
    """{section id: [active chiefs]} (who is told of an overdue rectification)."""
    chiefs = {}
    for user in (
        get_user_model()
        .objects.filter(section_id__in=section_ids, rank=Rank.CHIEF, is_active=True, admin_role="")
        .order_by("id")
    ):
        chiefs.setdefault(user.section_id, []).append(user)
    return chiefs
