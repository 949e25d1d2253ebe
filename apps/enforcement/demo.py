"""Demo 行政执法监督 records moved by the real services (seed_demo calls create_demo_cases):
the list of enforcement bodies; complaints waiting for 立案, under investigation, with the
division leader for approval, at the director for a 决定书, in follow-up (one overdue), closed
and declined; certificates in every state (one due for its annual review, one near expiry); a
dispute in coordination and one referred to the district government; list reviews in review and
fed back; a 案卷评查 with its scoring sheets; 三项制度 checks."""

from datetime import timedelta

from django.utils import timezone

from apps.org.models import ExternalUnit
from apps.petitions.demo import PEOPLE  # made-up people (ID numbers pass the checksum)
from apps.workflow import api, calendar
from apps.workflow.models import Task

from . import services
from .models import ActKind, BodyKind, CertKind, Compliance, DisputeStatus, Finding, ListKind, ReviewResult

BODIES = [
    (
        "dept_market",
        "行政处罚、行政强制、行政检查、行政许可",
        "《中华人民共和国行政处罚法》《中华人民共和国市场主体登记管理条例》；区市场监督管理局职能配置、内设机构和人员编制规定",
    ),
    (
        "dept_urban",
        "行政处罚、行政强制、行政检查（相对集中行政处罚权）",
        "《山东省城市建设管理条例》；省政府关于相对集中行政处罚权的批复；区综合行政执法局“三定”规定",
    ),
    ("dept_emergency", "行政处罚、行政强制、行政检查", "《中华人民共和国安全生产法》；区应急管理局“三定”规定"),
    (
        "dept_health",
        "行政处罚、行政检查、行政许可",
        "《中华人民共和国基本医疗卫生与健康促进法》；区卫生健康局“三定”规定",
    ),
    ("dept_transport", "行政处罚、行政强制、行政检查", "《中华人民共和国道路运输条例》；区交通运输局“三定”规定"),
]


def create_demo_cases(u):
    clerk, chief, leader = u["enforce.clerk"], u["enforce.chief"], u["leader.shi"]
    units = {x.code: x for x in ExternalUnit.objects.all()}
    today = timezone.localdate()

    def wd(n):
        return calendar.add_working_days(today, -n)

    def approve(case, person, opinion="同意。"):
        api.approve(case.pk, Task.objects.pending().get(case=case).pk, person, opinion)

    for code, functions, basis in BODIES:
        services.save_body(
            clerk,
            {
                "unit": units[code],
                "kind": BodyKind.STATUTORY,
                "functions": functions,
                "legal_basis": basis,
                "confirmed_on": today - timedelta(days=300),
                "approved_on": today - timedelta(days=290),
                "announced_on": today - timedelta(days=285),
            },
        )

    def complaint(n, code, kind, content, received_on):
        name, id_number, phone, _ = PEOPLE[n]
        return services.register_complaint(
            clerk,
            {
                "complainant": name,
                "id_number": id_number,
                "phone": phone,
                "unit": units[code],
                "act_kind": kind,
                "content": content,
                "received_on": received_on,
            },
        )

    complaint(0, "dept_urban", ActKind.COERCION, "综合执法队员暂扣摊位物品未出具清单", wd(1))
    investigating = complaint(1, "dept_market", ActKind.PENALTY, "罚款决定未告知陈述申辩权利", wd(12))
    services.accept_complaint(investigating.pk, clerk, wd(10))
    at_leader = complaint(2, "dept_transport", ActKind.PENALTY, "对同一违法行为两次罚款", wd(20))
    services.accept_complaint(at_leader.pk, clerk, wd(18))
    services.propose(
        at_leader.pk,
        clerk,
        "经调阅案卷，对同一超限运输行为先后作出两次罚款。",
        Finding.OPINION,
        "请撤销第二次罚款决定，退还罚款。",
        wd(3),
    )
    approve(at_leader, chief, "拟同意，报分管局长审批。")
    at_director = complaint(3, "dept_emergency", ActKind.INACTION, "举报企业安全隐患后应急局未查处", wd(30))
    services.accept_complaint(at_director.pk, clerk, wd(28))
    services.propose(
        at_director.pk,
        clerk,
        "经调查，应急管理局收到举报后逾期未组织检查。",
        Finding.DECISION,
        "责令区应急管理局于十五日内依法组织检查并作出处理。",
        wd(4),
        "perform",
    )
    approve(at_director, chief)
    approve(at_director, leader)
    overdue = complaint(0, "dept_market", ActKind.LICENCE, "许可申请逾期未作决定", today - timedelta(days=90))
    services.accept_complaint(overdue.pk, clerk, today - timedelta(days=88))
    services.propose(
        overdue.pk, clerk, "经调查情况属实。", Finding.OPINION, "请依法作出许可决定。", today - timedelta(days=70)
    )
    approve(overdue, chief)
    approve(overdue, leader)
    services.issue(overdue.pk, clerk, today - timedelta(days=65), today - timedelta(days=64))
    closed = complaint(1, "dept_health", ActKind.PENALTY, "处罚文书未载明作出日期", today - timedelta(days=80))
    services.accept_complaint(closed.pk, clerk, today - timedelta(days=79))
    services.propose(
        closed.pk, clerk, "处罚决定书未载明日期。", Finding.OPINION, "请书面补正。", today - timedelta(days=60)
    )
    approve(closed, chief)
    approve(closed, leader)
    services.issue(closed.pk, clerk, today - timedelta(days=55), today - timedelta(days=54))
    services.record_compliance(
        closed.pk, clerk, Compliance.DONE, "已书面补正并送达当事人。", today - timedelta(days=40)
    )
    declined = complaint(2, "dept_market", ActKind.OTHER, "对市场监管局工作人员服务态度不满", wd(6))
    services.decline_complaint(declined.pk, clerk, wd(5), "不属于行政执法行为，已转区纪委监委（效能投诉）。")

    # certificates: applied, checked, passed, issued (one due for its annual review soon, one near expiry), lost, revoked
    def cert(n, kind, code, applied_on):
        name, id_number, _, _ = PEOPLE[n]
        return services.apply_certificate(
            clerk,
            {
                "kind": kind,
                "holder": name,
                "id_number": id_number,
                "unit": units[code],
                "post": "执法队员" if kind == CertKind.ENFORCEMENT else "法制审核员",
                "areas": "市场监管",
                "applied_on": applied_on,
            },
        )

    cert(0, CertKind.ENFORCEMENT, "dept_market", wd(2))
    checked = cert(1, CertKind.HEARING, "dept_urban", wd(15))
    services.check_certificate(checked.pk, clerk, True, "", wd(12))
    passed = cert(2, CertKind.ENFORCEMENT, "dept_transport", wd(40))
    services.check_certificate(passed.pk, clerk, True, "", wd(35))
    services.record_exam(passed.pk, clerk, "88", wd(20))

    def issued(n, kind, code, number, issued_on, expires_on):
        c = cert(n, kind, code, issued_on - timedelta(days=60))
        services.check_certificate(c.pk, clerk, True, "", issued_on - timedelta(days=50))
        services.record_exam(c.pk, clerk, "82", issued_on - timedelta(days=30))
        return services.issue_certificate(c.pk, clerk, number, issued_on, expires_on)

    issued(
        3,
        CertKind.ENFORCEMENT,
        "dept_market",
        "3703050100001",
        today - timedelta(days=350),
        today + timedelta(days=1460),
    )
    reviewed = issued(
        0,
        CertKind.SUPERVISOR,
        "dept_gov_office",
        "SDJD0305001",
        today - timedelta(days=500),
        today + timedelta(days=20),
    )
    services.annual_review(reviewed.pk, clerk, today.year, ReviewResult.PASSED, today - timedelta(days=130))
    lost = issued(
        1,
        CertKind.ENFORCEMENT,
        "dept_urban",
        "3703050100002",
        today - timedelta(days=200),
        today + timedelta(days=1200),
    )
    services.report_loss(lost.pk, clerk, today - timedelta(days=10), "3703050100003", today - timedelta(days=5))
    revoked = issued(
        2, CertKind.HEARING, "dept_health", "SDTZ0305001", today - timedelta(days=400), today + timedelta(days=1000)
    )
    services.revoke_certificate(revoked.pk, clerk, today - timedelta(days=30), "调离执法岗位")

    # disputes
    open_dispute = services.register_dispute(
        clerk,
        "餐饮油烟扰民执法职责争议",
        units["dept_urban"],
        [units["dept_ecology"]],
        wd(8),
        "双方均认为不属本部门职责。",
    )
    services.record_meeting(open_dispute.pk, clerk, wd(2), "会议听取双方意见，拟于下周再次协调。")
    referred = services.register_dispute(
        clerk, "农贸市场外占道经营执法职责争议", units["dept_market"], [units["dept_urban"]], wd(40), "职责交叉。"
    )
    services.record_meeting(referred.pk, clerk, wd(35), "双方未能达成一致。")
    services.conclude_dispute(referred.pk, clerk, DisputeStatus.REFERRED, "协调不成，报请区政府裁决。", wd(34))

    # list reviews
    services.register_list_review(
        clerk,
        {
            "kind": ListKind.POWERS,
            "submitter": units["dept_gov_office"],
            "departments": "区市场监督管理局、区卫生健康局",
            "items": "新增行政检查事项5项，取消行政处罚事项2项；机构编制部门审核同意。",
            "received_on": wd(3),
        },
    )
    done = services.register_list_review(
        clerk,
        {
            "kind": ListKind.LICENCES,
            "submitter": units["dept_gov_office"],
            "departments": "区行政审批服务局",
            "items": "清理行政许可事项，拟取消1项。",
            "received_on": wd(25),
        },
    )
    services.review_list(done.pk, clerk, "legal", "拟取消的许可事项已由上位法取消，于法有据。", "", wd(20))
    approve(done, chief)
    approve(done, leader)
    services.feed_back(done.pk, clerk, wd(17))

    # 案卷评查 and 三项制度
    evaluation = services.open_evaluation(clerk, today.year, f"{today.year}年度行政执法案卷评查", wd(30))
    sheets = [
        ("dept_market", "临市监罚〔2026〕15号", (10, 23, 24, 18, 18)),
        ("dept_market", "临市监罚〔2026〕27号", (10, 20, 22, 17, 16)),
        ("dept_urban", "临综执罚〔2026〕8号", (9, 18, 15, 14, 12)),
        ("dept_emergency", "临应急罚〔2026〕3号", (10, 24, 25, 19, 19)),
    ]
    for code, number, (s1, s2, s3, s4, s5) in sheets:
        services.score_file(
            evaluation.pk,
            clerk,
            {
                "unit": units[code],
                "file_number": number,
                "file_title": "行政处罚案件",
                "evaluated_on": wd(25),
                "score_subject": s1,
                "score_facts": s2,
                "score_procedure": s3,
                "score_law": s4,
                "score_documents": s5,
                "problems": "" if sum((s1, s2, s3, s4, s5)) >= 90 else "证据材料未编页码；告知程序记录不完整。",
            },
        )
    services.record_check(
        clerk,
        {
            "unit": units["dept_market"],
            "checked_on": wd(15),
            "publicity_ok": True,
            "recording_ok": True,
            "legal_review_ok": True,
        },
    )
    services.record_check(
        clerk,
        {
            "unit": units["dept_urban"],
            "checked_on": wd(15),
            "publicity_ok": True,
            "recording_ok": False,
            "legal_review_ok": False,
            "findings": "部分现场执法未使用执法记录仪；重大处罚决定未经法制审核。",
            "rectify_by": today + timedelta(days=15),
        },
    )
    return 9
