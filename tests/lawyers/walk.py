"""The lawyers app's lines of the URL walk (tests/workflow/test_permissions.py url_table)."""


def urls(world, expect, everyone):
    return {
        "lawyers:home": [("/lawyers/", everyone(200))],
    }
