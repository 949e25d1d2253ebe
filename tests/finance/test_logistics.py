"""Vehicles, repairs, office supplies, fixed assets and official hospitality, by the bureau's rules."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from apps.finance.assets import services as asset_services
from apps.finance.hospitality import services as hospitality_services
from apps.finance.models import Asset, StockMove, StockTakeLine, SupplyItem
from apps.finance.supplies import services as supply_services
from apps.finance.vehicles import services as vehicle_services
from apps.workflow import services as engine
from apps.workflow.models import ApprovalRule, Case, Task
from tests.finance.factories import approve_all, pending
from tests.finance.logistics_factories import asset, at, cars, hold, hospitality, supplies, trip

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(people):
    """The office leader is the office's division leader; the office chief dispatches."""
    hold("office_leader", people.leader)
    return people


def labels(case):
    return [step["label"] for step in case.route]


# --- vehicles -----------------------------------------------------------------------------------


def test_a_trip_goes_to_the_division_leader_and_the_office_leader_then_the_office_dispatches(office):
    cars(3, office.colleague)
    case = trip(office.outsider)
    assert labels(case) == ["分管领导审批", "分管办公室领导审批", "派车", "还车登记"]
    approve_all(case)
    assert pending(case).assignee == office.chief  # 办公室统一调度


def test_no_official_car_inside_the_city(office):
    cars(2, office.colleague)
    with pytest.raises(engine.TransitionError, match="城区内禁止使用公车"):
        trip(office.clerk, scope="city")
    assert not Case.objects.filter(process="finance.vehicle").exists()  # the page keeps what was typed
    draft = trip(office.clerk, scope="city", submit=False)
    with pytest.raises(engine.TransitionError, match="城区内禁止使用公车"):
        engine.submit(draft.pk, office.clerk)
    assert Case.objects.get(pk=draft.pk).status == Case.Status.DRAFT


def test_taking_the_last_car_at_home_needs_the_main_leader(office):
    cars(2, office.colleague)
    first = trip(office.clerk)
    second = trip(office.outsider)  # same period: no car would be left at home
    assert "主要领导同意（所有车辆同时外出）" not in labels(first)
    assert "主要领导同意（所有车辆同时外出）" in labels(second) and second.vehicle_request.all_cars_out
    with pytest.raises(engine.TransitionError, match="无车可派"):
        trip(office.archivist)
    other_day = trip(office.archivist, days=3)
    assert "主要领导同意（所有车辆同时外出）" not in labels(other_day)


def test_the_all_cars_out_approver_is_a_rule_row(office):
    cars(1, office.colleague)
    ApprovalRule.objects.filter(process="finance.vehicle", chain="all_out").update(role="position", position_id=804)
    case = trip(office.clerk)
    approve_all(case)
    assert Task.objects.filter(
        case=case, step_label="主要领导同意（所有车辆同时外出）", assignee=office.leader
    ).exists()


def test_dispatch_takes_a_free_car_and_registers_its_return(office):
    car, other = cars(2, office.colleague)
    first = trip(office.clerk, days=1)
    second = trip(office.outsider, days=1)
    approve_all(first)
    approve_all(second)
    vehicle_services.dispatch_vehicle(first.pk, office.chief, car.pk)
    with pytest.raises(engine.TransitionError, match="已有出车安排"):
        vehicle_services.dispatch_vehicle(second.pk, office.chief, car.pk)
    vehicle_services.dispatch_vehicle(second.pk, office.chief, other.pk)  # the main leader agreed (all cars out)
    with pytest.raises(engine.TransitionError, match="还车时间不能晚于现在"):
        vehicle_services.register_vehicle_return(first.pk, office.chief, at(1, 18), 80)
    first.vehicle_request.__class__.objects.filter(case=first).update(depart_at=at(-1, 8), return_at=at(-1, 17))
    vehicle_services.register_vehicle_return(first.pk, office.chief, at(-1, 16), 80)
    assert Case.objects.get(pk=first.pk).status == Case.Status.CLOSED


def test_dispatch_that_would_empty_the_garage_without_the_main_leader_is_refused(office):
    car, other = cars(2, office.colleague)
    first = trip(office.clerk, days=1, start=8, end=12)  # submitted while both cars were free
    second = trip(office.outsider, days=1, start=13, end=17)
    approve_all(first)
    approve_all(second)
    # the plans change: the second trip is moved into the first one's morning
    second.vehicle_request.__class__.objects.filter(case=second).update(depart_at=at(1, 9), return_at=at(1, 11))
    vehicle_services.dispatch_vehicle(first.pk, office.chief, car.pk)
    with pytest.raises(engine.TransitionError, match="须报主要领导同意"):
        vehicle_services.dispatch_vehicle(second.pk, office.chief, other.pk)


def test_dispatch_is_the_office_form_only(office):
    cars(1, office.colleague)
    case = trip(office.clerk, days=5)
    approve_all(case)
    with pytest.raises(engine.TransitionError, match="事项信息"):
        engine.complete(case.pk, pending(case).pk, office.chief, "已派车")


# --- repairs ------------------------------------------------------------------------------------


def test_a_repair_is_approved_before_it_goes_to_the_workshop(office):
    car = cars(1, office.colleague)[0]
    case = vehicle_services.save_repair(
        office.colleague,
        {"vehicle": car, "fault": "更换刹车片", "workshop": "定点维修中心", "estimate": Decimal("800")},
        submit=True,
    )
    case.refresh_from_db()
    assert labels(case) == ["办公室主任审核", "分管办公室领导批准", "送修登记"]
    with pytest.raises(engine.TransitionError, match="当前不在此环节"):
        vehicle_services.register_repair(case.pk, office.colleague, timezone.localdate(), Decimal("780"))
    approve_all(case)
    with pytest.raises(engine.TransitionError, match="须先批准后送修"):
        vehicle_services.register_repair(
            case.pk, office.colleague, timezone.localdate() - timedelta(days=3), Decimal("780")
        )
    vehicle_services.register_repair(case.pk, office.colleague, timezone.localdate(), Decimal("780"))
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED


# --- office supplies ----------------------------------------------------------------------------


@pytest.fixture
def keeper(people, bureau):
    from tests.conftest import make_user

    user = make_user("keeper", bureau["office"], full_name="办公用品管理员")
    hold("supplies_keeper", user)
    return user


def supply_case(user, lines, submit=True):
    case = supply_services.save_supply_request(user, {"purpose": "日常办公"}, lines, submit=submit)
    case.refresh_from_db()
    return case


def to_issue(case, user):
    approve_all(case)
    engine.complete(case.pk, pending(case, user).pk, user, "已登记。")


def test_supplies_go_request_chief_leader_register_issue(people, keeper):
    items = supplies(keeper, 笔=50)
    case = supply_case(people.clerk, [(items["笔"], 10)])
    assert labels(case) == ["科室负责人初审", "分管领导复审", "登记", "发放"]
    to_issue(case, people.clerk)
    supply_services.issue_supplies(case.pk, keeper)
    assert SupplyItem.objects.get(pk=items["笔"].pk).stock == 40
    assert list(StockMove.objects.filter(item=items["笔"]).values_list("quantity", "balance")) == [(-10, 40), (50, 50)]
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED


def test_stock_never_goes_below_zero(people, keeper):
    items = supplies(keeper, 纸=5, 笔=100)
    case = supply_case(people.clerk, [(items["笔"], 10), (items["纸"], 6)])
    to_issue(case, people.clerk)
    with pytest.raises(engine.TransitionError, match=r"库存不足.*纸（库存 5个，需 6）"):
        supply_services.issue_supplies(case.pk, keeper)
    assert {i.name: i.stock for i in SupplyItem.objects.all()} == {"纸": 5, "笔": 100}  # nothing issued
    supply_services.receive_stock(items["纸"].pk, keeper, 1)
    supply_services.issue_supplies(case.pk, keeper)
    assert {i.name: i.stock for i in SupplyItem.objects.all()} == {"纸": 0, "笔": 90}


def test_only_the_keeper_receives_and_issues(people, keeper):
    items = supplies(keeper, 笔=5)
    with pytest.raises(engine.TransitionError, match="只有办公用品管理员"):
        supply_services.receive_stock(items["笔"].pk, people.clerk, 10)
    case = supply_case(people.clerk, [(items["笔"], 1)])
    to_issue(case, people.clerk)
    with pytest.raises(engine.TransitionError, match="只有办公用品管理员"):
        supply_services.issue_supplies(case.pk, people.chief)
    with pytest.raises(engine.TransitionError, match="事项信息"):
        engine.complete(case.pk, pending(case).pk, keeper, "已发放")


# --- fixed assets -------------------------------------------------------------------------------


@pytest.fixture
def manager(people, bureau):
    from tests.conftest import make_user

    user = make_user("assets", bureau["office"], full_name="资产管理员")
    hold("asset_manager", user)
    return user


def test_the_yearly_count_records_discrepancies_and_updates_the_cards(people, bureau, manager):
    found = asset("A-1", bureau["office"], people.clerk)
    moved = asset("A-2", bureau["office"], people.colleague, location="203 室")
    lost = asset("A-3", bureau["lawyers"], people.outsider)
    take = asset_services.start_stocktake(manager, timezone.localdate().year)
    lines = {line.asset_id: line for line in take.lines.all()}
    asset_services.record_count(lines[found.pk].pk, manager, StockTakeLine.Result.OK)
    asset_services.record_count(lines[moved.pk].pk, manager, StockTakeLine.Result.MOVED, "档案室")
    with pytest.raises(engine.TransitionError, match="还有 1 项资产未盘点"):
        asset_services.close_stocktake(take.pk, manager)
    asset_services.record_count(lines[lost.pk].pk, manager, StockTakeLine.Result.MISSING, note="未找到")
    asset_services.add_surplus(take.pk, manager, "投影仪一台（无卡片）", "三楼会议室")
    asset_services.close_stocktake(take.pk, manager)
    assert Asset.objects.get(pk=moved.pk).location == "档案室"
    assert Asset.objects.get(pk=lost.pk).status == Asset.Status.MISSING
    assert [line.is_discrepancy for line in take.lines.order_by("id")] == [False, True, True, True]
    with pytest.raises(engine.TransitionError, match="已经开始"):
        asset_services.start_stocktake(manager, timezone.localdate().year)


def test_a_card_is_closed_only_after_the_disposal_is_approved(people, bureau, manager):
    card = asset("A-9", bureau["office"], people.clerk, value="15800.00")
    case = asset_services.save_disposal(
        people.clerk, {"asset": card, "method": "scrap", "reason": "损坏，无维修价值"}, submit=True
    )
    case.refresh_from_db()
    assert labels(case) == ["资产管理员审核", "分管财务领导审批", "主要领导审批（党组会议研究）", "处置登记"]
    with pytest.raises(engine.TransitionError, match="正在审批的处置申请"):
        asset_services.save_disposal(people.colleague, {"asset": card, "method": "sale", "reason": "出售"}, submit=True)
    with pytest.raises(engine.TransitionError, match="当前不在此环节"):
        asset_services.dispose_asset(case.pk, manager, timezone.localdate(), Decimal("0"))
    hold("finance_leader", people.other_leader)
    approve_all(case)
    asset_services.dispose_asset(case.pk, manager, timezone.localdate(), Decimal("120"))
    assert Asset.objects.get(pk=card.pk).status == Asset.Status.DISPOSED
    assert "上缴国库" in Case.objects.get(pk=case.pk).result


def test_asset_cards_are_seen_by_their_keeper_section_chief_and_the_asset_posts(people, bureau, manager):
    mine = asset("A-1", bureau["office"], people.clerk)
    theirs = asset("A-2", bureau["lawyers"], people.outsider)

    def seen(user):
        client = Client()
        client.force_login(user)
        return {a.number for a in client.get("/finance/assets/").context["page"]}

    assert seen(people.clerk) == {mine.number}
    assert seen(people.outsider) == {theirs.number}
    assert seen(people.other_chief) == {theirs.number}  # the lawyers' chief: the section's cards
    assert seen(manager) == seen(people.director) == {mine.number, theirs.number}
    assert seen(people.colleague) == set()


# --- official hospitality ------------------------------------------------------------------------


def test_hospitality_budget_within_the_meal_standard_then_leaders_approve(people):
    # 厅局级 160 yuan: 1 meal × (4 guests + 2 escorts) = 960.00
    with pytest.raises(engine.TransitionError, match="用餐预算 961.00 元超过标准"):
        hospitality(people.clerk, budget_meals="961.00")
    case = hospitality(people.clerk, budget_meals="960.00")
    assert labels(case) == ["局分管领导审批", "主要领导审批", "接待结束登记"]
    approve_all(case)
    with pytest.raises(engine.TransitionError, match="超出批准预算 40.00 元，请说明原因"):
        hospitality_services.close_hospitality(case.pk, people.clerk, Decimal("1000.00"))
    hospitality_services.close_hospitality(
        case.pk, people.clerk, Decimal("1000.00"), "临时增加陪同 1 人，经分管领导同意"
    )
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED


def test_printed_vehicle_and_hospitality_forms(office):
    cars(2, office.colleague)
    trip_case = trip(office.clerk)
    hospitality_case = hospitality(office.clerk)
    client = Client()
    client.force_login(office.clerk)
    for url in (f"/finance/vehicles/{trip_case.pk}/form.pdf", f"/finance/receptions/{hospitality_case.pk}/form.pdf"):
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    outsider = Client()
    outsider.force_login(office.outsider)
    assert outsider.get(f"/finance/vehicles/{trip_case.pk}/form.pdf").status_code == 404


# --- lists cost the same with more rows ---------------------------------------------------------


def test_logistics_lists_and_registers_cost_the_same_with_more_rows(people, bureau, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.finance.models import VehicleRequest

    car = cars(1, people.colleague)[0]
    client = Client()
    client.force_login(people.director)

    def add(n, start):
        cases = Case.objects.bulk_create(
            [
                Case(
                    process="finance.vehicle",
                    title=f"用车{start + i}",
                    section=bureau["office"],
                    initiator=people.clerk,
                    status=Case.Status.CLOSED,
                    submitted_at=timezone.now(),
                )
                for i in range(n)
            ]
        )
        VehicleRequest.objects.bulk_create(
            [
                VehicleRequest(
                    case=c,
                    purpose="下乡",
                    destination="某镇",
                    scope="district",
                    depart_at=at(-3, 8),
                    return_at=at(-3, 12),
                    passengers=2,
                    vehicle=car,
                    driver=people.colleague,
                )
                for c in cases
            ]
        )
        for i in range(n):
            asset(f"Q-{start + i}", bureau["office"], people.clerk)

    counts = {}
    for n, start in ((2, 0), (12, 100)):
        add(n, start)
        for url, params in (
            ("/finance/vehicles/", {}),
            ("/finance/vehicles/", {"export": "xlsx"}),
            ("/finance/assets/", {}),
            ("/finance/assets/", {"export": "xlsx"}),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, params).status_code == 200
            counts.setdefault((url, str(params)), []).append(len(queries))
    for key, (small, large) in counts.items():
        assert small == large, f"{key}: {small} queries with fewer rows, {large} with more"


def test_forms_file_and_keep_what_was_typed_when_refused(office, bureau):
    cars(2, office.colleague)
    client = Client()
    client.force_login(office.clerk)
    trip_data = {
        "purpose": "下乡普法",
        "destination": "区政务中心",
        "scope": "city",
        "passengers": "2",
        "depart_at": at(1, 8).strftime("%Y-%m-%dT%H:%M"),
        "return_at": at(1, 11).strftime("%Y-%m-%dT%H:%M"),
        "submit": "1",
    }
    response = client.post("/finance/vehicles/new/", trip_data, follow=True)
    html = response.content.decode()
    assert "城区内禁止使用公车" in html and 'value="区政务中心"' in html
    response = client.post("/finance/vehicles/new/", {**trip_data, "scope": "district", "destination": "敬仲镇"})
    case = Case.objects.get(process="finance.vehicle")
    assert response["Location"] == f"/cases/{case.pk}/" and case.status == Case.Status.ACTIVE

    from tests.conftest import make_user

    keeper = make_user("keeper", bureau["office"])
    hold("supplies_keeper", keeper)
    paper = supplies(keeper, 纸=3)["纸"]
    lines = {
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "30",
        "lines-0-item": str(paper.pk),
        "lines-0-quantity": "2",
        "lines-1-item": "",
        "lines-1-quantity": "",
    }
    response = client.post("/finance/supplies/new/", {"purpose": "打印材料", **lines, "submit": "1"})
    request_case = Case.objects.get(process="finance.supplies")
    assert response.status_code == 302 and request_case.supply_request.lines.get().quantity == 2


def test_a_request_of_5000_or_more_needs_its_collective_decision_before_submission(people):
    # 先报告后支出: the decision comes at the request, before the spending, not only at payment.
    from tests.finance.factories import add_record

    with pytest.raises(engine.TransitionError, match="再提交接待审批（先报告后支出）"):
        hospitality(people.clerk, budget_meals="5000.00", meals=4, guests=6, escorts=2)
    draft = hospitality(people.clerk, budget_meals="5000.00", meals=4, guests=6, escorts=2, submit=False)
    add_record(draft, people.clerk)
    engine.submit(draft.pk, people.clerk)
    assert Case.objects.get(pk=draft.pk).status == Case.Status.ACTIVE
    # 4,999.99 needs none (民法典 §1259: 以上 includes 5,000 itself, nothing below)
    assert hospitality(people.clerk, budget_meals="4999.99", meals=4, guests=6, escorts=2).status == "active"
