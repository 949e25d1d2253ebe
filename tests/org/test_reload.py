"""Every deployment runs `manage.py load_bureau` after migrate (docker-compose's migrate service).
The approval chains are the administrator's to change in the admin: a re-run must add the
fixture's new rows without undoing what the administrator changed."""

import pytest
from django.core.management import call_command

from apps.workflow.models import ApprovalRule

pytestmark = pytest.mark.django_db


def test_a_rerun_keeps_the_administrators_changes_and_restores_missing_rows(bureau):
    rules = ApprovalRule.objects.order_by("pk")
    total = rules.count()
    edited, removed = rules[0], rules[1]
    ApprovalRule.objects.filter(pk=edited.pk).update(time_limit_days=9, active=False, label="改由办公室主任审核")
    removed_pk = removed.pk
    removed.delete()

    call_command("load_bureau", verbosity=0)

    edited.refresh_from_db()
    assert (edited.time_limit_days, edited.active, edited.label) == (9, False, "改由办公室主任审核")
    assert ApprovalRule.objects.filter(pk=removed_pk).exists()  # a fixture row missing from the database is added
    assert ApprovalRule.objects.count() == total
    # the id sequence is past the fixture's explicit ids: a rule added in the admin gets a fresh id
    added = ApprovalRule.objects.create(
        process=edited.process, chain=edited.chain, seq=99, label="新增环节", role=edited.role
    )
    assert added.pk > max(rules.values_list("pk", flat=True).exclude(pk=added.pk))
