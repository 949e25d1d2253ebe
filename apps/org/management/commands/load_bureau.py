import json

from django.apps import apps as django_apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

BASE_FIXTURES = [
    "org_catalogue.json",
    "bureau_units.json",
    "approval_rules.json",
    "document_rules.json",
    "seal_rules.json",
    "finance_rules.json",
    "hr_rules.json",
    "archive_rules.json",
    "proposal_rules.json",
    "reconsideration_rules.json",
    "normative_files_rules.json",
    "enforcement_rules.json",
    "rule_of_law_rules.json",
    "lawyers_rules.json",
    "legal_services_rules.json",
    "community_correction_rules.json",
    "inspections_rules.json",
    "secrecy_rules.json",
    "emergency_rules.json",
    "research_rules.json",
    "bulletin_rules.json",
    "it_projects_rules.json",
    "housekeeping_rules.json",
    "training_rules.json",
    "village_rules.json",
    "integrity_rules.json",
    "study_rules.json",
]
# Rows a legal officer edits and confirms (期限规则: numbers, 待核实): rows named by natural key,
# added when missing and never overwritten, so re-running this command keeps their edits.
SEED_ONCE_FIXTURES = [
    "deadline_rules.json",
    "number_schemes.json",
    "seal_number_schemes.json",
    "finance_standards.json",
    "hr_leave_types.json",
    "hr_attendance_policy.json",
    "hr_benefit_types.json",
    "archive_schedule.json",
    "external_units.json",
    "reconsideration_deadlines.json",
    "normative_files_deadlines.json",
    "enforcement_deadlines.json",
    "rule_of_law_deadlines.json",
    "lawyers_deadlines.json",
    "legal_services_deadlines.json",
    "community_correction_deadlines.json",
    "inspections_deadlines.json",
    "secrecy_deadlines.json",
    "emergency_deadlines.json",
    "research_deadlines.json",
    "bulletin_deadlines.json",
    "it_projects_deadlines.json",
    "housekeeping_deadlines.json",
    "training_deadlines.json",
    "village_deadlines.json",
    "integrity_deadlines.json",
    "study_deadlines.json",
]


# Approval chains (workflow.ApprovalRule: who approves what, from which amount or duration) are the
# administrator's to change in the admin; a re-run (every deployment runs this command after
# migrate) adds the fixture's new rows but never overwrites a row already there. To take a row
# out of a chain, untick 启用: a deleted row comes back on the next run.
KEEP_EDITED_MODELS = {"workflow.approvalrule"}


def load_keeping_edits(path):
    """loaddata, except that rows of KEEP_EDITED_MODELS already in the database (by pk) are left
    as the administrator edited them. Returns the rows added or refreshed."""
    from django.core.management.color import no_style
    from django.db import connection

    saved, models = 0, set()
    with open(path, encoding="utf-8") as stream, transaction.atomic():
        for item in serializers.deserialize("json", stream, handle_forward_references=False):
            model = type(item.object)
            if model._meta.label_lower in KEEP_EDITED_MODELS and model._base_manager.filter(pk=item.object.pk).exists():
                continue
            item.save()
            models.add(model)
            saved += 1
        # rows saved with explicit ids: move the id sequences past them (PostgreSQL), as loaddata does
        statements = connection.ops.sequence_reset_sql(no_style(), list(models))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    return saved


def loaded_models(path):
    with open(path, encoding="utf-8") as stream:
        labels = {row["model"] for row in json.load(stream)}
    return [django_apps.get_model(label) for label in labels]


def record_initial_history(models):
    """Give every historied row that has no history yet its first record (修改原因 初始载入).

    loaddata saves raw, which simple-history does not record: without this first record the
    admin's history page could not show what the first edit changed."""
    saved = 0
    for model in models:
        manager_name = getattr(model._meta, "simple_history_manager_attribute", None)
        if not manager_name:
            continue
        history = getattr(model, manager_name)
        pk_name = model._meta.pk.attname
        recorded = history.model.objects.values(pk_name)
        missing = list(model._default_manager.exclude(pk__in=recorded))
        if missing:
            history.bulk_history_create(missing, default_change_reason="初始载入（本局默认规则）")
            saved += len(missing)
    return saved


def seed_missing(path):
    """Save the fixture's objects whose natural key is not in the database yet; return how many."""
    added = 0
    with open(path, encoding="utf-8") as stream, transaction.atomic():
        for item in serializers.deserialize("json", stream, handle_forward_references=False):
            if item.object.pk is None:  # the deserializer fills pk from an existing natural key
                item.save()
                added += 1
    return added


class Command(BaseCommand):
    help = "载入本局机构、职责目录（三定）、默认审批规则和期限规则（可重复执行）"

    def handle(self, *args, **options):
        from django.conf import settings

        fixture_dir = settings.BASE_DIR / "fixtures"
        from apps.org.models import Position

        # The fixtures name the positions (职能岗位), not who holds them today: a re-run must not
        # empty the holders the administrator set, or every chain routed to them stops.
        holders = dict(Position.objects.filter(holder__isnull=False).values_list("key", "holder_id"))
        for name in BASE_FIXTURES:
            load_keeping_edits(fixture_dir / name)
        for position in Position.objects.filter(key__in=holders, holder__isnull=True):
            position.holder_id = holders[position.key]
            position.save(update_fields=["holder"])
        for name in SEED_ONCE_FIXTURES:
            seed_missing(fixture_dir / name)
        models = {model for name in BASE_FIXTURES + SEED_ONCE_FIXTURES for model in loaded_models(fixture_dir / name)}
        record_initial_history(sorted(models, key=lambda m: m._meta.label))
        call_command("seed_holidays", verbosity=0)
        self.stdout.write("已载入机构、职责目录与审批规则。")
