"""复查 of the bureau's own answers lies one level up (信访工作条例 §35): the petition records
where the petitioner was told to apply and the outcome there. And the 复查受理 limit is 3
WORKING days (山东省信访条例 2015 §43), not a bureau rule in calendar days: the rule row is
corrected where it exists (a fresh database gets the corrected row from fixtures/)."""

from django.db import migrations, models

BASIS = (
    "山东省信访条例（2015年9月24日修订）第四十三条：复查机关应当自收到复查申请之日起三个工作日内决定是否受理"
    "（核对 LawRefBook/Laws 2025-04-19 快照，该库仅有2015年文本）；信访工作条例第三十五条：复查由原办理机关的上一级机关办理"
)


def fix_rule(apps, schema_editor):
    DeadlineRule = apps.get_model("workflow", "DeadlineRule")
    for rule in DeadlineRule.objects.filter(code="petition-review-accept"):
        rule.name = "复查申请：决定是否受理（3个工作日）"
        rule.length = 3
        rule.unit = "W"
        rule.basis = BASIS
        rule.verified = True
        rule.save()


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0003_default_policy"),
        ("workflow", "0008_deadlinerule_rolls_forward"),
    ]

    operations = [
        migrations.AddField(
            model_name="petition",
            name="upper_body",
            field=models.CharField(
                blank=True,
                choices=[("city_bureau", "市司法局"), ("district_gov", "区人民政府")],
                max_length=20,
                verbose_name="复查机关（上一级）",
            ),
        ),
        migrations.AddField(
            model_name="petition",
            name="upper_told_on",
            field=models.DateField(blank=True, null=True, verbose_name="告知复查途径日期"),
        ),
        migrations.AddField(
            model_name="petition",
            name="upper_result",
            field=models.TextField(blank=True, verbose_name="上一级机关复查结果"),
        ),
        migrations.AddField(
            model_name="petition",
            name="upper_result_on",
            field=models.DateField(blank=True, null=True, verbose_name="上一级机关复查意见日期"),
        ),
        migrations.AddField(
            model_name="historicalpetition",
            name="upper_body",
            field=models.CharField(
                blank=True,
                choices=[("city_bureau", "市司法局"), ("district_gov", "区人民政府")],
                max_length=20,
                verbose_name="复查机关（上一级）",
            ),
        ),
        migrations.AddField(
            model_name="historicalpetition",
            name="upper_told_on",
            field=models.DateField(blank=True, null=True, verbose_name="告知复查途径日期"),
        ),
        migrations.AddField(
            model_name="historicalpetition",
            name="upper_result",
            field=models.TextField(blank=True, verbose_name="上一级机关复查结果"),
        ),
        migrations.AddField(
            model_name="historicalpetition",
            name="upper_result_on",
            field=models.DateField(blank=True, null=True, verbose_name="上一级机关复查意见日期"),
        ),
        migrations.RunPython(fix_rule, migrations.RunPython.noop),
    ]
