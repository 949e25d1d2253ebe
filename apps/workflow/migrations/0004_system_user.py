"""The account the deadline sweep acts as (CaseEvent.actor is required).

Inactive with an unusable password: it cannot log in, never appears in a choice of people
(those list active accounts only) and sees no case (visible_to refuses inactive users).
apps.workflow.sweep.system_user() re-creates it if a test run flushed the table.
"""

from django.db import migrations

SYSTEM_USERNAME = "system"


def create_system_user(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"full_name": "系统（期限巡检）", "is_active": False, "password": "!system-account-no-login"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_historicaluser_notify_by_email_user_notify_by_email"),
        ("workflow", "0003_clock_modes_due_provisional"),
    ]

    operations = [migrations.RunPython(create_system_user, migrations.RunPython.noop)]
