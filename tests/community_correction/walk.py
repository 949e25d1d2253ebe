"""The community_correction app's lines of the URL walk (tests/workflow/test_permissions.py url_table)."""


def urls(world, expect, everyone):
    return {
        "community_correction:home": [("/community-correction/", everyone(200))],
    }
