from django.db import migrations


def create_default(apps, schema_editor):
    ReceptionPolicy = apps.get_model("reception", "ReceptionPolicy")
    ReceptionPolicy.objects.get_or_create(code="default")


class Migration(migrations.Migration):
    """The one 接待设置 row, so existing databases have it without a fixture run."""

    dependencies = [("reception", "0001_initial")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
