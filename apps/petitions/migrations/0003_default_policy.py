from django.db import migrations


def create_default(apps, schema_editor):
    PetitionPolicy = apps.get_model("petitions", "PetitionPolicy")
    PetitionPolicy.objects.get_or_create(code="default")


class Migration(migrations.Migration):
    """The one 信访设置 row, so existing databases have it without a fixture run."""

    dependencies = [("petitions", "0002_petitionpolicy_historicalpetition_objected_on_and_more")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
