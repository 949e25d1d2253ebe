"""Existing databases: the disclosure deadline rules move from the placeholder process
"petitions.disclosure" to this app's processes (a history row records each change, since
simple-history does not see migrations); the default proactive categories; and the handbook's
procedure 1.9 gets its portal entry. New databases get the same from the fixtures
(load_bureau), which run after migrate: every step here only touches rows that need it."""

from django.db import migrations
from django.utils import timezone

OLD = "petitions.disclosure"
PROCESS_OF = {"disclosure-proactive": "disclosure.proactive", "disclosure-annual-report": "disclosure.report"}
DEFAULT_PROCESS = "disclosure.request"
CATEGORIES = [
    ("机构职能", "机构职能"), ("法规文件", "法定主动公开内容 · 规范性文件"), ("规划计划", "规划计划"),
    ("行政执法", "行政执法公示"), ("公共法律服务", "公共法律服务"), ("财政资金", "财政预决算"),
    ("人事信息", "人事信息"), ("年度报告", "政府信息公开年报"), ("其他", "其他"),
]


def forwards(apps, schema_editor):
    Rule = apps.get_model("workflow", "DeadlineRule")
    History = apps.get_model("workflow", "HistoricalDeadlineRule")
    now = timezone.now()
    fields = [f.attname for f in Rule._meta.concrete_fields]
    for rule in Rule.objects.filter(process=OLD, code__startswith="disclosure-"):
        rule.process = PROCESS_OF.get(rule.code, DEFAULT_PROCESS)
        rule.save(update_fields=["process"])
        History.objects.create(
            **{name: getattr(rule, name) for name in fields}, history_date=now, history_type="~",
            history_change_reason="流程改为政府信息公开应用（迁移）",
        )
    Category = apps.get_model("disclosure", "ProactiveCategory")
    if not Category.objects.exists():
        for order, (name, column) in enumerate(CATEGORIES, start=1):
            Category.objects.create(name=name, column=column, order=order * 10)
    Procedure = apps.get_model("org", "Procedure")
    Procedure.objects.filter(code="1.9", portal_url_name="").update(portal_url_name="disclosure:list")


def backwards(apps, schema_editor):
    Rule = apps.get_model("workflow", "DeadlineRule")
    Rule.objects.filter(code__startswith="disclosure-", process__startswith="disclosure.").update(process=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0001_initial"),
        ("workflow", "0006_attachment_integrity_attachment_integrity_checked_at_and_more"),
        ("org", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
