"""The reply limit of a deputy's suggestion is 代表法 §51 since its revision of 2025-03-11 (§43 is
now the standing committee's yearly work plan): the rule row cites the article in force, in the
fixture and after the data migration on a database seeded with the old citation."""

import importlib

import pytest
from django.apps import apps as django_apps

from apps.workflow.models import DeadlineRule

pytestmark = pytest.mark.django_db


def test_the_reply_rule_cites_article_51(bureau):
    rule = DeadlineRule.objects.get(code="proposal-reply")
    assert "第五十一条" in rule.basis and "第四十三条" not in rule.basis
    assert (rule.length, rule.unit, rule.max_extension) == (3, "M", 3)  # 3 months, at most 6


def test_the_migration_corrects_a_row_seeded_with_the_old_article(bureau):
    DeadlineRule.objects.filter(code="proposal-reply").update(basis="代表法第四十三条、政协提案工作条例")
    migration = importlib.import_module("apps.proposals.migrations.0002_reply_rule_citation")
    migration.fix_basis(django_apps, None)
    assert "第五十一条" in DeadlineRule.objects.get(code="proposal-reply").basis
