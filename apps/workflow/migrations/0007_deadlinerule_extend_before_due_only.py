"""DeadlineRule.extend_before_due_only: a rule may refuse extensions once its due date has passed
(seed 002 rule 7, 督查督办: 确需延期的，应在期限届满前申请). Existing databases: the supervision
rules get it (a history row records each change, since simple-history does not see
migrations); new databases get it from fixtures/deadline_rules.json (load_bureau, after migrate)."""

from django.db import migrations, models
from django.utils import timezone

BEFORE_DUE_ONLY = "supervision-"


def forwards(apps, schema_editor):
    Rule = apps.get_model("workflow", "DeadlineRule")
    History = apps.get_model("workflow", "HistoricalDeadlineRule")
    now = timezone.now()
    fields = [f.attname for f in Rule._meta.concrete_fields]
    for rule in Rule.objects.filter(code__startswith=BEFORE_DUE_ONLY, extend_before_due_only=False):
        rule.extend_before_due_only = True
        rule.save(update_fields=["extend_before_due_only"])
        History.objects.create(
            **{name: getattr(rule, name) for name in fields}, history_date=now, history_type="~",
            history_change_reason="督查督办：延期须在期限届满前申请（迁移）",
        )


def backwards(apps, schema_editor):
    pass  # the column goes away with the field


class Migration(migrations.Migration):

    dependencies = [
        ('workflow', '0006_attachment_integrity_attachment_integrity_checked_at_and_more'),
    ]

    operations = [
        migrations.AddField(
            model_name='deadlinerule',
            name='extend_before_due_only',
            field=models.BooleanField(default=False, help_text='勾选后，期限届满后不能再延长（如督查督办：确需延期的，应在期限届满前申请）。', verbose_name='须在期限届满前申请延长'),
        ),
        migrations.AddField(
            model_name='historicaldeadlinerule',
            name='extend_before_due_only',
            field=models.BooleanField(default=False, help_text='勾选后，期限届满后不能再延长（如督查督办：确需延期的，应在期限届满前申请）。', verbose_name='须在期限届满前申请延长'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
