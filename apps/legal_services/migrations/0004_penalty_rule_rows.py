"""Existing databases: the 6.11 penalty procedure's deadline rows (90 days to decide, the party's 5
working days to ask for a hearing, the 7 working days' hearing notice, 7 working days to serve the
decision) and its two number schemes (告知书, 决定书) are added when missing; rows already there are
the legal officer's and stay as they are. New databases get the same from
fixtures/legal_services_deadlines.json (load_bureau, after migrate)."""

import json

from django.conf import settings
from django.db import migrations
from django.utils import timezone

CODES = (
    "grassroots-penalty-decision",
    "grassroots-penalty-hearing-request",
    "grassroots-penalty-hearing-notice",
    "grassroots-penalty-service",
)
SCHEMES = ("grassroots-penalty-notice", "grassroots-penalty-decision")
SECTION = "public_legal"


def forwards(apps, schema_editor):
    Rule = apps.get_model("workflow", "DeadlineRule")
    History = apps.get_model("workflow", "HistoricalDeadlineRule")
    Scheme = apps.get_model("numbering", "NumberScheme")
    Section = apps.get_model("org", "Section")
    path = settings.BASE_DIR / "fixtures" / "legal_services_deadlines.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    now = timezone.now()
    names = [f.attname for f in Rule._meta.concrete_fields]
    for row in rows:
        fields = row["fields"]
        if row["model"] == "workflow.deadlinerule" and fields["code"] in CODES:
            if Rule.objects.filter(code=fields["code"]).exists():
                continue
            rule = Rule.objects.create(**fields)
            History.objects.create(
                **{name: getattr(rule, name) for name in names},
                history_date=now,
                history_type="+",
                history_change_reason="基层法律服务违规执业处罚（6.11）新增期限规则（迁移）",
            )
        elif row["model"] == "numbering.numberscheme" and fields["code"] in SCHEMES:
            owner = Section.objects.filter(code=SECTION).first()
            if owner is None or Scheme.objects.filter(code=fields["code"]).exists():
                continue  # a database without the section gets the scheme from load_bureau
            Scheme.objects.create(**{**fields, "owner": owner})


class Migration(migrations.Migration):
    dependencies = [
        ("legal_services", "0003_grassroots_penalty"),
        ("workflow", "0008_deadlinerule_rolls_forward"),
        ("numbering", "0001_initial"),
        ("org", "0002_external_unit"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
