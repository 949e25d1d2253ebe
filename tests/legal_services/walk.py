"""The legal_services app's lines of the URL walk (tests/workflow/test_permissions.py url_table)."""


def urls(world, expect, everyone):
    return {
        "legal_services:home": [("/legal-services/", everyone(200))],
    }
