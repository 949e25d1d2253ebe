"""The seals app's lines of the URL walk (tests/workflow/test_permissions.py url_table)."""

from django.utils import timezone

from apps.seals import services
from apps.seals.models import Seal, SealHandover, SealKind
from apps.workflow.models import Case
from tests.seals.factories import make_seals, new_use, png_upload


def seal_urls(world, expect, everyone):
    """{url name: [(url, {walk persona: expected outcome})]} for every seals URL."""
    p = world.people
    seals = make_seals(world.bureau, username="walk.keeper")
    services.store_impression(seals.official, png_upload())
    draft = new_use(p.clerk, seals.official, document_title="巡检：草稿")
    submitted = new_use(p.clerk, seals.official, document_title="巡检：待初审", submit=True)
    lawyers = new_use(p.outsider, seals.official, document_title="巡检：律师科", submit=True)
    carving_draft = services.save_carving_request(
        p.clerk,
        {
            "seal_name": "巡检章",
            "kind": SealKind.SECTION,
            "owner_unit": p.clerk.section,
            "purpose": "new",
            "old_seal": None,
            "reason": "巡检",
        },
    )
    carving = services.save_carving_request(
        p.clerk,
        {
            "seal_name": "巡检章二",
            "kind": SealKind.SECTION,
            "owner_unit": p.clerk.section,
            "purpose": "new",
            "old_seal": None,
            "reason": "巡检",
        },
        submit=True,
    )
    handover = SealHandover.objects.create(
        seal=seals.official,
        kind=SealHandover.Kind.TRANSFER,
        handed_by=p.colleague,
        received_by=seals.keeper,
        witness=p.chief,
        handed_on=timezone.localdate(),
        recorded_by=seals.keeper,
    )
    lawyers_seal = Seal.objects.create(
        name="巡检：律师科印章", kind=SealKind.SECTION, owner_unit=world.bureau["lawyers"]
    )
    linked = world.cases["active"]  # an office case the clerk can see; the outsider cannot
    # the office (clerk: its member), its division leader, the director; the office chief by grant
    office_case = dict(clerk=200, chief=200, leader=200, director=200)
    seal_readers = dict(chief=200, leader=200, director=200)  # the register: the office chief and leaders
    assert Case.objects.visible_to(p.chief).filter(pk=lawyers.pk).exists()
    return {
        "seals:use_list": [("/seals/", everyone(200)), ("/seals/?export=xlsx", everyone(200))],
        "seals:use_new": [
            ("/seals/new/", expect(business=200, admins=403)),
            (f"/seals/new/?case={linked.pk}", expect(business=404, admins=403, **office_case)),
        ],
        "seals:use_edit": [
            (f"/seals/{draft.pk}/edit/", expect(business=404, admins=404, clerk=200)),
            (
                f"/seals/{submitted.pk}/edit/",
                expect(business=403, admins=404, outsider=404, clerk="→" + f"/cases/{submitted.pk}/"),
            ),
        ],
        "seals:use_stamp": [(f"/seals/{submitted.pk}/stamp", everyone(405))],  # POST only
        "seals:use_form": [
            (f"/seals/{submitted.pk}/form.pdf", expect(business=404, admins=404, **office_case)),
            (f"/seals/{lawyers.pk}/form.pdf", expect(business=404, admins=404, outsider=200, chief=200, director=200)),
            (f"/seals/{draft.pk}/form.pdf", expect(business=404, admins=404, clerk=200)),
        ],
        "seals:desk": [("/seals/desk/", expect(business=403, admins=403, chief=200))],
        "seals:register": [("/seals/register/", everyone(200)), ("/seals/register/?export=xlsx", everyone(200))],
        "seals:seal_detail": [
            (f"/seals/register/{seals.official.pk}/", expect(business=404, admins=404, **seal_readers)),
            (f"/seals/register/{lawyers_seal.pk}/", expect(business=404, admins=404, **seal_readers)),
        ],
        "seals:impression": [
            (f"/seals/register/{seals.official.pk}/impression", expect(business=404, admins=404, **seal_readers))
        ],
        "seals:seal_status": [(f"/seals/register/{seals.official.pk}/status", everyone(405))],
        "seals:carve_list": [("/seals/carving/", everyone(200))],
        "seals:carve_new": [("/seals/carving/new/", expect(business=200, admins=403))],
        "seals:carve_edit": [(f"/seals/carving/{carving_draft.pk}/edit/", expect(business=404, admins=404, clerk=200))],
        "seals:carve_register": [(f"/seals/carving/{carving.pk}/register", everyone(405))],
        "seals:carve_form": [
            (f"/seals/carving/{carving.pk}/form.pdf", expect(business=404, admins=404, **office_case))
        ],
        "seals:handover_form": [
            (f"/seals/handovers/{handover.pk}/form.pdf", expect(business=404, admins=404, **seal_readers))
        ],
    }


def admin_seal():
    """An unused seal for the admin walk (a used one cannot be deleted), with a history row."""
    from apps.org.models import Section

    seal = Seal.objects.create(
        name="巡检：后台印章", kind=SealKind.STEEL, owner_unit=Section.objects.get(code="office")
    )
    seal.save()
    return seal
