"""Existing databases: the reconsideration deadline rows get this app's corrections (pause,
extension and 30-day cap of the decision period, the bureau-as-respondent answer rows under the
process reconsideration.answer, the 行诉解释 §34 extension of the defence period) and the two new
rows watching the respondent's answer; a history row records each change (simple-history does
not see migrations). New databases get the same from fixtures/reconsideration_deadlines.json
(load_bureau); only rows that differ are touched."""

import json
from pathlib import Path

from django.conf import settings
from django.db import migrations
from django.utils import timezone

FIXTURE = "reconsideration_deadlines.json"
FIELDS = (
    "process", "name", "pause_rule", "extension_rule", "max_extension", "extend_before_due_only", "remind_before",
    "escalate_after", "basis",
)


def _rows():
    path = Path(settings.BASE_DIR) / "fixtures" / FIXTURE
    return [row["fields"] for row in json.loads(path.read_text(encoding="utf-8"))]


def forwards(apps, schema_editor):
    Rule = apps.get_model("workflow", "DeadlineRule")
    History = apps.get_model("workflow", "HistoricalDeadlineRule")
    if not Rule.objects.filter(code__startswith="recon-").exists():
        return  # a new database: load_bureau seeds the rows from the fixture
    now = timezone.now()
    names = [f.attname for f in Rule._meta.concrete_fields]
    for fields in _rows():
        rule = Rule.objects.filter(code=fields["code"]).first()
        if rule is None:
            rule = Rule.objects.create(**{k: v for k, v in fields.items() if k in names})
            kind, reason = "+", "行政复议应用新增期限规则（迁移）"
        else:
            changed = [k for k in FIELDS if k in fields and getattr(rule, k) != fields[k]]
            if not changed:
                continue
            for k in changed:
                setattr(rule, k, fields[k])
            rule.save(update_fields=changed)
            kind, reason = "~", "行政复议应用核对修正（迁移）"
        History.objects.create(
            **{n: getattr(rule, n) for n in names}, history_date=now, history_type=kind, history_change_reason=reason
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reconsideration", "0001_initial"),
        ("workflow", "0008_deadlinerule_rolls_forward"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
