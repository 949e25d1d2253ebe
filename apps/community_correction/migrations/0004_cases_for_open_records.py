"""Existing databases: the deadline rows this version needs, and a workflow case for every open
record of the first version, at the step its state stands at, with its tasks and clocks.

1. Rule rows: community_correction_deadlines.json is seeded once (the legal officer's to edit
   afterwards), so the rows new here (外出返回, 变更执行地) are inserted and the rows whose
   meaning changed (process, the term clock, the monitoring extension) are updated; a history
   row records each change (simple-history does not see migrations).
2. Cases: an open subject, 调查评估, travel, electronic monitoring and pending proposal each
   get a 限定知悉范围 case of the section (as processes.py builds them): route, current step,
   the tasks of the people the step names, the running clock counted from the same start as
   the first version's date. Decided sanctions and closed records need none. Built with the
   historical models; the due date is the engine's arithmetic (deadlines.end_of_period).
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import migrations
from django.utils import timezone

RULE_FIELDS = [
    "process",
    "name",
    "length",
    "unit",
    "mode",
    "start_event",
    "remind_before",
    "escalate_after",
    "on_expiry",
    "extension_rule",
    "max_extension",
    "rolls_forward",
    "basis",
    "verified",
]


def upsert_rules(apps, now):
    Rule = apps.get_model("workflow", "DeadlineRule")
    History = apps.get_model("workflow", "HistoricalDeadlineRule")
    path = Path(settings.BASE_DIR) / "fixtures" / "community_correction_deadlines.json"
    rows = {row["fields"]["code"]: row["fields"] for row in json.loads(path.read_text(encoding="utf-8"))}
    concrete = [f.attname for f in Rule._meta.concrete_fields]
    existing = {rule.code: rule for rule in Rule.objects.filter(code__in=list(rows))}
    if not existing:
        return  # a new database: load_bureau seeds every row
    for code, wanted in rows.items():
        rule = existing.get(code)
        if rule is None:
            rule = Rule.objects.create(**{k: v for k, v in wanted.items() if k in concrete})
            changed = ["created"]
        else:
            changed = [n for n in RULE_FIELDS if n in wanted and getattr(rule, n) != wanted[n]]
            for name in changed:
                setattr(rule, name, wanted[name])
            if changed:
                rule.save(update_fields=changed)
        if changed:
            History.objects.create(
                **{name: getattr(rule, name) for name in concrete},
                history_date=now,
                history_type="+" if changed == ["created"] else "~",
                history_change_reason="社区矫正各程序改用流程引擎的期限（迁移）",
            )


def mask(name):
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else "**"


def step(code, label, kind, role, chain=""):
    return {
        "code": code,
        "label": label,
        "kind": kind,
        "role": role,
        "time_limit_days": None,
        "chain": chain,
        "instruction": False,
    }


class Builder:
    def __init__(self, apps, now):
        from apps.workflow.deadlines import end_of_period

        self.end_of_period = end_of_period
        self.now, self.today = now, timezone.localdate(now)
        self.Case = apps.get_model("workflow", "Case")
        self.Task = apps.get_model("workflow", "Task")
        self.Event = apps.get_model("workflow", "CaseEvent")
        self.Clock = apps.get_model("workflow", "CaseClock")
        self.ClockEvent = apps.get_model("workflow", "ClockEvent")
        self.Rule = apps.get_model("workflow", "DeadlineRule")
        self.ApprovalRule = apps.get_model("workflow", "ApprovalRule")
        User = apps.get_model("accounts", "User")
        Section = apps.get_model("org", "Section")
        self.section = Section.objects.filter(code="correction").first()
        self.users = User.objects.filter(is_active=True, admin_role="")
        self.chief = self.users.filter(section=self.section, rank="chief").order_by("id").first()
        self.leader = self.section.division_leader if self.section and self.section.division_leader_id else None

    def office_staff(self, office_id):
        return list(self.users.filter(section_id=office_id).order_by("-rank", "id"))

    def office_chief(self, office_id):
        return list(self.users.filter(section_id=office_id, rank="chief").order_by("id")[:1])

    def chain(self, process, chain, days=None):
        if not self.ApprovalRule.objects.filter(process=process).exists():
            # The rule rows come with load_bureau after migrating: the section's chief meanwhile
            # (the 司法所's 所长 for a short travel), as the fixture's first link says.
            if process == "correction.travel":
                if (chain == "office") != (days is not None and days < 8):
                    return []
                role = "process:office_chief" if chain == "office" else "section_chief"
            else:
                role = "section_chief"
            return [step(f"{chain}-1", "审批", "approve", role, chain)]
        links = []
        for rule in self.ApprovalRule.objects.filter(process=process, chain=chain, active=True).order_by("seq"):
            if rule.fact == "days" and days is not None:
                if rule.min_value is not None and days < rule.min_value:
                    continue
                if rule.max_value is not None and days >= rule.max_value:
                    continue
            role = rule.role
            if process == "correction.travel" and chain == "office" and role == "section_chief":
                role = "process:office_chief"
            links.append(step(f"{chain}-{rule.seq}", rule.label, "approve", role, chain))
        return links

    def people(self, role, office_id, initiator):
        if role == "process:office":
            return self.office_staff(office_id)
        if role == "process:office_chief":
            return self.office_chief(office_id)
        if role == "section_chief":
            return [self.chief] if self.chief else []
        if role == "division_leader":
            return [self.leader] if self.leader else []
        return [initiator]

    def case(self, row, process, title, route, current, office_id, initiator, clock=None):
        """The case of `row` at the step `current`, its tasks and its clock (rule code, start, length)."""
        index = next(i for i, s in enumerate(route) if s["code"] == current)
        people = [u for u in self.people(route[index]["role"], office_id, initiator) if u is not None]
        if not people:
            people = [initiator]  # nobody fills the role now: the registrar holds it until rules are set
        case = self.Case.objects.create(
            process=process,
            title=title[:200],
            section=self.section,
            initiator=initiator,
            status="active",
            route=route,
            current_step=current,
            current_step_label=route[index]["label"],
            current_assignees="、".join(u.full_name or u.username for u in people)[:200],
            is_confidential=True,
            submitted_at=self.now,
        )
        for user in people:
            self.Task.objects.create(
                case=case,
                step=current,
                step_label=route[index]["label"],
                step_index=index,
                kind=route[index]["kind"],
                assignee=user,
            )
        self.Event.objects.create(case=case, action="create", actor=initiator, step_label="迁移建档")
        if clock is not None:
            code, start, length = clock
            rule = self.Rule.objects.filter(code=code).first()
            if rule is not None:
                length = rule.length if length is None else length
                due = self.end_of_period(rule, start, length)[1]
                made = self.Clock.objects.create(case=case, rule=rule, started_on=start, due_date=due)
                made.explanation = f"{rule.start_event} {start:%Y-%m-%d} + {length} → {due:%Y-%m-%d}（迁移时起算）"
                made.save(update_fields=["explanation"])
                self.ClockEvent.objects.create(
                    clock=made, kind="start", on_date=start, days=length, reason=rule.start_event[:200], actor=initiator
                )
                case.due_date = due
                case.save(update_fields=["due_date"])
        row.case = case
        row.save(update_fields=["case"])
        return case


def forwards(apps, schema_editor):
    now = timezone.now()
    upsert_rules(apps, now)
    Subject = apps.get_model("community_correction", "Subject")
    Assessment = apps.get_model("community_correction", "Assessment")
    Travel = apps.get_model("community_correction", "Travel")
    Monitoring = apps.get_model("community_correction", "Monitoring")
    Proposal = apps.get_model("community_correction", "Proposal")
    if not (Subject.objects.exists() or Assessment.objects.exists()):
        return
    b = Builder(apps, now)
    if b.section is None:
        raise RuntimeError("社区矫正记录需要建立流程事项，但组织机构中没有社区矫正工作科（code=correction）。")
    today = b.today

    def title(subject, what):
        return f"社区矫正对象{mask(subject.name)}（{subject.office.name}）{what}"

    subject_route = [
        step("report", "报到", "handle", "process:office"),
        step("announce", "入矫宣告", "handle", "process:office"),
        step("supervise", "监督管理至期满解除", "handle", "process:office"),
    ]
    for s in Subject.objects.filter(case__isnull=True, status__in=["awaiting", "missing", "reported", "supervised"]):
        clock = None
        if s.status in ("awaiting", "missing"):
            current = "report"
            code = "correction-medical-parole-handover" if s.sentence_type == "medical" else "correction-report-in"
            clock = (code, s.effective_on, None)
        elif s.status == "reported":
            current = "announce"
        else:
            current = "supervise"
            start = min(s.start_on, today)
            clock = ("correction-termination-certificate", start, (s.end_on - start).days)
        b.case(s, "correction.subject", title(s, "报到与执行"), subject_route, current, s.office_id, s.created_by, clock)

    for a in Assessment.objects.filter(case__isnull=True).exclude(status="returned"):
        route = [
            step("investigate", "司法所调查并提出评估意见", "handle", "process:office"),
            *b.chain("correction.assessment", "review"),
            step("reply", "反馈委托机关", "handle", "initiator"),
        ]
        current = {"investigating": "investigate", "approved": "reply"}.get(a.status, route[1]["code"])
        code = "correction-investigation-assessment-fast" if a.fast_track else "correction-investigation-assessment"
        b.case(
            a,
            "correction.assessment",
            f"调查评估：{mask(a.person)}（{a.office.name}）",
            route,
            current,
            a.office_id,
            a.created_by,
            (code, a.received_on, None),
        )

    for t in Travel.objects.filter(case__isnull=True, status__in=["requested", "approved"]).select_related("subject"):
        days = (t.end_on - t.start_on).days + 1
        route = [
            *b.chain("correction.travel", "office", days),
            *b.chain("correction.travel", "agency", days),
            step("return", "返回销假", "handle", "process:office"),
        ]
        current = "return" if t.status == "approved" else route[0]["code"]
        start = min(t.start_on, today)
        b.case(
            t,
            "correction.travel",
            title(t.subject, f"外出审批（{days}日）"),
            route,
            current,
            t.subject.office_id,
            t.requested_by,
            ("correction-travel-return", start, (t.end_on - start).days),
        )

    for m in Monitoring.objects.filter(case__isnull=True, status__in=["requested", "active"]).select_related("subject"):
        route = [*b.chain("correction.monitoring", "approval")]
        if m.renewal_of_id is None or m.status == "active":
            route.append(step("use", "使用电子定位装置", "handle", "process:office"))
        current = "use" if m.status == "active" else route[0]["code"]
        clock = ("correction-electronic-monitoring", min(m.start_on, today), None) if m.status == "active" else None
        what = "延长使用电子定位装置" if m.renewal_of_id else "使用电子定位装置"
        b.case(
            m, "correction.monitoring", title(m.subject, what), route, current, m.subject.office_id, m.requested_by, clock
        )

    codes = {
        "commutation": "correction-commutation-ruling",
        "revocation": "correction-revocation-ruling",
        "prison": "correction-return-to-prison-decision",
        "arrest": "correction-arrest-decision",
    }
    labels = {"commutation": "减刑建议", "revocation": "撤销缓刑、假释建议", "prison": "收监执行建议", "arrest": "提请逮捕"}
    for p in Proposal.objects.filter(case__isnull=True, status="pending").select_related("subject"):
        route = [
            *b.chain("correction.proposal", "approval"),
            step("await", "送达并等待决定机关裁定、决定", "handle", "initiator"),
        ]
        served = timezone.localdate(p.submitted_at) if p.submitted_at else today
        b.case(
            p,
            "correction.proposal",
            title(p.subject, labels[p.kind]),
            route,
            "await",
            p.subject.office_id,
            p.submitted_by,
            (codes[p.kind], min(served, today), None),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("community_correction", "0003_engine_cases"),
        ("accounts", "0001_initial"),
        ("workflow", "0008_deadlinerule_rolls_forward"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
