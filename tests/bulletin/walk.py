"""The bulletin app's lines of the URL walk (tests/workflow/test_permissions.py url_table).

Pieces are seen by their unit and the office (the walk's clerk and chief are in the office);
issued issues by all staff; the administrators see none of it."""

from apps.accounts.models import AdminRole, Rank
from apps.bulletin import services
from apps.bulletin.models import BulletinPolicy
from tests.conftest import make_user

ADMIN_MODELS = {"bulletin.bulletinpolicy": (AdminRole.SYSTEM, True)}
HISTORIED = {"bulletin.bulletinpolicy"}


def admin_object(world, label):
    return BulletinPolicy.objects.order_by("pk").first() or BulletinPolicy.objects.create()


def urls(world, expect, everyone):
    writer = make_user("walk_jo_writer", world.bureau["jo_wenshao"], Rank.STAFF, full_name="巡检司法所")
    piece = services.submit_piece(writer, {"title": "巡检稿件", "body": "正文", "author": None})
    services.edit_piece(world.people.clerk, piece.pk, "accept", "巡检稿件", "正文")
    issue = services.compile_issue(world.people.clerk, "巡检一期", [piece.pk])  # awaiting approval
    office = dict(clerk=200, chief=200)
    return {
        "bulletin:home": [("/bulletin/", expect(business=200, admins=404))],
        "bulletin:piece_new": [("/bulletin/new/", expect(business=200, admins=404))],
        "bulletin:piece": [(f"/bulletin/{piece.pk}/", expect(business=404, admins=404, **office))],
        "bulletin:issue_new": [("/bulletin/issues/new", everyone(405))],
        # not issued yet: the office only
        "bulletin:issue": [(f"/bulletin/issues/{issue.pk}/", expect(business=404, admins=404, **office))],
        "bulletin:figures": [("/bulletin/figures/", expect(business=200, admins=404))],
    }
