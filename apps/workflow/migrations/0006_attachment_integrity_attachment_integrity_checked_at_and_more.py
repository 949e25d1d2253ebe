# Attachment integrity (re-hash results) and security notices for the security administrators.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workflow', '0005_notification_sweep_run'),
    ]

    operations = [
        migrations.AddField(
            model_name='attachment',
            name='integrity',
            field=models.CharField(blank=True, choices=[('', '未复核'), ('ok', '一致'), ('mismatch', '与上传时不符'), ('missing', '文件缺失')], default='', max_length=10, verbose_name='完整性'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='integrity_checked_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='最近复核时间'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('remind', '到期提醒'), ('overdue', '已超期'), ('escalate', '超期督办'), ('urge', '催办'), ('export', '导出完成'), ('info', '通知'), ('security', '安全告警')], max_length=30),
        ),
    ]
