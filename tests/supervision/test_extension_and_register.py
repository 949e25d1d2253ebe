"""Seed 002 rule 7: extension only before the due date, through the supervision form and the
generic 期限 card alike (DeadlineRule.extend_before_due_only, enforced by extend_clock); the
office's manual registration page; the settings row."""

from datetime import date

import pytest
from django.test import Client

from apps.supervision.models import Source, SupervisedItem, SupervisionPolicy
from apps.workflow.models import DeadlineRule
from tests.supervision.test_items import on, register

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_supervision_rules_refuse_late_extension_and_others_do_not(bureau):
    flags = dict(DeadlineRule.objects.values_list("code", "extend_before_due_only"))
    assert all(flags[code] for code in flags if code.startswith("supervision-"))
    assert not flags["petition-handle"]


def test_extension_through_the_supervision_form(people, bureau):
    case = register(people, bureau, Source.DISTRICT_INSTRUCTION)  # Mon 2 Nov + 7 working days = Wed 11 Nov
    handler = client_for(people.other_chief)
    with on(date(2026, 11, 5)):
        page = handler.get(case.get_absolute_url()).content.decode()
    assert f"/supervision/{case.pk}/extend" in page and "延长（工作日）" in page
    with on(date(2026, 11, 12)):  # once the due date has passed the form is no longer offered
        page = handler.get(case.get_absolute_url()).content.decode()
    assert f"/supervision/{case.pk}/extend" not in page and "延期须在期限届满前申请" in page
    with on(date(2026, 11, 11)):  # the due day itself is still in time
        response = handler.post(
            f"/supervision/{case.pk}/extend", {"days": "3", "reason": "需协调公安部门", "approved_by": people.chief.pk}
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.due_date == date(2026, 11, 16)
    with on(date(2026, 11, 17)):
        response = handler.post(
            f"/supervision/{case.pk}/extend", {"days": "2", "reason": "再延", "approved_by": people.chief.pk}
        )
    assert response.status_code == 409
    body = response.content.decode()
    assert "须在期限届满前申请延长" in body and "2026-11-16" in body
    assert "再延" in body  # what was typed is kept
    case.refresh_from_db()
    assert case.due_date == date(2026, 11, 16)


def test_bad_input_on_the_supervision_form_is_explained(people, bureau):
    case = register(people, bureau, Source.DISTRICT_INSTRUCTION)
    with on(date(2026, 11, 5)):
        response = client_for(people.other_chief).post(f"/supervision/{case.pk}/extend", {"days": "0", "reason": ""})
    body = response.content.decode()
    assert response.status_code == 409
    assert "延长的期限须为正整数" in body and "请写明延期原因" in body and "请选择批准人" in body


def test_the_generic_clock_card_refuses_after_the_due_date_too(people, bureau):
    case = register(people, bureau, Source.DISTRICT_HANDOFF)  # Mon 2 Nov + 3 working days = Thu 5 Nov
    clock = case.clocks.get()
    client = client_for(people.chief)  # the office chief (section of the case) may manage clocks
    fields = {
        f"c{clock.pk}-extend-days": "2",
        f"c{clock.pk}-extend-reason": "补充材料",
        f"c{clock.pk}-extend-approved_by": str(people.leader.pk),
    }
    with on(date(2026, 11, 6)):
        assert f"/cases/{case.pk}/clocks/{clock.pk}/extend" not in client.get(case.get_absolute_url()).content.decode()
        response = client.post(f"/cases/{case.pk}/clocks/{clock.pk}/extend", fields)
    assert response.status_code == 409
    assert "须在期限届满前申请延长" in response.content.decode()
    clock.refresh_from_db()
    assert clock.extended_days == 0 and clock.due_date == date(2026, 11, 5)
    with on(date(2026, 11, 5)):
        response = client.post(f"/cases/{case.pk}/clocks/{clock.pk}/extend", fields)
    assert response.status_code == 302
    clock.refresh_from_db()
    assert clock.due_date == date(2026, 11, 9)


def test_the_office_registers_an_item_by_hand(people, bureau):
    origin = register(people, bureau, Source.MEETING, title="来源事项")
    with on(date(2026, 11, 2)):
        response = client_for(people.clerk).post(
            "/supervision/new/",
            {
                "title": "关于加快推进公共法律服务站点建设的批示",
                "source": Source.MAIN_LEADER,
                "instruction": "请于11月20日前完成。",
                "lead_section": bureau["lawyers"].pk,
                "co_sections": [bureau["public_legal"].pk],
                "stated_deadline": "2026-11-20",
                "origin_number": origin.pk,
            },
        )
    item = SupervisedItem.objects.get(case__title="关于加快推进公共法律服务站点建设的批示")
    assert response.status_code == 302 and response["Location"] == item.case.get_absolute_url()
    assert item.origin_case == origin and list(item.co_sections.all()) == [bureau["public_legal"]]
    assert item.case.due_date == date(2026, 11, 17)  # 3 working days before Fri 20 Nov


def test_registration_errors_in_chinese_and_nothing_lost(people, bureau):
    response = client_for(people.clerk).post(
        "/supervision/new/",
        {
            "title": "",
            "source": Source.MEETING,
            "instruction": "会议决定：开展评查",
            "lead_section": bureau["lawyers"].pk,
            "co_sections": [bureau["lawyers"].pk],
            "stated_deadline": "2026-11-20",
            "origin_number": "999999",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    for text in (
        "请填写督办事项名称",
        "只有主要领导批示可以确定时限",
        "协办科室不能与牵头科室相同",
        "未找到该来源事项",
    ):
        assert text in body
    assert "会议决定：开展评查" in body
    assert not SupervisedItem.objects.exists()


def test_only_the_office_registers(people, bureau):
    assert client_for(people.outsider).get("/supervision/new/").status_code == 403
    assert client_for(people.director).get("/supervision/new/").status_code == 403
    assert client_for(people.clerk).get("/supervision/new/").status_code == 200


def test_notice_threshold_is_a_setting(people, bureau):
    policy = SupervisionPolicy.current()
    assert policy.notice_after_urges == 2
