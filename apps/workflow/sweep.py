"""The periodic deadline sweep: derive what is due from the database, notify once.

Run by Celery beat every DEADLINE_SWEEP_MINUTES and by `manage.py sweep_deadlines`. It reads
only rows that can be due, through indexed filters: running clocks by (status, due_date) and
pending tasks by (status, due_date), up to the farthest reminder horizon, and their cases by
primary key; never every open case. A due row whose notices all exist already (the usual case
after the first sweep) is set aside after one key lookup, before any visibility check, so the
time of a sweep follows the due rows and what is new among them (issue 19).

For each clock (rule.remind_before, rule.escalate_after) and each pending non-read task (a
reminder 1 working day before, escalation TASK_ESCALATE_AFTER working days after):
  - 到期提醒 to the handlers before the due date (the nearest reminder lead reached);
  - 已超期 to the handlers once the due date has passed;
  - 超期督办 to the handler's section chief, then the division leader (then the director),
    each only if they may see the case (a 限定知悉范围 case is not named to anyone outside it);
  - a 催办 CaseEvent by the system account with the overdue notice and each escalation.

Idempotent by construction: every notice has a unique key such as
`remind:clock:{id}:{lead}:{due}:{user}`; notices and their 催办 records are written in one
transaction, and a notice that already exists (an earlier sweep, or a sweep racing this one on
another worker) is skipped by the unique constraint, so its 催办 record is never written twice.
A due date that moves (extension, pause) gives new keys: the new date is reminded again.

E-mail goes out after commit (deliver_emails): only to users who asked for it and have an
address; emailed_at commits only after the hand-over, so a worker killed in between leaves the
notice to the next sweep instead of losing it.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import IntegerField, Value
from django.db.models.query import EmptyQuerySet
from django.utils import timezone

from apps.accounts.models import Rank

from . import calendar, deadlines
from .models import Case, CaseClock, CaseEvent, DeadlineRule, Notification, Sensitivity, SweepRun, Task
from .plausible import date_floor, plausible_start

logger = logging.getLogger(__name__)

SYSTEM_USERNAME = "system"
# Pending steps (审批/办理 tasks) have no DeadlineRule: remind one working day before, escalate
# to the holder's chief two working days after the due date and to the division leader after four.
TASK_REMIND_BEFORE = [1]
TASK_ESCALATE_AFTER = [2, 4]
CHUNK = 500
BATCH = 500
Kind = Notification.Kind


def _batches(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def system_user():
    """The inactive account the sweep acts as (created by migration workflow 0004)."""
    user, _ = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"full_name": "系统（期限巡检）", "is_active": False, "password": "!system-account-no-login"},
    )
    if user.is_active or user.has_usable_password() or user.admin_role or user.section_id:
        # The name is reserved by the migration; a person's account must never act as the system.
        raise RuntimeError(f"用户名“{SYSTEM_USERNAME}”被占用，期限巡检无法使用系统账号，请安全管理员处理。")
    return user


@dataclass
class Notice:
    user: object
    kind: str
    key: str
    message: str


@dataclass
class Stage:
    """Notices that belong together, with the 催办 record written alongside them (if any)."""

    case: Case
    notices: list
    clock: CaseClock | None = None
    task: Task | None = None
    urge_step: str = ""
    urge_text: str = ""


def clock_horizon(today):
    """The last due date a clock can have and still need something today: the farthest reminder
    lead or early escalation of any rule, in working days from today."""
    rules = DeadlineRule.objects.values_list("remind_before", "escalate_after")
    ahead = [0]
    for remind, escalate in rules:
        probe = DeadlineRule(remind_before=remind, escalate_after=escalate)
        ahead += [max(probe.remind_leads, default=0), -min(probe.escalation_days, default=0)]
    return calendar.add_working_days(today, max(ahead))


def _d(day):
    return f"{day:%Y-%m-%d}"


def nearest_lead(today, due, leads):
    """The smallest reminder lead (working days before `due`) already reached today, or None."""
    if today > due:
        return None
    reached = [lead for lead in leads if today >= calendar.add_working_days(due, -lead)]
    return min(reached) if reached else None


def _left(today, due):
    if due == today:
        return "今天到期"
    return f"还剩 {calendar.working_days_between(today, due)} 个工作日"


class Sweep:
    def __init__(self, today, now, run):
        self.today = today
        self.now = now
        self.run = run
        self.actor = system_user()
        self.created = 0
        self.people = {}  # users met in this sweep, by id
        self.shifted = {}  # (day, n) -> calendar.add_working_days(day, n), memoised for this sweep
        self.parsed_rules = {}  # rule id -> (remind_leads, escalation_days)
        self.warned = set()  # clocks with an implausible start already logged in this sweep
        User = get_user_model()
        chiefs = {}
        # With their sections: visibility (visible_to) looks at each person's section.
        staff = User.objects.select_related("section")
        for user in staff.filter(is_active=True, rank=Rank.CHIEF, admin_role="").order_by("id"):
            chiefs.setdefault(user.section_id, user)  # as resolve_role("section_chief") picks
        from apps.org.models import Section

        leader_of = dict(Section.objects.values_list("pk", "division_leader_id"))
        leaders = staff.in_bulk([pk for pk in leader_of.values() if pk])
        director = staff.filter(is_active=True, rank=Rank.DIRECTOR).order_by("id").first()
        self.chains = {}
        for section_id, leader_id in leader_of.items():
            leader = leaders.get(leader_id)
            chain = [chiefs.get(section_id), leader if leader and leader.is_active else None, director]
            self.chains[section_id] = [u for u in chain if u is not None]
        self.director = director

    # --- the calendar ------------------------------------------------------------------------

    def shift(self, day, n):
        """calendar.add_working_days(day, n), once per sweep for each date and count: many clocks
        share a due date, and each reminder and escalation test would walk the calendar again."""
        key = (day, n)
        if key not in self.shifted:
            self.shifted[key] = calendar.add_working_days(day, n)
        return self.shifted[key]

    def lead(self, due, leads):
        """nearest_lead(self.today, due, leads) through the memoised calendar."""
        if self.today > due:
            return None
        reached = [lead for lead in leads if self.today >= self.shift(due, -lead)]
        return min(reached) if reached else None

    # --- people ----------------------------------------------------------------------------

    def chain(self, section_id, exclude):
        """Chief, division leader, director of a section, without the handlers themselves."""
        people = self.chains.get(section_id, [self.director] if self.director else [])
        seen, result = set(exclude), []
        for user in people:
            if user.pk not in seen:
                seen.add(user.pk)
                result.append(user)
        return result

    def handlers_of(self, case_ids):
        """{case_id: [users holding a pending non-read task]} for a chunk of cases, in one query.

        Only ids are read (no Task or User instances per row); the few distinct people are loaded
        once per sweep (self.people)."""
        result = defaultdict(list)
        rows = (
            Task.objects.filter(case_id__in=case_ids, status=Task.Status.PENDING, assignee__is_active=True)
            .exclude(kind=Task.Kind.READ)
            .order_by("assignee_id")
            .values_list("case_id", "assignee_id")
        )
        rows = list(rows)
        self.load_people({user_id for _, user_id in rows})
        for case_id, user_id in rows:
            holders = result[case_id]
            if all(u.pk != user_id for u in holders):
                holders.append(self.people[user_id])
        return result

    def load_people(self, user_ids):
        """Fetch the users not met yet in this sweep (one query; a sweep meets a few hundred people)."""
        missing = [pk for pk in user_ids if pk not in self.people]
        if missing:
            self.people.update(get_user_model().objects.in_bulk(missing))

    @staticmethod
    def visible_pairs(pairs):
        """{(case_id, user_id)} among `pairs` where the user may see the case.

        One query for everyone: each person's Case.objects.visible_to (the only visibility rule)
        restricted to their cases, the people's answers joined with UNION ALL (issue 19: a query
        per person made most of an idle sweep's round trips)."""
        by_user = defaultdict(set)
        users = {}
        for case_id, user in pairs:
            by_user[user.pk].add(case_id)
            users[user.pk] = user
        parts = []
        for user_id, case_ids in sorted(by_user.items()):
            seen = Case.objects.visible_to(users[user_id])
            if isinstance(seen, EmptyQuerySet):
                continue  # inactive or an administrator: sees nothing
            parts.append(
                seen.filter(pk__in=sorted(case_ids))
                .annotate(viewer=Value(user_id, output_field=IntegerField()))
                .order_by()
                .values_list("pk", "viewer")
            )
        if not parts:
            return set()
        query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        return set(query)

    # --- stages ----------------------------------------------------------------------------

    def clock_stages(self, clock, handlers, escalate_to):
        rule, case, due, today = clock.rule, clock.case, clock.due_date, self.today
        title, label = case.title, rule.name
        shown_due = _d(due) + ("（暂定）" if clock.provisional else "")
        if not plausible_start(clock.started_on, today):
            # A mistyped year (0001, 1900, 2206) would otherwise send overdue notices and 督办 up
            # the chain about a date nobody meant: ask the handler to correct it, once, instead.
            start = clock.started_on.isoformat()
            if clock.pk not in self.warned:  # stages are worked out twice for a row with news
                self.warned.add(clock.pk)
                logger.warning("期限起算日不可信，未催办：事项 %s 期限 %s 起算日 %s", case.pk, rule.code, start)
            text = (
                f"“{title}”的“{label}”起算日登记为 {start}，不是可信的日期"
                f"（早于 {date_floor().isoformat()} 或晚于今天一年以上），系统未提醒、未督办；请核对并更正登记的日期。"
            )
            key = f"implausible:clock:{clock.pk}:{start}"
            return [Stage(case, [Notice(u, Kind.INFO, f"{key}:{u.pk}", text[:300]) for u in handlers], clock=clock)]
        stages = []
        if rule.mode == DeadlineRule.Mode.MINIMUM:
            if today >= due:
                text = f"“{title}”的“{label}”已于 {shown_due} 届满，可以进行下一步。"
                stages.append(
                    Stage(
                        case,
                        [Notice(u, Kind.INFO, f"elapsed:clock:{clock.pk}:{_d(due)}:{u.pk}", text) for u in handlers],
                        clock=clock,
                    )
                )
            return stages
        remind_leads, escalation_days = self.rule_days(rule)
        lead = self.lead(due, remind_leads)
        if lead is not None:
            text = f"“{title}”的“{label}”将于 {shown_due} 到期（{_left(today, due)}）。"
            stages.append(
                Stage(
                    case,
                    [
                        Notice(u, Kind.REMIND, f"remind:clock:{clock.pk}:{lead}:{_d(due)}:{u.pk}", text)
                        for u in handlers
                    ],
                    clock=clock,
                )
            )
        if today > due:
            text = f"“{title}”的“{label}”已超过期限（{shown_due}）。" + (
                f"期满后果：{rule.on_expiry}" if rule.on_expiry else ""
            )
            stages.append(
                Stage(
                    case,
                    [
                        Notice(u, Kind.OVERDUE, f"overdue:clock:{clock.pk}:{_d(due)}:{u.pk}", text[:300])
                        for u in handlers
                    ],
                    clock=clock,
                    urge_step=label,
                    urge_text=f"期限已届满（{shown_due}），系统提醒承办人。",
                )
            )
        names = "、".join(u.full_name for u in handlers) or "（无承办人）"
        for level, days in enumerate(escalation_days, start=1):
            if level > len(escalate_to) or today < self.shift(due, days):
                continue
            boss = escalate_to[level - 1]
            when = "已于" if today > due else "将于"
            text = f"督办：“{title}”的“{label}”{when} {shown_due} 到期，承办人 {names}，请督促办理。"
            stages.append(
                Stage(
                    case,
                    [Notice(boss, Kind.ESCALATE, f"escalate:clock:{clock.pk}:{level}:{_d(due)}:{boss.pk}", text[:300])],
                    clock=clock,
                    urge_step=label,
                    urge_text=f"期限{when} {shown_due} 到期，已提请{boss.full_name}督办。",
                )
            )
        return stages

    def task_stages(self, task, escalate_to):
        case, due, today, holder = task.case, task.due_date, self.today, task.assignee
        stages = []
        lead = self.lead(due, TASK_REMIND_BEFORE)
        if lead is not None:
            text = f"“{case.title}”的“{task.step_label}”将于 {_d(due)} 到期（{_left(today, due)}）。"
            stages.append(
                Stage(case, [Notice(holder, Kind.REMIND, f"remind:task:{task.pk}:{lead}:{_d(due)}", text)], task=task)
            )
        if today > due:
            # The key keeps the first sweep's format, so notices already sent are not sent again.
            text = f"“{case.title}”的“{task.step_label}”已超过期限（{_d(due)}）。"
            stages.append(
                Stage(
                    case,
                    [Notice(holder, Kind.OVERDUE, f"overdue:{task.pk}", text)],
                    task=task,
                    urge_step=task.step_label,
                    urge_text=f"已超过期限（{_d(due)}），系统提醒{holder.full_name}。",
                )
            )
        for level, days in enumerate(TASK_ESCALATE_AFTER, start=1):
            if level > len(escalate_to) or today < self.shift(due, days):
                continue
            boss = escalate_to[level - 1]
            text = f"督办：{holder.full_name}办理的“{case.title}”（{task.step_label}）已超过期限（{_d(due)}），请督促办理。"
            stages.append(
                Stage(
                    case,
                    [Notice(boss, Kind.ESCALATE, f"escalate:task:{task.pk}:{level}:{_d(due)}:{boss.pk}", text[:300])],
                    task=task,
                    urge_step=task.step_label,
                    urge_text=f"已超过期限（{_d(due)}），已提请{boss.full_name}督办。",
                )
            )
        return stages

    def write(self, stages):
        """Create what is new and the 催办 records that go with it, in one transaction per chunk.

        Keys already known are skipped with one query per batch. The rest are inserted with
        INSERT ... ON CONFLICT DO NOTHING in key order: a key a racing sweep has just inserted
        waits for that sweep's commit and is then skipped, and a common order means the two
        can never deadlock. The rows that carry this run's id are the ones this run created;
        only their stages get a 催办 record."""
        by_key = {notice.key: (stage, notice) for stage in stages for notice in stage.notices}
        known = self.known_keys(by_key)
        fresh = [key for key in sorted(by_key) if key not in known]
        if not fresh:
            return
        urls = {}  # one reverse() per case, not per notice
        with transaction.atomic():
            rows = []
            for key in fresh:
                stage, notice = by_key[key]
                if stage.case.pk not in urls:
                    urls[stage.case.pk] = stage.case.get_absolute_url()
                rows.append(
                    Notification(
                        user=notice.user,
                        case=stage.case,
                        task=stage.task,
                        clock=stage.clock,
                        kind=notice.kind,
                        key=key,
                        message=notice.message[:300],
                        url=urls[stage.case.pk],
                        created_at=self.now,
                        sweep_run=self.run,
                        email_wanted=bool(notice.user.notify_by_email and notice.user.email),
                    )
                )
            Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH)
            mine = set()
            for batch in _batches(fresh):
                mine.update(
                    Notification.objects.filter(sweep_run=self.run, key__in=batch).values_list("key", flat=True)
                )
            events = []
            for stage in stages:
                made = [notice for notice in stage.notices if notice.key in mine]
                if made and stage.urge_text:
                    events.append(
                        CaseEvent(
                            case=stage.case,
                            task=stage.task,
                            action=CaseEvent.Action.URGE,
                            actor=self.actor,
                            step_label=stage.urge_step[:60],
                            target_label="、".join(n.user.full_name for n in made)[:200],
                            opinion=stage.urge_text,
                            created_at=self.now,
                        )
                    )
            CaseEvent.objects.bulk_create(events, batch_size=BATCH)
        self.created += len(mine)

    # --- the two kinds of rows ----------------------------------------------------------------

    def follow_calendar(self, since):
        """If the holiday table changed since the last sweep, re-derive the clocks it touches
        first (read from the history tables, so a deleted 调休 day counts too)."""
        from apps.workcalendar import years
        from apps.workcalendar.models import CalendarYear, Holiday

        changed = {day.year for day in Holiday.history.filter(history_date__gte=since).values_list("date", flat=True)}
        changed |= set(CalendarYear.history.filter(history_date__gte=since).values_list("year", flat=True))
        if changed:
            years.invalidate()  # this worker may hold the old calendar for up to a minute
            deadlines.recompute_for_calendar(changed, self.actor, "节假日安排已更新")

    def escalating(self, due, days):
        return bool(days) and self.today >= self.shift(due, min(days))

    def rule_days(self, rule):
        """(remind_leads, escalation_days) of a rule, parsed once per sweep (they are text fields)."""
        if rule.pk not in self.parsed_rules:
            self.parsed_rules[rule.pk] = (rule.remind_leads, rule.escalation_days)
        return self.parsed_rules[rule.pk]

    def read_clocks(self):
        """The running clocks due by the horizon, each with its handlers and escalation chain as
        if everyone could see the case: [(clock, handlers, chain, fallback)]."""
        rules = DeadlineRule.objects.in_bulk()  # a few hundred rows, shared by every clock
        due = list(
            CaseClock.objects.filter(status=CaseClock.Status.RUNNING, due_date__lte=clock_horizon(self.today)).order_by(
                "due_date", "id"
            )
        )
        # The cases by primary key, not joined: with a join PostgreSQL hashes the whole case table
        # (a sequential scan of every case for a thousand due clocks), so the time grew with the
        # table instead of with the due rows (issue 19).
        cases = self.cases_by_id({clock.case_id for clock in due})
        due = [clock for clock in due if clock.case_id in cases and cases[clock.case_id].status in Case.OPEN_STATUSES]
        for clock in due:
            clock.case = cases[clock.case_id]
        entries = []
        for start in range(0, len(due), CHUNK):
            chunk = due[start : start + CHUNK]
            holders = self.handlers_of({c.case_id for c in chunk})
            for clock in chunk:
                clock.rule = rules.get(clock.rule_id) or DeadlineRule.objects.get(pk=clock.rule_id)
                handlers = holders.get(clock.case_id, [])
                chain = self.chain(clock.case.section_id, [u.pk for u in handlers])
                fallback = not handlers
                if fallback:  # nobody holds a step: the section chief answers for the clock
                    handlers, chain = chain[:1], chain[1:]
                entries.append((clock, handlers, chain, fallback))
        return entries

    def read_tasks(self):
        """The pending non-read steps due by tomorrow, each with its escalation chain: [(task, chain)]."""
        horizon = calendar.add_working_days(self.today, max(TASK_REMIND_BEFORE))
        due = list(
            Task.objects.filter(status=Task.Status.PENDING, due_date__lte=horizon)
            .exclude(kind=Task.Kind.READ)
            .order_by("due_date", "id")
        )
        cases = self.cases_by_id({task.case_id for task in due})  # by key, not joined (see read_clocks)
        self.load_people({task.assignee_id for task in due})
        for task in due:
            task.case, task.assignee = cases[task.case_id], self.people[task.assignee_id]
        return [(task, self.chain(task.assignee.section_id, [task.assignee_id])) for task in due]

    @staticmethod
    def cases_by_id(ids):
        """{pk: Case} for `ids`, looked up by primary key in batches."""
        cases = {}
        for batch in _batches(sorted(ids), 2000):
            cases.update(Case.objects.in_bulk(batch))
        return cases

    def known_keys(self, keys):
        """The keys among `keys` that already have a notice (one query per BATCH keys)."""
        known = set()
        for batch in _batches(sorted(keys)):
            known.update(Notification.objects.filter(key__in=batch).values_list("key", flat=True))
        return known

    def sweep_clocks_and_tasks(self):
        """Notices for the due clocks and steps.

        Most due rows were handled by an earlier sweep, so first their notices are worked out as
        if every chief and leader could see the case, and looked up by key in one pass: a row
        whose notices all exist is done, and costs no visibility check (building each person's
        visible_to was most of an idle sweep, issue 19). Only the rows left go the full way: who
        may see the case decides who is named, exactly as before, and Sweep.write inserts the
        notices and their 催办 records chunk by chunk. (Who is visible only ever removes people
        from the first guess, so a row whose guessed notices all exist has nothing new to send,
        unless someone already notified has since lost sight of the case.)"""
        clocks, tasks = self.read_clocks(), self.read_tasks()
        guessed = {}
        for clock, handlers, chain, _ in clocks:
            guessed[("clock", clock.pk)] = self.clock_stages(clock, handlers, chain)
        for task, chain in tasks:
            guessed[("task", task.pk)] = self.task_stages(task, chain)
        known = self.known_keys(n.key for stages in guessed.values() for stage in stages for n in stage.notices)

        def pending(kind, pk):
            return any(n.key not in known for stage in guessed[(kind, pk)] for n in stage.notices)

        clocks = [entry for entry in clocks if pending("clock", entry[0].pk)]
        tasks = [entry for entry in tasks if pending("task", entry[0].pk)]
        # Task holders see their cases; the chief answering for a clock nobody holds, and the
        # chiefs and leaders escalated to, are checked: one query for the whole sweep.
        check = []
        for clock, handlers, chain, fallback in clocks:
            if fallback:
                check += [(clock.case_id, u) for u in handlers]
            if self.escalating(clock.due_date, self.rule_days(clock.rule)[1]):
                check += [(clock.case_id, u) for u in chain]
        for task, chain in tasks:
            if self.escalating(task.due_date, TASK_ESCALATE_AFTER):
                check += [(task.case_id, u) for u in chain]
        visible = self.visible_pairs(check)
        for start in range(0, len(clocks), CHUNK):
            stages = []
            for clock, handlers, chain, fallback in clocks[start : start + CHUNK]:
                handlers = [u for u in handlers if not fallback or (clock.case_id, u.pk) in visible]
                chain = [u for u in chain if (clock.case_id, u.pk) in visible]
                stages += self.clock_stages(clock, handlers, chain)
            self.write(stages)
        for start in range(0, len(tasks), CHUNK):
            stages = []
            for task, chain in tasks[start : start + CHUNK]:
                bosses = [u for u in chain if (task.case_id, u.pk) in visible]
                stages += self.task_stages(task, bosses)
            self.write(stages)


# Section apps add their own passes from their sweeps.py (found by apps/workflow/apps.py; e.g.
# 督查督办 proposes a 通报 after two 催办): callables taking the Sweep, run after the clocks and
# steps; they write through Sweep.write, so their notices are idempotent by the same unique key.
EXTRA_PASSES = []


def register_pass(func):
    if func not in EXTRA_PASSES:
        EXTRA_PASSES.append(func)
    return func


def run_sweep(today=None, now=None):
    """One sweep over everything due on `today` (default: now). Returns the SweepRun."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    previous = SweepRun.objects.filter(finished_at__isnull=False).order_by("-started_at").first()
    run = SweepRun.objects.create()
    sweep = Sweep(today, now, run)
    if previous is not None:
        sweep.follow_calendar(previous.started_at)
    sweep.sweep_clocks_and_tasks()
    for extra in EXTRA_PASSES:
        extra(sweep)
    run.finished_at = timezone.now()
    run.notices_created = sweep.created
    run.save(update_fields=["finished_at", "notices_created"])
    transaction.on_commit(deliver_emails)
    return run


# --- e-mail ---------------------------------------------------------------------------------------


def _mail_body(notice):
    """(subject, body). The title of a 限定知悉范围 or 工作秘密 case stays inside the portal."""
    case = notice.case
    base = getattr(settings, "PORTAL_URL", "").rstrip("/")
    link = f"{base}{notice.url}" if base and notice.url else "请登录办公平台查看。"
    if case is not None and (case.is_confidential or case.sensitivity >= Sensitivity.WORK_SECRET):
        return "限定知悉范围或工作秘密事项", f"您有一条期限通知（事项标题不在邮件中显示）。\n\n{link}"
    return notice.message[:60], f"{notice.message}\n\n{link}"


def deliver_emails(limit=1000):
    """Send the e-mails that are wanted and not sent yet (this sweep's and earlier failures).

    The candidates and their people are read in one query, without locks. Each notice is then
    claimed in its own transaction by one UPDATE that locks it (SKIP LOCKED: two workers never
    take the same one) and sets emailed_at; the mail is handed over while that lock is held and
    the claim commits only after the backend accepted it. A failure rolls the claim back, and a
    worker killed before the commit leaves the notice to the next sweep: never lost, and at most
    the one mail in flight sent twice. One query per mail instead of two (issue 19)."""
    pending = list(
        Notification.objects.filter(email_wanted=True, emailed_at__isnull=True)
        .select_related("user", "case")
        .order_by("id")[:limit]
    )
    sent = 0
    for notice in pending:
        user = notice.user
        if not (user.is_active and user.notify_by_email and user.email):
            # switched off since: nothing to retry
            Notification.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(email_wanted=False)
            continue
        subject, body = _mail_body(notice)
        with transaction.atomic():
            if not claim_email(notice.pk):
                continue  # another worker has it, or sent it since we read the list
            try:
                send_mail(f"【办公平台】{notice.get_kind_display()}：{subject}", body, None, [user.email])
            except Exception:  # the mail server is down: keep it for the next sweep
                logger.exception("deadline notice %s: e-mail to user %s failed", notice.pk, user.pk)
                transaction.set_rollback(True)
                continue
        sent += 1
    return sent


def claim_email(pk):
    """Lock notice `pk` if it still waits for its e-mail, and mark it sent (inside the caller's
    transaction, which commits only after the hand-over). True if this worker now owns it."""
    from django.db import connection

    now = timezone.now()
    if not connection.features.has_select_for_update_skip_locked:
        # SQLite: the UPDATE takes the database's write lock until commit; a second worker waits,
        # then finds emailed_at set and claims nothing.
        return (
            Notification.objects.filter(pk=pk, email_wanted=True, emailed_at__isnull=True).update(emailed_at=now) == 1
        )
    # PostgreSQL: a notice another worker is sending is skipped, not waited for.
    table = connection.ops.quote_name(Notification._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET emailed_at = %s WHERE id = ("
            f"SELECT id FROM {table} WHERE id = %s AND email_wanted AND emailed_at IS NULL "
            "FOR UPDATE SKIP LOCKED) RETURNING id",
            [now, pk],
        )
        return cursor.fetchone() is not None
