"""The overview app's lines of the URL walk (tests/workflow/test_permissions.py url_table).

The director, the division leader and the chief have an overview; staff and the three
administrators are refused with the reason (403)."""


def urls(world, expect, everyone):
    leaders = expect(business=403, admins=403, chief=200, leader=200, director=200)
    return {
        "overview:index": [("/overview/", leaders)],
        "overview:types": [("/overview/types/", leaders)],
        "overview:list": [
            ("/overview/list/?kind=overdue", leaders),
            (
                "/overview/list/?kind=no-such-figure",
                expect(business=403, admins=403, chief=404, leader=404, director=404),
            ),
        ],
        "overview:export_xlsx": [("/overview/export.xlsx", leaders)],
        "overview:export_pdf": [("/overview/print.pdf", leaders)],
    }
