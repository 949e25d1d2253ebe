"""Demo IT projects, through the services and the engine: one at the office chief's review,
one above the collective-decision threshold at procurement, one accepted with its asset."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apps.org.models import Section
from apps.workflow import api
from apps.workflow.models import Task

from . import services
from .models import Project


def _approve_route(case):
    case.refresh_from_db()
    while case.status == "active":
        task = case.tasks.filter(status=Task.Status.PENDING, kind=Task.Kind.APPROVE).first()
        if task is None:
            break
        api.approve(case.pk, task.pk, task.assignee, "同意")
        case.refresh_from_db()


def create_demo_cases(u):
    today = timezone.localdate()
    clerk = u["office.clerk"]
    s = {x.code: x for x in Section.objects.all()}
    services.request_project(
        clerk,
        {
            "title": "视频会议终端更新",
            "source": Project.Source.SECTION,
            "user_section": s["office"],
            "need": "更换局三楼会议室视频会议终端 1 套，支持省市县三级视频会议。",
            "plan": "采购符合省平台接入标准的终端；原终端报废处置。",
            "budget": Decimal("4800.00"),
        },
    )
    big = services.request_project(
        clerk,
        {
            "title": "社区矫正智慧监管平台升级",
            "source": Project.Source.CITY,
            "user_section": s["correction"],
            "need": "按市局要求升级电子定位与视频点验模块，对接省社区矫正一体化平台。",
            "plan": "方案讨论会 2 次，确定升级定位模块、增加人脸点验；预算经初步测算。",
            "budget": Decimal("86000.00"),
        },
    )
    _approve_route(big.case)
    done = services.request_project(
        clerk,
        {
            "title": "公共法律服务中心自助终端",
            "source": Project.Source.SECTION,
            "user_section": s["public_legal"],
            "need": "自助法律咨询终端 1 台。",
            "plan": "网上商城采购，供应商负责安装调试。",
            "budget": Decimal("3600.00"),
        },
    )
    _approve_route(done.case)
    services.record_procurement(
        done.case_id,
        clerk,
        {
            "bigdata_review_on": today - timedelta(days=50),
            "finance_review_on": today - timedelta(days=45),
            "procurement": Project.Procurement.MALL,
            "vendor": "淄博某信息技术有限公司",
            "contract_amount": Decimal("3480.00"),
            "contract_on": today - timedelta(days=40),
        },
    )
    services.record_acceptance(
        done.case_id,
        clerk,
        {
            "accepted_on": today - timedelta(days=10),
            "vendor_signatory": "张工",
            "user_signatory": u["service.clerk"],
            "it_signatory": clerk,
            "acceptance_opinion": "设备到货齐全，安装调试正常，试运行一周无故障，同意验收。",
            "asset_name": "自助法律咨询终端",
            "asset_value": Decimal("3480.00"),
            "asset_location": "公共法律服务中心大厅",
        },
    )
    return 3
