from django.db import migrations

# 三定 1.5: 按照区委、区政府和市司法局要求按时上报值班表. The administrator edits the list.
BODIES = ["区委办公室", "区政府办公室", "区委政法委", "市司法局"]


def seed(apps, schema_editor):
    ReportingBody = apps.get_model("duty", "ReportingBody")
    for order, name in enumerate(BODIES, start=1):
        ReportingBody.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("duty", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
