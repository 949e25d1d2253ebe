"""政府信息公开条例 §35 sets no period: for requests clearly beyond a reasonable number or
frequency the office may ask the applicant for reasons; unreasonable reasons → 不予处理 (already
an answer outcome, “无正当理由大量反复申请”); reasonable ones that cannot be met in §33's time →
a reasonable delay the office sets case by case and tells the applicant. The rule row
“disclosure-excessive-requests” carried a 20-working-day default of this project's own and no
form ever started it, so it is retired (inactive), not left as a limit that looks real."""

from django.db import migrations

BASIS = (
    "政府信息公开条例 §35：申请数量、频次明显超过合理范围的，可以要求说明理由；理由不合理的告知不予处理，"
    "理由合理但无法按期答复的，确定延迟答复的合理期限并告知申请人。条例未定天数，本行的20个工作日是本项目的假设"
    "且无表单启用，故停用；不予处理按答复结果“无正当理由大量反复申请”办理"
)


def retire(apps, schema_editor):
    DeadlineRule = apps.get_model("workflow", "DeadlineRule")
    for rule in DeadlineRule.objects.filter(code="disclosure-excessive-requests"):
        rule.active = False
        rule.name = "超量、频次申请：延迟答复（已停用：合理期限逐案确定）"
        rule.basis = BASIS
        rule.save(update_fields=["active", "name", "basis"])


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0003_handling_sheet_draft"),
        ("workflow", "0008_deadlinerule_rolls_forward"),
    ]

    operations = [migrations.RunPython(retire, migrations.RunPython.noop)]
