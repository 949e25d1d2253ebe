"""Demo data: the org chart, one user per role per section, and cases in every state.

Refused in production (DJANGO_DEBUG off) unless ALLOW_DEMO_USERS is set: demo accounts share
one published password.
"""

import importlib

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.accounts import otp
from apps.accounts.models import AdminRole, Clearance, OfficeRole, OfficeRoleGrant, Rank, User
from apps.org.models import Position, Section

DEMO_PASSWORD = "Demo#2026bureau"

# (username, full name, section code, rank, office role)
SECTION_STAFF = {
    "office": ("办公室", [("office.chief", "赵文静", Rank.CHIEF), ("office.clerk", "钱晓燕", Rank.STAFF)]),
    "personnel": ("政工科", [("personnel.chief", "孙建国", Rank.CHIEF), ("personnel.clerk", "李思远", Rank.STAFF)]),
    "rule_of_law": ("秘书科", [("law.chief", "周海峰", Rank.CHIEF), ("law.clerk", "吴佳琪", Rank.STAFF)]),
    "reconsideration": ("复议科", [("recon.chief", "郑明辉", Rank.CHIEF), ("recon.clerk", "冯雨桐", Rank.STAFF)]),
    "enforcement": ("执法监督科", [("enforce.chief", "陈立新", Rank.CHIEF), ("enforce.clerk", "褚梦洁", Rank.STAFF)]),
    "public_legal": (
        "公共法律服务科",
        [("service.chief", "卫东升", Rank.CHIEF), ("service.clerk", "蒋欣然", Rank.STAFF)],
    ),
    "lawyers": ("律师科", [("lawyer.chief", "沈国栋", Rank.CHIEF), ("lawyer.clerk", "韩雪梅", Rank.STAFF)]),
    "correction": ("矫正科", [("correct.chief", "杨振华", Rank.CHIEF), ("correct.clerk", "朱晓丽", Rank.STAFF)]),
}
OFFICE_ROLE_USERS = [
    ("office.receiver", "秦淑芳", OfficeRole.RECEIVER),
    ("office.secret", "尤志强", OfficeRole.CONFIDENTIAL_CLERK),
    ("office.seal", "许丽华", OfficeRole.SEAL_KEEPER),
    ("office.archive", "何静怡", OfficeRole.ARCHIVIST),
]
LEADERS = [
    ("director", "王正清", Rank.DIRECTOR, []),
    ("leader.lu", "吕志刚", Rank.DIVISION_LEADER, ["office", "personnel", "rule_of_law"]),
    ("leader.shi", "施红梅", Rank.DIVISION_LEADER, ["reconsideration", "enforcement", "public_legal"]),
    ("leader.zhang", "张德明", Rank.DIVISION_LEADER, ["lawyers", "correction"]),
]
ADMINS = [
    ("sysadmin", "系统管理员（孔）", AdminRole.SYSTEM),
    ("secadmin", "安全管理员（曹）", AdminRole.SECURITY),
    ("auditor", "审计管理员（严）", AdminRole.AUDIT),
]


def _user(username, full_name, **fields):
    cleared = fields.get("rank") in (Rank.CHIEF, Rank.DIVISION_LEADER, Rank.DIRECTOR)
    fields.setdefault("clearance", Clearance.WORK_SECRET if cleared else Clearance.INTERNAL)
    user, _ = User.objects.update_or_create(
        username=username, defaults={"full_name": full_name, "is_active": True, "is_demo": True, **fields}
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password", "password_changed_at"])
    return user


class Command(BaseCommand):
    help = "载入演示数据：机构、各角色演示账号、各种状态的事项（仅用于演示环境）"

    def handle(self, *args, **options):
        if not (settings.DEBUG or settings.ALLOW_DEMO_USERS):
            raise CommandError("生产环境（DJANGO_DEBUG 关闭）不允许创建演示账号；确需演示请设置 ALLOW_DEMO_USERS=1。")
        call_command("load_bureau", verbosity=0)
        with transaction.atomic():
            users = self._users()
        created = 0
        if not User.objects.filter(is_demo=True, initiated_cases__isnull=False).exists():
            for config in apps.get_app_configs():
                if not config.name.startswith("apps."):
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                created += module.create_demo_cases(users)
        self.stdout.write(self.style.SUCCESS(f"演示数据就绪：{len(users)} 个账号，新建 {created} 个事项。"))
        self.stdout.write(f"演示账号统一密码：{DEMO_PASSWORD}")
        self.stdout.write("管理员（sysadmin、secadmin、auditor）登录还需两步验证码：python manage.py demo_otp sysadmin")
        self.stdout.write("账号：" + "、".join(sorted(users)))

    def _users(self):
        users = {}
        sections = {s.code: s for s in Section.objects.all()}
        for code, (_, people) in SECTION_STAFF.items():
            section = sections[code]
            posts = list(section.posts.order_by("order"))
            for username, name, rank in people:
                post = posts[0] if rank == Rank.CHIEF and posts else (posts[-1] if posts else None)
                users[username] = _user(username, name, section=section, rank=rank, post=post, admin_role="")
        office = sections["office"]
        for username, name, role in OFFICE_ROLE_USERS:
            users[username] = _user(username, name, section=office, rank=Rank.STAFF, admin_role="")
            OfficeRoleGrant.objects.get_or_create(user=users[username], role=role)
        leadership = sections["leadership"]
        for username, name, rank, led in LEADERS:
            users[username] = _user(username, name, section=leadership, rank=rank, admin_role="")
            for code in led:
                section = sections[code]
                section.division_leader = users[username]
                section.save(update_fields=["division_leader"])
        for username, name, role in ADMINS:
            users[username] = _user(
                username, name, section=None, rank="", admin_role=role, is_staff=role != AdminRole.AUDIT
            )
            # Administrators log in with two factors: a fixed demo key; `manage.py demo_otp NAME` shows the code.
            otp.ensure_demo_device(users[username])
        for key in ("personnel_leader", "finance_leader"):
            position = Position.objects.get(key=key)
            position.holder = users["leader.lu"]
            position.save(update_fields=["holder"])
        return users
