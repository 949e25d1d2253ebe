"""Demo records of 廉政风险防控 through the services: risk points of three units, last
half-year's evaluation with one 较差, the reminder that followed (not yet acted on) and last
year's assessment."""

from datetime import date

from django.utils import timezone

from apps.org.models import Section

from . import services
from .models import EvaluationRound, Reminder, RiskPoint


def create_demo_cases(u):
    keeper = u["personnel.clerk"]
    s = {x.code: x for x in Section.objects.all()}
    today = timezone.localdate()
    year = today.year
    for section, post, text, level, measures, owner in [
        (
            "office",
            "资金审批岗",
            "超标准、超预算公务接待；化整为零规避集体决策",
            RiskPoint.Level.HIGH,
            "5000元以上支出先报局班子集体研究；公务接待凭订菜单、发票一周内报销",
            "office.chief",
        ),
        (
            "personnel",
            "干部选拔任用岗",
            "考察不实、带病提拔",
            RiskPoint.Level.HIGH,
            "严格执行干部选拔任用条例；任前公示；用人失察追究",
            "personnel.chief",
        ),
        (
            "lawyers",
            "律所年度考核岗",
            "考核中接受宴请、降低标准",
            RiskPoint.Level.MEDIUM,
            "两人以上共同考核；考核结果局内公开",
            "lawyer.chief",
        ),
    ]:
        services.save_risk_point(
            keeper,
            {
                "section": s[section],
                "post": post,
                "description": text,
                "level": level,
                "measures": measures,
                "owner": u[owner],
                "year": year,
            },
        )
    half = EvaluationRound.Half.SECOND if today.month <= 6 else EvaluationRound.Half.FIRST
    round_year = year - 1 if today.month <= 6 else year
    held = date(round_year, 12, 20) if half == EvaluationRound.Half.SECOND else date(year, 6, 25)
    people = [u[k] for k in ("office.clerk", "office.chief", "lawyer.clerk", "lawyer.chief", "personnel.clerk")]
    grades = {p: "good" for p in people}
    grades[u["lawyer.clerk"]] = "poor"
    grades[u["office.clerk"]] = "fair"
    services.record_evaluation(keeper, round_year, half, held, grades, "机关全体党员干部参加")
    services.give_reminder(
        keeper,
        {
            "person": u["lawyer.clerk"],
            "kind": Reminder.Kind.TALK,
            "cause": Reminder.Cause.EVALUATION,
            "facts": "半年廉政民主测评结果较差。要求一周内书面说明情况，提出整改措施。",
            "given_on": held,
        },
    )
    services.record_assessment(
        keeper,
        {
            "year": year - 1,
            "summary": "全局排查风险点 26 个，其中高风险 5 个；制定防范措施 41 条。",
            "conclusion": "总体良好；律师科考核岗位措施落实不到位，限期整改。",
            "reported_on": date(year, 1, 20),
        },
    )
    return 0
