"""印章刻制: office chief → division leader → carved → registered (the seal enters the register, the
old one is handed back before a witness); and the three printed forms."""

import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.seals import services
from apps.seals.models import CarvingRequest, Seal, SealHandover, SealKind
from apps.workflow import services as engine
from apps.workflow.models import Case, Task
from apps.workflow.services import TransitionError
from tests.seals.factories import approve_until_stamping, new_use, pending, png_upload

pytestmark = pytest.mark.django_db


def carve(user, old_seal=None, submit=True, name="测试区司法局行政复议专用章"):
    data = {
        "seal_name": name,
        "kind": SealKind.SPECIAL,
        "owner_unit": user.section,
        "purpose": "replace" if old_seal else "new",
        "old_seal": old_seal,
        "reason": "印面磨损，字迹不清。",
    }
    case = services.save_carving_request(user, data, submit=submit)
    case.refresh_from_db()
    return case


def carved_and_waiting(people, seals, old_seal=None):
    case = carve(people.clerk, old_seal)
    assert [s["label"] for s in case.route] == ["办公室主任审核", "分管领导审核", "刻制", "备案登记"]
    assert case.current_assignees == people.chief.full_name
    for user in (people.chief, people.leader):
        engine.approve(case.pk, pending(case)[0].pk, user, "同意刻制。")
    task = pending(case)[0]
    assert task.assignee == people.clerk and task.step == "carve"
    engine.complete(case.pk, task.pk, people.clerk, "已刻制完成。")
    case.refresh_from_db()
    assert case.current_step == "register" and pending(case)[0].assignee == seals.keeper
    return case


def register(case, people, seals, **changes):
    today = timezone.localdate()
    fields = dict(
        keeper=people.colleague, handed_by=people.clerk, witness=people.chief, carved_on=today, enabled_on=today
    )
    return services.register_carved_seal(case.pk, seals.keeper, **{**fields, **changes})


def test_a_carving_goes_to_the_register_and_the_old_seal_is_handed_back(people, seals):
    old = Seal.objects.create(
        name="旧复议专用章", kind=SealKind.SPECIAL, owner_unit=people.clerk.section, keeper=people.colleague
    )
    case = carved_and_waiting(people, seals, old_seal=old)
    today = timezone.localdate()
    seal = register(case, people, seals, impression=png_upload())
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and "已交回办公室保存" in case.result
    assert (seal.name, seal.kind, seal.keeper, seal.status) == (
        "测试区司法局行政复议专用章",
        SealKind.SPECIAL,
        people.colleague,
        Seal.Status.ACTIVE,
    )
    assert len(seal.impression_sha256) == 64 and seal.impression.name.endswith(".png")
    old.refresh_from_db()
    assert old.status == Seal.Status.RETIRED and old.keeper == seals.keeper and old.retired_on == today
    handovers = list(
        SealHandover.objects.order_by("id").values_list("seal__name", "kind", "handed_by", "received_by", "witness")
    )
    assert handovers == [
        ("测试区司法局行政复议专用章", "enable", people.clerk.pk, people.colleague.pk, people.chief.pk),
        ("旧复议专用章", "return", people.colleague.pk, seals.keeper.pk, people.chief.pk),
    ]
    assert CarvingRequest.objects.get(case=case).seal == seal
    assert AuditEvent.objects.filter(event="seal.register", object_id=str(seal.pk)).exists()
    with pytest.raises(TransitionError):
        register(case, people, seals)


def test_handover_needs_three_different_people_and_only_the_keeper_registers(people, seals):
    case = carved_and_waiting(people, seals)
    today = timezone.localdate()
    with pytest.raises(TransitionError, match="三个不同的人"):
        register(case, people, seals, keeper=people.clerk)
    with pytest.raises(TransitionError, match="印章管理员"):
        services.register_carved_seal(
            case.pk,
            people.chief,
            keeper=people.colleague,
            handed_by=people.clerk,
            witness=people.director,
            carved_on=today,
            enabled_on=today,
        )
    assert not Seal.objects.filter(name="测试区司法局行政复议专用章").exists()


def test_registration_through_the_case_page(client, people, seals):
    case = carved_and_waiting(people, seals)
    client.force_login(seals.keeper)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "新章备案登记" in page and "鉴证人" in page
    today = timezone.localdate().isoformat()
    data = {
        "keeper": people.colleague.pk,
        "handed_by": people.clerk.pk,
        "witness": people.chief.pk,
        "carved_on": today,
        "enabled_on": today,
    }
    bad = {**data, "impression": png_upload("印模.txt")}
    client.post(reverse("seals:carve_register", args=[case.pk]), bad)
    assert not Seal.objects.filter(name="测试区司法局行政复议专用章").exists()
    response = client.post(reverse("seals:carve_register", args=[case.pk]), {**data, "impression": png_upload()})
    assert response.status_code == 302
    seal = Seal.objects.get(name="测试区司法局行政复议专用章")
    assert seal.keeper == people.colleague
    assert client.get(reverse("seals:impression", args=[seal.pk])).status_code == 200


def test_the_carving_form_page_requires_the_old_seal_for_a_replacement(client, people, seals):
    client.force_login(people.clerk)
    response = client.post(
        reverse("seals:carve_new"),
        {
            "seal_name": "测试章",
            "kind": "special",
            "owner_unit": people.clerk.section_id,
            "purpose": "replace",
            "reason": "磨损",
            "submit": "1",
        },
    )
    assert "更换旧章时请选择被更换的旧章" in response.content.decode()
    response = client.post(
        reverse("seals:carve_new"),
        {
            "seal_name": "测试章",
            "kind": "special",
            "owner_unit": people.clerk.section_id,
            "purpose": "new",
            "reason": "新设机构需要刻章",
            "submit": "1",
        },
    )
    case = Case.objects.get(process="seals.carve")
    assert response["Location"] == f"/cases/{case.pk}/" and case.current_assignees == people.chief.full_name


# --- printed forms ---------------------------------------------------------------------------------

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils 未安装")


def pdf_text(content, tmp_path):
    path = tmp_path / "form.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split())


@needs_poppler
def test_the_seal_use_form_prints_the_request_approvals_and_stampings(client, people, seals, tmp_path):
    case = approve_until_stamping(
        new_use(
            people.clerk,
            seals.signature,
            copies=3,
            document_title="行政复议决定书",
            reason="决定书加盖局长签名章",
            submit=True,
        )
    )
    services.record_stamping(case.pk, seals.keeper, copies=3, note="当面用印")
    client.force_login(people.clerk)
    response = client.get(reverse("seals:use_form", args=[case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    for words in (
        "公章使用申报表",
        "局长签名章",
        "法定代表人名章/签名章",
        "行政复议决定书",
        "决定书加盖局长签名章",
        "3份",
        "科室负责人初审",
        "局长签批",
        "局长",
        "办公室主任",
        "用印3份",
        "监印人印章管理员",
        "用印记录",
        "当面用印",
        "—1—",
    ):
        assert words in text, words
    assert AuditEvent.objects.filter(event="print.seal_form", actor=people.clerk, object_id=str(case.pk)).exists()


@needs_poppler
def test_the_carving_and_handover_forms(client, people, seals, tmp_path):
    old = Seal.objects.create(
        name="旧复议专用章", kind=SealKind.SPECIAL, owner_unit=people.clerk.section, keeper=people.colleague
    )
    case = carved_and_waiting(people, seals, old_seal=old)
    seal = register(case, people, seals, impression=png_upload())
    client.force_login(people.clerk)
    text = pdf_text(client.get(reverse("seals:carve_form", args=[case.pk])).content, tmp_path)
    for words in (
        "印章刻制审核表",
        "测试区司法局行政复议专用章",
        "业务专用章",
        "更换旧章",
        "旧复议专用章",
        "办公室主任审核",
        "分管领导审核",
        "同意刻制。",
        "已备案",
        "旧复议专用章”已交回办公室保存",
        "介绍信",
    ):
        assert words in text, words
    handover = SealHandover.objects.get(seal=old)
    client.force_login(people.chief)
    response = client.get(reverse("seals:handover_form", args=[handover.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    for words in (
        "印章交接单",
        "旧复议专用章",
        "旧章交回",
        "交接人",
        "办公室同事",
        "接收人",
        "印章管理员",
        "鉴证人",
        "办公室主任",
    ):
        assert words in text, words
    enable = SealHandover.objects.get(seal=seal)
    assert client.get(reverse("seals:handover_form", args=[enable.pk])).status_code == 200
    # the handover form is the seal's (or the carving's): an outsider gets 404
    client.force_login(people.outsider)
    assert client.get(reverse("seals:handover_form", args=[enable.pk])).status_code == 404
    assert client.get(reverse("seals:carve_form", args=[case.pk])).status_code == 404


def test_the_carving_list_is_the_visible_carvings(client, people, seals):
    mine = carve(people.clerk)
    theirs = carve(people.outsider, name="律师工作科印章")
    for user, expected in (
        (people.clerk, {mine.pk}),
        (people.outsider, {theirs.pk}),
        (people.chief, {mine.pk, theirs.pk}),
        (people.director, {mine.pk, theirs.pk}),
        (seals.keeper, {mine.pk}),
    ):
        client.force_login(user)
        listed = {r.case_id for r in client.get(reverse("seals:carve_list")).context["page"].object_list}
        assert listed == expected, user.username
    assert Task.objects.get(case=theirs, status=Task.Status.PENDING).assignee == people.chief


def test_the_registration_step_does_not_close_without_the_new_seal(people, seals):
    case = carved_and_waiting(people, seals)
    task = pending(case)[0]
    with pytest.raises(TransitionError, match="新章备案登记"):
        engine.complete(case.pk, task.pk, seals.keeper, "已备案")
    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE
