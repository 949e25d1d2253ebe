"""Existing databases: the deadline rows of 附带审查, 意见书/建议书 and publication. Two new rows
(recon-suggestion-reply, recon-decision-publication, both 待核实: the law sets no limit) and the
reminders/escalations on the rows watching the enacting body's and the forwarded body's answers.
New databases get the same from fixtures/reconsideration_deadlines.json (load_bureau); only rows
that differ are touched, a history row records each change."""

import json
from pathlib import Path

from django.conf import settings
from django.db import migrations
from django.utils import timezone

FIXTURE = "reconsideration_deadlines.json"
CODES = (
    "recon-incidental-review-handle",
    "recon-incidental-review-forward",
    "recon-enacting-body-reply",
    "recon-forwarded-reply",
    "recon-opinion-letter-report",
    "recon-suggestion-reply",
    "recon-decision-publication",
)
FIELDS = ("name", "remind_before", "escalate_after", "on_expiry", "basis")


def forwards(apps, schema_editor):
    Rule = apps.get_model("workflow", "DeadlineRule")
    History = apps.get_model("workflow", "HistoricalDeadlineRule")
    if not Rule.objects.filter(code__startswith="recon-").exists():
        return  # a new database: load_bureau seeds the rows from the fixture
    rows = json.loads((Path(settings.BASE_DIR) / "fixtures" / FIXTURE).read_text(encoding="utf-8"))
    now = timezone.now()
    names = [f.attname for f in Rule._meta.concrete_fields]
    for fields in (row["fields"] for row in rows if row["fields"]["code"] in CODES):
        rule = Rule.objects.filter(code=fields["code"]).first()
        if rule is None:
            rule = Rule.objects.create(**{k: v for k, v in fields.items() if k in names})
            kind, reason = "+", "行政复议应用新增期限规则（迁移）"
        else:
            changed = [k for k in FIELDS if getattr(rule, k) != fields[k]]
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
    dependencies = [("reconsideration", "0003_norm_review_letters_publication")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
