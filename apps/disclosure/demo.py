"""Demo 政府信息公开 records moved by the real services (seed_demo calls create_demo_cases):
a request waiting for the applicant's 补正, one paused for a third party's opinion, one whose
reply was extended, one replied, one overdue; a proactive item at 保密审查 and a published one;
the 2025 annual report published."""

from datetime import date

from django.utils import timezone

from apps.petitions.demo import PEOPLE  # the same made-up people (ID numbers pass the checksum)
from apps.workflow import calendar
from apps.workflow import services as engine
from apps.workflow.models import Task

from . import services
from .models import ApplicantKind, ConsultKind, Outcome, ProactiveCategory


def _request(clerk, n, received_on, content, **extra):
    name, id_number, phone, address = PEOPLE[n]
    data = {"applicant": name, "id_number": id_number, "phone": phone, "address": address, "channel": "letter",
            "content": content, "received_on": received_on, **extra}
    return services.register_request(clerk, data)


def create_demo_cases(u):
    clerk, chief, leader = u["office.clerk"], u["office.chief"], u["leader.lu"]
    today = timezone.localdate()
    wd = lambda n: calendar.add_working_days(today, -n)  # noqa: E731  (n working days ago)

    supplement = _request(clerk, 0, wd(3), "本街道2026年人民调解委员会补贴发放情况", channel="in_person")
    services.notify_supplement(supplement.pk, clerk, wd(1), "请写明所需信息的具体年度、所涉调解委员会名称及获取信息的方式。")

    consult = _request(clerk, 1, wd(10), "某律师事务所2025年度年检考核结果及整改材料", channel="online")
    services.confirm_clear(consult.pk, clerk, wd(9))
    services.consult(consult.pk, clerk, ConsultKind.THIRD_PARTY, "山东某某律师事务所", "整改材料含该所合伙人收入及客户信息", wd(4))

    extended = _request(clerk, 2, wd(18), "2024年至2026年本局政府采购合同", applicant_kind=ApplicantKind.BUSINESS,
                        channel="email", reply_form="email")
    services.confirm_clear(extended.pk, clerk, wd(17))
    services.extend(extended.pk, clerk, 10, "所需合同数量较多，需逐份进行保密审查和区分处理", chief)

    replied = _request(clerk, 3, wd(15), "本局行政执法主体及执法人员名单")
    services.confirm_clear(replied.pk, clerk, wd(14))
    services.reply(replied.pk, clerk, Outcome.ALREADY_PUBLIC, "已在本局网站“行政执法公示”栏目公开，网址：https://www.linzi.gov.cn/sfj/zfgs/", wd(2))

    overdue = _request(clerk, 4, wd(25), "2025年本区社区矫正对象人数统计", channel="fax")
    services.confirm_clear(overdue.pk, clerk, wd(24))

    category = {c.name: c for c in ProactiveCategory.objects.all()}
    services.register_item(clerk, {"title": "2026年度普法责任清单", "category": category.get("规划计划"), "formed_on": wd(5),
                                   "summary": "各成员单位普法责任及完成时限"})
    item = services.register_item(clerk, {"title": "本局行政执法人员名单（2026年11月更新）", "category": category.get("行政执法"),
                                          "formed_on": wd(8)})
    engine.approve(item.pk, Task.objects.pending().get(case=item).pk, chief, "经审查，不涉及国家秘密和工作秘密，同意公开。")
    engine.approve(item.pk, Task.objects.pending().get(case=item).pk, leader, "同意公开。")
    services.publish_item(item.pk, clerk, wd(3), "行政执法公示", "https://www.linzi.gov.cn/sfj/zfgs/")

    report = services.open_report(clerk, today.year - 1)
    services.publish_report(report.pk, clerk, min(today, date(today.year, 1, 28)), "政府信息公开年报")
    return 10
