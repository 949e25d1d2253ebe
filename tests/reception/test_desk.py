"""The reception desk: each outcome in one step, atomic, masked, visible to the office and to
whoever logged it, constant queries on the register."""

from io import BytesIO

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.petitions.models import Channel, Petition
from apps.reception import services
from apps.reception.models import Contact, Kind, Outcome
from apps.workflow import services as engine
from apps.workflow.models import Case, Notification, Task

pytestmark = pytest.mark.django_db
PHONE = "13912345678"
ID_NUMBER = "11010519491231002X"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def post(user, **fields):
    data = {
        "kind": "visit",
        "occurred_at": "2026-12-01T09:30",
        "name": "张大爷",
        "phone": PHONE,
        "headcount": "1",
        "summary": "咨询如何申请法律援助",
        **fields,
    }
    return client_for(user).post("/reception/new/", data)


def log(user, **data):
    base = {
        "kind": Kind.CALL,
        "name": "来电人",
        "phone": PHONE,
        "headcount": 1,
        "summary": "咨询公证办理",
        "outcome": Outcome.ANSWERED,
        "answer": "已告知。",
    }
    return services.log_contact(user, {**base, **data})


def test_it_answers_on_the_spot_in_one_step(bureau, people):
    response = post(people.outsider, outcome="answered", answer="已一次性告知申请条件和所需材料。")
    contact = Contact.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reception/{contact.pk}/"
    assert contact.first_responder == people.outsider and contact.case is None
    assert contact.answer == "已一次性告知申请条件和所需材料。" and contact.follow_up == "已当场解答"
    assert contact.phone == PHONE  # stored in full (encrypted), shown masked


def test_it_becomes_a_petition_in_one_step_with_the_fields_carried_over(bureau, people):
    post(
        people.outsider,
        kind="call",
        outcome="petition",
        headcount="6",
        id_number=ID_NUMBER,
        address="北京市朝阳区幸福路8号",
        summary="六名工人反映被拖欠工资，申请法律援助未获答复",
    )
    contact = Contact.objects.get()
    petition = Petition.objects.get(case=contact.case)
    assert (petition.channel, petition.petitioner, petition.headcount, petition.is_group) == (
        Channel.PHONE,
        "张大爷",
        6,
        True,
    )
    assert petition.phone == PHONE and petition.id_number == ID_NUMBER and petition.demands.startswith("六名工人")
    assert str(petition.received_on) == "2026-12-01"
    # The office keeps petitions; the person on duty is its registrar and handler (首问责任人).
    assert contact.case.section.code == "office" and contact.case.initiator == people.outsider
    assert contact.case.current_step == "chief"
    assert contact.case.clocks.filter(rule__code="petition-accept-notice").exists()
    assert Notification.objects.filter(case=contact.case, user=people.director).exists()  # group visit: leaders told
    assert contact.follow_up.startswith("呈阅：办公室主任")


def test_a_visit_becomes_a_disclosure_request_in_one_step(bureau, people):
    if not django_apps.is_installed("apps.disclosure"):
        pytest.skip("apps.disclosure 尚未安装：“转为政府信息公开申请”选项隐藏，本测试在其安装后运行")
    post(
        people.clerk,
        outcome="disclosure",
        summary="申请公开2025年行政复议案件统计",
        address="北京市朝阳区幸福路8号",
        reply_form="paper",
    )
    contact = Contact.objects.get()
    request = contact.case.disclosure_request
    assert (request.applicant, request.phone, request.content) == ("张大爷", PHONE, "申请公开2025年行政复议案件统计")
    assert str(request.received_on) == "2026-12-01" and request.channel == "in_person"
    assert contact.case.initiator == people.clerk and contact.case.is_open
    assert contact.case.clocks.exists()  # the 20-working-day reply clock runs from receipt


def test_a_call_cannot_become_a_disclosure_request(bureau, people):
    if not django_apps.is_installed("apps.disclosure"):
        pytest.skip("apps.disclosure 尚未安装")
    response = post(people.clerk, kind="call", outcome="disclosure")
    assert response.status_code == 400 and "电话不能登记为政府信息公开申请" in response.content.decode()
    assert not Contact.objects.exists()


def test_the_disclosure_option_is_hidden_until_the_app_exists(bureau, people, monkeypatch):
    monkeypatch.setattr(services, "disclosure_available", lambda: False)
    page = client_for(people.clerk).get("/reception/new/").content.decode()
    assert "转为政府信息公开申请" not in page and "转为信访事项" in page
    assert post(people.clerk, outcome="disclosure").status_code == 400
    assert not Contact.objects.exists()


def test_it_hands_a_note_to_a_section_whose_chief_must_acknowledge(bureau, people):
    post(
        people.clerk,
        outcome="section",
        section=str(bureau["lawyers"].pk),
        note="请核实并回复来访人。",
        summary="反映律师事务所虚假宣传",
    )
    contact = Contact.objects.get()
    case = contact.case
    assert case.process == "reception.handoff" and case.section == bureau["lawyers"]
    task = Task.objects.get(case=case, status=Task.Status.PENDING)
    assert task.assignee == people.other_chief and task.kind == Task.Kind.HANDLE and task.due_date is not None
    assert Notification.objects.filter(user=people.other_chief, case=case).count() == 1
    assert contact.follow_up == "待律师科科长签收"
    # the chief sees it in the inbox and acknowledges it there
    assert case.title in client_for(people.other_chief).get("/inbox/").content.decode()
    engine.complete(case.pk, task.pk, people.other_chief, "已签收，今日回复来访人。")
    contact.refresh_from_db()
    assert contact.follow_up.startswith("已签收")
    # the 首问责任人 sees the follow-up state on the register
    assert "已签收" in client_for(people.clerk).get("/reception/").content.decode()


def test_bad_input_is_refused_in_chinese_and_keeps_what_was_typed(bureau, people):
    response = post(people.clerk, outcome="answered", summary="反映邻居噪音扰民")
    page = response.content.decode()
    assert response.status_code == 400 and "当场解答的，请填写解答内容" in page and "反映邻居噪音扰民" in page
    response = post(people.clerk, outcome="section")
    assert "转交科室的，请选择科室" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_failing_outcome_leaves_nothing_behind(bureau, people, monkeypatch):
    from apps.petitions import services as petitions

    def broken(*args, **kwargs):
        Case.objects.create(
            process="petitions.petition", section=bureau["office"], initiator=people.clerk, title="半截"
        )
        raise petitions.TransitionError("期限规则“petition-accept-notice”不存在或已停用，请联系系统管理员。")

    monkeypatch.setattr(petitions, "register_petition", broken)
    response = post(people.clerk, outcome="petition")
    assert response.status_code == 400 and "期限规则" in response.content.decode()
    assert not Contact.objects.exists() and not Case.objects.filter(title="半截").exists()


def test_the_office_sees_every_contact_others_their_own(bureau, people):
    mine = log(people.outsider, name="律师科接的来电")
    office = log(people.clerk, name="办公室接的来电")
    for user, expected in (
        (people.clerk, {mine, office}),
        (people.chief, {mine, office}),
        (people.outsider, {mine}),
        (people.director, set()),
        (people.sysadmin, set()),
    ):
        assert set(Contact.objects.visible_to(user)) == expected, user
    assert client_for(people.outsider).get(f"/reception/{office.pk}/").status_code == 404
    assert client_for(people.chief).get(f"/reception/{mine.pk}/").status_code == 200
    assert "办公室接的来电" not in client_for(people.outsider).get("/reception/").content.decode()
    assert client_for(people.sysadmin).get("/reception/new/").status_code == 403


def test_a_section_chief_sees_what_was_handed_to_the_section(bureau, people):
    contact = log(people.clerk, outcome=Outcome.SECTION, section=bureau["lawyers"], note="请核实")
    assert set(Contact.objects.visible_to(people.other_chief)) == {contact}
    assert client_for(people.other_chief).get(f"/cases/{contact.case_id}/").status_code == 200


def test_the_phone_is_masked_everywhere_but_for_the_first_responder_on_request(bureau, people):
    contact = log(people.clerk)
    for user in (people.clerk, people.colleague, people.chief, people.outsider):
        for url in ("/reception/", f"/reception/{contact.pk}/", "/reception/?kind=call"):
            response = client_for(user).get(url)
            assert PHONE not in response.content.decode(), (user, url)
    assert "pii-reveal" in client_for(people.clerk).get(f"/reception/{contact.pk}/").content.decode()
    assert "pii-reveal" not in client_for(people.chief).get(f"/reception/{contact.pk}/").content.decode()
    url = f"/privacy/reveal/reception.contact/{contact.pk}/phone/"
    shown = client_for(people.clerk).post(url, {"reason": "回电告知办理结果"})
    assert shown.status_code == 200 and PHONE in shown.content.decode()
    assert client_for(people.chief).post(url, {"reason": "回电"}).status_code == 403
    assert client_for(people.outsider).post(url, {"reason": "回电"}).status_code == 404
    assert list(
        AuditEvent.objects.filter(event="pii.reveal").order_by("id").values_list("actor__username", "outcome")
    ) == [("clerk", "success"), ("chief", "denied")]
    response = client_for(people.chief).get("/reception/?export=xlsx")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    cells = [str(c.value) for row in load_workbook(BytesIO(content)).active.iter_rows() for c in row if c.value]
    assert "来电人" in cells and PHONE not in cells and any(c.startswith("139") and "*" in c for c in cells)


def test_the_register_issues_a_constant_number_of_queries(bureau, people):
    client = client_for(people.chief)
    log(people.clerk)
    log(people.clerk, outcome=Outcome.SECTION, section=bureau["lawyers"])
    client.get("/reception/")
    with CaptureQueriesContext(connection) as few:
        client.get("/reception/")
    for i in range(6):
        log(people.outsider, name=f"来电人{i}")
        log(people.clerk, outcome=Outcome.SECTION, section=bureau["lawyers"], name=f"来访人{i}", kind=Kind.VISIT)
    with CaptureQueriesContext(connection) as many:
        client.get("/reception/")
    assert len(many) == len(few)
