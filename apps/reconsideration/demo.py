"""Demo 行政复议与应诉 records moved by the real services (seed_demo calls create_demo_cases):
applications awaiting acceptance and awaiting the applicant's 补正, a simplified case, an ordinary
case with its 听证 scheduled, a paused case, a decided one; an answer of the bureau as respondent
at its approval; a lawsuit with the head's appearance, the judgment and the other side's appeal;
a 附带审查 awaiting the enacting body's answer; a decided case with its 意见书 watched and its
publication recorded; a committee meeting ahead; the staff register and the committee's members."""

from datetime import timedelta

from django.utils import timezone

from apps.org.models import ExternalUnit, Section
from apps.petitions.demo import PEOPLE  # the same made-up people (ID numbers pass the checksum)
from apps.workflow import api, calendar
from apps.workflow.models import Task

from . import services
from .models import CommitteeMember, MemberKind, StaffQualification, StaffRole


def _units(kind):
    return list(ExternalUnit.objects.filter(kind=kind, is_active=True).order_by("order"))


def _case(clerk, second, n, received_on, respondent, act, act_type="penalty", channel="written", **extra):
    name, id_number, phone, address = PEOPLE[n]
    data = {
        "applicant": name,
        "applicant_kind": "natural",
        "id_number": id_number,
        "phone": phone,
        "address": address,
        "agent": "",
        "respondent": respondent,
        "act": act,
        "act_type": act_type,
        "act_on": received_on - timedelta(days=30),
        "known_on": received_on - timedelta(days=28),
        "remedy_told": True,
        "realty": False,
        "request": "请求撤销该行政行为。理由：认定事实不清，适用依据错误。",
        "channel": channel,
        "oral_record": "",
        "oral_signed": False,
        "received_on": received_on,
        "handler2": second,
        **extra,
    }
    return services.register_case(clerk, data)


def _approve(case, user, opinion="同意。"):
    task = Task.objects.pending().filter(case=case, assignee=user).first()
    api.approve(case.pk, task.pk, user, opinion)


def create_demo_cases(u):
    clerk, chief, director = u["recon.clerk"], u["recon.chief"], u["director"]
    section = Section.objects.select_related("division_leader").get(code="reconsideration")
    leader = section.division_leader
    today = timezone.localdate()
    wd = lambda n: calendar.add_working_days(today, -n)  # noqa: E731  (n working days ago)
    days = lambda n: today - timedelta(days=n)  # noqa: E731
    depts = _units("department")
    count = 0

    # 待受理审查 (a written application two working days ago).
    _case(clerk, chief, 0, wd(2), depts[3], "2026年11月作出的责令停止违法行为通知书", act_type="coercion")
    count += 1

    # 补正 pending (an oral application with its signed 笔录).
    supplement = _case(
        clerk,
        chief,
        1,
        wd(4),
        depts[5],
        "罚款500元的当场处罚决定",
        channel="oral",
        oral_record="申请人口述不服当场罚款，笔录已当场宣读，申请人签名确认。",
        oral_signed=True,
    )
    services.notify_supplement(supplement.pk, clerk, wd(3), "1. 当场处罚决定书复印件；2. 申请人身份证明。")
    count += 1

    # 简易程序: accepted, the copy sent, the respondent's 5 WD running.
    simple = _case(clerk, chief, 2, wd(8), depts[1], "政府信息公开申请答复", act_type="disclosure", channel="online")
    services.accept(simple.pk, clerk, wd(6), "simple")
    services.send_copy(simple.pk, clerk, wd(5), wd(5))
    count += 1

    # 普通程序 with the 听证 scheduled (notice served today, the hearing 7 WD ahead).
    hearing = _case(clerk, chief, 3, days(40), depts[2], "不予行政许可决定", act_type="license")
    services.accept(hearing.pk, clerk, days(38), "ordinary")
    services.send_copy(hearing.pk, clerk, days(36), days(35))
    services.record_answer(hearing.pk, clerk, days(25))
    services.schedule_hearing(
        hearing.pk,
        clerk,
        {
            "hearing_on": calendar.add_working_days(today, 7),
            "notice_on": today,
            "place": "区司法局三楼复议听证室",
            "matter": "许可申请材料是否齐全、不予许可的理由是否成立",
            "presiding": chief.full_name,
            "panel": f"{clerk.full_name}、{chief.full_name}",
            "clerk": clerk.full_name,
        },
    )
    count += 1

    # 中止审理 (waiting for another case's result).
    paused = _case(clerk, chief, 4, days(30), depts[4], "行政处罚决定（罚款5000元）")
    services.accept(paused.pk, clerk, days(28), "ordinary")
    services.send_copy(paused.pk, clerk, days(27), days(26))
    services.pause(paused.pk, clerk, days(10), "8", "本案需以区人民法院正在审理的民事案件结果为依据")
    count += 1

    # 已决定送达.
    # (accepted 48 days ago: the 60-day limit has not passed, so the extension may still be granted)
    decided = _case(clerk, chief, 0, days(50), depts[0], "举报投诉处理答复", act_type="complaint")
    services.accept(decided.pk, clerk, days(48), "ordinary")
    services.send_copy(decided.pk, clerk, days(46), days(45))
    services.record_answer(decided.pk, clerk, days(35))
    services.extend(decided.pk, clerk, 15, "需调取相关监控资料，情况复杂", chief)
    services.draft_decision(decided.pk, clerk, "revoke", "被申请人未查明举报事项即作出答复，认定事实不清。", days(12))
    _approve(decided, chief, "初审同意。")
    _approve(decided, director, "同意，报区政府审签。")
    services.serve(decided.pk, clerk, days(8), days(6))
    # 意见书 (§76): the respondent's 60 days to report its correction run; publication recorded.
    services.issue_letter(
        decided.pk,
        clerk,
        "opinion",
        depts[0].name,
        "办理举报投诉时普遍未调查核实即作出答复，请纠正并建立核查制度。",
        days(6),
        days(5),
    )
    services.publish(
        decided.pk,
        clerk,
        {
            "published_on": days(3),
            "place": "区人民政府门户网站行政复议专栏",
            "superior_copied_on": days(3),
            "superior_name": "淄博市市场监督管理局",
        },
    )
    count += 1

    # 附带审查 (§56, §58): the applicant challenges the 规范性文件 the act rests on; the case is paused,
    # the enacting body notified, its written answer awaited.
    review = _case(clerk, chief, 2, days(26), depts[3], "依据区某局裁量基准作出的罚款3000元的处罚决定")
    services.accept(review.pk, clerk, days(24), "ordinary")
    services.send_copy(review.pk, clerk, days(23), days(22))
    services.raise_norm_review(
        review.pk,
        clerk,
        {
            "origin": "applicant",
            "document": f"《行政处罚裁量基准》（临某发〔{today.year - 1}〕5号）",
            "clauses": "第八条对首次轻微违法设定的最低罚款额高于上位法规定。",
            "enacting_body": depts[3].name,
            "competent": True,
            "raised_on": wd(4),
        },
    )
    services.notify_enacting_body(review.pk, clerk, wd(3), wd(2))
    count += 1

    # 本局为被申请人: the answer with the division leader for approval.
    gov = _units("government")[0]
    answer = services.register_answer(
        clerk,
        {
            "body": gov,
            "body_case_no": f"临政复〔{today.year}〕21号",
            "applicant": PEOPLE[1][0],
            "phone": PEOPLE[1][2],
            "act": "本局作出的法律援助不予援助决定",
            "act_type": "other",
            "acting_section": Section.objects.filter(code="public_legal").first() or section,
            "simplified": False,
            "copy_received_on": wd(4),
        },
    )
    services.draft_answer(
        answer.pk,
        clerk,
        "不予援助决定事实清楚、程序合法。",
        "1. 法律援助申请表；2. 经济困难审查材料；3. 不予援助决定书",
    )
    _approve(answer, chief)
    count += 1

    # 行政应诉 with appeal: defence filed, the head absent with a 情况说明, judgment, the other side's appeal.
    court = _units("court")[0]
    suit = services.register_lawsuit(
        clerk,
        {
            "court": court,
            "court_case_no": f"（{today.year}）鲁0305行初{today.month}号",
            "plaintiff": PEOPLE[2][0],
            "id_number": PEOPLE[2][1],
            "phone": PEOPLE[2][2],
            "address": PEOPLE[2][3],
            "defendant": "bureau",
            "act": "本局作出的投诉处理答复",
            "act_type": "complaint",
            "claims": "撤销投诉处理答复，责令重新处理",
            "served_on": days(60),
        },
    )
    services.draft_defence(
        suit.pk,
        clerk,
        "投诉处理程序合法、答复内容正确。",
        "证据1—6；依据：《律师和律师事务所违法行为处罚办法》",
        clerk.full_name,
    )
    for who in (chief, leader, director):
        if who is not None:
            _approve(suit, who)
    services.file_defence(suit.pk, clerk, days(50))
    services.record_appearance(
        suit.pk,
        clerk,
        {
            "hearing_on": days(30),
            "head_appeared": False,
            "head_name": leader.full_name if leader else director.full_name,
            "head_title": "副局长",
            "staff": clerk.full_name,
            "explanation": "参加市政府依法行政专题会议",
        },
    )
    services.record_judgment(suit.pk, clerk, "judgment", "dismiss", days(12))
    services.decide_appeal(suit.pk, clerk, False, days(10), "一审驳回原告诉讼请求，不上诉")
    services.receive_appeal_copy(suit.pk, clerk, days(3))
    count += 1

    # 复议委员会: a meeting ahead, materials due 7 days before.
    services.schedule_meeting(clerk, today + timedelta(days=10), "区政府二楼会议室", "审议重大疑难行政复议案件", [])
    count += 1
    for name, unit, kind in (
        ("刘振华", "区人民政府副区长（主任委员）", MemberKind.GOVERNMENT),
        ("孙立新", "山东理工大学法学院教授", MemberKind.EXPERT),
        ("高文静", "山东齐鲁律师事务所律师", MemberKind.LAWYER),
    ):
        CommitteeMember.objects.get_or_create(name=name, defaults={"unit": unit, "kind": kind})
    for user, role, no in ((clerk, StaffRole.BOTH, "A20193703050123"), (chief, StaffRole.BOTH, "A20103703050456")):
        StaffQualification.objects.get_or_create(
            user=user,
            training_year=today.year,
            defaults={
                "role": role,
                "qualification_no": no,
                "training_hours": 40,
                "training_note": "全省行政复议人员培训",
            },
        )
    return count
