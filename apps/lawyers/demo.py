"""Demo 律师工作科 records, moved by the app's own services (seed_demo calls create_demo_cases):
the registers (firms with a branch, lawyers incl. 公职律师 and 公司律师, legal advisers, one
term ending soon); complaints at 分办, at 受理, under investigation, with a 处罚建议 at approval,
sent, and answered by the city, declined, and one about a notary with 公共法律服务管理科;
licence files in every stage; last year's assessment in every stage with firms and lawyers
that have not reported; plans with tasks due, overdue and done, and work records."""

from datetime import timedelta

from django.utils import timezone

from apps.workflow import api, calendar
from apps.workflow.models import Task

from . import services
from .models import (
    AssessmentReport,
    Finding,
    FirmKind,
    LawFirm,
    Lawyer,
    LawyerKind,
    LegalAdviser,
    Status,
)

# Made-up people (ID numbers pass the checksum).
PEOPLE = [
    ("刘桂英", "370305196203154229", "13906431122", "临淄区辛店街道桓公路18号2单元301"),
    ("陈建军", "37030519780824001X", "13853318765", "临淄区稷下街道晏婴路66号"),
    ("王秀兰", "37030519551102064X", "15965542310", "临淄区齐都镇西关村128号"),
    ("赵德胜", "370305198301127530", "18653347720", "临淄区凤凰镇刘家村3组"),
    ("孙丽娟", "370305199005062626", "13791625508", "临淄区闻韶街道雪宫路9号1单元502"),
    ("周国强", "370305196907183116", "13561699041", "临淄区朱台镇高阳村"),
    ("吴春梅", "370305198711154224", "15254378816", "临淄区皇城镇东安村45号"),
]


def _approve(case, user, opinion="同意。"):
    api.approve(case.pk, Task.objects.pending().get(case=case, assignee=user).pk, user, opinion)


def _registers(today):
    firms = [
        LawFirm.objects.create(
            name="山东齐都律师事务所",
            kind=FirmKind.PARTNERSHIP,
            licence_no="23703200110234567",
            licensed_on=today.replace(year=2001, month=3, day=15),
            head="田志远",
            address="临淄区桓公路120号",
            office_phone="0533-7181234",
        ),
        LawFirm.objects.create(
            name="山东稷下律师事务所",
            kind=FirmKind.PARTNERSHIP,
            licence_no="23703201510987654",
            licensed_on=today.replace(year=2015, month=6, day=1),
            head="孔令华",
            address="临淄区晏婴路55号",
        ),
        LawFirm.objects.create(
            name="山东管仲律师事务所",
            kind=FirmKind.PERSONAL,
            licence_no="23703202011223344",
            licensed_on=today.replace(year=2020, month=9, day=20),
            head="管文博",
            address="临淄区雪宫路8号",
            status=Status.SUSPENDED,
            status_since=today.replace(year=today.year - 1, month=11, day=1),
            note="停业整顿三个月（淄博市司法局处罚决定）。",
        ),
    ]
    firms.append(
        LawFirm.objects.create(
            name="山东齐都律师事务所临淄凤凰分所",
            kind=FirmKind.PARTNERSHIP,
            parent=firms[0],
            licence_no="23703202211112222",
            licensed_on=today.replace(year=2022, month=4, day=8),
            head="田志远",
            address="临淄区凤凰镇政府路6号",
        )
    )
    rows = [
        ("李明远", LawyerKind.FULL_TIME, firms[0], "", "13703202010123456", 2010),
        ("张晓燕", LawyerKind.FULL_TIME, firms[0], "", "13703202012234567", 2012),
        ("王志刚", LawyerKind.FULL_TIME, firms[1], "", "13703202016345678", 2016),
        ("赵雪", LawyerKind.PART_TIME, firms[1], "", "13703202019456789", 2019),
        ("孙浩然", LawyerKind.PUBLIC, None, "临淄区司法局", "13703202021567890", 2021),
        ("钱佳怡", LawyerKind.CORPORATE, None, "齐鲁石化临淄分公司", "13703202022678901", 2022),
        ("周立新", LawyerKind.FULL_TIME, firms[2], "", "13703202018789012", 2018),
    ]
    lawyers = [
        Lawyer.objects.create(
            name=name,
            kind=kind,
            firm=firm,
            employer=employer,
            licence_no=no,
            licensed_on=today.replace(year=year, month=7, day=1),
            id_number=PEOPLE[i][1],
            phone=PEOPLE[i][2],
        )
        for i, (name, kind, firm, employer, no, year) in enumerate(rows)
    ]
    LegalAdviser.objects.create(
        unit="临淄区人民政府",
        adviser="李明远",
        kind="outside_lawyer",
        lawyer=lawyers[0],
        firm=firms[0],
        starts_on=today.replace(year=today.year - 1, month=1, day=1),
        ends_on=today + timedelta(days=20),
        note="参与重大行政决策合法性论证 6 次。",
    )
    LegalAdviser.objects.create(
        unit="临淄区教育和体育局",
        adviser="王志刚",
        kind="outside_lawyer",
        lawyer=lawyers[2],
        firm=firms[1],
        starts_on=today.replace(year=today.year, month=1, day=1),
        ends_on=today.replace(year=today.year + 1, month=12, day=31),
    )
    LegalAdviser.objects.create(
        unit="临淄区司法局",
        adviser="孙浩然",
        kind="public_lawyer",
        lawyer=lawyers[4],
        starts_on=today.replace(year=today.year - 1, month=3, day=1),
        ends_on=today.replace(year=today.year + 2, month=2, day=28),
    )
    return firms, lawyers


def _complaint(clerk, n, lawyer=None, firm=None, kind="lawyer", name="", unit="", received_on=None, content=""):
    person = PEOPLE[n]
    return services.register_complaint(
        clerk,
        {
            "subject_kind": kind,
            "lawyer": lawyer,
            "firm": firm,
            "subject_name": name,
            "subject_unit": unit,
            "complainant": person[0],
            "id_number": person[1],
            "phone": person[2],
            "address": person[3],
            "channel": "letter",
            "received_on": received_on,
            "content": content,
        },
    )


def _note(case, user, on_date, content):
    services.add_note(
        case.pk,
        user,
        {
            "on_date": on_date,
            "method": "inquiry",
            "officers": "韩雪梅、沈国栋（执法证号 3703050012、3703050008）",
            "content": content,
        },
    )


def _recommend(case, user, facts):
    return services.start_recommendation(
        case.pk,
        user,
        {
            "facts": facts,
            "evidence": "委托代理合同、收费票据、投诉人陈述笔录、被投诉律师询问笔录。",
            "legal_basis": "《中华人民共和国律师法》第四十七条第（四）项、第五十二条",
            "proposal": "建议给予警告，并没收违法所得。",
            "recipient": None,
            "bar_referral": True,
        },
    )


def create_demo_cases(u):
    today = timezone.localdate()
    wd = lambda n: calendar.add_working_days(today, -n)  # noqa: E731  (n working days ago)
    clerk, chief, leader = u["lawyer.clerk"], u["lawyer.chief"], u["leader.zhang"]
    firms, lawyers = _registers(today)
    count = 0

    # 待分办 (with the chief)
    _complaint(clerk, 0, lawyer=lawyers[1], received_on=wd(1), content="代理离婚纠纷期间长期不接电话、未告知开庭时间。")
    # 待决定受理 (with the handler)
    c = _complaint(clerk, 1, firm=firms[1], kind="firm", received_on=wd(4), content="律所收费后未出具正式票据。")
    services.assign(c.pk, chief, clerk, wd(3))
    # 调查中
    c = _complaint(clerk, 2, lawyer=lawyers[2], received_on=wd(15), content="律师同时代理对方当事人，存在利益冲突。")
    services.assign(c.pk, chief, clerk, wd(14))
    services.decide(c.pk, clerk, True, wd(12))
    _note(c, clerk, wd(8), "调阅委托合同及案卷，被投诉律师承认曾为对方当事人提供咨询。")
    # 延期申请 waiting for the chief (the reply limit moves only when the chain approves)
    services.request_extension(c.pk, clerk, 20, "需向对方当事人及人民法院调查核实代理情况，期限内难以办结。")
    # 处罚建议审批中 (with the division leader)
    c = _complaint(clerk, 3, lawyer=lawyers[3], received_on=wd(30), content="兼职律师私自接受委托、私自收取费用。")
    services.assign(c.pk, chief, clerk, wd(29))
    services.decide(c.pk, clerk, True, wd(27))
    _note(c, clerk, wd(20), "询问被投诉律师，查明其私自收取代理费 8000 元未入所账。")
    rec = _recommend(c, clerk, "兼职律师赵雪私自接受委托、私自收取代理费 8000 元。")
    _approve(rec, chief, "情况属实，拟同意报送。")
    # 处罚建议已报送，投诉已答复
    c = _complaint(clerk, 4, lawyer=lawyers[6], received_on=wd(60), content="律师收取费用后未提供法律服务。")
    services.assign(c.pk, chief, clerk, wd(59))
    services.decide(c.pk, clerk, True, wd(57))
    _note(c, clerk, wd(50), "调阅收费凭证、委托合同，询问被投诉律师。")
    rec = _recommend(c, clerk, "律师周立新收取代理费 12000 元后未提供约定的法律服务。")
    _approve(rec, chief)
    _approve(rec, leader)
    services.send_recommendation(rec.pk, clerk, wd(40), "临司建〔2026〕3号")
    services.reply(
        c.pk,
        clerk,
        Finding.RECOMMEND,
        "经调查，投诉反映问题属实，本局已向淄博市司法局提出处罚建议，处理结果另行告知。",
        wd(38),
    )
    # 上级已处理
    c = _complaint(clerk, 5, firm=firms[2], kind="firm", received_on=wd(120), content="律所以不正当手段承揽业务。")
    services.assign(c.pk, chief, clerk, wd(119))
    services.decide(c.pk, clerk, True, wd(117))
    _note(c, clerk, wd(110), "现场检查，查阅律所业务登记簿和宣传材料。")
    rec = _recommend(c, clerk, "律所以支付介绍费方式承揽业务。")
    _approve(rec, chief)
    _approve(rec, leader)
    services.send_recommendation(rec.pk, clerk, wd(100), "临司建〔2026〕1号")
    services.reply(c.pk, clerk, Finding.RECOMMEND, "投诉属实，已向淄博市司法局提出处罚建议。", wd(99))
    services.record_recommendation_result(rec.pk, clerk, wd(70), "淄博市司法局决定给予停业整顿三个月的行政处罚。")
    # 不予受理
    c = _complaint(clerk, 6, lawyer=lawyers[0], received_on=wd(20), content="对判决结果不满，要求追究代理律师责任。")
    services.assign(c.pk, chief, clerk, wd(19))
    services.decide(
        c.pk, clerk, False, wd(18), "投诉事项系对人民法院裁判结果不服，不属于律师执业违法违规行为，可依法申请再审。"
    )
    # 公证员投诉：公共法律服务管理科
    schief, sclerk = u["service.chief"], u["service.clerk"]
    c = _complaint(
        sclerk,
        1,
        kind="notary",
        name="刘公证员",
        unit="临淄区公证处",
        received_on=wd(2),
        content="公证员办理继承公证时未告知法律后果。",
    )
    services.assign(c.pk, schief, sclerk, wd(1))
    c = _complaint(
        sclerk,
        2,
        kind="grassroots",
        name="赵法律服务工作者",
        unit="齐都法律服务所",
        received_on=wd(40),
        content="法律服务工作者超越执业范围代理刑事案件。",
    )
    services.assign(c.pk, schief, sclerk, wd(39))
    services.decide(c.pk, sclerk, True, wd(38))
    _note(c, sclerk, wd(30), "询问被投诉人，查阅法律服务所案卷登记。")
    services.reply(
        c.pk, sclerk, Finding.CORRECTED, "经调查，被投诉人超越执业范围提供咨询，已责令改正并批评教育。", wd(25)
    )
    count += 9

    # licence files in every stage
    def licence(kind, applicant, received_on, firm=None):
        return services.register_licence(
            clerk,
            {"kind": kind, "applicant": applicant, "phone": PEOPLE[0][2], "firm": firm, "received_on": received_on},
        )

    licence("lawyer", "郭子涵", wd(1), firms[0])
    f = licence("lawyer", "冯晨曦", wd(6), firms[1])
    services.check_materials(
        f.pk, clerk, ["qualification", "identity"], wd(4), "实习考核合格材料须由淄博市律师协会出具。"
    )
    f = licence("firm", "山东临淄正衡律师事务所（筹）", wd(20))
    services.check_materials(f.pk, clerk, ["name_charter", "lawyers", "premises", "assets", "partnership"], wd(18))
    services.forward_licence(f.pk, clerk, wd(17))
    f = licence("lawyer", "蒋一鸣", wd(30), firms[0])
    services.check_materials(f.pk, clerk, ["qualification", "internship", "identity"], wd(28))
    services.receive_supplement(f.pk, clerk, wd(25))
    services.forward_licence(f.pk, clerk, wd(24))
    services.record_city(f.pk, clerk, wd(12), True, "审查通过，已报省司法厅。")
    f = licence("lawyer", "韩书瑶", wd(60), firms[1])
    services.check_materials(f.pk, clerk, ["qualification", "internship", "identity", "firm_consent"], wd(59))
    services.forward_licence(f.pk, clerk, wd(58))
    services.record_city(f.pk, clerk, wd(45), True, "审查通过。")
    services.record_province(f.pk, clerk, wd(38), True, "13703202611122233")
    count += 5

    # last year's assessment: received, reviewed, forwarded, with result; others not reported
    year = today.year - 1
    r1 = services.receive_report(clerk, year, wd(40), firm=firms[0])
    r2 = services.receive_report(clerk, year, wd(40), lawyer=lawyers[0])
    r3 = services.receive_report(clerk, year, wd(35), lawyer=lawyers[1])
    services.receive_report(clerk, year, wd(10), firm=firms[1])
    for r in (r1, r2, r3):
        services.review_report(clerk, r.pk, "pass", "材料齐全，执业规范，无投诉。", wd(30))
    services.forward_reports(clerk, year, wd(28))
    services.record_assessment_result(clerk, r1.pk, "pass", wd(15))
    r4 = services.receive_report(clerk, year, wd(9), lawyer=lawyers[2])
    services.review_report(clerk, r4.pk, "basic", "本年度有一件投诉在调查中。", wd(5))
    assert AssessmentReport.objects.filter(year=year).count() == 5

    # plans with tasks, and work records
    plan = services.create_plan(
        clerk,
        {
            "title": f"{today.year}年律师事务所规范化建设指导监督计划",
            "kind": "supervision",
            "year": today.year,
            "summary": "围绕律师事务所内部管理制度、收费与财务管理、投诉查处制度开展指导监督。",
            "issued_on": wd(120),
        },
    )
    t = services.add_task(
        clerk, plan.pk, {"content": "完成辖区律所内部管理制度专项检查", "owner": clerk, "due_on": wd(60)}
    )
    services.complete_task(clerk, t.pk, wd(62), "检查律所 4 家，反馈问题 7 项。")
    services.add_task(clerk, plan.pk, {"content": "汇总整改情况并报分管领导", "owner": chief, "due_on": wd(3)})
    services.add_task(
        clerk,
        plan.pk,
        {"content": "开展律师诚信档案更新", "owner": clerk, "due_on": calendar.add_working_days(today, 2)},
    )
    plan2 = services.create_plan(
        clerk,
        {
            "title": f"{today.year}年促进律师行业健康发展工作措施",
            "kind": "development",
            "year": today.year,
            "summary": "加强律所党建、律师职业道德教育和业务交流。",
            "issued_on": wd(90),
        },
    )
    services.add_task(
        clerk, plan2.pk, {"content": "组织青年律师业务交流会", "owner": clerk, "due_on": today + timedelta(days=40)}
    )
    services.add_record(
        clerk,
        {
            "on_date": wd(12),
            "kind": "training",
            "title": "青年律师执业规范培训",
            "content": "组织辖区青年律师 23 人参加执业规范培训。",
            "plan": plan2,
        },
    )
    services.add_record(
        clerk,
        {
            "on_date": wd(6),
            "kind": "guidance",
            "title": "走访山东稷下律师事务所",
            "content": "了解律所收费管理和投诉处理制度落实情况。",
            "plan": plan,
        },
    )
    services.add_record(
        clerk,
        {
            "on_date": wd(2),
            "kind": "party",
            "title": "律所党建工作指导",
            "content": "指导律所党支部开展主题党日活动。",
            "plan": None,
        },
    )
    return count
