"""The documents URLs for the URL walk (tests/workflow/test_permissions.py): an office incoming
document waiting for 拟办, a submitted outgoing document and a draft, made in the walk's world."""

from apps.accounts.models import AdminRole, OfficeRole, Rank
from tests.conftest import make_user
from tests.documents.factories import draft, incoming_data

READERS = dict(clerk=200, chief=200, leader=200, director=200)

# 发文办理规则: one row, edited by the system administrator, never added twice nor deleted.
ADMIN_MODELS = {"documents.outgoingrules": (AdminRole.SYSTEM, True)}
HISTORIED = {"documents.outgoingrules"}


def admin_object(world, label):
    from apps.documents.models import OutgoingRules

    rules = OutgoingRules.objects.order_by("pk").first() or OutgoingRules.objects.create()
    rules.save()  # a history row (the migration's row has none)
    return rules


def urls(world, expect, everyone):
    """The walk discovers ADMIN_MODELS through a module with urls(); the documents pages
    themselves are walked through document_urls (test_permissions imports it by name)."""
    return {}


def document_urls(world, expect, everyone):
    from apps.documents import services

    p = world.people
    receiver = make_user("walkreceiver", world.bureau["office"], Rank.STAFF, office_role=OfficeRole.RECEIVER)
    incoming = services.register_incoming(receiver, incoming_data(title="巡检收文：市司法局关于年度统计的通知"))
    outgoing = draft(p.clerk, title="巡检发文：关于开展普法宣传月活动的通知")
    mine = draft(p.clerk, title="巡检草稿：关于调整值班安排的通知", submit=False)
    i, o = incoming.pk, outgoing.pk
    post_only = everyone(405)
    return {
        "documents:desk": [("/documents/", everyone(200))],
        "documents:search": [("/documents/search/?q=2026", everyone(200))],
        "documents:incoming_list": [
            ("/documents/incoming/", everyone(200)),
            ("/documents/incoming/?export=xlsx", everyone(200)),
        ],
        # 签收登记 is the receiver's (收发员) alone
        "documents:incoming_new": [("/documents/incoming/new/", expect(business=403, admins=403))],
        "documents:incoming_plan": [(f"/documents/incoming/{i}/plan", post_only)],
        "documents:incoming_assign": [(f"/documents/incoming/{i}/assign", post_only)],
        "documents:incoming_reading": [(f"/documents/incoming/{i}/reading", post_only)],
        # the printed 收文处理笺 is the document: 404 to whoever may not see it
        "documents:incoming_slip": [(f"/documents/incoming/{i}/slip.pdf", expect(business=404, admins=404, **READERS))],
        "documents:outgoing_list": [
            ("/documents/outgoing/", everyone(200)),
            ("/documents/outgoing/?export=xlsx", everyone(200)),
        ],
        "documents:outgoing_new": [("/documents/outgoing/new/", expect(business=200, admins=403))],
        "documents:outgoing_edit": [
            (f"/documents/outgoing/{mine.pk}/edit/", expect(business=404, admins=404, clerk=200)),
            # submitted: visible to the office, edited by nobody (its author is sent back to the page)
            (
                f"/documents/outgoing/{o}/edit/",
                expect(business=404, admins=404, clerk=f"→/cases/{o}/", chief=403, leader=403, director=403),
            ),
        ],
        "documents:outgoing_number": [(f"/documents/outgoing/{o}/number", post_only)],
        "documents:outgoing_seal_request": [(f"/documents/outgoing/{o}/seal-request", post_only)],
        "documents:outgoing_seal": [(f"/documents/outgoing/{o}/seal", post_only)],
        "documents:outgoing_print": [(f"/documents/outgoing/{o}/print", post_only)],
        "documents:outgoing_recipients": [(f"/documents/outgoing/{o}/recipients", post_only)],
        "documents:outgoing_distribute": [(f"/documents/outgoing/{o}/distribute", post_only)],
        "documents:outgoing_pdf": [
            (f"/documents/outgoing/{o}/document.pdf", expect(business=404, admins=404, **READERS))
        ],
        "documents:outgoing_sheet": [
            (f"/documents/outgoing/{o}/draft-sheet.pdf", expect(business=404, admins=404, **READERS))
        ],
    }
