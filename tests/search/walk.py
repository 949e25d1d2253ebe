"""The search app's lines of the URL walk (tests/workflow/test_permissions.py url_table).

Every business user may search (what they find is what they may open: tests/search); the
three administrators see no matters and are refused."""


def urls(world, expect, everyone):
    page = expect(business=200, admins=403)
    return {
        "search:results": [("/search/", page), ("/search/?q=2026", page), ("/search/?k=stale-token", page)],
    }
