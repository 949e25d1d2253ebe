"""Requests registered the way the register form (and the reception desk) does it."""

from datetime import date

from apps.disclosure import services
from apps.disclosure.models import ProactiveCategory

ID_NUMBER = "11010519491231002X"
PHONE = "13800138000"
ADDRESS = "淄博市临淄区桓公路18号2单元301"


def new_request(clerk, received_on=date(2026, 9, 23), **extra):
    data = {
        "applicant": "张三", "id_number": ID_NUMBER, "phone": PHONE, "address": ADDRESS, "channel": "letter",
        "content": "2025年度本区法律援助经费使用情况", "received_on": received_on, **extra,
    }
    return services.register_request(clerk, data)


def new_item(clerk, formed_on=date(2026, 9, 23), title="2026年度法治政府建设工作要点"):
    category, _ = ProactiveCategory.objects.get_or_create(name="规划计划", defaults={"column": "规划计划", "order": 30})
    return services.register_item(clerk, {"title": title, "category": category, "formed_on": formed_on, "summary": "全文公开"})
