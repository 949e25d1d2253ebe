"""Existing databases: the five rule rows seeded under the placeholder processes
"public_legal.mediation" / "public_legal.assessor" move to this app's processes with the
corrected names, bases and verification (a history row records each change). New databases
get the same from fixtures/legal_services_deadlines.json (load_bureau, after migrate)."""

import json
from pathlib import Path

from django.conf import settings
from django.db import migrations
from django.utils import timezone

CODES = [
    "mediation-judicial-confirmation",
    "mediation-close",
    "mediation-follow-up-visit",
    "assessor-public-call",
    "assessor-public-notice",
]
FIELDS = ("process", "name", "start_event", "basis", "verified", "unit", "length", "mode", "remind_before", "escalate_after")


def forwards(apps, schema_editor):
    Rule = apps.get_model("workflow", "DeadlineRule")
    History = apps.get_model("workflow", "HistoricalDeadlineRule")
    path = Path(settings.BASE_DIR) / "fixtures" / "legal_services_deadlines.json"
    rows = {r["fields"]["code"]: r["fields"] for r in json.loads(path.read_text(encoding="utf-8"))}
    now = timezone.now()
    names = [f.attname for f in Rule._meta.concrete_fields]
    for rule in Rule.objects.filter(code__in=CODES, process__startswith="public_legal."):
        new = rows.get(rule.code)
        if new is None:
            continue
        for field in FIELDS:
            setattr(rule, field, new[field])
        rule.save(update_fields=list(FIELDS))
        History.objects.create(
            **{name: getattr(rule, name) for name in names},
            history_date=now,
            history_type="~",
            history_change_reason="流程改为公共法律服务应用，依据与核实状态更正（迁移）",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("legal_services", "0001_initial"),
        ("workflow", "0008_deadlinerule_rolls_forward"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
