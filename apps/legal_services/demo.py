"""Demo records of 公共法律服务管理科 in every state, made through the app's own services."""

import datetime

from django.utils import timezone

from apps.org.models import Section
from apps.workflow import api
from apps.workflow.models import Task

from . import penalties, services
from .models import (
    AidDecision,
    AssessorCandidate,
    AssessorKind,
    CandidateSource,
    ObjectedDecision,
    PersonKind,
    ServicePerson,
    UnitKind,
)

D = datetime.date
ID1, ID2 = "370305198507156617", "37030519900101002X"


def _approve_all(case, users):
    for _ in range(4):
        task = Task.objects.filter(case=case, status=Task.Status.PENDING, kind=Task.Kind.APPROVE).first()
        if task is None:
            return
        api.approve(case.pk, task.pk, task.assignee, "同意。")


def create_demo_cases(users):
    clerk, chief = users.get("service.clerk"), users.get("service.chief")
    if clerk is None:
        return 0
    today = timezone.localdate()
    jo = {s.code: s for s in Section.objects.filter(kind="judicial_office")}
    notary_section = Section.objects.filter(code="notary").first()
    aid_section = Section.objects.filter(code="legal_aid").first()

    def unit(kind, name, **kw):
        return services.save_unit(clerk, {"kind": kind, "name": name, **kw})

    notary = unit(
        UnitKind.NOTARY_OFFICE, "淄博市临淄区公证处", licence_no="137030301", head="刘明", org_section=notary_section
    )
    centre = unit(UnitKind.LEGAL_AID_CENTRE, "临淄区法律援助中心", head="孙立", org_section=aid_section)
    committee = unit(
        UnitKind.MEDIATION_COMMITTEE, "闻韶街道人民调解委员会", judicial_office=jo.get("jo_wenshao"), head="李红"
    )
    traffic = unit(UnitKind.PRO_MEDIATION, "临淄区道路交通事故纠纷人民调解委员会", head="王刚")
    admin_med = unit(UnitKind.ADMIN_MEDIATION, "临淄区市场监管局行政调解室", head="赵敏")
    office = unit(
        UnitKind.GRASSROOTS_OFFICE,
        "临淄区稷下法律服务所",
        licence_no="37030300012",
        head="周平",
        judicial_office=jo.get("jo_jixia"),
    )
    unit(
        UnitKind.GRASSROOTS_OFFICE,
        "临淄区齐都法律服务所",
        licence_no="37030300015",
        head="钱进",
        status="suspended",
        status_changed_on=D(2026, 6, 1),
    )
    unit(UnitKind.WORKROOM, "闻韶街道东关社区司法行政工作室", judicial_office=jo.get("jo_wenshao"))
    unit(UnitKind.WORKROOM, "稷下街道北羊村司法行政工作室", judicial_office=jo.get("jo_jixia"))
    unit(UnitKind.SOCIAL_ORG, "临淄区法律服务志愿者协会", licence_no="51370305MJ0000001X", head="陈静")
    people = [
        (PersonKind.NOTARY, "刘明", notary, "13703030001"),
        (PersonKind.NOTARY, "高洁", notary, "13703030002"),
        (PersonKind.AID_STAFF, "孙立", centre, ""),
        (PersonKind.MEDIATOR, "李红", committee, ""),
        (PersonKind.MEDIATOR, "王刚", traffic, ""),
        (PersonKind.GRASSROOTS_WORKER, "周平", office, "37030310001"),
        (PersonKind.VOLUNTEER, "何晓", None, ""),
    ]
    for kind, name, where, licence in people:
        services.save_person(
            clerk,
            {
                "kind": kind,
                "name": name,
                "unit": where,
                "licence_no": licence,
                "phone": "13905330000",
                "registered_on": D(2024, 3, 1),
            },
        )
    n = 0

    # legal aid: the centre's cases (on time, late review, granted but not assigned, refused)
    def aid(applicant, matter, received, **kw):
        return services.save_aid_application(
            clerk, {"applicant": applicant, "matter": matter, "received_on": received, **kw}
        )

    aid(
        "张三",
        "劳动报酬纠纷",
        D(2026, 11, 2),
        decision=AidDecision.GRANTED,
        decided_on=D(2026, 11, 6),
        assigned_on=D(2026, 11, 9),
        aid_provider="山东某律师事务所 李律师",
        centre_ref="援2026-101",
    )
    aid(
        "李四",
        "交通事故损害赔偿",
        D(2026, 11, 10),
        decision=AidDecision.GRANTED,
        decided_on=D(2026, 11, 20),
        centre_ref="援2026-109",
    )
    refused = aid(
        "王五",
        "民间借贷纠纷",
        D(2026, 11, 12),
        decision=AidDecision.REFUSED,
        decided_on=D(2026, 11, 18),
        centre_ref="援2026-111",
        id_number=ID1,
    )
    aid("赵六", "赡养纠纷", today - datetime.timedelta(days=2), centre_ref="援2026-130")

    # objections: at review, at approval, decided
    def objection(name, received, application=None):
        return services.register_objection(
            clerk,
            {
                "objector": name,
                "objected_decision": ObjectedDecision.REFUSAL,
                "received_on": received,
                "grounds": "本人经济困难，符合法律援助条件。",
                "application": application,
                "phone": "13905331234",
                "id_number": ID1 if application else "",
            },
        )

    objection("钱七", today - datetime.timedelta(days=1))
    c = objection("孙八", today - datetime.timedelta(days=1))
    services.draft_objection_decision(c.pk, clerk, "uphold", "经审查，异议人家庭人均收入高于本地法律援助经济困难标准。")
    c = objection("王五", D(2026, 11, 20), refused)
    services.draft_objection_decision(
        c.pk, clerk, "correct", "经审查，异议人提交的低保证明表明其符合经济困难标准，法律援助中心应予改正。"
    )
    _approve_all(c, users)
    services.issue_objection_decision(c.pk, clerk, D(2026, 11, 24), "临司援异决〔2026〕3号")
    n += 3

    # mediation in every state
    def mediation(com, category, received, a, b):
        return services.register_mediation(
            clerk,
            {
                "committee": com,
                "mediation_type": "",
                "source": "application",
                "category": category,
                "received_on": received,
                "summary": f"{a}与{b}因{category}发生争议。",
                "mediator": "李红",
            },
            [{"name": a, "phone": "13905330011"}, {"name": b, "phone": "13905330022"}],
        )

    mediation(committee, "邻里", today, "甲某", "乙某")
    m = mediation(committee, "婚姻家庭", D(2026, 11, 20), "丙某", "丁某")
    services.notify_rights(m.pk, clerk, D(2026, 11, 20))
    services.record_investigation(m.pk, clerk, "走访双方及村委会。", D(2026, 11, 23))
    services.record_session(m.pk, clerk, D(2026, 11, 25), "村委会调解室", "双方陈述，分歧在于赡养费数额。")
    m = mediation(traffic, "交通事故", D(2026, 11, 25), "戊某", "己某")
    services.notify_rights(m.pk, clerk, D(2026, 11, 25))
    services.record_investigation(m.pk, clerk, "调取事故认定书。", D(2026, 11, 26))
    services.record_session(m.pk, clerk, D(2026, 11, 27), "交警大队调解室", "就赔偿数额协商。")
    services.record_agreement(
        m.pk, clerk, D(2026, 11, 30), "己某一次性赔偿戊某医疗费等共计12000元，于12月10日前付清。", 3
    )
    m = mediation(committee, "宅基地", D(2026, 10, 9), "庚某", "辛某")
    services.notify_rights(m.pk, clerk, D(2026, 10, 9))
    services.record_investigation(m.pk, clerk, "现场查看。", D(2026, 10, 12))
    services.record_session(m.pk, clerk, D(2026, 10, 14), "现场", "划定界址。")
    services.record_agreement(m.pk, clerk, D(2026, 10, 16), "以现有围墙为界。", 3)
    services.record_visit(m.pk, clerk, D(2026, 10, 21), "协议已履行。")
    m = mediation(admin_med, "消费", D(2026, 10, 20), "壬某", "某商店")
    services.notify_rights(m.pk, clerk, D(2026, 10, 20))
    services.record_failure(m.pk, clerk, D(2026, 10, 28), "双方分歧较大，已告知可向人民法院起诉。")
    n += 5

    # people's assessors: a finished selection, one at the first draw, one at the call
    s = services.start_selection(clerk, 2026, 10, 2, "区人大常委会决定")
    services.publish_call(s.pk, clerk, D(2026, 8, 3))
    services.first_draw(
        s.pk, clerk, "区公安分局常住居民名单（2026年8月版）", 5000, 40, "demo-2026-first", D(2026, 8, 10)
    )
    sel = s.assessor_selection
    for i, cand in enumerate(AssessorCandidate.objects.filter(selection=sel).order_by("serial")):
        services.record_candidate(
            s.pk,
            clerk,
            cand.pk,
            {
                "name": f"候选人{cand.serial}",
                "eligible": i % 7 != 3,
                "eligibility_note": "" if i % 7 != 3 else "年龄不符",
                "consents": i % 5 != 4,
            },
        )
    services.add_applicant(
        s.pk, clerk, {"source": CandidateSource.APPLICATION, "name": "申请人甲", "id_number": ID2, "phone": ""}
    )
    applicant = AssessorCandidate.objects.get(selection=sel, name="申请人甲")
    services.record_candidate(s.pk, clerk, applicant.pk, {"eligible": True, "consents": True})
    services.second_draw(s.pk, clerk, [applicant.pk], "demo-2026-second", D(2026, 9, 10))
    services.publish_notice(s.pk, clerk, D(2026, 9, 14))
    services.record_appointment(s.pk, clerk, D(2026, 10, 16), "临人大常〔2026〕21号")
    services.record_oath(s.pk, clerk, D(2026, 10, 20))
    s2 = services.start_selection(clerk, 2027, 5, 1, "补选")
    services.publish_call(s2.pk, clerk, D(2026, 11, 2))
    services.first_draw(
        s2.pk, clerk, "区公安分局常住居民名单（2026年10月版）", 3000, 20, "demo-2027-first", D(2026, 11, 9)
    )
    services.start_selection(clerk, 2027, 3, 0, "增补")
    services.save_assessor(
        clerk,
        {
            "kind": AssessorKind.ASSESSOR,
            "name": "届满甲",
            "appointed_on": D(2022, 1, 10),
            "appointment_ref": "临人大常〔2022〕1号",
        },
    )
    services.save_assessor(
        clerk,
        {
            "kind": AssessorKind.SUPERVISOR,
            "name": "监督员乙",
            "appointed_on": D(2023, 5, 8),
            "appointment_ref": "淄司〔2023〕5号",
        },
    )
    n += 3

    # licence files in every state
    def licence(name, received):
        return services.receive_licence(
            clerk,
            {"kind": "practice", "applicant": name, "office": office, "received_on": received, "phone": "13905339999"},
        )

    licence("吴某", today)
    c = licence("郑某", D(2026, 11, 23))
    services.notify_missing(c.pk, clerk, ["education", "health"], "", D(2026, 11, 24))
    c = licence("冯某", D(2026, 11, 2))
    services.forward_licence(c.pk, clerk, "材料齐全，符合执业条件，同意报送。", D(2026, 11, 16))
    c = licence("陈某", D(2026, 9, 21))
    services.notify_missing(c.pk, clerk, ["photo"], "", D(2026, 9, 22))
    services.record_completion(c.pk, clerk, D(2026, 9, 28))
    services.forward_licence(c.pk, clerk, "补正后材料齐全，同意报送。", D(2026, 10, 12))
    services.record_city_result(c.pk, clerk, "granted", "37030310022", D(2026, 11, 2))
    n += 4

    n += _penalty_cases(clerk, chief, office)

    # plans and platform statistics
    plan = services.save_plan(
        clerk,
        {
            "duty": "6.3",
            "title": "2026年公共法律服务体系建设工作要点",
            "kind": "points",
            "issued_on": D(2026, 3, 1),
            "doc_no": "临司发〔2026〕8号",
            "body": "镇村两级平台提标上档。",
        },
    )
    services.add_plan_task(
        clerk, plan, {"text": "完成全部村（社区）司法行政工作室“五统一”验收", "owner": clerk, "due_on": D(2026, 11, 30)}
    )
    t = services.add_plan_task(
        clerk, plan, {"text": "区级公共法律服务中心窗口整合", "owner": chief, "due_on": D(2026, 6, 30)}
    )
    services.finish_plan_task(clerk, t.pk, D(2026, 6, 28), "已完成")
    services.add_plan_task(clerk, plan, {"text": "报送全年平台建设总结", "owner": clerk, "due_on": D(2026, 12, 25)})
    services.save_plan(
        clerk,
        {"duty": "6.1", "title": "人民群众参与促进法治建设十项措施", "kind": "measure", "issued_on": D(2026, 5, 12)},
    )
    for month, visits in ((D(2026, 10, 1), 812), (D(2026, 11, 1), 905)):
        services.save_platform_stat(
            clerk,
            {
                "month": month,
                "centre_visits": visits,
                "hotline_calls": 1320,
                "online_consults": 410,
                "aid_referrals": 35,
                "notary_referrals": 52,
                "mediation_referrals": 61,
            },
        )
    return n


def _penalty_cases(clerk, chief, office):
    """6.11: a penalty case in every stage, from a fresh filing to a closed warning."""
    worker = ServicePerson.objects.filter(kind=PersonKind.GRASSROOTS_WORKER, unit=office).first()
    findings = {
        "facts_found": "该工作者在代理合同及名片上自称“律师”，对外以律师名义承揽业务。",
        "evidence": "委托代理合同2份、名片、询问笔录。",
        "legal_basis": "《基层法律服务工作者管理办法》第四十六条",
    }

    def filed(on, facts, subject="worker"):
        return penalties.file_case(
            clerk,
            {
                "subject": subject,
                "person": worker if subject == "worker" else None,
                "office": office,
                "party_address": "淄博市临淄区稷下街道办事处院内",
                "source": "complaint",
                "source_ref": "群众投诉（12348热线转办）",
                "facts_alleged": facts,
                "filed_on": on,
            },
        )

    def noted(case, on):
        penalties.add_note(
            case.pk,
            clerk,
            {"on_date": on, "method": "inquiry", "officers": "徐平、刘强", "content": "询问当事人，制作询问笔录。"},
        )

    filed(D(2026, 12, 1), "超出业务范围代理刑事案件")  # just filed
    c = filed(D(2026, 11, 2), "以律师名义执业")
    noted(c, D(2026, 11, 4))
    penalties.notify(c.pk, clerk, {**findings, "proposed": "warning", "on_date": D(2026, 11, 30)})  # notified
    c = filed(D(2026, 10, 12), "同时在两个基层法律服务所执业")
    noted(c, D(2026, 10, 14))
    penalties.notify(
        c.pk, clerk, {**findings, "proposed": "warning", "hearing_right": True, "on_date": D(2026, 11, 16)}
    )
    penalties.request_hearing(c.pk, clerk, D(2026, 11, 19))
    if chief is not None:
        penalties.notify_hearing(c.pk, clerk, D(2026, 12, 1), D(2026, 12, 18), "区司法局第二会议室", chief)
    c = filed(D(2026, 10, 8), "无正当理由拒绝履行法律援助义务", subject="office")
    noted(c, D(2026, 10, 9))
    penalties.notify(c.pk, clerk, {**findings, "proposed": "warning", "on_date": D(2026, 11, 9)})
    penalties.record_statement(c.pk, clerk, D(2026, 11, 11), "该所称当时人手不足；经复核，理由不成立。")
    penalties.draft_decision(c.pk, clerk, {"outcome": "warning", "reasons": "陈述理由不成立，依法给予警告。"})
    c = filed(D(2026, 9, 14), "以律师名义执业，收取代理费")
    noted(c, D(2026, 9, 16))
    penalties.notify(c.pk, clerk, {**findings, "proposed": "warning", "on_date": D(2026, 9, 28)})
    penalties.record_statement(c.pk, clerk, D(2026, 9, 29), "", waived=True)
    penalties.draft_decision(c.pk, clerk, {"outcome": "warning", "reasons": "事实清楚，证据确凿。"})
    _approve_all(c, None)
    penalties.issue_decision(c.pk, clerk, D(2026, 10, 12))
    penalties.serve_decision(c.pk, clerk, D(2026, 10, 14), "直接送达")
    penalties.close_case(c.pk, clerk, D(2026, 10, 20), "警告决定已送达执行，处理结果已报市司法局。")
    c = filed(D(2026, 10, 19), "违法所得约五千元（收取额外报酬）")
    noted(c, D(2026, 10, 21))
    penalties.draft_decision(
        c.pk, clerk, {**findings, "outcome": "recommend", "reasons": "应没收违法所得并处罚款，超出本局权限。"}
    )
    _approve_all(c, None)
    penalties.issue_decision(c.pk, clerk, D(2026, 11, 13))
    return 6
