"""The sweep pass of 规范性文件 work (found by apps/workflow/apps.py, autodiscover_modules("sweeps")).

The review and filing clocks are the engine's own (case clocks). What is not a case is the
yearly catalogue (山东省各级人民代表大会常务委员会规范性文件备案审查规定 §7 ¶3): by 31 January
every reporting body reports the list of the normative files it made the year before. Until
that year's report is recorded (YearlyList), the 行政执法监督科's chief and staff are reminded at
the rule's leads before the due date and told once when it has passed; each notice has a
unique key (year, stage, person), so each is written once whatever the number of sweeps.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.workflow import calendar
from apps.workflow.models import DeadlineRule, Notification
from apps.workflow.sweep import nearest_lead, register_pass

from .models import YearlyList
from .processes import SECTION_CODE
from .services import YEARLY_LIST_RULE, files_of_year, yearly_list_due

# After this many working days past the due date the daily pass stops looking at the year.
GIVE_UP_AFTER = 10


def remind_yearly_list(sweep):
    today = sweep.today
    year = today.year - 1
    rule = DeadlineRule.objects.filter(code=YEARLY_LIST_RULE, active=True).first()
    if rule is None or YearlyList.objects.filter(year=year).exists():
        return
    due = yearly_list_due(rule, year)
    if today > calendar.add_working_days(due, GIVE_UP_AFTER):
        return
    if today > due:
        stage, kind = "overdue", Notification.Kind.OVERDUE
        text = f"{year}年度规范性文件目录应于 {due:%Y-%m-%d} 前报区人大常委会备查，尚未登记报送（{rule.basis[:60]}）。"
    else:
        lead = nearest_lead(today, due, rule.remind_leads)
        if lead is None:
            return
        stage, kind = f"remind{lead}", Notification.Kind.REMIND
        left = "今天到期" if today == due else f"还剩 {calendar.working_days_between(today, due)} 个工作日"
        text = (
            f"{year}年度规范性文件目录（{files_of_year(year).count()} 件）须于 {due:%Y-%m-%d} 前"
            f"报区人大常委会备查（{left}），报送后请在备案登记簿登记。"
        )
    people = (
        get_user_model()
        .objects.filter(is_active=True, admin_role="", section__code=SECTION_CODE, rank__in=["chief", "staff"])
        .order_by("id")
    )
    rows = [
        Notification(
            user=u,
            kind=kind,
            key=f"normative-yearly-list:{year}:{stage}:{u.pk}",
            message=text[:300],
            url=reverse("normative_files:filings"),
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


register_pass(remind_yearly_list)
