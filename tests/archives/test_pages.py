"""The archive's lists cost a constant number of queries; the printed 归档章 and 目录 carry the
standard's fields where the standard puts them."""

import re
import shutil
import subprocess

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.archives import services
from apps.archives.models import Retention
from tests.archives.factories import closed_request

pytestmark = pytest.mark.django_db
poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils 未安装")
MM = 72 / 25.4


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries), response


@pytest.fixture
def fast_copies(monkeypatch):
    """Archiving many cases: a fixed one-page copy instead of rendering each approval form."""
    monkeypatch.setattr(services, "render_copy", lambda case, user: ("x.pdf", b"%PDF-1.7\n/Type /Page\n", 1, "PDF"))


def grow(people, start, n, archive=True):
    for i in range(start, start + n):
        case = closed_request(people.clerk, f"计数用归档事项{i}", people.chief)
        if archive:
            item = services.archive_case(case.pk, people.archivist, Retention.SHORT)
            if i % 2:
                services.save_loan(
                    people.clerk, {"items": [item], "purpose": "查阅", "mode": "read", "days": 1}, submit=True
                )


@pytest.mark.parametrize("viewer", ["archivist", "clerk"])
def test_lists_do_not_grow_with_rows(people, active_fonds, fast_copies, viewer):
    client = client_for(getattr(people, viewer))
    urls = ["/archives/", "/archives/?export=xlsx", "/archives/loans/", "/archives/?q=计数&retention=D10"]
    if viewer == "archivist":
        urls.append("/archives/pending/")
    grow(people, 0, 3)
    grow(people, 100, 2, archive=False)
    small = {url: count(client, url)[0] for url in urls}
    grow(people, 3, 15)
    grow(people, 200, 10, archive=False)
    large = {url: count(client, url)[0] for url in urls}
    assert small == large
    assert count(client, "/archives/")[1].context["page"].paginator.count == 18


@poppler
def test_the_stamp_sits_at_the_top_centre_with_its_six_fields(people, active_fonds, tmp_path):
    case = closed_request(people.clerk, "归档章测试的请示", people.chief)
    item = services.archive_case(case.pk, people.archivist, Retention.PERMANENT)
    response = client_for(people.archivist).get(f"/archives/items/{item.pk}/stamp.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "stamp.pdf"
    path.write_bytes(response.content)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words = [
        (w, float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>', html
        )
    ]
    top = [w for w in words if w[2] < 30 * MM]  # the stamp's band, above anything else
    assert [w[0] for w in sorted(top, key=lambda w: (round(w[2]), w[1]))] == [
        "J109",
        str(item.year),
        "0001",
        "BGS",
        "永久",
        str(item.pages),
    ]
    # 45 × 16 mm centred: the cells' text lies between 82.5 and 127.5 mm, 8 to 24 mm from the top
    assert all(82.5 * MM < w[1] and w[3] < 127.5 * MM and 8 * MM < w[2] and w[4] < 24 * MM for w in top)
    centre = (min(w[1] for w in top) + max(w[3] for w in top)) / 2
    assert abs(centre - 105 * MM) < 3 * MM


@poppler
def test_the_printed_catalogue_has_a_cover_and_the_standards_columns(people, active_fonds, tmp_path):
    items = [
        services.archive_case(
            closed_request(people.clerk, f"目录测试请示{i}", people.chief).pk, people.archivist, Retention.SHORT
        )
        for i in range(2)
    ]
    client = client_for(people.archivist)
    response = client.get("/archives/catalogue.pdf", {"year": items[0].year})
    assert response.status_code == 200
    path = tmp_path / "catalogue.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    cover, listing = text.split("\f")[:2]
    assert "归档文件目录" in cover and "测试区司法局" in cover and str(items[0].year) in cover and "J109" in cover
    for column in ("序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注"):
        assert column in listing, column
    assert all(item.archive_no in listing for item in items)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+841\.\d+ x 595\.\d+", info), info  # A4 landscape
