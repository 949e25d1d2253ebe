# The leaders' overview's ten most overdue open matters (and the list of overdue ones) read the
# first rows of this partial index in due-date order instead of sorting every overdue matter.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0011_deadlinerule_statutory"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("status__in", ["active", "returned"])),
                fields=["due_date", "id"],
                name="workflow_case_open_due",
            ),
        ),
    ]
