"""Demo 内务 records, through the services: the 机关后勤专干 post filled, hygiene and security
checks (one under rectification), canteen purchases accepted, refused and waiting."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apps.org.models import Position, Section

from . import services
from .access import LOGISTICS_POSITION
from .models import Check


def create_demo_cases(u):
    today = timezone.localdate()
    clerk, chief = u["office.clerk"], u["office.chief"]
    officer = u["office.receiver"]
    position = Position.objects.get(key=LOGISTICS_POSITION)
    if position.holder_id is None:
        position.holder = officer  # the demo's 机关后勤专干 (set by the administrator in real use)
        position.save(update_fields=["holder"])
    s = {x.code: x for x in Section.objects.all()}
    judicial = Section.objects.filter(kind="judicial_office").order_by("order", "pk").first()
    rows = [
        (s["office"], Check.Kind.HYGIENE, 95, "", None),
        (s["lawyers"], Check.Kind.HYGIENE, 88, "档案柜顶堆放杂物", None),
        (s["correction"], Check.Kind.SECURITY, 72, "下班后 2 台电脑未关机，饮水机未断电", today + timedelta(days=3)),
    ]
    if judicial is not None:
        rows.append((judicial, Check.Kind.SECURITY, 90, "", None))
    for section, kind, score, findings, rectify_by in rows:
        services.record_check(
            clerk,
            {
                "checked_on": today - timedelta(days=2),
                "kind": kind,
                "section": section,
                "inspectors": "钱晓燕、秦淑芳",
                "score": score,
                "findings": findings,
                "rectify_by": rectify_by,
            },
        )
    purchases = [
        ("临淄区某蔬菜批发部", "白菜 20 斤×1.2；土豆 30 斤×1.5；西红柿 15 斤×3.0", Decimal("114.00"), True, ""),
        ("某粮油店", "大米 50 斤×2.8；花生油 2 桶×85", Decimal("310.00"), True, ""),
        ("某肉食店", "猪肉 10 斤×16", Decimal("160.00"), False, "猪肉无检疫合格证明，已退货"),
        ("临淄区某蔬菜批发部", "芹菜 10 斤×2.5；鸡蛋 15 斤×5.2", Decimal("103.00"), None, ""),
    ]
    for i, (supplier, items, amount, ok, note) in enumerate(purchases):
        p = services.record_purchase(
            clerk,
            {
                "purchased_on": today - timedelta(days=6 - i),
                "supplier": supplier,
                "items": items,
                "amount": amount,
                "invoice_no": f"QD{202600 + i}",
            },
        )
        if ok is not None:
            services.accept_purchase(officer, p.pk, ok, note)
    del chief
    return 0
