"""Archiving closed cases as DA/T 22-2015 items: the 待归档 list, gapless 件号 per class, the 档号,
the 归档章 fields, the PDF/A-2b copy with its SHA-256, the catalogue and its Excel columns."""

import re
import shutil
import subprocess
from io import BytesIO

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from apps.archives import services, sources
from apps.archives.models import ARCHIVE_NO, ArchiveItem, Fonds, OrgCode, Retention
from apps.audit.models import AuditEvent
from apps.workflow import services as engine
from apps.workflow.models import Case
from apps.workflow.services import TransitionError
from tests.archives.factories import closed_request
from tests.matters.factories import new_request

pytestmark = pytest.mark.django_db
poppler = pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils 未安装")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def closed(people, active_fonds):
    """Finished office requests (one rejected) and one of the lawyers' section."""
    p = people
    office = [closed_request(p.clerk, f"关于办公室第{i}项工作的请示", p.chief) for i in range(3)]
    rejected = new_request(p.colleague, "关于购置新沙发的请示", submit=True)
    engine.reject(rejected.pk, rejected.tasks.get(status="pending").pk, p.chief, "不符合规定")
    lawyers = closed_request(p.outsider, "关于律师事务所年检的请示", p.other_chief)
    return {"office": office, "rejected": rejected, "lawyers": lawyers}


def test_the_pending_list_follows_who_may_see_and_archive(closed, people):
    office_ids = {c.pk for c in closed["office"]} | {closed["rejected"].pk}
    assert set(services.pending_cases(people.archivist).values_list("pk", flat=True)) == office_ids
    assert set(services.pending_cases(people.chief).values_list("pk", flat=True)) == office_ids
    assert set(services.pending_cases(people.other_chief).values_list("pk", flat=True)) == {closed["lawyers"].pk}
    for user in (people.clerk, people.outsider, people.leader, people.director, people.sysadmin):
        assert not services.pending_cases(user).exists()
        assert client_for(user).get("/archives/pending/").status_code == 403
    response = client_for(people.archivist).get("/archives/pending/")
    assert {c.pk for c in response.context["page"].object_list} == office_ids
    assert "关于律师事务所年检的请示" not in response.content.decode()
    # a guessed case of another section is not in the archivist's reach
    assert client_for(people.archivist).get(f"/archives/pending/{closed['lawyers'].pk}/").status_code == 404


@poppler
def test_archiving_numbers_items_gaplessly_per_class_and_keeps_a_pdf_a(closed, people, tmp_path):
    first, second, third = closed["office"]
    client = client_for(people.archivist)
    form = client.get(f"/archives/pending/{first.pk}/")
    assert form.context["rule"].retention == Retention.SHORT  # 保管期限表: matters.general → 10年
    response = client.post(f"/archives/pending/{first.pk}/", {"retention": "D10", "title": first.title, "pages": 1})
    item = ArchiveItem.objects.get(case=first)
    assert response.status_code == 302 and response["Location"] == f"/archives/items/{item.pk}/"
    year = timezone.localdate().year
    assert item.archive_no == f"J109-WS·{year}-D10-BGS-0001"
    assert ARCHIVE_NO.match(item.archive_no)
    second_item = services.archive_case(second.pk, people.archivist, Retention.SHORT)
    permanent = services.archive_case(third.pk, people.archivist, Retention.PERMANENT)
    assert second_item.archive_no.endswith("-D10-BGS-0002")
    assert permanent.archive_no == f"J109-WS·{year}-Y-BGS-0001"  # another class starts at 0001
    first.refresh_from_db()
    assert first.status == Case.Status.ARCHIVED
    # the 归档章 fields
    assert (item.fonds_code, item.year, item.item_no, item.org_code, item.retention) == ("J109", year, 1, "BGS", "D10")
    # the electronic copy: the approval form as PDF/A-2b, its hash and page count checked by poppler
    path = tmp_path / "copy.pdf"
    path.write_bytes(second_item.pdf.read())
    assert services.file_sha256(second_item) == second_item.pdf_sha256
    info = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True).stdout
    assert "pdfaid:part" in info and ("<pdfaid:part>2</pdfaid:part>" in info or 'pdfaid:part="2"' in info)
    pages = int(
        re.search(
            r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        ).group(1)
    )
    assert second_item.pages == pages and second_item.pdf_variant == "PDF/A-2b"
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert second.title in text and "审批单" in text
    # archived once only
    with pytest.raises(TransitionError):
        services.archive_case(first.pk, people.archivist, Retention.SHORT)
    events = AuditEvent.objects.filter(event="archives.archive").count()
    assert events == 3


def test_the_item_page_detects_a_changed_file(closed, people):
    item = services.archive_case(closed["office"][0].pk, people.archivist, Retention.SHORT)
    client = client_for(people.archivist)
    assert client.get(f"/archives/items/{item.pk}/").context["intact"] is True
    with item.pdf.open("rb") as handle:
        data = bytearray(handle.read())
    data[-20] ^= 0x01
    item.pdf.storage.delete(item.pdf.name)
    item.pdf.storage.save(item.pdf.name, BytesIO(bytes(data)))
    response = client.get(f"/archives/items/{item.pk}/")
    assert response.context["intact"] is False
    assert "校验不一致" in response.content.decode()


def test_archiving_waits_for_the_fonds_and_the_section_code(closed, people):
    Fonds.objects.all().delete()
    case = closed["office"][0]
    with pytest.raises(TransitionError, match="全宗号"):
        services.archive_case(case.pk, people.archivist, Retention.SHORT)
    Fonds.objects.create(code="J109", name="测试")
    OrgCode.objects.filter(section__code="office").delete()
    with pytest.raises(TransitionError, match="机构（问题）代码"):
        services.archive_case(case.pk, people.archivist, Retention.SHORT)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED  # nothing happened: the engine's archive rolled back
    assert not ArchiveItem.objects.exists()


def test_a_section_chief_archives_their_sections_cases_only(closed, people):
    item = services.archive_case(closed["lawyers"].pk, people.other_chief, Retention.LONG)
    assert item.archive_no.endswith("-D30-LSK-0001")
    with pytest.raises(TransitionError):
        services.archive_case(closed["office"][0].pk, people.other_chief, Retention.SHORT)
    with pytest.raises(TransitionError):
        services.archive_case(closed["office"][0].pk, people.clerk, Retention.SHORT)


def test_a_case_marked_archived_by_the_engine_alone_is_still_catalogued(closed, people):
    case = closed["office"][0]
    engine.archive(case.pk, people.archivist)
    # 已归档: no longer 待归档, but listed apart until it has its 档号
    assert case.pk not in set(services.pending_cases(people.archivist).values_list("pk", flat=True))
    assert case.pk in set(services.uncatalogued_cases(people.archivist).values_list("pk", flat=True))
    item = services.archive_case(case.pk, people.archivist, Retention.SHORT)
    assert item.item_no == 1
    assert not services.uncatalogued_cases(people.archivist).filter(pk=case.pk).exists()


def test_a_registered_source_gives_the_copy_and_the_catalogue_facts(closed, people, monkeypatch):
    from apps.printing.render import html_to_pdf

    case = closed["office"][0]
    calls = []

    def render(c):
        calls.append(c.pk)
        return "临司发〔2025〕7号.pdf", html_to_pdf("<p>正式公文</p>", pdf_variant=sources.PDF_VARIANT)

    issued = timezone.localdate().replace(year=timezone.localdate().year - 1, month=12, day=28)
    monkeypatch.setitem(
        sources._sources,
        case.process,
        sources.Source(
            render,
            lambda c: {
                "doc_number": "临司发〔2025〕7号",
                "responsible": "淄博市临淄区司法局",
                "date": issued,
                "doc_type": "通知",
            },
        ),
    )
    item = services.archive_case(case.pk, people.archivist, Retention.LONG)
    assert calls == [case.pk]
    assert item.doc_number == "临司发〔2025〕7号" and item.responsible == "淄博市临淄区司法局"
    assert item.year == issued.year and item.date_text == f"{issued:%Y%m%d}"
    assert item.pdf_name == "临司发〔2025〕7号.pdf" and item.pdf_variant == "PDF/A-2b" and item.pages == 1


def test_catalogue_visibility(closed, people):
    office = services.archive_case(closed["office"][0].pk, people.archivist, Retention.SHORT)
    lawyers = services.archive_case(closed["lawyers"].pk, people.other_chief, Retention.SHORT)
    seen = {
        name: set(ArchiveItem.objects.visible_to(getattr(people, name)).values_list("pk", flat=True))
        for name in ("archivist", "chief", "clerk", "outsider", "other_chief", "director", "leader", "sysadmin")
    }
    # the archive's keepers see the whole catalogue; staff the items of cases they may see
    assert seen["archivist"] == seen["chief"] == {office.pk, lawyers.pk}
    assert seen["clerk"] == {office.pk} and seen["leader"] == {office.pk}
    assert seen["outsider"] == seen["other_chief"] == {lawyers.pk}
    assert seen["director"] == {office.pk, lawyers.pk}
    assert seen["sysadmin"] == set()
    assert client_for(people.outsider).get(f"/archives/items/{office.pk}/").status_code == 404
    assert client_for(people.outsider).get(f"/archives/items/{office.pk}/file.pdf").status_code == 404
    assert client_for(people.outsider).get(f"/archives/items/{office.pk}/stamp.pdf").status_code == 404
    # the archivist reads the catalogue entry of the lawyers' item and its copy, not the case page
    client = client_for(people.archivist)
    assert client.get(f"/archives/items/{lawyers.pk}/").status_code == 200
    assert client.get(f"/cases/{lawyers.case_id}/").status_code == 404
    download = client.get(f"/archives/items/{lawyers.pk}/file.pdf")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(event="archives.download", actor=people.archivist).count() == 1


def test_the_catalogue_exports_the_standards_columns(closed, people):
    items = [services.archive_case(c.pk, people.archivist, Retention.SHORT) for c in closed["office"]]
    response = client_for(people.archivist).get("/archives/", {"export": "xlsx", "year": items[0].year})
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注")
    body = rows[1:]
    assert [row[0] for row in body] == [1, 2, 3]
    assert [row[1] for row in body] == sorted(i.archive_no for i in items)
    assert all(re.fullmatch(r"\d{8}", row[5]) for row in body)
    assert all(row[3] == "淄博市临淄区司法局办公室" for row in body)
    assert all(isinstance(row[7], int) and row[7] >= 1 for row in body)
    assert sheet.title.startswith(f"{items[0].year}年归档文件目录")
