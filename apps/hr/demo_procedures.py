"""Demo 绩效考核, 职务职级推荐, 交流轮岗 and 工资福利 (called from demo.py), through the services."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from apps.workflow import api
from apps.workflow.models import Task

from .appraisal import performance
from .models import BonusEntry, PayChange, Rotation, StaffRecord
from .pay import services as pay
from .promotion import services as promotion
from .rotation import services as rotation


def _approve(case, steps=99):
    for _ in range(steps):
        tasks = list(case.tasks.filter(status=Task.Status.PENDING, kind=Task.Kind.APPROVE).select_related("assignee"))
        if not tasks:
            return
        for task in tasks:
            api.approve(case.pk, task.pk, task.assignee, "同意。")


def create_procedures(u):
    officer = u["personnel.clerk"]
    today = timezone.localdate()
    made = 0
    # 绩效考核: the year's sheet with scores typed in; a party-group task worth 5 points
    performance.add_bonus(
        officer, u["law.clerk"], BonusEntry.Kind.PARTY_TASK, today - timedelta(days=30), "抽调参加区防汛值守"
    )
    year = performance.create_year(officer, today.year, excellent_quota=3, good_min_score=Decimal(85))
    typed = {}
    for i, score in enumerate(year.scores.order_by("person__username")):
        typed[score.person_id] = {
            "common": str(24 + i % 6),
            "individual": str(48 + (i * 7) % 12),
            "democratic": str(7 + i % 3),
        }
    performance.save_scores(officer, year.pk, typed)
    # 职务职级推荐: grades on file for the candidates; the sheet open for scoring
    for i, name in enumerate(("office.clerk", "law.clerk", "recon.clerk", "service.clerk")):
        StaffRecord.objects.filter(person=u[name]).update(grade="四级主任科员", grade_since=date(2018 + i, 6, 1))
    round_ = promotion.create_round(
        officer,
        {
            "title": f"{today.year}年晋升三级主任科员推荐",
            "year": today.year,
            "slots": 2,
            "slots_sufficient": False,
            "base_years": 3,
        },
        [u[n] for n in ("office.clerk", "law.clerk", "recon.clerk", "service.clerk")],
    )
    candidates = {c.person.username: c.pk for c in round_.candidates.select_related("person")}
    aspects = ("de", "neng", "qin", "ji", "lian")
    for rater, kind, top in (("director", "leader", 8), ("leader.lu", "leader", 8), ("personnel.chief", "peer", 4)):
        promotion.rate(
            u[rater],
            round_.pk,
            kind,
            {
                pk: {a: str(top - (i + j) % 2) for j, a in enumerate(aspects)}
                for i, pk in enumerate(candidates.values())
            },
        )
    made += 1
    # 交流轮岗: a chief more than ten years in post, decided by the party group, talk pending
    r = rotation.propose_rotation(
        officer,
        {
            "person": u["enforce.chief"],
            "reason": Rotation.Reason.TENURE,
            "from_post": "行政执法监督科科长",
            "to_post": "公共法律服务管理科科长",
            "middle_manager": True,
        },
    )
    _approve(r.case)
    made += 1
    # 工资福利 (the office): a salary step approved outside and handed to finance for next month;
    # an allowance signed by the leaders and waiting for the 人社 answer; one at the office chief
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    for name, kind, item, old, new, stage in (
        ("office.clerk", PayChange.Kind.SALARY, "薪级工资", "1290", "1376", "handed"),
        ("correct.clerk", PayChange.Kind.ALLOWANCE, "乡镇工作补贴", "0", "500", "external"),
        ("law.clerk", PayChange.Kind.SALARY, "级别工资", "1850", "1960", "leaders"),
    ):
        change = pay.propose_change(
            u["office.chief"],
            {
                "person": u[name],
                "kind": kind,
                "item": item,
                "old_amount": Decimal(old),
                "new_amount": Decimal(new),
                "effective_from": first,
                "basis": "区人社局工资审批表",
                "reason": "年度考核称职以上，正常晋升薪级" if kind == PayChange.Kind.SALARY else "派驻司法所工作",
            },
        )
        if stage != "leaders":
            _approve(change.case)
        if stage == "handed":
            pay.record_external(change.case_id, u["office.chief"], "approved", "区人社局工资审批表", today)
            pay.hand_over(change.case_id, u["office.chief"], today)
        made += 1
    return made
