"""Demo emergency records, through the services: two plans (one due for revision soon), a drill,
an incident responding (first report made, the follow-up due), and one terminated and closed."""

from datetime import timedelta

from django.utils import timezone

from . import services
from .models import Drill, Incident, Plan


def create_demo_cases(u):
    today = timezone.localdate()
    clerk, chief = u["office.clerk"], u["office.chief"]
    correction = services.save_plan(
        clerk,
        {
            "title": "临淄区社区矫正突发事件应急预案",
            "kind": Plan.Kind.SPECIAL,
            "scope": "社区矫正对象脱管、漏管、重新违法犯罪、非正常死亡、群体性事件等突发事件的应急处置。",
            "report_interval_hours": 2,
            "revised_on": today.replace(year=today.year - 3) + timedelta(days=40),
            "revision_months": 36,
        },
    )
    general = services.save_plan(
        clerk,
        {
            "title": "临淄区司法局突发事件总体应急预案",
            "kind": Plan.Kind.GENERAL,
            "scope": "局机关及派出机构、局属事业单位发生的各类突发公共事件。",
            "report_interval_hours": 4,
            "revised_on": today - timedelta(days=300),
            "revision_months": 36,
        },
    )
    services.record_drill(
        clerk,
        {
            "plan": correction,
            "held_on": today - timedelta(days=60),
            "kind": Drill.Kind.TABLETOP,
            "scenario": "社区矫正对象电子定位信号中断超过 2 小时，疑似脱管。",
            "participants": 18,
            "evaluation": "信息报告环节用时偏长；司法所与派出所联络人员名单未及时更新。",
            "improvements": "更新联络名单，每季度核对一次；首报改为电话先报、书面后补。",
        },
    )
    old = services.activate(
        clerk,
        {
            "plan": general,
            "level": Incident.Level.ORDINARY,
            "occurred_at": timezone.now() - timedelta(days=12, hours=3),
            "unit": "稷下司法所",
            "place": "办公楼一楼",
            "summary": "配电箱短路冒烟，值班人员及时断电，未造成人员伤亡。",
            "cause": "线路老化",
            "measures": "断电、疏散、通知物业检修",
        },
    )
    services.file_report(
        old.case_id, clerk, {"recipients": "局应急指挥领导小组", "content": "已断电处置，无人员伤亡。"}
    )
    services.terminate(
        old.case_id,
        clerk,
        {
            "termination_order": "局应急指挥领导小组组长王正清",
            "recipients": "局应急指挥领导小组",
            "content": "线路已更换，恢复正常办公。",
        },
    )
    services.close_review(
        old.case_id,
        clerk,
        {
            "aftermath": "更换配电箱及老化线路，费用由物业维修基金列支。",
            "investigation": "原因为线路老化；已对全部司法所配电设施开展排查，建议纳入年度安全检查。",
        },
    )
    running = services.activate(
        clerk,
        {
            "plan": correction,
            "level": Incident.Level.LARGE,
            "occurred_at": timezone.now() - timedelta(hours=3),
            "unit": "凤凰司法所",
            "place": "凤凰镇",
            "summary": "社区矫正对象孙某电子定位信号中断，电话无法联系，疑似脱管。",
            "cause": "初步判断为手机关机后外出",
            "measures": "司法所已派员走访其住所并通报辖区派出所",
        },
    )
    services.file_report(
        running.case_id,
        clerk,
        {"recipients": "局应急指挥领导小组、区委政法委", "content": "司法所工作人员与派出所民警正在走访其亲属。"},
    )
    del chief
    return 2
