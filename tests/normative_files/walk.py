"""The normative_files app's lines of the URL walk (tests/workflow/test_permissions.py url_table)."""


def urls(world, expect, everyone):
    return {
        "normative_files:home": [("/normative-files/", everyone(200))],
    }
