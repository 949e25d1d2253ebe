"""The finance app's lines of the URL walk (tests/workflow/test_permissions.py url_table)."""

from django.utils import timezone

from apps.finance.assets import services as asset_services
from apps.finance.models import MealStandard, Standard, StockTake, SupplyItem, Vehicle
from apps.finance.supplies import services as supply_services
from apps.finance.vehicles import services as vehicle_services
from tests.finance.factories import new_advance, new_claim
from tests.finance.logistics_factories import asset, cars, hold, hospitality, supplies, trip


def finance_urls(world, expect, everyone):
    """{url name: [(url, {walk persona: expected outcome})]} for every finance URL."""
    p = world.people
    draft = new_claim(p.clerk, p.colleague, purpose="巡检：草稿报销")
    # submitted with the office chief as witness: the clerk and the chief see it, nobody else yet
    claim = new_claim(p.clerk, p.chief, purpose="巡检：待证明人确认", submit=True)
    advance_draft = new_advance(p.clerk)
    advance = new_advance(p.clerk, submit=True)  # at the office's division leader
    claim_readers = dict(clerk=200, chief=200)
    advance_readers = dict(clerk=200, leader=200)
    table = logistics_urls(world, expect, everyone)
    table.update(
        {
            "finance:claim_list": [
                ("/finance/claims/", everyone(200)),
                ("/finance/claims/?flag=late&export=xlsx", everyone(200)),
            ],
            "finance:claim_new": [("/finance/claims/new/", expect(business=200, admins=403))],
            "finance:claim_edit": [
                (f"/finance/claims/{draft.pk}/edit/", expect(business=404, admins=404, clerk=200)),
                (
                    f"/finance/claims/{claim.pk}/edit/",
                    expect(business=404, admins=404, clerk=f"→/cases/{claim.pk}/", chief=403),
                ),
            ],
            "finance:claim_pay": [(f"/finance/claims/{claim.pk}/pay", everyone(405))],  # POST only
            "finance:claim_form": [
                (f"/finance/claims/{claim.pk}/form.pdf", expect(business=404, admins=404, **claim_readers)),
                (f"/finance/claims/{advance.pk}/form.pdf", expect(business=404, admins=404)),  # not a claim
            ],
            "finance:decision_add": [(f"/finance/cases/{claim.pk}/decisions", everyone(405))],
            "finance:advance_list": [
                ("/finance/advances/", everyone(200)),
                ("/finance/advances/?flag=overdue&export=xlsx", everyone(200)),
            ],
            "finance:advance_new": [("/finance/advances/new/", expect(business=200, admins=403))],
            "finance:advance_edit": [
                (f"/finance/advances/{advance_draft.pk}/edit/", expect(business=404, admins=404, clerk=200)),
                (
                    f"/finance/advances/{advance.pk}/edit/",
                    expect(business=404, admins=404, clerk=f"→/cases/{advance.pk}/", leader=403),
                ),
            ],
            "finance:advance_disburse": [(f"/finance/advances/{advance.pk}/disburse", everyone(405))],
            "finance:advance_return": [(f"/finance/advances/{advance.pk}/return", everyone(405))],
            "finance:advance_settle": [(f"/finance/advances/{advance.pk}/settle", everyone(405))],
            "finance:advance_verify": [(f"/finance/advances/{advance.pk}/verify", everyone(405))],
            "finance:advance_form": [
                (f"/finance/advances/{advance.pk}/form.pdf", expect(business=404, admins=404, **advance_readers)),
            ],
        }
    )
    return table


def logistics_urls(world, expect, everyone):
    """Vehicles, repairs, supplies, assets, official hospitality. Their cases are not 限定知悉范围: the
    office (the clerk's section), its division leader and the director see a submitted one."""
    p = world.people
    hold("office_leader", p.leader)
    car = cars(2, p.colleague)[0]
    trip_draft = trip(p.clerk, submit=False)
    trip_case = trip(p.clerk)
    repair_draft = vehicle_services.save_repair(
        p.clerk, {"vehicle": car, "fault": "巡检", "workshop": "定点", "estimate": 100}
    )
    keeper = p.archivist
    hold("supplies_keeper", keeper)
    paper = supplies(keeper, 巡检纸=5)["巡检纸"]
    supply_draft = supply_services.save_supply_request(p.clerk, {"purpose": "巡检"}, [(paper, 1)])
    card = asset("WALK-1", p.clerk.section, p.clerk)
    take = StockTake.objects.create(year=timezone.localdate().year, started_by=p.chief)
    disposal_draft = asset_services.save_disposal(p.clerk, {"asset": card, "method": "scrap", "reason": "巡检"})
    hospitality_draft = hospitality(p.clerk, submit=False)
    hospitality_case = hospitality(p.clerk)
    office = dict(clerk=200, chief=200, leader=200, director=200)
    mine = dict(business=404, admins=404, clerk=200)
    submitted_edit = dict(business=403, admins=404, outsider=404)
    return {
        "finance:vehicle_list": [
            ("/finance/vehicles/", everyone(200)),
            ("/finance/vehicles/?status=open&export=xlsx", everyone(200)),
        ],
        "finance:vehicle_new": [("/finance/vehicles/new/", expect(business=200, admins=403))],
        "finance:vehicle_edit": [
            (f"/finance/vehicles/{trip_draft.pk}/edit/", expect(**mine)),
            (f"/finance/vehicles/{trip_case.pk}/edit/", expect(**submitted_edit, clerk=f"→/cases/{trip_case.pk}/")),
        ],
        "finance:vehicle_dispatch": [(f"/finance/vehicles/{trip_case.pk}/dispatch", everyone(405))],
        "finance:vehicle_return": [(f"/finance/vehicles/{trip_case.pk}/return", everyone(405))],
        "finance:vehicle_form": [
            (f"/finance/vehicles/{trip_case.pk}/form.pdf", expect(business=404, admins=404, **office))
        ],
        "finance:repair_list": [("/finance/repairs/", everyone(200))],
        "finance:repair_new": [("/finance/repairs/new/", expect(business=200, admins=403))],
        "finance:repair_edit": [(f"/finance/repairs/{repair_draft.pk}/edit/", expect(**mine))],
        "finance:repair_done": [(f"/finance/repairs/{repair_draft.pk}/done", everyone(405))],
        "finance:supply_list": [("/finance/supplies/", everyone(200))],
        "finance:supply_new": [("/finance/supplies/new/", expect(business=200, admins=403))],
        "finance:supply_edit": [(f"/finance/supplies/{supply_draft.pk}/edit/", expect(**mine))],
        "finance:supply_issue": [(f"/finance/supplies/{supply_draft.pk}/issue", everyone(405))],
        "finance:stock_receive": [("/finance/supplies/stock", everyone(405))],
        # every card: the office chief and the director (and the asset posts); the clerk the card he keeps
        "finance:asset_list": [("/finance/assets/", everyone(200)), ("/finance/assets/?export=xlsx", everyone(200))],
        "finance:asset_new": [("/finance/assets/new/", everyone(403))],  # the asset manager only (nobody here)
        "finance:asset_edit": [
            (f"/finance/assets/{card.pk}/edit/", expect(business=404, admins=404, clerk=403, chief=403, director=403)),
        ],
        "finance:stocktake_start": [("/finance/assets/stocktakes/start", everyone(405))],
        "finance:stocktake": [
            (f"/finance/assets/stocktakes/{take.pk}/", expect(business=404, admins=404, chief=200, director=200))
        ],
        "finance:stocktake_count": [(f"/finance/assets/stocktakes/{take.pk}/lines/1", everyone(405))],
        "finance:stocktake_surplus": [(f"/finance/assets/stocktakes/{take.pk}/surplus", everyone(405))],
        "finance:stocktake_close": [(f"/finance/assets/stocktakes/{take.pk}/close", everyone(405))],
        "finance:disposal_new": [("/finance/assets/disposals/new/", expect(business=200, admins=403))],
        "finance:disposal_edit": [(f"/finance/assets/disposals/{disposal_draft.pk}/edit/", expect(**mine))],
        "finance:disposal_dispose": [(f"/finance/assets/disposals/{disposal_draft.pk}/dispose", everyone(405))],
        "finance:hospitality_list": [("/finance/receptions/", everyone(200))],
        "finance:hospitality_new": [("/finance/receptions/new/", expect(business=200, admins=403))],
        "finance:hospitality_edit": [(f"/finance/receptions/{hospitality_draft.pk}/edit/", expect(**mine))],
        "finance:hospitality_close": [(f"/finance/receptions/{hospitality_case.pk}/close", everyone(405))],
        "finance:hospitality_form": [
            (f"/finance/receptions/{hospitality_case.pk}/form.pdf", expect(business=404, admins=404, **office)),
        ],
    }


def admin_finance(label):
    """A row of a finance admin model (an unused one where use forbids deletion), with a history row."""
    if label == "finance.vehicle":
        return Vehicle.objects.create(plate="巡检·后台车", model="测试")
    if label == "finance.supplyitem":
        return SupplyItem.objects.create(name="巡检：后台用品", unit="个")
    model = {"finance.standard": Standard, "finance.mealstandard": MealStandard}[label]
    row = model.objects.order_by("pk").first()
    row.save()
    return row
