"""The yearly catalogue reported for the record (省人大常委会备案审查规定 §7 ¶3): its register
(YearlyList) and, for existing databases, its rule row filing-yearly-list (new databases get it
from fixtures/normative_files_deadlines.json through load_bureau). A row already there is left
as the legal officer edited it."""

import json
from pathlib import Path

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "normative_files_deadlines.json"
CODE = "filing-yearly-list"


def add_rule(apps, schema_editor):
    Rule = apps.get_model("workflow", "DeadlineRule")
    History = apps.get_model("workflow", "HistoricalDeadlineRule")
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    fields = next(r["fields"] for r in rows if r["fields"].get("code") == CODE)
    rule = Rule.objects.filter(code=CODE).first()
    if rule is not None:
        # On a new database 0002 (which reads the same fixture) has just added the row without
        # rolls_forward (a field 0002 does not copy): give it the fixture's value, unless someone
        # has edited the row since (a history record not written by a migration).
        edited = History.objects.filter(code=CODE).exclude(history_change_reason__endswith="（迁移）").exists()
        if edited or rule.rolls_forward == fields["rolls_forward"]:
            return
        rule.rolls_forward = fields["rolls_forward"]
        rule.save(update_fields=["rolls_forward"])
        kind = "~"
    else:
        names = {f.name for f in Rule._meta.concrete_fields}
        rule = Rule.objects.create(**{k: v for k, v in fields.items() if k in names})
        kind = "+"
    History.objects.create(
        **{f.attname: getattr(rule, f.attname) for f in Rule._meta.concrete_fields},
        history_date=timezone.now(),
        history_type=kind,
        history_change_reason="规范性文件年度目录报送备查期限（迁移）",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("normative_files", "0002_rules_and_registration_scheme"),
        ("workflow", "0008_deadlinerule_rolls_forward"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="YearlyList",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="目录年度")),
                ("reported_on", models.DateField(verbose_name="报送日期")),
                ("reported_to", models.CharField(default="区人大常委会", max_length=60, verbose_name="报送对象")),
                ("file_count", models.PositiveIntegerField(verbose_name="目录所列文件数")),
                ("recorded_at", models.DateTimeField(auto_now_add=True, verbose_name="登记时间")),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "规范性文件年度目录报送",
                "verbose_name_plural": "规范性文件年度目录报送",
                "ordering": ["-year"],
            },
        ),
        migrations.RunPython(add_rule, migrations.RunPython.noop),
    ]
