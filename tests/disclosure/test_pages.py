"""Pages: registration, masking per role with the audited reveal, default deny, the register's
filters and export, the prints, the annual report's table, constant queries."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.disclosure import services
from apps.disclosure.models import ApplicantKind, ConsultKind, DisclosureRequest, Outcome
from tests.conftest import make_user
from tests.disclosure.factories import (
    ADDRESS,
    ID_NUMBER,
    PHONE,
    new_item,
    new_request,
    reply_through_the_route,
    sheet_and_instructions,
)

pytestmark = pytest.mark.django_db
REASON = "电话告知补正事项前核对号码"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def reveal_url(case, field="phone"):
    return f"/privacy/reveal/disclosure.disclosurerequest/{DisclosureRequest.objects.get(case=case).pk}/{field}/"


def xlsx_cells(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [
        str(c.value) for row in load_workbook(BytesIO(content)).active.iter_rows() for c in row if c.value is not None
    ]


def test_it_registers_from_the_form_and_keeps_bad_input(bureau, people, today):
    today.set(date(2026, 9, 23))
    client = client_for(people.clerk)
    bad = client.post(
        "/disclosure/new/",
        {
            "applicant": "李四",
            "applicant_kind": "natural",
            "id_number": "110105194912310021",
            "channel": "letter",
            "content": "本局权责清单",
            "reply_form": "paper",
            "received_on": "2026-09-23",
        },
    )
    assert bad.status_code == 200 and "校验位" in bad.content.decode() and "本局权责清单" in bad.content.decode()
    response = client.post(
        "/disclosure/new/",
        {
            "applicant": "李四",
            "applicant_kind": "business",
            "id_number": ID_NUMBER,
            "phone": PHONE,
            "channel": "letter",
            "content": "本局权责清单",
            "reply_form": "email",
            "received_on": "2026-09-23",
        },
    )
    r = DisclosureRequest.objects.get(applicant="李四")
    assert response.status_code == 302 and response["Location"] == f"/cases/{r.case_id}/"
    assert r.applicant_kind == ApplicantKind.BUSINESS
    assert r.case.clocks.get(rule__code="disclosure-reply").due_date == date(2026, 10, 28)


def test_a_stage_form_with_bad_input_comes_back_with_the_text_kept(bureau, people, today):
    today.set(date(2026, 9, 24))
    case = new_request(people.clerk)
    response = client_for(people.clerk).post(
        f"/disclosure/{case.pk}/supplement", {"items": "请写明文号", "on_date": "2026-09-22"}
    )
    page = response.content.decode()
    assert response.status_code == 409 and "不能早于收到申请日期" in page and "请写明文号" in page
    assert DisclosureRequest.objects.get(case=case).stage == "registered"


def test_pages_mask_personal_data_for_every_role_and_only_the_handler_may_reveal(bureau, people, today):
    today.set(date(2026, 9, 24))
    case = new_request(people.clerk)
    for user in (people.clerk, people.colleague, people.chief, people.leader, people.director):
        client = client_for(user)
        listing = client.get("/disclosure/").content.decode()
        assert "张三" in listing and PHONE not in listing, user
        page = client.get(f"/cases/{case.pk}/").content.decode()
        assert PHONE not in page and ID_NUMBER not in page and ADDRESS not in page, user
        assert ("pii-reveal" in page) == (user == people.clerk), user
    shown = client_for(people.clerk).post(reveal_url(case), {"reason": REASON})
    assert shown.status_code == 200 and PHONE in shown.content.decode()
    event = AuditEvent.objects.get(event="pii.reveal", outcome="success")
    assert (
        event.actor == people.clerk
        and event.detail["field"] == "phone"
        and event.object_type == "disclosure.DisclosureRequest"
    )
    for user in (people.colleague, people.chief, people.leader, people.director):
        refused = client_for(user).post(reveal_url(case, "id_number"), {"reason": REASON})
        assert refused.status_code == 403 and ID_NUMBER not in refused.content.decode(), user
    assert AuditEvent.objects.filter(event="pii.reveal", outcome="denied").count() == 4
    for user in (people.outsider, people.other_chief, people.sysadmin, people.secadmin, people.auditor):
        client = client_for(user)
        assert client.get(f"/cases/{case.pk}/").status_code == 404, user
        assert client.post(reveal_url(case), {"reason": REASON}).status_code == 404, user
        assert client.get(f"/disclosure/{case.pk}/print/receipt.pdf").status_code == 404, user
        assert "张三" not in client.get("/disclosure/").content.decode(), user
        assert "张三" not in "".join(xlsx_cells(client.get("/disclosure/?export=xlsx"))), user


def test_the_drafting_section_handles_the_request_and_the_sheet_prints_its_instructions(bureau, people, today):
    today.set(date(2026, 9, 24))
    case = new_request(people.clerk)
    services.confirm_clear(case.pk, people.clerk, date(2026, 9, 24))
    sheet_and_instructions(case, people, bureau["lawyers"], date(2026, 9, 24))
    # The responsible section's staff now handle it: they see it, may reveal (audited), and draft.
    page = client_for(people.outsider).get(f"/cases/{case.pk}/").content.decode()
    assert PHONE not in page and "pii-reveal" in page and "提交答复意见稿审核" in page
    assert "延长答复期限" not in page and "发出征求意见书" in page  # the section may consult, not extend
    shown = client_for(people.outsider).post(reveal_url(case), {"reason": "联系申请人核实所需信息范围"})
    assert shown.status_code == 200 and PHONE in shown.content.decode()
    assert AuditEvent.objects.filter(event="pii.reveal", outcome="success", actor=people.outsider).exists()
    # The office handler keeps the extension form at this step; the register shows where it is.
    office = client_for(people.clerk)
    assert "延长答复期限" in office.get(f"/cases/{case.pk}/").content.decode()
    assert "办理中·责任科室办理拟稿" in office.get("/disclosure/").content.decode()
    export = office.get("/disclosure/?export=xlsx")
    content = b"".join(export.streaming_content) if export.streaming else export.content
    assert load_workbook(BytesIO(content)).active.title == "依申请公开办理情况登记表"
    cells = xlsx_cells(export)
    assert "依申请公开〔2026〕1号" in cells and "律师工作科" in cells
    # The 处理单 names each 批示 with who signed and when (the rows come from the rule rows).
    from apps.disclosure.views import _instructions

    rows = _instructions(case)
    assert [(row["label"], row["task"].acted_by) for row in rows] == [
        ("办公室主任批示", people.chief),
        ("分管局长批示", people.leader),
    ]
    response = office.get(f"/disclosure/{case.pk}/print/sheet.pdf")
    assert response.status_code == 200
    assert AuditEvent.objects.get(event="print.disclosure_form", actor=people.clerk).detail == {
        "form": "sheet",
        "revealed": ["phone"],
    }
    other = client_for(people.colleague).get(f"/disclosure/{case.pk}/print/sheet.pdf")  # sees, does not handle
    assert other.status_code == 200
    assert AuditEvent.objects.get(event="print.disclosure_form", actor=people.colleague).detail == {"form": "sheet"}


def test_the_export_masks_and_follows_the_filters(bureau, people, today):
    today.set(date(2026, 9, 24))
    new_request(people.clerk)
    other = new_request(people.clerk, applicant="王五", received_on=date(2026, 9, 24))
    services.notify_supplement(other.pk, people.clerk, date(2026, 9, 24), "请写明文号")
    cells = xlsx_cells(client_for(people.clerk).get("/disclosure/?export=xlsx"))
    assert (
        "张三" in cells and "王五" in cells and PHONE not in cells and ID_NUMBER not in cells and ADDRESS not in cells
    )
    assert any(c.startswith("138") and "*" in c for c in cells)
    only = xlsx_cells(client_for(people.clerk).get("/disclosure/?stage=supplement&export=xlsx"))
    assert "王五" in only and "张三" not in only
    page = client_for(people.clerk).get("/disclosure/?q=王五").content.decode()
    assert "王五" in page and "张三" not in page


def test_the_overdue_filter_lists_only_the_bureaus_late_clocks(bureau, people, today):
    today.set(date(2026, 9, 24))
    late = new_request(people.clerk)  # received 23 Sept: 补正告知 due 10 Oct
    waiting = new_request(people.clerk, applicant="王五", received_on=date(2026, 9, 24))
    services.notify_supplement(waiting.pk, people.clerk, date(2026, 9, 24), "请写明文号")  # the applicant's clock only
    today.set(date(2026, 10, 13))
    page = client_for(people.chief).get("/disclosure/?overdue=on").content.decode()
    assert f"/cases/{late.pk}/" in page and f"/cases/{waiting.pk}/" not in page


def test_each_form_prints_when_its_notice_was_given(bureau, people, today):
    today.set(date(2026, 9, 29))
    case = new_request(people.clerk)
    client = client_for(people.clerk)
    assert client.get(f"/disclosure/{case.pk}/print/supplement.pdf").status_code == 302  # no notice yet
    services.notify_supplement(case.pk, people.clerk, date(2026, 9, 29), "请写明文号")
    services.receive_supplement(case.pk, people.clerk, date(2026, 9, 29))
    services.consult(case.pk, people.clerk, ConsultKind.THIRD_PARTY, "某公司", "涉及该公司报价", date(2026, 9, 29))
    services.extend(case.pk, people.clerk, 10, "需逐项区分处理", people.chief)
    services.record_opinion(case.pk, people.clerk, date(2026, 9, 29), "同意公开")
    assert client.get(f"/disclosure/{case.pk}/print/sheet.pdf").status_code == 302  # no 处理单 yet
    reply_through_the_route(case, people, bureau["lawyers"], Outcome.PUBLIC, "", date(2026, 9, 29))
    for form in ("sheet", "supplement", "consult", "extension", "reply", "receipt"):
        response = client.get(f"/disclosure/{case.pk}/print/{form}.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", form
    assert AuditEvent.objects.filter(event="print.disclosure_form").count() == 6
    item = new_item(people.clerk, formed_on=date(2026, 9, 29))
    assert client.get(f"/disclosure/proactive/{item.pk}/print/review.pdf").status_code == 200


def test_the_annual_report_counts_by_applicant_kind_and_balances(bureau, people, today):
    today.set(date(2026, 12, 3))
    new_request(people.clerk, received_on=date(2025, 12, 20))  # carried over from 2025, still open
    done = new_request(
        people.clerk, received_on=date(2026, 3, 2), applicant_kind=ApplicantKind.LEGAL_SERVICE, applicant="某律所"
    )
    services.confirm_clear(done.pk, people.clerk, date(2026, 3, 3))
    reply_through_the_route(
        done, people, bureau["lawyers"], Outcome.ALREADY_PUBLIC, "见本局网站“权责清单”栏目", date(2026, 3, 20)
    )
    new_request(people.clerk, received_on=date(2026, 11, 30))  # open at the year's end
    from apps.disclosure import report

    f = report.figures(people.chief, 2026)
    # columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
    assert f["new"] == [1, 0, 0, 0, 1, 0, 2]
    assert f["carried"] == [1, 0, 0, 0, 0, 0, 1]
    assert f["results"][0]["cells"] == [0, 0, 0, 0, 1, 0, 1]  # （一）予以公开 includes 已主动公开
    assert f["total"] == [0, 0, 0, 0, 1, 0, 1] and f["onward"] == [2, 0, 0, 0, 0, 0, 2] and f["balanced"]
    # Counts only what the viewer may see: the drafting section sees the request it drafted for.
    assert report.figures(people.outsider, 2026)["new"][-1] == 1
    assert report.figures(make_user("corrections", bureau["correction"]), 2026)["new"][-1] == 0
    page = client_for(people.chief).get("/disclosure/report/?year=2026").content.decode()
    assert "勾稽关系相符" in page and "法律服务机构" in page
    cells = xlsx_cells(client_for(people.chief).get("/disclosure/report/?year=2026&export=xlsx"))
    assert "四、结转下年度继续办理" in cells
    assert AuditEvent.objects.filter(event="export.disclosure_annual_report").exists()


def test_the_register_issues_a_constant_number_of_queries(bureau, people, today):
    today.set(date(2026, 9, 24))
    client = client_for(people.chief)
    new_request(people.clerk)
    client.get("/disclosure/")
    with CaptureQueriesContext(connection) as one:
        client.get("/disclosure/")
    for i in range(4):
        case = new_request(people.clerk, applicant=f"申请人{i}")
        services.notify_supplement(case.pk, people.clerk, date(2026, 9, 24), "请写明文号")
    with CaptureQueriesContext(connection) as five:
        client.get("/disclosure/")
    assert len(five) == len(one)
    with CaptureQueriesContext(connection) as report_one:
        client.get("/disclosure/report/?year=2026")
    new_item(people.clerk)
    with CaptureQueriesContext(connection) as report_more:
        client.get("/disclosure/report/?year=2026")
    assert len(report_more) == len(report_one)
