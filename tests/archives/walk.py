"""The archive's lines of the URL walk (tests/workflow/test_permissions.py url_table), and a row
of each archive admin model for the admin walk."""

from apps.archives import services
from apps.archives.models import OrgCode, Retention, RetentionRule
from tests.archives.factories import closed_request, fonds


def archive_urls(world, expect, everyone):
    """{url name: [(url, {walk persona: expected outcome})]} for every archives URL.

    Walk personas: the office chief keeps the catalogue (the archivist is not among them); the
    office clerk, the division leader and the director see the office's items; the lawyers' clerk
    the lawyers'."""
    p = world.people
    fonds()
    office_case = closed_request(p.clerk, "巡检：已办结待归档的请示", p.chief)
    archived_case = closed_request(p.clerk, "巡检：已归档的请示", p.chief)
    item = services.archive_case(archived_case.pk, p.archivist, Retention.SHORT)
    loan = services.save_loan(p.clerk, {"items": [item], "purpose": "巡检", "mode": "read", "days": 1})
    office_readers = dict(clerk=200, chief=200, leader=200, director=200)
    return {
        "archives:catalogue": [("/archives/", everyone(200)), ("/archives/?export=xlsx", everyone(200))],
        # a year is needed to print: without one, back to the list
        "archives:catalogue_pdf": [
            ("/archives/catalogue.pdf", everyone("→/archives/")),
            (f"/archives/catalogue.pdf?year={item.year}", everyone(200)),
        ],
        # archivists and section chiefs archive; everyone else has nothing to archive
        "archives:pending": [("/archives/pending/", expect(business=403, admins=403, chief=200))],
        "archives:archive": [(f"/archives/pending/{office_case.pk}/", expect(business=403, admins=403, chief=200))],
        "archives:item": [(f"/archives/items/{item.pk}/", expect(business=404, admins=404, **office_readers))],
        "archives:item_file": [
            (f"/archives/items/{item.pk}/file.pdf", expect(business=404, admins=404, **office_readers))
        ],
        "archives:item_stamp": [
            (f"/archives/items/{item.pk}/stamp.pdf", expect(business=404, admins=404, **office_readers))
        ],
        "archives:loans": [("/archives/loans/", everyone(200))],
        "archives:loan_new": [("/archives/loans/new/", expect(business=200, admins=403))],
        # the clerk's draft: a draft is its author's alone
        "archives:loan_edit": [(f"/archives/loans/{loan.case_id}/edit/", expect(business=404, admins=404, clerk=200))],
    }


def admin_archives(label):
    """A row of each archive admin model, with a history row."""
    if label == "archives.fonds":
        row = fonds()
    elif label == "archives.orgcode":
        row = OrgCode.objects.order_by("pk").first()
    else:
        row = RetentionRule.objects.order_by("pk").first()
    row.save()
    return row
