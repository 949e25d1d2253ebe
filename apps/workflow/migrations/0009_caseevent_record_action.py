"""A neutral action for a section app's own lines in the case record (api.log_event).

Until now those lines were stored as "attach" and shown as 上传附件 although nothing was
uploaded: a recorded hearing, a filing, a decision record. Nothing else writes "attach" (uploads
do not add a record line), so every existing "attach" row is such a line and becomes "record".
"""

from django.db import migrations, models


def forwards(apps, schema_editor):
    CaseEvent = apps.get_model("workflow", "CaseEvent")
    CaseEvent.objects.filter(action="attach").update(action="record")


class Migration(migrations.Migration):
    dependencies = [("workflow", "0008_deadlinerule_rolls_forward")]

    operations = [
        migrations.AlterField(
            model_name="caseevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "创建"),
                    ("submit", "提交"),
                    ("approve", "同意"),
                    ("reject", "不同意"),
                    ("return", "退回"),
                    ("transfer", "转办"),
                    ("countersign", "会签同意"),
                    ("withdraw", "撤回"),
                    ("circulate", "传阅"),
                    ("read", "已阅"),
                    ("done", "办结"),
                    ("archive", "归档"),
                    ("grant", "授权查看"),
                    ("attach", "上传附件"),
                    ("record", "登记"),
                    ("urge", "催办"),
                    ("clock", "期限变动"),
                ],
                max_length=20,
                verbose_name="操作",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
