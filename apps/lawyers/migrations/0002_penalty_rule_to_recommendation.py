"""Existing databases: the placeholder rule "lawyer-penalty-service" (process "lawyers.penalty",
7 calendar days to serve a penalty decision) was wrong on both counts: a district bureau in a
设区的市 does not penalise lawyers or law firms (律师法 §47–50, §52: it investigates and
recommends upward, process "lawyers.recommendation"), and where a bureau does serve a penalty
decision the 7 days are working days (行政处罚法 §61, §85). The row is corrected and taken out of
use (a history row records the change, since simple-history does not see migrations); the
recommendation process's own rules come from fixtures/lawyers_deadlines.json through
load_bureau, which adds missing rows on every deployment."""

from django.db import migrations
from django.utils import timezone

OLD = "lawyer-penalty-service"


def forwards(apps, schema_editor):
    Rule = apps.get_model("workflow", "DeadlineRule")
    History = apps.get_model("workflow", "HistoricalDeadlineRule")
    fields = [f.attname for f in Rule._meta.concrete_fields]
    for rule in Rule.objects.filter(code=OLD).exclude(process="lawyers.recommendation"):
        rule.process = "lawyers.recommendation"
        rule.name = "（已停用）行政处罚决定书送达：区司法局不对律师、律师事务所作出处罚，改为向市司法局提出处罚建议"
        rule.unit = "W"
        rule.basis = (
            "《律师法》第四十七条至第五十条、第五十二条（设区的市级司法行政部门处罚；县级提出处罚建议）；"
            "送达期限为7个工作日（《行政处罚法》第六十一条、第八十五条）"
        )
        rule.verified = True
        rule.active = False
        rule.save()
        History.objects.create(
            **{name: getattr(rule, name) for name in fields},
            history_date=timezone.now(),
            history_type="~",
            history_change_reason="改为处罚建议流程，原规则停用（迁移）",
        )


def backwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("lawyers", "0001_initial"),
        ("workflow", "0008_deadlinerule_rolls_forward"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
