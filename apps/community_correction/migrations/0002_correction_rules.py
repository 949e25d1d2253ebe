"""Existing databases: the 社区矫正 deadline rows get their checked basis and the travel tiers
are corrected (they decide who approves; the approved end date is the return deadline, so
they carry no reminders). The values are read from fixtures/community_correction_deadlines.json
(the same rows load_bureau seeds into a new database); a history row records each change,
since simple-history does not see migrations. Rows not present are left to load_bureau."""

import json
from pathlib import Path

from django.conf import settings
from django.db import migrations
from django.utils import timezone

FIELDS = ["process", "name", "start_event", "remind_before", "escalate_after", "on_expiry", "extension_rule", "basis", "verified"]


def forwards(apps, schema_editor):
    Rule = apps.get_model("workflow", "DeadlineRule")
    History = apps.get_model("workflow", "HistoricalDeadlineRule")
    path = Path(settings.BASE_DIR) / "fixtures" / "community_correction_deadlines.json"
    rows = {row["fields"]["code"]: row["fields"] for row in json.loads(path.read_text(encoding="utf-8"))}
    now = timezone.now()
    concrete = [f.attname for f in Rule._meta.concrete_fields]
    for rule in Rule.objects.filter(code__in=list(rows)):
        wanted = rows[rule.code]
        changed = [name for name in FIELDS if name in wanted and getattr(rule, name) != wanted[name]]
        if not changed:
            continue
        for name in changed:
            setattr(rule, name, wanted[name])
        rule.save(update_fields=changed)
        History.objects.create(
            **{name: getattr(rule, name) for name in concrete},
            history_date=now,
            history_type="~",
            history_change_reason="社区矫正期限核对：依据、待核实标记与外出审批层级（迁移）",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("community_correction", "0001_initial"),
        ("workflow", "0008_deadlinerule_rolls_forward"),
        ("org", "0002_external_unit"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
