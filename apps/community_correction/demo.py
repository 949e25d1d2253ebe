"""Demo records of 社区矫正 (seed_demo), through this app's own services: 司法所 staff for three
offices, subjects in every state the issue names, 调查评估 at each step, a major event's daily
reports with missing days, 隐患, training, social forces, the committee and the yearly plan.
Every procedure is a workflow case, so each 司法所 user has correction 待办 in the inbox, and the
section's chief and division leader have the approvals the chains give them."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from apps.accounts.models import Rank, User
from apps.org.management.commands.seed_demo import DEMO_PASSWORD
from apps.org.models import ExternalUnit, Section
from apps.privacy.kinds import id_check_digit

from . import services
from .models import Assessment, Category, Proposal, Sanction, SentenceType, Subject, WorkRecord

OFFICE_USERS = [
    ("jo_wenshao", "jo.wenshao", "孟庆华", Rank.CHIEF),
    ("jo_wenshao", "jo.wenshao.staff", "田晓燕", Rank.STAFF),
    ("jo_qidu", "jo.qidu", "边志强", Rank.CHIEF),
    ("jo_qidu", "jo.qidu.staff", "崔丽娜", Rank.STAFF),
    ("jo_jixia", "jo.jixia", "房立军", Rank.CHIEF),
]


def office_users():
    users = {}
    offices = {s.code: s for s in Section.objects.filter(code__in={o for o, *_ in OFFICE_USERS})}
    for code, username, name, rank in OFFICE_USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "full_name": name,
                "section": offices[code],
                "rank": rank,
                "is_active": True,
                "is_demo": True,
                "admin_role": "",
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password", "password_changed_at"])
        users[username] = user
    return users


def id_number(seq, born="19850312", male=True):
    first = f"370305{born}{seq:02d}{1 if male else 2}"
    return first + id_check_digit(first)


def create_demo_cases(users):
    if Subject.objects.exists():
        return 0
    users = {**users, **office_users()}
    chief, clerk = users["correct.chief"], users["correct.clerk"]
    head = users["leader.zhang"]
    court = ExternalUnit.objects.get(code="court_district")
    prison = ExternalUnit.objects.get(code="prison_zibo")
    offices = {s.code: s for s in Section.objects.filter(kind=Section.Kind.JUDICIAL_OFFICE)}
    today = timezone.localdate()
    ago = lambda n: today - timedelta(days=n)  # noqa: E731

    def subject(
        seq, name, kind, office, effective, months, crime="危险驾驶罪", male=True, category=Category.NORMAL, end=None
    ):
        start = effective
        end = end or start + timedelta(days=int(months * 30.4))
        return services.register_subject(
            clerk,
            {
                "name": name,
                "gender": "男" if male else "女",
                "id_number": id_number(seq, male=male),
                "phone": f"1380533{seq:04d}",
                "address": f"山东省淄博市临淄区{offices[office].name[:-3]}街道{seq}号",
                "family_contact": "家属",
                "family_phone": f"1390533{seq:04d}",
                "sentence_type": kind,
                "crime": crime,
                "deciding_body": prison if kind == SentenceType.MEDICAL else court,
                "judgment_no": f"（2026）鲁0305刑初{100 + seq}号",
                "effective_on": effective,
                "notified_on": effective + timedelta(days=2),
                "documents_on": effective + timedelta(days=5),
                "start_on": start,
                "end_on": end,
                "office": offices[office],
                "category": category,
            },
        )

    def supervise(s, reported_ago, office_staff):
        services.record_report_in(s.pk, office_staff, ago(reported_ago))
        services.announce(
            s.pk,
            office_staff,
            ago(reported_ago - 1),
            f"{office_staff.full_name}（司法所）、社区网格员、家属",
            "每月报告两次，每月参加公益活动和教育学习不少于八小时。",
        )
        return s

    def warn(s, requester, facts):
        x = services.record_sanction(s.pk, requester, Sanction.Kind.WARNING, today, facts)
        services.decide_sanction(x.pk, chief, True, "同意给予警告")

    made = 0
    ws, ws_chief = users["jo.wenshao.staff"], users["jo.wenshao"]
    qd = users["jo.qidu.staff"]
    jx = users["jo.jixia"]
    # report-in due (awaiting), and one not reported in time (search recorded)
    subject(1, "刘某平", SentenceType.PROBATION, "jo_wenshao", ago(6), 12)
    late = subject(2, "王某军", SentenceType.PROBATION, "jo_qidu", ago(25), 12, crime="盗窃罪")
    services.record_search(late.pk, qd, "电话无法接通，已走访居住地和家属，暂未找到。", notified_body_on=ago(12))
    # reported, announcement pending
    s3 = subject(3, "赵某兰", SentenceType.CONTROL, "jo_jixia", ago(8), 6, crime="寻衅滋事罪", male=False)
    services.record_report_in(s3.pk, jx, ago(3))
    # under supervision, travelling (office tier) and one asking for a long trip (agency tier)
    s4 = supervise(subject(4, "孙某伟", SentenceType.PROBATION, "jo_wenshao", ago(120), 24), 115, ws)
    t = services.request_travel(s4.pk, ws, "济南市历下区", "探望住院的父亲", today, today + timedelta(days=3))
    services.decide_travel(t.pk, ws_chief, True, "同意，每日电话报告")
    s5 = supervise(
        subject(5, "周某梅", SentenceType.PAROLE, "jo_qidu", ago(200), 18, crime="诈骗罪", male=False), 195, qd
    )
    services.request_travel(
        s5.pk, qd, "上海市浦东新区", "务工合同签订与培训", today + timedelta(days=2), today + timedelta(days=13)
    )
    # electronic monitoring with renewal due (approved ~3 months ago)
    s6 = supervise(
        subject(6, "吴某东", SentenceType.PROBATION, "jo_wenshao", ago(160), 36, crime="故意伤害罪"), 155, ws
    )
    warn(s6, ws, "无正当理由未经批准离开临淄区前往青岛市。")
    m = services.request_monitoring(s6.pk, ws, "无正当理由未经批准离开所居住的县（第二十九条第二项）")
    services.approve_monitoring(m.pk, chief)
    services.approve_monitoring(m.pk, head)
    services.start_monitoring(m.pk, ws, ago(86))
    # warned
    s7 = supervise(
        subject(7, "郑某强", SentenceType.PROBATION, "jo_qidu", ago(90), 12, category=Category.STRICT), 85, qd
    )
    warn(s7, qd, "拒不按照规定报告自己的活动情况，经训诫仍不改正。")
    # revocation proposed
    s8 = supervise(
        subject(8, "冯某涛", SentenceType.PAROLE, "jo_wenshao", ago(240), 24, crime="抢劫罪", category=Category.STRICT),
        235,
        ws,
    )
    warn(s8, ws, "未经批准外出。")
    warn(s8, ws, "再次未经批准外出，拒不报告活动情况。")
    p = services.submit_proposal(
        s8.pk,
        clerk,
        Proposal.Kind.REVOCATION,
        ExternalUnit.objects.get(code="court_intermediate"),
        "受到两次警告仍不改正，情节严重，符合刑法第八十六条第三款撤销假释的情形。",
    )
    services.decide_proposal(p.pk, chief, True, "同意提请")
    services.decide_proposal(p.pk, head, True, "同意")
    services.serve_proposal(p.pk, clerk, timezone.make_aware(datetime.combine(ago(5), time(10, 0))))
    # a warning awaiting the chief's decision (in his 待办)
    services.record_sanction(s7.pk, qd, Sanction.Kind.WARNING, today, "再次未按规定时间报告。")
    # ending this week, and a released one
    supervise(
        subject(
            9, "陈某华", SentenceType.CONTROL, "jo_jixia", ago(180), 6, crime="妨害公务罪", end=today + timedelta(4)
        ),
        176,
        jx,
    )
    s10 = supervise(
        subject(10, "褚某玲", SentenceType.PROBATION, "jo_qidu", ago(400), 12, male=False, end=ago(3)), 395, qd
    )
    services.release(s10.pk, qd, ago(3))
    # 暂予监外执行 under supervision, praised
    s11 = supervise(subject(11, "蒋某生", SentenceType.MEDICAL, "jo_jixia", ago(60), 10, crime="职务侵占罪"), 50, jx)
    services.record_sanction(s11.pk, jx, Sanction.Kind.PRAISE, ago(5), "积极参加公益活动，按时就医并报告病情。")
    # 变更执行地 applied for: the agency's 5 working days run
    services.request_relocation(s11.pk, jx, "淄博市张店区", "随子女迁居，便于就医", ago(1), today + timedelta(days=32))
    made += 11

    # 调查评估 at each step
    a1 = services.register_assessment(
        clerk,
        {
            "requester": court,
            "letter_no": "（2026）鲁0305刑初388号委托函",
            "person": "韩某",
            "id_number": id_number(21),
            "address": "山东省淄博市临淄区闻韶街道21号",
            "crime": "危险驾驶罪",
            "proposed": SentenceType.PROBATION,
            "fast_track": True,
            "received_on": ago(2),
            "office": offices["jo_wenshao"],
        },
    )
    a2 = services.register_assessment(
        clerk,
        {
            "requester": ExternalUnit.objects.get(code="procuratorate_district"),
            "letter_no": "临检调评〔2026〕15号",
            "person": "杨某",
            "id_number": id_number(22),
            "address": "山东省淄博市临淄区齐都镇22号",
            "crime": "盗窃罪",
            "proposed": SentenceType.PROBATION,
            "fast_track": False,
            "received_on": ago(8),
            "office": offices["jo_qidu"],
        },
    )
    services.submit_assessment(
        a2.pk, qd, "被调查人居所固定，家庭成员愿意协助监管，村委会无异议，社会危险性较小。", Assessment.Opinion.SUITABLE
    )
    a3 = services.register_assessment(
        clerk,
        {
            "requester": court,
            "letter_no": "（2026）鲁0305刑初351号委托函",
            "person": "朱某",
            "id_number": id_number(23),
            "address": "山东省淄博市临淄区稷下街道23号",
            "crime": "交通肇事罪",
            "proposed": SentenceType.PROBATION,
            "fast_track": False,
            "received_on": ago(30),
            "office": offices["jo_jixia"],
        },
    )
    services.submit_assessment(
        a3.pk, jx, "被调查人案发后积极赔偿，取得被害人谅解；居住地社区接纳。", Assessment.Opinion.SUITABLE
    )
    services.review_assessment(a3.pk, chief, True, "同意评估意见")
    services.return_assessment(a3.pk, clerk, ago(20))
    made += 3 + bool(a1)

    # major event with daily reports (some missing), hazards, records
    event = services.open_major_event(
        chief,
        "元旦前后社区矫正安全稳定",
        ago(3),
        today + timedelta(days=30),
        "各司法所每日16时前报告，无异常的零报告。",
    )
    for day in (ago(3), ago(2), ago(1)):
        services.file_daily_report(event.pk, ws, day, True)
    services.file_daily_report(event.pk, qd, ago(3), True)
    services.file_daily_report(event.pk, qd, ago(2), False, "一名对象电话无法接通，已找到并训诫。")
    services.record_hazard(
        clerk,
        {
            "office": offices["jo_qidu"],
            "found_on": ago(20),
            "description": "1名对象未按时报到，查找未果。",
            "level": "high",
            "measures": "协调派出所协助查找，通报决定机关。",
            "due_on": ago(2),
        },
    )
    h = services.record_hazard(
        clerk,
        {
            "office": offices["jo_wenshao"],
            "found_on": ago(30),
            "description": "矫正宣告室监控设备故障。",
            "level": "low",
            "measures": "更换设备。",
            "due_on": ago(15),
        },
    )
    services.resolve_hazard(h.pk, ws, ago(16), "已更换并调试。")
    for kind, title, people, extra in (
        (WorkRecord.Kind.PLAN, "2026年全区社区矫正工作计划", "社区矫正工作科", {}),
        (WorkRecord.Kind.RULE, "社区矫正对象外出审批工作规范", "社区矫正工作科", {}),
        (WorkRecord.Kind.TRAINING, "社区矫正执法规范化培训", "各司法所社区矫正专职人员", {"headcount": 26}),
        (WorkRecord.Kind.VOLUNTEER, "临淄区“阳光帮教”志愿服务队", "志愿者32名", {"headcount": 32}),
        (WorkRecord.Kind.ACTIVITY, "社区公益劳动与心理辅导", "淄博市心理咨询师协会", {"headcount": 12}),
        (
            WorkRecord.Kind.MEMBER,
            "区社区矫正委员会成员（区法院、检察院、公安分局、民政局、人社局）",
            "成员单位14个",
            {},
        ),
        (
            WorkRecord.Kind.MEETING,
            "区社区矫正委员会2026年第二次全体会议",
            "成员单位",
            {"follow_up": "协调人社局落实社区矫正对象就业帮扶岗位", "follow_up_due": today + timedelta(days=2)},
        ),
        (WorkRecord.Kind.ANALYSIS, "第四季度社区矫正安全形势分析研判会", "各司法所所长", {}),
    ):
        services.add_record(
            chief, {"kind": kind, "title": title, "on": ago(15), "people": people, "content": title, **extra}
        )
    return made
