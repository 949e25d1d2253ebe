"""The rule_of_law app's lines of the URL walk (tests/workflow/test_permissions.py url_table)."""


def urls(world, expect, everyone):
    return {
        "rule_of_law:home": [("/rule-of-law/", everyone(200))],
    }
