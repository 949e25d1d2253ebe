"""Demo petitions in every state, moved by the real services (seed_demo calls create_demo_cases):
one registered and waiting for 呈阅, one accepted and running, one extended, one answered by the
bureau whose 复查 the petitioner was told to ask of the city bureau, an answered one, a group
visit (leaders alerted), one transferred by the city bureau, one objected to, one 转送 to the public legal service section, one overdue."""

from datetime import timedelta

from django.utils import timezone

from apps.workflow import api
from apps.workflow.models import Task

from . import services
from .models import Channel, UpperBody

# Made-up people: ID numbers pass the GB 11643 checksum, phones and addresses are fictitious.
PEOPLE = [
    ("刘桂英", "370305196203154229", "13906431122", "临淄区辛店街道桓公路18号2单元301"),
    ("陈建军", "37030519780824001X", "13853318765", "临淄区稷下街道晏婴路66号"),
    ("王秀兰", "37030519551102064X", "15965542310", "临淄区齐都镇西关村128号"),
    ("赵德胜", "370305198301127530", "18653347720", "临淄区凤凰镇刘家村3组"),
    ("孙丽娟", "370305199005062626", "13791625508", "临淄区闻韶街道雪宫路9号1单元502"),
    ("周国强", "370305196907183116", "13561699041", "临淄区朱台镇高阳村"),
    ("吴春梅", "370305198711154224", "15254378816", "临淄区皇城镇东安村45号"),
    ("郑海涛", "370305197402091210", "13675338890", "临淄区敬仲镇白兔丘村"),
    ("马淑珍", "37030519580730342X", "13589557216", "临淄区金山镇大夫店村"),
]


def _register(clerk, n, received_on, demands, channel=Channel.LETTER, **extra):
    name, id_number, phone, address = PEOPLE[n]
    data = {
        "channel": channel,
        "received_on": received_on,
        "petitioner": name,
        "id_number": id_number,
        "phone": phone,
        "address": address,
        "is_group": False,
        "headcount": 1,
        "demands": demands,
        **extra,
    }
    return services.register_petition(clerk, data)


def _read_through(case, opinions=("拟请办公室受理办理。", "同意，请依法按期答复。")):
    for opinion in opinions:
        task = case.tasks.get(status=Task.Status.PENDING)
        api.approve(case.pk, task.pk, task.assignee, opinion)
    case.refresh_from_db()
    return case


def create_demo_cases(u):
    clerk, today = u["office.clerk"], timezone.localdate()
    day = lambda n: today - timedelta(days=n)  # noqa: E731
    made = 0

    # Registered today, waiting for the office chief's 呈阅.
    _register(clerk, 0, today, "反映小区物业拖欠维修基金问题，要求协调解决。", channel=Channel.VISIT)
    made += 1

    # A group visit: the leaders are told at once; read by the chief, now at the division leader.
    case = _register(
        clerk,
        1,
        day(1),
        "十二名村民反映土地承包合同纠纷调解结果未履行，要求督促履行。",
        channel=Channel.VISIT,
        is_group=True,
        headcount=12,
        title="西关村村民集体访",
    )
    task = case.tasks.get(status=Task.Status.PENDING)
    api.approve(case.pk, task.pk, task.assignee, "群体访事项，请分管领导阅示，及时组织接待。")
    made += 1

    # Accepted, running on the 60 days.
    case = _read_through(_register(clerk, 2, day(12), "申请法律援助被拒，认为不符合规定，要求重新审查。"))
    services.decide(case.pk, clerk, True, day(8))
    made += 1

    # Accepted and extended with the director's approval.
    case = _read_through(
        _register(clerk, 3, day(70), "反映人民调解员调解程序不规范，要求调查处理。", channel=Channel.ONLINE)
    )
    services.decide(case.pk, clerk, True, day(65))
    services.extend(case.pk, clerk, 20, "需调取调解卷宗并约谈双方当事人，情况复杂", u["director"])
    made += 1

    # Answered by the bureau itself; the petitioner wants 复查, which lies with the body one level
    # up (信访工作条例 §35): told to apply to the city bureau, the outcome there still awaited.
    case = _read_through(_register(clerk, 4, day(60), "投诉律师收费过高且未出具票据。"))
    services.decide(case.pk, clerk, True, day(55))
    services.answer(case.pk, clerk, "经调查，该律师事务所已退还超收费用并补开票据，对涉事律师进行了约谈。", day(20))
    services.refer_review_upward(case.pk, clerk, UpperBody.CITY_BUREAU, day(5))
    made += 1

    # Answered and closed.
    case = _read_through(
        _register(clerk, 5, day(50), "反映社区矫正对象夜不归宿，要求加强监管。", channel=Channel.PHONE)
    )
    services.decide(case.pk, clerk, True, day(45))
    services.answer(case.pk, clerk, "已责成司法所加强监管，落实电子定位和每周报告制度。", day(10))
    made += 1

    # Transferred by the city bureau: receipt notice and objection window running.
    case = _register(
        clerk,
        6,
        day(2),
        "反映基层法律服务工作者代理案件不尽责。",
        channel=Channel.CITY_BUREAU,
        source_ref="淄司信转〔2026〕47号",
    )
    _read_through(case)
    made += 1

    # Assigned by the district petitions bureau but outside the bureau's competence: objected.
    case = _read_through(
        _register(
            clerk,
            7,
            day(6),
            "要求解决拆迁安置补偿款发放问题。",
            channel=Channel.PETITIONS_BUREAU,
            source_ref="临信交〔2026〕112号",
        )
    )
    services.raise_objection(
        case.pk, clerk, day(3), "拆迁安置补偿属区住房和城乡建设局职权，本局无权处理，建议转该局办理。"
    )
    made += 1

    # 转送: the handling step given to the public legal service section.
    case = _read_through(_register(clerk, 8, day(4), "公证书出具时间过长，要求说明原因。"))
    task = case.tasks.get(status=Task.Status.PENDING, step="handle")
    api.transfer(
        case.pk, task.pk, clerk, u["service.clerk"], "公证业务属公共法律服务管理科职责，请受理办理并书面告知信访人。"
    )
    made += 1

    # Overdue: received 20 days ago, still undecided after 呈阅.
    _read_through(_register(clerk, 0, day(20), "反映司法所工作人员接待态度差。", title="刘桂英反映司法所接待态度问题"))
    made += 1
    return made
