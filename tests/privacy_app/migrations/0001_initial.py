# The test-only 来访登记 app (tests/privacy_app): personal data through apps/privacy.

import apps.privacy.fields
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('workflow', '0006_attachment_integrity_attachment_integrity_checked_at_and_more'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalVisitor',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=40, verbose_name='来访人')),
                ('id_number', apps.privacy.fields.PersonalDataField(kind='id_number', purpose='核实来访人身份，登记来访事项', verbose_name='身份证号码')),
                ('id_number_index', apps.privacy.fields.BlindIndexField(db_index=True, source='id_number')),
                ('phone', apps.privacy.fields.PersonalDataField(blank=True, kind='phone', purpose='告知办理进度、约定回访', verbose_name='联系电话')),
                ('phone_index', apps.privacy.fields.BlindIndexField(db_index=True, source='phone')),
                ('address', apps.privacy.fields.PersonalDataField(blank=True, kind='address', purpose='邮寄书面答复', verbose_name='住址')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workflow.case')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical 来访登记',
                'verbose_name_plural': 'historical 来访登记',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Visitor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=40, verbose_name='来访人')),
                ('id_number', apps.privacy.fields.PersonalDataField(kind='id_number', purpose='核实来访人身份，登记来访事项', verbose_name='身份证号码')),
                ('id_number_index', apps.privacy.fields.BlindIndexField(db_index=True, source='id_number')),
                ('phone', apps.privacy.fields.PersonalDataField(blank=True, kind='phone', purpose='告知办理进度、约定回访', verbose_name='联系电话')),
                ('phone_index', apps.privacy.fields.BlindIndexField(db_index=True, source='phone')),
                ('address', apps.privacy.fields.PersonalDataField(blank=True, kind='address', purpose='邮寄书面答复', verbose_name='住址')),
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='visitor_record', to='workflow.case')),
            ],
            options={
                'verbose_name': '来访登记',
                'verbose_name_plural': '来访登记',
            },
        ),
    ]
