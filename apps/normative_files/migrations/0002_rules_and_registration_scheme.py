"""Existing databases: the normative-file deadline rows (moved under processes
normative.review / normative.filing) get this issue's corrections — the 5-working-day review
limit is the bureau's (职责流程 5.9), 国办发〔2018〕115号's 15 working days the outer limit and its
5 the drafter's minimum allowance; filing to the district congress standing committee within 30
days under the Shandong rule (§7) instead of the Beijing/Shanghai examples; the 规章 row is not
used by a district (inactive). Rows missing from the database are added; the 登记号 scheme is
created. A history row records each change (simple-history does not see migrations). New
databases get the same from the fixtures (load_bureau), which run after migrate."""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "normative_files_deadlines.json"
RULE_FIELDS = (
    "process", "scope", "step", "name", "length", "unit", "mode", "start_event", "pause_rule",
    "extension_rule", "max_extension", "remind_before", "escalate_after", "on_expiry", "basis",
    "verified", "active",
)


def _rows():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def forwards(apps, schema_editor):
    Rule = apps.get_model("workflow", "DeadlineRule")
    History = apps.get_model("workflow", "HistoricalDeadlineRule")
    Scheme = apps.get_model("numbering", "NumberScheme")
    Section = apps.get_model("org", "Section")
    now = timezone.now()
    concrete = [f.attname for f in Rule._meta.concrete_fields]
    for row in _rows():
        fields = row["fields"]
        if row["model"] == "workflow.deadlinerule":
            values = {name: fields[name] for name in RULE_FIELDS if name in fields}
            rule = Rule.objects.filter(code=fields["code"]).first()
            if rule is None:
                rule = Rule.objects.create(code=fields["code"], **values)
                kind, reason = "+", "规范性文件应用新增期限规则（迁移）"
            else:
                changed = [name for name, value in values.items() if getattr(rule, name) != value]
                if not changed:
                    continue
                for name in changed:
                    setattr(rule, name, values[name])
                rule.save(update_fields=changed)
                kind, reason = "~", "按问题15更正规范性文件期限规则（迁移）"
            History.objects.create(
                **{name: getattr(rule, name) for name in concrete},
                history_date=now, history_type=kind, history_change_reason=reason,
            )
        elif row["model"] == "numbering.numberscheme":
            owner = Section.objects.filter(code="enforcement").first()
            if owner is None or Scheme.objects.filter(code=fields["code"]).exists():
                continue
            Scheme.objects.create(
                code=fields["code"], name=fields["name"], kind=fields["kind"], pattern=fields["pattern"],
                owner=owner, active=fields["active"], note=fields["note"],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("normative_files", "0001_initial"),
        ("workflow", "0008_deadlinerule_rolls_forward"),
        ("numbering", "0001_initial"),
        ("org", "0002_external_unit"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
