"""The inspections app's lines of the URL walk (tests/workflow/test_permissions.py url_table)."""


def urls(world, expect, everyone):
    return {
        "inspections:home": [("/inspections/", everyone(200))],
    }
