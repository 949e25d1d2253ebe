"""The normative_files app's lines of the URL walk (tests/workflow/test_permissions.py url_table).

None of the walk's personas belongs to 行政执法监督科, which owns 5.9–5.11: the registers answer
200 with what each may see (nothing, for them), the intake pages 403, and a case's print 404
to all but the director."""

from datetime import date

from apps.accounts.models import Rank
from tests.conftest import make_user
from tests.normative_files.factories import new_review


def urls(world, expect, everyone):
    section = world.bureau["enforcement"]
    handler = make_user("nfwalk.clerk", section, Rank.STAFF, full_name="执法监督科巡检科员")
    case = new_review(handler, received_on=date(2026, 9, 28), materials=["notice", "draft"])  # returned: incomplete
    pages = ("", "decisions/", "filings/", "catalogue/", "cleanups/", "figures/")
    names = ("home", "decisions", "filings", "catalogue", "cleanups", "figures")
    table = {
        f"normative_files:{name}": [(f"/normative-files/{tail}", everyone(200))] for name, tail in zip(names, pages)
    }
    for name, tail in (("home", ""), ("decisions", "decisions/"), ("filings", "filings/"), ("catalogue", "catalogue/")):
        table[f"normative_files:{name}"].append((f"/normative-files/{tail}?export=xlsx", everyone(200)))
    only_the_section = expect(business=403, admins=403)
    table.update(
        {
            "normative_files:review_new": [("/normative-files/new/", only_the_section)],
            "normative_files:decision_new": [("/normative-files/decisions/new/", only_the_section)],
            "normative_files:cleanup_new": [("/normative-files/cleanups/new/", only_the_section)],
            "normative_files:act": [(f"/normative-files/{case.pk}/pause", everyone(405))],
            "normative_files:print": [
                (f"/normative-files/{case.pk}/print/return.pdf", expect(business=404, admins=404, director=200))
            ],
        }
    )
    return table
