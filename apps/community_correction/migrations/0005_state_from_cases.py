"""The state of travel, monitoring and 调查评估 is now their case's (the engine's approval
chains decide it): the fields that held it go, after 0004 gave every open record its case."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("community_correction", "0004_cases_for_open_records"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='assessment',
            name='approved_by',
        ),
        migrations.RemoveField(
            model_name='assessment',
            name='approved_on',
        ),
        migrations.RemoveField(
            model_name='assessment',
            name='status',
        ),
        migrations.RemoveField(
            model_name='monitoring',
            name='approved_by',
        ),
        migrations.RemoveField(
            model_name='monitoring',
            name='approved_on',
        ),
        migrations.RemoveField(
            model_name='monitoring',
            name='status',
        ),
        migrations.RemoveField(
            model_name='travel',
            name='decided_by',
        ),
        migrations.RemoveField(
            model_name='travel',
            name='decided_on',
        ),
        migrations.RemoveField(
            model_name='travel',
            name='decision_note',
        ),
        migrations.RemoveField(
            model_name='travel',
            name='status',
        ),
    ]
