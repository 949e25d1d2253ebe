"""A seal is named with its kind once, wherever it is chosen or shown (issue 13, item 6):
a steel seal registered as "…（钢印）" showed as "…（钢印）（钢印）", and the 公章's long kind
nested brackets ("…（公章（单位行政章））")."""

import pytest
from django.urls import reverse

from apps.seals.forms import SealUseForm
from apps.seals.models import Seal, SealKind, seal_kind_short
from tests.seals.factories import new_use

pytestmark = pytest.mark.django_db


def test_the_label_appends_the_short_kind_once(bureau):
    office = bureau["office"]

    def label(name, kind):
        return Seal(name=name, kind=kind, owner_unit=office).label

    assert label("淄博市临淄区司法局", SealKind.STEEL) == "淄博市临淄区司法局（钢印）"
    assert label("淄博市临淄区司法局（钢印）", SealKind.STEEL) == "淄博市临淄区司法局（钢印）"
    assert label("淄博市临淄区司法局", SealKind.OFFICIAL) == "淄博市临淄区司法局（公章）"
    assert label("淄博市临淄区司法局行政复议专用章", SealKind.SPECIAL) == "淄博市临淄区司法局行政复议专用章"
    assert label("局长王正清签名章", SealKind.SIGNATURE) == "局长王正清签名章"
    assert label("淄博市临淄区司法局办公室", SealKind.SECTION) == "淄博市临淄区司法局办公室（科室章）"
    assert label("中共淄博市临淄区司法局党组", SealKind.PARTY) == "中共淄博市临淄区司法局党组（党组章）"
    assert seal_kind_short(SealKind.OFFICIAL) == "公章" and seal_kind_short("nonsense") == ""


def test_the_choice_and_the_request_page_show_the_kind_once(client, bureau, people, seals):
    steel = Seal.objects.create(
        name="测试区司法局（钢印）", kind=SealKind.STEEL, owner_unit=bureau["office"], keeper=seals.keeper
    )
    choices = [label for _, label in SealUseForm(user=people.clerk).fields["seal"].choices]
    assert "测试区司法局（钢印）" in choices and "测试区司法局（公章）" in choices
    assert not [c for c in choices if "）（" in c or "（公章（" in c]

    case = new_use(people.clerk, steel, submit=True)
    assert "（钢印）（钢印）" not in case.title
    client.force_login(people.clerk)
    html = client.get(reverse("workflow:case_detail", args=[case.pk])).content.decode()
    assert "测试区司法局（钢印）" in html
    assert "（钢印）（钢印）" not in html and "（钢印，" not in html
    listing = client.get(reverse("seals:use_list")).content.decode()
    assert "测试区司法局（钢印）" in listing and "（钢印）（钢印）" not in listing
