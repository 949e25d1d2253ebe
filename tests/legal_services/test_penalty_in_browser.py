"""6.11 in a real browser: a grassroots legal-service worker's 警告 from 立案 to 结案, with the
告知书, the party's statement, the approvals, the numbered decision and its service; due dates
checked against dates computed by hand over the 2026 National Day holiday:

- 立案 Mon 28 Sept + 90 days = Sun 27 Dec → Mon 28 Dec (《行政处罚法》§60; 民法典 §203).
- 决定 Mon 26 Oct + 7 working days (§61, §85): 27, 28, 29, 30 Oct, 2, 3, 4 Nov → Wed 4 Nov.
"""

import os
import shutil

import pytest

from apps.legal_services import services
from apps.workflow.models import Case
from tests.browser.test_approval_in_browser import approve_first_todo, browser, login  # noqa: F401 (fixture)
from tests.legal_services.factories import ID_NUMBER, Section
from tests.legal_services.test_legal_services_in_browser import assert_pdf, due_shown

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.django_db(transaction=True)
def test_a_warning_to_a_grassroots_worker_from_filing_to_closing(browser, live_server, people, bureau):
    s = Section(bureau)
    office = services.save_unit(s.clerk, {"kind": "grassroots_office", "name": "稷下法律服务所"})
    worker = services.save_person(
        s.clerk, {"kind": "grassroots_worker", "name": "周平", "unit": office, "id_number": ID_NUMBER}
    )
    page = login(browser, live_server, "svc_clerk")
    page.goto(f"{live_server.url}/legal-services/penalties/new/")
    page.select_option("select[name=subject]", "worker")
    page.select_option("select[name=person]", str(worker.pk))
    page.select_option("select[name=source]", "complaint")
    page.fill("textarea[name=facts_alleged]", "在代理合同上以律师名义署名。")
    page.fill("input[name=filed_on]", "2026-09-28")
    page.click("button:has-text('立案')")
    page.wait_for_selector("text=已立案")
    case_url = page.url
    assert due_shown(page, "基层法律服务违规执业处罚：立案后作出处理决定（90日）") == "2026-12-28"

    page.fill("form.pen-note input[name=on_date]", "2026-09-29")
    page.select_option("form.pen-note select[name=method]", "inquiry")
    page.fill("form.pen-note input[name=officers]", "徐平、刘强")
    page.fill("form.pen-note textarea[name=content]", "询问当事人，承认以律师名义署名。")
    page.click("form.pen-note button")
    page.wait_for_selector("text=调查取证记录已登记")
    page.click("summary:has-text('送达行政处罚事先告知书')")
    page.fill("form.pen-notify textarea[name=facts_found]", "周平在两份代理合同上署名为“律师”。")
    page.fill("form.pen-notify textarea[name=evidence]", "委托代理合同2份、询问笔录。")
    page.fill("form.pen-notify input[name=on_date]", "2026-09-30")
    page.click("form.pen-notify button")
    page.wait_for_selector("text=告知书已编号")
    assert "临司罚告〔2026〕1号" in page.content()
    assert_pdf(page, page.get_attribute("a:has-text('行政处罚事先告知书')", "href"))

    page.fill("form.pen-statement input[name=on_date]", "2026-10-09")
    page.fill("form.pen-statement textarea[name=text]", "当事人称系合同模板错误；经复核，理由不成立。")
    page.click("form.pen-statement button")
    page.wait_for_selector("text=陈述、申辩已登记")
    page.select_option("form.pen-draft select[name=outcome]", "warning")
    page.fill("form.pen-draft textarea[name=reasons]", "申辩理由不成立，依法给予警告。")
    page.click("form.pen-draft button")
    page.wait_for_selector("text=处理决定已呈负责人审批")
    page.close()

    approve_first_todo(browser, live_server, "svc_chief", "同意。")
    approve_first_todo(browser, live_server, "svc_leader", "同意。")
    approve_first_todo(browser, live_server, "director", "同意给予警告。")

    page = login(browser, live_server, "svc_clerk")
    page.goto(case_url)
    page.fill("form.pen-issue input[name=on_date]", "2026-10-26")
    page.click("form.pen-issue button")
    page.wait_for_selector("text=决定书已编号")
    assert due_shown(page, "行政处罚决定书送达（7个工作日）") == "2026-11-04"
    assert_pdf(page, page.get_attribute("a:has-text('行政处罚决定书')", "href"))
    page.fill("form.pen-serve input[name=on_date]", "2026-10-28")
    page.select_option("form.pen-serve select[name=method]", "直接送达")
    page.click("form.pen-serve button")
    page.wait_for_selector("text=送达已登记")
    page.fill("form.pen-close input[name=reported_on]", "2026-10-29")
    page.fill("form.pen-close textarea[name=report]", "警告已送达执行，处理结果报市司法局。")
    page.click("form.pen-close button")
    page.wait_for_selector("text=已结案")
    case = Case.objects.get(pk=int(case_url.rstrip("/").split("/")[-1]))
    assert case.status == Case.Status.CLOSED and case.grassroots_penalty.decision_no == "临司罚决〔2026〕1号"
