"""The 法治政府建设 annual report's figures: gathered from the 行政执法监督科's registers
(normative files and enforcement supervision), shown on the report's case page, printed and
exported, each linked to the rows behind it; counted only for a viewer who sees those registers
(the section, its division leader, the director), never shown as zeros to anyone else."""

import re
import subprocess
from datetime import date
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.test import Client
from openpyxl import load_workbook

from apps.accounts.models import Rank
from apps.enforcement.models import Finding
from apps.rule_of_law import services
from apps.rule_of_law.figures import report_figures
from tests.conftest import make_user
from tests.enforcement.factories import to_followup
from tests.normative_files.factories import published

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def keeper(bureau, people):
    """The 行政执法监督科 that keeps the registers behind the figures, with its division leader."""
    section = bureau["enforcement"]
    leader = make_user("enf_leader", bureau["leadership"], Rank.DIVISION_LEADER, full_name="执法监督分管副局长")
    section.division_leader = leader
    section.save(update_fields=["division_leader"])
    clerk = make_user("enf_clerk", section, Rank.STAFF, full_name="执法监督科科员")
    return SimpleNamespace(
        clerk=clerk,
        handler=clerk,
        chief=make_user("enf_chief", section, Rank.CHIEF, full_name="执法监督科科长"),
        leader=leader,
        director=people.director,
    )


@pytest.fixture
def report(law, keeper, today):
    today.set(date(2026, 10, 20))
    published(keeper, received_on=date(2026, 9, 14), published_on=date(2026, 9, 16))
    to_followup(keeper, Finding.DECISION)
    today.set(date(2027, 1, 6))
    return services.open_report(law.clerk, 2026)


def figures_of(sources, title):
    source = next(s for s in sources if s.title == title)
    return {f.label: f for _group, f in source.rows}


def test_the_case_page_shows_the_years_figures_with_links_to_the_registers(report, keeper, people):
    page = client(people.director).get(report.case.get_absolute_url()).content.decode()
    assert "2026年度数据" in page and "规范性文件与重大行政决策" in page and "行政执法监督" in page
    sources = report_figures(2026, people.director)
    normative = figures_of(sources, "规范性文件与重大行政决策")
    enforcement = figures_of(sources, "行政执法监督")
    assert normative["出具合法性审核意见书"].value == 1 and normative["报区人大常委会备案"].value == 0
    assert enforcement["作出行政执法监督决定书"].value == 1 and enforcement["收到投诉举报"].value == 1
    for f in (normative["出具合法性审核意见书"], enforcement["作出行政执法监督决定书"]):
        assert f'href="{f.url}"'.replace("&", "&amp;") in page
        rows = client(people.director).get(f.url)
        assert rows.status_code == 200 and rows.context["page"].paginator.count == 1


def test_a_reader_who_does_not_see_the_registers_gets_no_figures(report, law, keeper):
    """The report's drafter in the 秘书科 and its division leader do not see the 行政执法监督科's
    registers: their page, print and Excel list no figure from them (no misleading zeros)."""
    for user in (law.clerk, law.leader):
        sources = report_figures(2026, user)
        assert [s.visible for s in sources] == [False, False] and all(s.rows == [] for s in sources)
        page = client(user).get(report.case.get_absolute_url()).content.decode()
        assert "仅该科、其分管领导和局长可见" in page and "出具合法性审核意见书" not in page
    # the keeping section's division leader sees them whole
    assert [s.visible for s in report_figures(2026, keeper.leader)] == [True, True]


def xlsx_rows(response, sheet=0):
    book = load_workbook(BytesIO(response.content))
    return [r for r in book.worksheets[sheet].iter_rows(values_only=True) if any(r)]


def test_the_figures_print_and_export_as_the_viewer_sees_them(report, law, people, outsider_client):
    url = f"/rule-of-law/cases/{report.case_id}/figures.xlsx"
    rows = xlsx_rows(client(people.director).get(url))
    assert ("行政执法监督", "行政执法投诉举报", "作出行政执法监督决定书", 1) in rows
    assert ("规范性文件与重大行政决策", "规范性文件合法性审核", "出具合法性审核意见书", 1) in rows
    drafter = xlsx_rows(client(law.clerk).get(url))
    assert not [r for r in drafter if r[-1] == 1 and "决定书" in str(r)]
    assert any("未列出" in str(r) for r in xlsx_rows(client(law.clerk).get(url), sheet=1))  # the 筛选条件 sheet
    pdf = client(people.director).get(f"/rule-of-law/cases/{report.case_id}/print/figures.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = re.sub(
        r"\s+", "", subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True).stdout.decode()
    )
    assert "2026年度法治政府建设情况报告数据" in text and "作出行政执法监督决定书" in text
    # a reader who may not open the case gets neither
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.get(f"/rule-of-law/cases/{report.case_id}/print/figures.pdf").status_code == 404


@pytest.fixture
def outsider_client(people):
    return client(people.outsider)
