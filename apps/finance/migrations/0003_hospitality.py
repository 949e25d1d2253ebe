"""Official hospitality (公务接待) is called Hospitality, apart from apps/reception (the visitor
desk): the model and its history are renamed (rows kept), the case's accessor becomes
`case.hospitality`, and the procedure catalogue's portal entry follows the renamed URL name.
The process code "finance.reception" stays: rule rows and cases store it."""

import django.db.models.deletion
from django.db import migrations, models

OLD_URL, NEW_URL = "finance:reception_list", "finance:hospitality_list"


def rename_portal_entry(apps, schema_editor, old=OLD_URL, new=NEW_URL):
    Procedure = apps.get_model("org", "Procedure")
    Procedure.objects.filter(portal_url_name=old).update(portal_url_name=new)


def restore_portal_entry(apps, schema_editor):
    rename_portal_entry(apps, schema_editor, old=NEW_URL, new=OLD_URL)


class Migration(migrations.Migration):

    dependencies = [
        ("finance", "0002_asset_assetdisposal_historicalasset_and_more"),
        ("workflow", "0008_deadlinerule_rolls_forward"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="reception", name="reception_dates_ordered"),
        migrations.RenameModel(old_name="Reception", new_name="Hospitality"),
        migrations.RenameModel(old_name="HistoricalReception", new_name="HistoricalHospitality"),
        migrations.AlterField(
            model_name="hospitality",
            name="case",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE, related_name="hospitality", to="workflow.case"
            ),
        ),
        migrations.AddConstraint(
            model_name="hospitality",
            constraint=models.CheckConstraint(
                condition=models.Q(("leave_on__gte", models.F("arrive_on"))), name="hospitality_dates_ordered"
            ),
        ),
        migrations.RunPython(rename_portal_entry, restore_portal_entry),
    ]
