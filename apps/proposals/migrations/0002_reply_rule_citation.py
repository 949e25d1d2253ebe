"""The reply limit of a deputy's suggestion is 代表法 §51 since the revision of 2025-03-11 (the
article was §43 before; the 3 and 6 months are unchanged). The rule row's basis is corrected
where it exists; a fresh database gets the corrected row from fixtures/deadline_rules.json."""

from django.db import migrations

OLD = "代表法第四十三条"
BASIS = (
    "代表法（2025年3月11日修正）第五十一条：自交办之日起三个月内答复，涉及面广、处理难度大的六个月内答复"
    "（已核对法条）；政协提案的办复期限（政协提案工作条例及本区办法）待法制人员核实"
)


def fix_basis(apps, schema_editor):
    DeadlineRule = apps.get_model("workflow", "DeadlineRule")
    for rule in DeadlineRule.objects.filter(code="proposal-reply", basis__contains=OLD):
        rule.basis = BASIS
        rule.save(update_fields=["basis"])


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_initial"),
        ("workflow", "0008_deadlinerule_rolls_forward"),
    ]

    operations = [migrations.RunPython(fix_basis, migrations.RunPython.noop)]
