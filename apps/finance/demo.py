"""Demo claims and advances in every state, moved by the real services (seed_demo calls this).

The finance positions get demo holders: the office chief convenes the joint review group
(联审小组), the office clerk is the cashier (报账员), leader.lu (already the finance leader) also
leads the office's side of vehicles and official hospitality.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.org.models import Position, Section
from apps.workflow import api
from apps.workflow.models import Task

from .advances import services as advances
from .assets import services as asset_services
from .claims import services as claims
from .hospitality import services as hospitality
from .models import DecisionRecord, MealStandard
from .supplies import services as supplies
from .vehicles import services as vehicles

HOLDERS = {
    "joint_review": "office.chief",
    "finance_officer": "office.clerk",
    "office_leader": "leader.lu",
    "asset_manager": "office.clerk",
    "supplies_keeper": "office.receiver",
}


def _invoice(name="发票.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n% demo invoice\n%%EOF\n", content_type="application/pdf")


def _item(amount, days_ago, category, description, **extra):
    return {
        "spent_on": timezone.localdate() - timedelta(days=days_ago),
        "category": category,
        "description": description,
        "invoices": 1,
        "amount": Decimal(amount),
        **extra,
    }


def _claim(user, witness, purpose, items, kind="general", submit=True):
    data = {"kind": kind, "purpose": purpose, "witness": witness, "advance": None}
    return claims.save_claim(user, data, items, [_invoice()], submit=submit)


def _approve_until(case, step_label=None):
    """Approve step by step (each by its holder) until `step_label` is current (or no approval is left)."""
    while True:
        case.refresh_from_db()
        if step_label and case.current_step_label == step_label:
            return case
        task = case.tasks.filter(status=Task.Status.PENDING, kind=Task.Kind.APPROVE).select_related("assignee").first()
        if task is None:
            return case
        api.approve(case.pk, task.pk, task.assignee, "情况属实，同意。")


def create_demo_cases(u):
    for key, username in HOLDERS.items():
        position = Position.objects.get(key=key)
        position.holder = u[username]
        position.save(update_fields=["holder"])
    today = timezone.localdate()
    cashier = u["office.clerk"]
    made = []

    # Draft: the oldest receipt is ten days old, so the form warns it will be filed late.
    made.append(
        _claim(
            u["personnel.clerk"],
            u["personnel.chief"],
            "购买政工科档案盒、文件夹",
            [
                _item("186.00", 10, "office", "档案盒 30 个"),
                _item("64.50", 4, "office", "文件夹 15 个"),
            ],
            submit=False,
        )
    )

    # At the witness.
    made.append(
        _claim(
            u["recon.clerk"],
            u["recon.chief"],
            "行政复议听证会场布置",
            [
                _item("420.00", 2, "meeting", "听证会场横幅、桌签制作"),
            ],
        )
    )

    # Filed late (the expense was 12 days ago), now at the joint review group.
    case = _claim(
        u["enforce.clerk"],
        u["enforce.chief"],
        "执法案卷评查资料印刷",
        [
            _item("960.00", 12, "printing", "评查表册印刷 200 份"),
        ],
    )
    made.append(_approve_until(case, "联审小组会审"))

    # 6,000 yuan at the cashier: cannot be paid until the collective-decision record is registered.
    case = _claim(
        u["lawyer.clerk"],
        u["lawyer.chief"],
        "律师执业年度考核会务费",
        [
            _item("3800.00", 3, "meeting", "考核会议场地租用（2 天）"),
            _item("2200.00", 3, "meeting", "会议资料印制"),
        ],
    )
    made.append(_approve_until(case))

    # An official meal within the 厅局级 standard (6 × 160 = 960), paid.
    bureau = MealStandard.objects.get(key="bureau")
    case = _claim(
        u["office.receiver"],
        u["office.chief"],
        "接待市司法局督导组（公函：市司发〔2026〕12号）",
        [
            _item(
                "900.00",
                1,
                "reception",
                "工作餐（督导组 4 人，陪同 2 人）",
                meal="lunch",
                persons=6,
                meal_standard=bureau,
            ),
        ],
        kind="meal",
    )
    _approve_until(case)
    claims.pay_claim(case.pk, cashier, paid_on=today, pay_method="direct", voucher_no="记-2026-0318")
    made.append(case)

    # 8,500 yuan with its collective decision registered, paid.
    case = _claim(
        u["correct.clerk"],
        u["correct.chief"],
        "社区矫正电子定位设备维修",
        [
            _item("8500.00", 2, "repair", "定位终端主板更换 17 台"),
        ],
    )
    _approve_until(case)
    claims.add_decision_record(
        case.pk,
        cashier,
        {
            "kind": DecisionRecord.Kind.COLLECTIVE,
            "meeting": "2026年第5次局长办公会议",
            "held_on": today - timedelta(days=1),
            "minutes_ref": "局长办公会议纪要〔2026〕5号",
        },
        _invoice("局长办公会议纪要.pdf"),
    )
    claims.pay_claim(case.pk, cashier, paid_on=today, pay_method="transfer", voucher_no="记-2026-0319")
    made.append(case)

    # Advances: at the director; paid and overdue (returned three weeks ago, not settled); settled.
    case = advances.save_advance(
        u["service.clerk"],
        {
            "kind": "travel",
            "purpose": "赴省司法厅参加公共法律服务业务培训（5 天）",
            "amount": Decimal("3000.00"),
            "expected_return_on": today + timedelta(days=9),
        },
        submit=True,
    )
    made.append(_approve_until(case, "主要领导审批"))

    case = advances.save_advance(
        u["correct.clerk"],
        {
            "kind": "official",
            "purpose": "赴外省接收社区矫正对象的差旅费用",
            "amount": Decimal("5000.00"),
            "expected_return_on": today - timedelta(days=21),
        },
        submit=True,
    )
    _approve_until(case)
    advances.disburse_advance(case.pk, cashier, disbursed_on=today - timedelta(days=25), voucher_no="记-2026-0291")
    advances.register_return(case.pk, u["correct.clerk"], today - timedelta(days=21))
    made.append(case)

    case = advances.save_advance(
        u["law.clerk"],
        {
            "kind": "travel",
            "purpose": "赴市局报送依法治区年度材料",
            "amount": Decimal("800.00"),
            "expected_return_on": today + timedelta(days=1),
        },
        submit=True,
    )
    _approve_until(case)
    advances.disburse_advance(case.pk, cashier, disbursed_on=today, voucher_no="记-2026-0320")
    advances.settle_advance(
        case.pk,
        u["law.clerk"],
        settled_on=today,
        spent_amount=Decimal("650.00"),
        cash_returned=Decimal("150.00"),
        returned_on=today,
        note="差旅费 650 元另行报销",
    )
    made.append(case)
    return len(made) + create_logistics(u)


def create_logistics(u):
    """Cars, supplies, asset cards, a stock-take under way, and requests in their states."""
    from datetime import datetime, time

    from .models import Asset, StockTakeLine, SupplyItem, Vehicle

    today = timezone.localdate()
    made = []
    cars = [
        Vehicle.objects.create(plate="鲁C·J2081", model="大众帕萨特", seats=5, driver=u["office.secret"]),
        Vehicle.objects.create(plate="鲁C·J3175", model="别克GL8", seats=7, driver=u["office.archive"]),
        Vehicle.objects.create(
            plate="鲁C·J6620", model="丰田考斯特", seats=20, driver=u["office.secret"], note="大型会议、集中下乡用车"
        ),
    ]

    def at(days, hour):
        return timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour)))

    trip = {
        "purpose": "赴金岭回族镇司法所检查社区矫正工作",
        "destination": "金岭回族镇司法所",
        "scope": "district",
        "passengers": 3,
    }
    case = vehicles.save_vehicle_request(
        u["correct.clerk"], {**trip, "depart_at": at(1, 8), "return_at": at(1, 17)}, submit=True
    )
    made.append(_approve_until(case))  # approved: at the office's dispatch
    case = vehicles.save_vehicle_request(
        u["law.clerk"],
        {
            **trip,
            "purpose": "送达法治宣传资料",
            "destination": "敬仲镇",
            "depart_at": at(-2, 9),
            "return_at": at(-2, 12),
        },
        submit=True,
    )
    _approve_until(case)
    vehicles.dispatch_vehicle(case.pk, u["office.chief"], cars[0].pk)
    vehicles.register_vehicle_return(case.pk, u["office.chief"], at(-2, 12), 46)
    made.append(case)
    made.append(
        vehicles.save_vehicle_request(
            u["service.clerk"],
            {  # a city trip stays a draft: it cannot be submitted
                **trip,
                "purpose": "到区政务服务中心送材料",
                "destination": "区政务服务中心",
                "scope": "city",
                "depart_at": at(2, 9),
                "return_at": at(2, 10),
            },
        )
    )

    case = vehicles.save_repair(
        u["office.secret"],
        {
            "vehicle": cars[1],
            "fault": "刹车片磨损、更换机油机滤",
            "workshop": "临淄区公务车辆定点维修中心",
            "estimate": Decimal("1280.00"),
        },
        submit=True,
    )
    made.append(_approve_until(case))

    keeper = u["office.receiver"]
    items = [
        SupplyItem.objects.create(name=n, spec=spec, unit=unit)
        for n, spec, unit in (
            ("复印纸", "A4 70g", "箱"),
            ("中性笔", "0.5mm 黑", "支"),
            ("硒鼓", "HP 88A", "个"),
            ("文件夹", "A4 双夹", "个"),
        )
    ]
    for item, quantity in zip(items, (40, 200, 3, 120)):
        supplies.receive_stock(item.pk, keeper, quantity, "2026年第四季度集中采购入库")
    case = supplies.save_supply_request(
        u["recon.clerk"], {"purpose": "复议科日常办公"}, [(items[0], 2), (items[1], 20)], submit=True
    )
    made.append(_approve_until(case))
    task = case.tasks.get(status=Task.Status.PENDING)
    api.complete(case.pk, task.pk, u["recon.clerk"], "已在办公用品领用登记本登记。")
    supplies.issue_supplies(case.pk, keeper)
    case = supplies.save_supply_request(
        u["lawyer.clerk"], {"purpose": "律师年度考核材料装订"}, [(items[2], 5)], submit=True
    )
    made.append(_approve_until(case))  # 5 toner cartridges asked for, 3 in stock: the keeper cannot issue yet

    manager = u["office.clerk"]
    sections = {s.code: s for s in Section.objects.all()}
    cards = [
        (
            "ZC-2019-001",
            "台式计算机",
            "通用设备",
            "联想 启天 M428",
            "5200.00",
            "office",
            "office.clerk",
            "办公楼 201 室",
        ),
        ("ZC-2019-002", "激光打印机", "通用设备", "HP M404dn", "2100.00", "office", "office.receiver", "办公楼 203 室"),
        ("ZC-2020-011", "档案密集柜", "专用设备", "五节 2 组", "18600.00", "office", "office.archive", "档案室"),
        (
            "ZC-2021-004",
            "笔记本电脑",
            "通用设备",
            "华为 MateBook 14",
            "6800.00",
            "reconsideration",
            "recon.chief",
            "办公楼 305 室",
        ),
        (
            "ZC-2021-009",
            "录音录像设备",
            "专用设备",
            "听证室一套",
            "12500.00",
            "reconsideration",
            "recon.clerk",
            "听证室",
        ),
        (
            "ZC-2022-002",
            "电子定位终端",
            "专用设备",
            "北斗定位 20 台",
            "34000.00",
            "correction",
            "correct.clerk",
            "矫正中心",
        ),
        ("ZC-2018-007", "复印机", "通用设备", "理光 MP 2555", "15800.00", "office", "office.receiver", "文印室"),
        ("ZC-2017-003", "会议桌椅", "家具用具", "12 人位", "8600.00", "office", "office.chief", "三楼会议室"),
    ]
    assets = [
        Asset.objects.create(
            number=n,
            name=name,
            category=cat,
            spec=spec,
            value=Decimal(v),
            acquired_on=today.replace(year=int(n[3:7]), month=3, day=1),
            section=sections[sec],
            keeper=u[keeper],
            location=loc,
        )
        for n, name, cat, spec, v, sec, keeper, loc in cards
    ]
    take = asset_services.start_stocktake(manager, today.year)
    lines = {line.asset_id: line for line in take.lines.all()}
    for asset in assets[:5]:
        asset_services.record_count(lines[asset.pk].pk, manager, StockTakeLine.Result.OK)
    asset_services.record_count(
        lines[assets[5].pk].pk, manager, StockTakeLine.Result.MOVED, "矫正中心二楼仓库", "3 台在司法所使用"
    )
    asset_services.record_count(
        lines[assets[6].pk].pk, manager, StockTakeLine.Result.DAMAGED, note="硒鼓组件损坏，维修价值低"
    )
    case = asset_services.save_disposal(
        u["office.receiver"],
        {"asset": assets[6], "method": "scrap", "reason": "使用已满 8 年，硒鼓组件损坏，维修费用超过残值，申请报废。"},
        submit=True,
    )
    made.append(_approve_until(case, "主要领导审批（党组会议研究）"))

    bureau = MealStandard.objects.get(key="bureau")
    visit = {
        "visitor_unit": "淄博市司法局督导组",
        "letter_ref": "淄司函〔2026〕41号",
        "guests": 4,
        "escorts": 2,
        "guest_level": bureau,
        "arrive_on": today + timedelta(days=3),
        "leave_on": today + timedelta(days=3),
        "plan": "9:00 听取工作汇报（三楼会议室，办公室负责）\n10:30 查阅行政复议案卷（复议科负责）\n"
        "12:00 工作餐（机关食堂）\n14:00 赴敬仲司法所实地督导（用车 1 辆）",
        "meals": 1,
        "budget_meals": Decimal("960.00"),
        "budget_lodging": Decimal("0"),
        "budget_other": Decimal("0"),
    }
    case = hospitality.save_hospitality(u["office.chief"], visit, submit=True)
    made.append(_approve_until(case))
    return len(made)
