"""Demo records of the 区委依法治区办秘书科 through the app's own services, in every state:
普法规划 in draft, at 初审, at 征求意见 (feedback partly in), in 组织实施 (tasks done, due soon and
overdue) and closed; 谁执法谁普法 assessments published (2025) and collecting with missing
reports (2026); 学法用法 registers; creation campaigns with applications at 审核, at approval,
named, not named and named then revoked; the 2025 法治政府建设 report reported."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from apps.org.models import ExternalUnit
from apps.workflow import api
from apps.workflow.models import Task

from . import services as s
from .models import Adoption, CampaignKind, Level, Outcome, PlanKind, Presence, SessionKind


def _approve(case, user, opinion="同意"):
    task = Task.objects.get(case_id=case.pk, assignee=user, status=Task.Status.PENDING)
    api.approve(case.pk, task.pk, user, opinion)


def _approve_chain(case, users):
    for user in users:
        case.refresh_from_db()
        if Task.objects.filter(case_id=case.pk, assignee=user, status=Task.Status.PENDING).exists():
            _approve(case, user)


def create_demo_cases(u):
    clerk, chief, leader, director = u["law.clerk"], u["law.chief"], u["leader.lu"], u["director"]
    chain = [chief, leader, director]
    today = timezone.localdate()
    units = {x.code: x for x in ExternalUnit.objects.filter(is_active=True)}
    depts = [x for x in units.values() if x.kind == "department"]
    depts.sort(key=lambda x: (x.order, x.name))
    towns = sorted((x for x in units.values() if x.kind == "town"), key=lambda x: (x.order, x.name))
    if len(depts) < 6 or len(towns) < 3:
        return 0
    made = 0

    def plan(kind, title, start, end, outline):
        return s.create_plan(
            clerk, {"kind": kind, "title": title, "start_year": start, "end_year": end, "outline": outline}
        )

    # a draft
    plan(PlanKind.YEARLY, "2027年全区法治文化建设工作要点", 2027, 2027, "一、法治文化阵地建设\n二、法治文艺作品创作")
    made += 1
    # at 初审
    p = plan(PlanKind.YEARLY, "2027年青少年法治宣传教育工作要点", 2027, 2027, "一、法治副校长\n二、宪法晨读")
    s.submit_plan(p.case_id, clerk)
    made += 1
    # at 征求意见, feedback partly in
    p = plan(
        PlanKind.YEARLY, "2027年全区普法依法治理工作要点", 2027, 2027, "一、学习宣传习近平法治思想\n二、宪法宣传周"
    )
    s.submit_plan(p.case_id, clerk)
    _approve_chain(p.case, [chief, director])
    sent = today - timedelta(days=8)
    s.send_consultation(p.case_id, clerk, depts[:4], sent)
    c = p.consultations.order_by("pk").first()
    s.record_feedback(
        p.case_id,
        clerk,
        c.pk,
        sent + timedelta(days=3),
        Adoption.PARTLY,
        "建议增加民法典进企业内容。",
        "已在第二部分增加。",
    )
    c = p.consultations.order_by("pk")[1]
    s.record_feedback(p.case_id, clerk, c.pk, sent + timedelta(days=4), Adoption.NO_OPINION)
    made += 1

    def through_issue(p, sent, doc, issued):
        s.submit_plan(p.case_id, clerk)
        _approve_chain(p.case, [chief, director])
        s.send_consultation(p.case_id, clerk, depts[:3], sent)
        for i, c in enumerate(p.consultations.order_by("pk")):
            s.record_feedback(p.case_id, clerk, c.pk, sent + timedelta(days=2 + i), Adoption.NO_OPINION)
        s.close_consultation(p.case_id, clerk, sent + timedelta(days=6))
        s.record_countersign(p.case_id, clerk, sent + timedelta(days=10), "区普法教育依法治区领导小组会议")
        s.issue_plan(p.case_id, clerk, doc, issued)

    # 组织实施: the five-year plan, tasks done, due soon and overdue
    p = plan(
        PlanKind.FIVE_YEAR,
        "临淄区法治宣传教育第九个五年规划（2026—2030年）",
        2026,
        2030,
        "一、指导思想和主要目标\n二、主要任务：学习宣传宪法、民法典，推进“八五”向“九五”衔接\n三、组织实施",
    )
    through_issue(p, date(2026, 3, 2), "临法宣发〔2026〕1号", date(2026, 3, 20))
    t = s.add_task(p.case_id, clerk, depts[0], "组织全区“宪法宣传周”活动", clerk, date(2026, 12, 4), "王科长")
    s.add_task(p.case_id, clerk, depts[1], "建立领导干部学法清单制度", clerk, today + timedelta(days=2), "李主任")
    s.add_task(p.case_id, clerk, depts[2], "开展民法典进企业宣讲 20 场", chief, date(2026, 12, 31), "")
    s.add_task(p.case_id, clerk, towns[0], "建成镇级法治文化广场", clerk, date(2026, 10, 30), "张站长")
    s.finish_task(p.case_id, clerk, p.tasks.get(unit=towns[0]).pk, date(2026, 10, 28), "法治文化广场已建成并验收。")
    del t
    made += 1
    # closed: the 2026 yearly points
    p = plan(PlanKind.YEARLY, "2026年全区普法依法治理工作要点", 2026, 2026, "一、宪法学习宣传\n二、民法典普及")
    through_issue(p, date(2026, 1, 12), "临法宣发〔2026〕2号", date(2026, 2, 10))
    for i, d in enumerate(depts[:3]):
        s.add_task(p.case_id, clerk, d, f"落实年度普法重点任务（{i + 1}）", clerk, date(2026, 11, 30))
    s.close_implementation(p.case_id, clerk)
    for t in p.tasks.all():
        s.finish_task(p.case_id, clerk, t.pk, date(2026, 11, 20), "已完成并报送总结。")
    s.summarise_plan(p.case_id, clerk, date(2026, 11, 28), "各单位全部完成年度任务，评选普法先进单位 3 个。")
    made += 1

    # 谁执法谁普法: 2025 published, 2026 collecting (two units missing after the due date)
    a = s.open_assessment(clerk, 2025, depts[:5], date(2025, 12, 1), date(2025, 12, 20))
    for i, d in enumerate(depts[:5]):
        s.receive_list(a.case_id, clerk, d, date(2025, 12, 10), f"{d.name}2025年度普法责任清单：执法相关法律法规宣传。")
        if i < 4:
            s.receive_report(a.case_id, clerk, d, date(2025, 12, 18 + i), f"{d.name}2025年度普法责任制落实情况。")
    s.close_collection(a.case_id, clerk, date(2025, 12, 26))
    for r, score in zip(a.reports.order_by("pk"), ["95", "88", "76", "91"], strict=False):
        s.score_report(a.case_id, clerk, r.pk, Decimal(score), "按考核细则评分")
    s.close_scoring(a.case_id, clerk, date(2026, 1, 8))
    _approve_chain(a.case, chain)
    s.publish_assessment(a.case_id, clerk, "临法宣办〔2026〕1号", date(2026, 1, 20))
    made += 1
    a = s.open_assessment(clerk, 2026, depts[:6], date(2026, 11, 2), date(2026, 12, 1))
    for d in depts[:4]:
        s.receive_list(a.case_id, clerk, d, date(2026, 11, 16), f"{d.name}2026年度普法责任清单。")
        s.receive_report(a.case_id, clerk, d, date(2026, 11, 25), f"{d.name}2026年度普法责任制落实情况。")
    made += 1

    # 学法用法
    cadres = [
        s.add_cadre(clerk, "刘建国", "局长", depts[0]),
        s.add_cadre(clerk, "陈红", "副局长", depts[1]),
        s.add_cadre(clerk, "赵明", "主任", depts[2]),
        s.add_cadre(clerk, "孙立", "镇长", towns[0]),
        s.add_cadre(clerk, "周敏", "党委书记", towns[1]),
    ]
    s.record_session(
        clerk,
        {"held_on": date(2026, 4, 15), "title": "学习《中华人民共和国民法典》", "kind": SessionKind.CENTRE_GROUP,
         "organiser": depts[0], "speaker": "区法院法官", "hours": Decimal("2")},
        [(cadres[0], Presence.PRESENT), (cadres[1], Presence.PRESENT), (cadres[2], Presence.LEAVE)],
    )  # fmt: skip
    s.record_session(
        clerk,
        {"held_on": date(2026, 9, 10), "title": "旁听行政诉讼案件庭审", "kind": SessionKind.COURT,
         "speaker": "", "hours": Decimal("3")},
        [(c, Presence.PRESENT) for c in cadres[2:]] + [(cadres[0], Presence.ABSENT)],
    )  # fmt: skip
    exam = s.record_exam(clerk, date(2026, 11, 6), "2026年度国家工作人员学法考试")
    for c, score in zip(cadres[:4], ["92", "85", "58", "77"], strict=False):
        s.record_score(clerk, exam.pk, c, Decimal(score))
    s.record_score(clerk, exam.pk, cadres[4], absent=True)
    r = s.record_law_report(
        clerk, cadres[0], 2025, date(2026, 1, 15), "meeting", "履行推进法治建设第一责任人职责情况。"
    )
    s.rate_law_report(clerk, r.pk, "good", "职责履行到位。")
    s.record_law_report(clerk, cadres[3], 2025, date(2026, 1, 15), "written", "镇党委履行法治建设职责情况。")
    made += 1

    # 依法治理: campaigns and applications in every state
    old = s.create_campaign(
        clerk,
        {"title": "2025年度区级民主法治示范村（社区）创建", "kind": CampaignKind.VILLAGE, "level": Level.DISTRICT,
         "year": 2025, "plan_doc": "临法治办〔2025〕3号", "launched_on": date(2025, 3, 1),
         "applications_due": date(2025, 6, 30), "standard": "依法选举、民主决策、村务公开等五方面标准。"},
    )  # fmt: skip
    camp = s.create_campaign(
        clerk,
        {"title": "2026年度区级民主法治示范村（社区）创建", "kind": CampaignKind.VILLAGE, "level": Level.DISTRICT,
         "year": 2026, "plan_doc": "临法治办〔2026〕2号", "launched_on": date(2026, 3, 1),
         "applications_due": date(2026, 11, 30)},
    )  # fmt: skip

    def apply(campaign, town, name, applied, checked=None, score=None, outcome=None, number="", decided=None):
        a = s.register_application(clerk, campaign, town, name, applied, f"{name}创建工作情况报告及佐证材料。")
        if checked:
            s.check_application(a.case_id, clerk, checked, Decimal(score), "材料齐全，实地核查符合标准。")
        if outcome:
            _approve_chain(a.case, [chief, leader])
            s.decide_application(a.case_id, clerk, outcome, decided, number)
        return a

    revoked = apply(old, towns[0], "南王村", date(2025, 5, 10), date(2025, 7, 2), "90", Outcome.NAMED,
                    "临法治〔2025〕5号", date(2025, 8, 1))  # fmt: skip
    s.revoke_title(revoked.case_id, clerk, date(2026, 10, 15), "动态管理复核：村务公开栏长期未更新，未整改到位。")
    apply(camp, towns[0], "东关社区", date(2026, 6, 2), date(2026, 7, 1), "93", Outcome.NAMED, "临法治〔2026〕6号",
          date(2026, 8, 10))  # fmt: skip
    apply(camp, towns[1], "西山村", date(2026, 6, 5), date(2026, 7, 3), "62", Outcome.NOT_NAMED, "", date(2026, 8, 10))
    apply(camp, towns[1], "北羊村", date(2026, 11, 20), date(2026, 11, 27), "88")
    apply(camp, towns[2], "梧台社区", date(2026, 11, 28))
    made += 5

    # 法治政府建设年度报告: 2025 reported and published
    rep = s.open_report(clerk, 2025)
    task = Task.objects.get(case_id=rep.case_id, status=Task.Status.PENDING)
    api.complete(rep.case_id, task.pk, clerk, "年度报告初稿已起草。")
    _approve_chain(rep.case, chain)
    s.record_report(rep.case_id, clerk, date(2026, 3, 20), "区委、区人大常委会、市政府", date(2026, 3, 27),
                    "http://www.linzi.gov.cn/")  # fmt: skip
    made += 1
    return made
