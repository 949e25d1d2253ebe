from django.db import migrations


def forwards(apps, schema_editor):
    Policy = apps.get_model("supervision", "SupervisionPolicy")
    Policy.objects.get_or_create(code="default")
    Procedure = apps.get_model("org", "Procedure")
    Procedure.objects.filter(code="1.1.6", portal_url_name="").update(portal_url_name="supervision:list")


class Migration(migrations.Migration):
    """Existing databases: the one 督查督办设置 row, and the handbook's procedure 1.1.6 gets its
    portal entry (new databases get it from fixtures/org_catalogue.json through load_bureau)."""

    dependencies = [("supervision", "0002_supervisionpolicy"), ("org", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
