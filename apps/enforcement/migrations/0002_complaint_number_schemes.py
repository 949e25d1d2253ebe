"""Existing databases: the number schemes of the complaint documents (行政执法监督意见书, 决定书 and
the 办理结果告知书), numbered by apps.numbering when issued instead of typed by hand. New
databases get them from fixtures/number_schemes.json (load_bureau, after migrate); a database
without the bureau's sections yet gets them from there too. A scheme already there is left as
the administrator edited it."""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "number_schemes.json"
CODES = ("enforcement-opinion", "enforcement-decision", "enforcement-notice")


def forwards(apps, schema_editor):
    Scheme = apps.get_model("numbering", "NumberScheme")
    History = apps.get_model("numbering", "HistoricalNumberScheme")
    Section = apps.get_model("org", "Section")
    owner = Section.objects.filter(code="enforcement").first()
    if owner is None:
        return
    rows = [r["fields"] for r in json.loads(FIXTURE.read_text(encoding="utf-8")) if r["fields"].get("code") in CODES]
    concrete = [f.attname for f in Scheme._meta.concrete_fields]
    for fields in rows:
        if Scheme.objects.filter(code=fields["code"]).exists():
            continue
        scheme = Scheme.objects.create(
            code=fields["code"],
            name=fields["name"],
            kind=fields["kind"],
            pattern=fields["pattern"],
            owner=owner,
            active=fields["active"],
            note=fields["note"],
        )
        History.objects.create(
            **{name: getattr(scheme, name) for name in concrete},
            history_date=timezone.now(),
            history_type="+",
            history_change_reason="行政执法监督文书编号规则（迁移）",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0001_initial"),
        ("numbering", "0001_initial"),
        ("org", "0002_external_unit"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
