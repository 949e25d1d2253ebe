"""The app's sweep passes (found by apps/workflow/apps.py, autodiscover_modules("sweeps")).

- plan tasks (组织实施): the follow-up owner is reminded 3 working days before a department's
  task is due and told once when it is overdue (with a 催办 record on the plan); the section
  chief once 2 working days after that;
- 谁执法谁普法: the assessment's handler is reminded 3 working days before the reports are due
  while some are missing, and told once after the date which units have not reported;
- the 法治政府建设 annual report: until last year's report case exists, the section's chief and
  staff are reminded at the rule's leads before the due date and once when it has passed (once
  the case exists, its own clock reminds and escalates).
Every notice has a unique key, written through Sweep.write: each notice exactly once.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.urls import reverse

from apps.accounts.models import Rank
from apps.workflow import calendar, deadlines
from apps.workflow.models import DeadlineRule, Notification
from apps.workflow.sweep import Notice, Stage, nearest_lead, register_pass

from .models import SECTION, AnnualReport, Assessment, PlanTask
from .services import REPORT_RULE

TASK_REMIND_BEFORE = 3
TASK_ESCALATE_AFTER = 2
REPORTS_REMIND_BEFORE = 3
Kind = Notification.Kind


def _d(day):
    return f"{day:%Y-%m-%d}"


def chase_plan_tasks(sweep):
    today = sweep.today
    horizon = calendar.add_working_days(today, TASK_REMIND_BEFORE)
    rows = (
        PlanTask.objects.filter(done_on__isnull=True, due_on__lte=horizon, plan__case__status__in=["active"])
        .select_related("plan__case", "unit", "owner")
        .order_by("due_on", "pk")
    )
    stages = []
    for t in rows:
        case, owner = t.plan.case, t.owner
        what = f"《{t.plan.title}》{t.unit.name}任务“{t.content[:20]}”"
        if today <= t.due_on:
            if nearest_lead(today, t.due_on, [TASK_REMIND_BEFORE]) is None:
                continue
            left = (
                "今天到期" if today == t.due_on else f"还剩 {calendar.working_days_between(today, t.due_on)} 个工作日"
            )
            stages.append(
                Stage(
                    case=case,
                    notices=[
                        Notice(
                            owner,
                            Kind.REMIND,
                            f"rol-task:{t.pk}:remind:{_d(t.due_on)}:{owner.pk}",
                            f"{what}须于 {_d(t.due_on)} 前完成（{left}），请跟踪落实。",
                        )
                    ],
                )
            )
            continue
        stages.append(
            Stage(
                case=case,
                notices=[
                    Notice(
                        owner,
                        Kind.OVERDUE,
                        f"rol-task:{t.pk}:overdue:{_d(t.due_on)}:{owner.pk}",
                        f"{what}已超过完成期限 {_d(t.due_on)}，请督促{t.unit.name}落实并登记。",
                    )
                ],
                urge_step="组织实施",
                urge_text=f"{t.unit.name}任务逾期未完成（期限 {_d(t.due_on)}），已提醒跟踪责任人。",
            )
        )
        if today >= calendar.add_working_days(t.due_on, TASK_ESCALATE_AFTER):
            chief = next(iter(sweep.chain(case.section_id, exclude={owner.pk})), None)
            if chief is not None:
                stages.append(
                    Stage(
                        case=case,
                        notices=[
                            Notice(
                                chief,
                                Kind.ESCALATE,
                                f"rol-task:{t.pk}:escalate:{_d(t.due_on)}:{chief.pk}",
                                f"超期督办：{what}已超过完成期限 {_d(t.due_on)}（跟踪责任人{owner.full_name}）。",
                            )
                        ],
                        urge_step="组织实施",
                        urge_text=f"{t.unit.name}任务超期，已报{chief.full_name}督办。",
                    )
                )
    sweep.write(stages)


def chase_duty_reports(sweep):
    today = sweep.today
    rows = (
        Assessment.objects.filter(case__status="active", case__current_step="collect")
        .filter(reports_due__lte=calendar.add_working_days(today, REPORTS_REMIND_BEFORE))
        .annotate(n_units=Count("units", distinct=True), n_reports=Count("reports", distinct=True))
        .select_related("case__initiator")
    )
    stages = []
    for a in rows:
        missing = a.n_units - a.n_reports
        if missing <= 0:
            continue
        handler = a.case.initiator
        if today <= a.reports_due:
            if nearest_lead(today, a.reports_due, [REPORTS_REMIND_BEFORE]) is None:
                continue
            notice = Notice(
                handler,
                Kind.REMIND,
                f"rol-duty:{a.pk}:remind:{_d(a.reports_due)}:{handler.pk}",
                f"{a.year}年度普法责任制年度报告 {_d(a.reports_due)} 截止，尚有 {missing} 家单位未报送，请提醒。",
            )
            stages.append(Stage(case=a.case, notices=[notice]))
            continue
        names = "、".join(
            a.units.exclude(pk__in=a.reports.values("unit_id")).order_by("order", "name").values_list("name", flat=True)
        )
        notice = Notice(
            handler,
            Kind.OVERDUE,
            f"rol-duty:{a.pk}:overdue:{_d(a.reports_due)}:{handler.pk}",
            f"{a.year}年度普法责任制年度报告已于 {_d(a.reports_due)} 截止，未报送：{names}。"[:300],
        )
        stages.append(
            Stage(case=a.case, notices=[notice], urge_step="收集年度报告", urge_text=f"逾期未报送：{names}"[:500])
        )
    sweep.write(stages)


def report_due(rule, year):
    """The due date of `year`'s report: the rule's period from 31 December (rolls_forward off:
    “每年第一季度” ends on 31 March whatever day of the week it is)."""
    return deadlines.end_of_period(rule, date(year, 12, 31), rule.length)[1]


def remind_annual_report(sweep):
    today = sweep.today
    year = today.year - 1
    rule = DeadlineRule.objects.filter(code=REPORT_RULE, active=True).first()
    if rule is None or AnnualReport.objects.filter(year=year).exists():
        return
    due = report_due(rule, year)
    if today > calendar.add_working_days(due, 10):
        return  # long past: the report is the overview's business now, not a daily notice
    people = list(
        get_user_model()
        .objects.filter(is_active=True, admin_role="", section__code=SECTION)
        .filter(Q(rank=Rank.CHIEF) | Q(rank=Rank.STAFF))
        .order_by("id")
    )
    if today > due:
        stage, kind = "overdue", Kind.OVERDUE
        text = f"{year}年度法治政府建设情况报告应于 {_d(due)} 前报送，尚未在平台登记编制（{rule.basis[:40]}）。"
    else:
        lead = nearest_lead(today, due, rule.remind_leads)
        if lead is None:
            return
        stage, kind = f"remind{lead}", Kind.REMIND
        left = "今天到期" if today == due else f"还剩 {calendar.working_days_between(today, due)} 个工作日"
        text = f"{year}年度法治政府建设情况报告须于 {_d(due)} 前报送（{left}），请登记编制。"
    rows = [
        Notification(
            user=u,
            kind=kind,
            key=f"rol-annual-report:{year}:{stage}:{u.pk}",
            message=text[:300],
            url=reverse("rule_of_law:reports"),
            created_at=sweep.now,
            sweep_run=sweep.run,
            email_wanted=bool(u.notify_by_email and u.email),
        )
        for u in people
    ]
    keys = [n.key for n in rows]
    known = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    Notification.objects.bulk_create([n for n in rows if n.key not in known], ignore_conflicts=True)
    sweep.created += Notification.objects.filter(sweep_run=sweep.run, key__in=keys).count()


register_pass(chase_plan_tasks)
register_pass(chase_duty_reports)
register_pass(remind_annual_report)
