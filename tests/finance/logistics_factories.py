"""Helpers for the logistics tests: cars, supplies, asset cards and the posts that handle them."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from apps.finance.hospitality import services as hospitality_services
from apps.finance.models import Asset, MealStandard, SupplyItem, Vehicle
from apps.finance.supplies import services as supply_services
from apps.finance.vehicles import services as vehicle_services
from apps.org.models import Position


def hold(key, user):
    position = Position.objects.get(key=key)
    position.holder = user
    position.save(update_fields=["holder"])


def at(days, hour):
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


def cars(n, driver):
    return [Vehicle.objects.create(plate=f"鲁C·T{i:04d}", model="测试车", seats=5, driver=driver) for i in range(n)]


def trip(user, days=1, scope="district", submit=True, passengers=2, start=8, end=17):
    data = {
        "purpose": "下乡检查",
        "destination": "某镇司法所",
        "scope": scope,
        "depart_at": at(days, start),
        "return_at": at(days, end),
        "passengers": passengers,
    }
    case = vehicle_services.save_vehicle_request(user, data, submit=submit)
    case.refresh_from_db()
    return case


def supplies(keeper, **stock):
    items = {}
    for name, quantity in stock.items():
        items[name] = SupplyItem.objects.create(name=name, unit="个")
        if quantity:
            supply_services.receive_stock(items[name].pk, keeper, quantity)
    return items


def asset(number, section, keeper, value="5000.00", location="201 室"):
    return Asset.objects.create(
        number=number,
        name=f"资产{number}",
        category="通用设备",
        value=Decimal(value),
        acquired_on=timezone.localdate() - timedelta(days=400),
        section=section,
        keeper=keeper,
        location=location,
    )


def hospitality(user, budget_meals="960.00", meals=1, guests=4, escorts=2, level="bureau", submit=True):
    data = {
        "visitor_unit": "市司法局督导组",
        "letter_ref": "市司函〔2026〕41号",
        "guests": guests,
        "escorts": escorts,
        "guest_level": MealStandard.objects.get(key=level),
        "arrive_on": timezone.localdate() + timedelta(days=2),
        "leave_on": timezone.localdate() + timedelta(days=2),
        "plan": "9:00 汇报；12:00 工作餐",
        "meals": meals,
        "budget_meals": Decimal(budget_meals),
        "budget_lodging": Decimal("0"),
        "budget_other": Decimal("0"),
    }
    case = hospitality_services.save_hospitality(user, data, submit=submit)
    case.refresh_from_db()
    return case
