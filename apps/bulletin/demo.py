"""Demo 信息编发 (seed_demo calls create_demo_cases): the year's writing team, pieces from two
judicial offices and a section in every state, one issue issued and adopted at several levels
(the writers' points show in 绩效考核), one issue waiting for the leader's 签发."""

from datetime import timedelta

from django.utils import timezone

from apps.accounts.models import Rank, User
from apps.org.management.commands.seed_demo import DEMO_PASSWORD
from apps.org.models import Section
from apps.workflow import api
from apps.workflow.models import Task

from . import services
from .models import Level, Submission

# The judicial offices' staff (the same accounts 社区矫正's demo uses; whichever runs first creates them).
JO_USERS = [
    ("jo_wenshao", "jo.wenshao", "孟庆华", Rank.CHIEF),
    ("jo_wenshao", "jo.wenshao.staff", "田晓燕", Rank.STAFF),
    ("jo_qidu", "jo.qidu", "边志强", Rank.CHIEF),
    ("jo_qidu", "jo.qidu.staff", "崔丽娜", Rank.STAFF),
]


def _jo_users():
    offices = {s.code: s for s in Section.objects.filter(code__in={c for c, *_ in JO_USERS})}
    users = {}
    for code, username, name, rank in JO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": name,
                "section": offices[code],
                "rank": rank,
                "is_active": True,
                "is_demo": True,
                "admin_role": "",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password", "password_changed_at"])
        users[username] = user
    return users


def _approve(case, steps=99):
    for _ in range(steps):
        tasks = list(case.tasks.filter(status=Task.Status.PENDING, kind=Task.Kind.APPROVE).select_related("assignee"))
        if not tasks:
            return
        for task in tasks:
            api.approve(case.pk, task.pk, task.assignee, "同意。")


PIECES = [
    ("jo.wenshao.staff", "闻韶司法所“三调联动”化解一起土地承包纠纷", "近日，闻韶司法所联合派出所、村委会……"),
    ("jo.qidu.staff", "齐都司法所开展“法律明白人”培训", "为提升基层法治水平，齐都司法所组织……"),
    ("lawyer.clerk", "我区律师行业党建工作获市级表彰", "日前，市司法局通报表扬……"),
    ("jo.wenshao.staff", "闻韶司法所为返乡农民工提供法律援助", "春节前夕，闻韶司法所……"),
    ("jo.qidu", "齐都司法所社区矫正对象公益活动", "齐都司法所组织社区矫正对象……"),
    ("correct.clerk", "全区社区矫正工作推进会召开", "11月，区司法局召开……"),
]


def create_demo_cases(u):
    if Submission.objects.exists():
        return 0
    u = {**u, **_jo_users()}
    editor = u["office.clerk"]
    today = timezone.localdate()
    services.set_team(
        editor,
        today.year,
        [u["jo.wenshao.staff"], u["jo.qidu.staff"], u["lawyer.clerk"], u["office.clerk"]],
        today.replace(month=1, day=1) + timedelta(days=40),
    )
    pieces = []
    for username, title, body in PIECES:
        author = u[username]
        pieces.append(services.submit_piece(author, {"title": title, "body": body, "author": author}))
    # issued last month and adopted: national (+3), provincial (+1) and a city-level one (0)
    for p in pieces[:3]:
        services.edit_piece(editor, p.pk, "accept", p.title, p.body + "（办公室编辑）")
    issue = services.compile_issue(editor, "基层动态与队伍建设", [p.pk for p in pieces[:3]])
    _approve(issue.case)
    adopted = today - timedelta(days=20)
    services.record_adoption(editor, pieces[0].pk, "益阳日报", Level.CITY, adopted, "报纸复印件")
    services.record_adoption(
        editor, pieces[0].pk, "法治日报", Level.NATIONAL, adopted + timedelta(days=3), "网络稿打印件"
    )
    services.record_adoption(editor, pieces[1].pk, "湖南日报", Level.PROVINCE, adopted, "报纸复印件")
    services.record_adoption(editor, pieces[2].pk, "益阳市司法局网站", Level.CITY, adopted, "网页打印件")
    # waiting for the office's leader to 签发 (the office chief has approved)
    services.edit_piece(editor, pieces[3].pk, "accept", pieces[3].title, pieces[3].body)
    waiting = services.compile_issue(editor, "法律援助专刊", [pieces[3].pk])
    _approve(waiting.case, steps=1)
    # returned to a judicial office for revision; one still on the office's desk
    services.edit_piece(editor, pieces[4].pk, "return", remark="请补充活动时间、人数和成效。")
    return 2
