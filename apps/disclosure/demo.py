"""Demo 政府信息公开 records moved by the real services (seed_demo calls create_demo_cases):
requests waiting for the applicant's 补正, at the responsible section's 拟稿 paused for a third
party's opinion, extended and with the division leader for 审核, reviewed and waiting to be
issued, replied, and one overdue with its 处理单 at the office chief's 批示; a proactive item at 保密审查 and a published one;
the 2025 annual report published."""

from datetime import date

from django.utils import timezone

from apps.org.models import Section
from apps.petitions.demo import PEOPLE  # the same made-up people (ID numbers pass the checksum)
from apps.workflow import api, calendar
from apps.workflow.models import Task

from . import services
from .models import ApplicantKind, ConsultKind, Outcome, ProactiveCategory


def _request(clerk, n, received_on, content, **extra):
    name, id_number, phone, address = PEOPLE[n]
    data = {
        "applicant": name,
        "id_number": id_number,
        "phone": phone,
        "address": address,
        "channel": "letter",
        "content": content,
        "received_on": received_on,
        **extra,
    }
    return services.register_request(clerk, data)


def _instructed(case, clerk, chief, leader, section, opinion, on_date):
    """处理单 by the office clerk, then 批示 by the office chief and the division leader."""
    services.issue_sheet(case.pk, clerk, section, opinion, on_date)
    api.approve(case.pk, Task.objects.pending().get(case=case).pk, chief, "拟同意，请责任科室认真检索、按时拟稿。")
    api.approve(case.pk, Task.objects.pending().get(case=case).pk, leader, "同意。")


def _drafted(case, drafter, outcome, detail):
    services.draft_reply(case.pk, drafter, outcome, detail)


def create_demo_cases(u):
    clerk, chief, leader = u["office.clerk"], u["office.chief"], u["leader.lu"]
    sections = {s.code: s for s in Section.objects.all()}
    today = timezone.localdate()
    wd = lambda n: calendar.add_working_days(today, -n)  # noqa: E731  (n working days ago)

    supplement = _request(clerk, 0, wd(3), "本街道2026年人民调解委员会补贴发放情况", channel="in_person")
    services.notify_supplement(
        supplement.pk, clerk, wd(1), "请写明所需信息的具体年度、所涉调解委员会名称及获取信息的方式。"
    )

    # Overdue, its 处理单 (the earliest, so the first number) still with the office chief.
    overdue = _request(clerk, 4, wd(25), "2025年本区社区矫正对象人数统计", channel="fax")
    services.confirm_clear(overdue.pk, clerk, wd(24))
    services.issue_sheet(overdue.pk, clerk, sections["correction"], "拟由矫正科提供统计数据并拟定答复意见。", wd(24))

    # Extended, the draft with the division leader for 审核.
    extended = _request(
        clerk,
        2,
        wd(18),
        "2024年至2026年本局政府采购合同",
        applicant_kind=ApplicantKind.BUSINESS,
        channel="email",
        reply_form="email",
    )
    services.confirm_clear(extended.pk, clerk, wd(17))
    _instructed(
        extended, clerk, chief, leader, sections["office"], "拟由办公室（财务）整理合同清单并逐份审查。", wd(17)
    )
    services.extend(extended.pk, clerk, 10, "所需合同数量较多，需逐份进行保密审查和区分处理", chief)
    _drafted(
        extended, clerk, Outcome.PARTIAL, "合同中供应商银行账户及报价明细属于商业秘密，不予公开；其余部分予以公开。"
    )

    replied = _request(clerk, 3, wd(15), "本局行政执法主体及执法人员名单")
    services.confirm_clear(replied.pk, clerk, wd(14))
    _instructed(replied, clerk, chief, leader, sections["enforcement"], "拟由执法监督科核实公示情况后答复。", wd(14))
    _drafted(
        replied,
        u["enforce.clerk"],
        Outcome.ALREADY_PUBLIC,
        "已在本局网站“行政执法公示”栏目公开，网址：https://www.linzi.gov.cn/sfj/zfgs/",
    )
    api.approve(replied.pk, Task.objects.pending().get(case=replied).pk, leader, "同意答复。")
    services.reply(replied.pk, clerk, today)

    # Reviewed and approved: waiting for the office to issue and serve the reply.
    ready = _request(clerk, 5, wd(12), "2026年本区法律援助案件受理数量统计", channel="in_person")
    services.confirm_clear(ready.pk, clerk, wd(11))
    _instructed(
        ready, clerk, chief, leader, sections["public_legal"], "拟由公共法律服务科提供统计数据并拟定答复意见。", wd(11)
    )
    _drafted(ready, u["service.clerk"], Outcome.PUBLIC, "2026年1月至11月，本区法律援助机构共受理法律援助案件1,286件。")
    api.approve(ready.pk, Task.objects.pending().get(case=ready).pk, leader, "同意答复。")

    # At the responsible section's 拟稿, paused while the law firm is asked (§32).
    consult = _request(clerk, 1, wd(10), "某律师事务所2025年度年检考核结果及整改材料", channel="online")
    services.confirm_clear(consult.pk, clerk, wd(9))
    _instructed(consult, clerk, chief, leader, sections["lawyers"], "拟由律师科检索年检考核材料并拟定答复意见。", wd(9))
    services.consult(
        consult.pk,
        u["lawyer.clerk"],
        ConsultKind.THIRD_PARTY,
        "山东某某律师事务所",
        "整改材料含该所合伙人收入及客户信息",
        wd(4),
    )

    category = {c.name: c for c in ProactiveCategory.objects.all()}
    services.register_item(
        clerk,
        {
            "title": "2026年度普法责任清单",
            "category": category.get("规划计划"),
            "formed_on": wd(5),
            "summary": "各成员单位普法责任及完成时限",
        },
    )
    item = services.register_item(
        clerk,
        {"title": "本局行政执法人员名单（2026年11月更新）", "category": category.get("行政执法"), "formed_on": wd(8)},
    )
    api.approve(
        item.pk, Task.objects.pending().get(case=item).pk, chief, "经审查，不涉及国家秘密和工作秘密，同意公开。"
    )
    api.approve(item.pk, Task.objects.pending().get(case=item).pk, leader, "同意公开。")
    services.publish_item(item.pk, clerk, wd(3), "行政执法公示", "https://www.linzi.gov.cn/sfj/zfgs/")

    report = services.open_report(clerk, today.year - 1)
    services.publish_report(report.pk, clerk, min(today, date(today.year, 1, 28)), "政府信息公开年报")
    return 11
