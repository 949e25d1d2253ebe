"""公共法律服务 in a real browser: a legal-aid objection decided within its 5 days, a mediation
case to agreement and follow-up visit, and a people's-assessor selection through both draws to
appointment, reproducible from its seeds. Due dates are checked against dates computed by hand
over the 2026 National Day holiday (10月1日–7日 off; 10月10日(六) a make-up working day):

- 异议 received Mon 28 Sept + 5 days = Sat 3 Oct (holiday) → Thu 8 Oct.
- 回访 agreement Wed 30 Sept + 7 days = Wed 7 Oct (holiday) → Thu 8 Oct; 司法确认 + 30 → Fri 30 Oct.
- 选任公告 Tue 1 Sept + 30 days = Thu 1 Oct (holiday) → Thu 8 Oct.
"""

import os
import re
import shutil

import pytest

from apps.legal_services import services
from apps.legal_services.models import AssessorCandidate
from apps.workflow.models import Case
from tests.browser.test_approval_in_browser import approve_first_todo, browser, login  # noqa: F401 (fixture)
from tests.legal_services.factories import PHONE, Section, committee

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def due_shown(page, rule):
    text = page.inner_text(f".clock:has(.clock-head b:text-is('{rule}'))")
    match = re.search(r"到期日\s*(\d{4}-\d{2}-\d{2})", text)
    return match.group(1) if match else None


def assert_pdf(page, href):
    response = page.request.get(re.match(r"https?://[^/]+", page.url).group(0) + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf", href


@pytest.mark.django_db(transaction=True)
def test_a_legal_aid_objection_decided_within_five_days(browser, live_server, people, bureau):
    Section(bureau)
    page = login(browser, live_server, "svc_clerk")
    page.goto(f"{live_server.url}/legal-services/objections/new/")
    page.fill("input[name=objector]", "王五")
    page.fill("input[name=phone]", PHONE)
    page.select_option("select[name=objected_decision]", "refusal")
    page.fill("input[name=received_on]", "2026-09-28")
    page.fill("textarea[name=grounds]", "本人领取低保，符合经济困难标准。")
    page.click("button:has-text('登记并开始审查')")
    page.wait_for_selector("text=异议已登记")
    case_url = page.url
    assert PHONE not in page.content()
    assert due_shown(page, "法律援助异议审查决定（5日）") == "2026-10-08"
    page.select_option("form.aid-draft select[name=outcome]", "correct")
    page.fill("form.aid-draft textarea[name=findings]", "异议人提交的低保证明表明其符合经济困难标准。")
    page.click("form.aid-draft button")
    page.wait_for_selector("text=拟定决定已提交审批")
    page.close()

    approve_first_todo(browser, live_server, "svc_chief", "同意。")
    approve_first_todo(browser, live_server, "svc_leader", "同意，责令改正。")

    page = login(browser, live_server, "svc_clerk")
    page.goto(case_url)
    page.fill("form.aid-issue input[name=decided_on]", "2026-10-08")
    page.fill("form.aid-issue input[name=decision_no]", "临司援异决〔2026〕1号")
    page.click("form.aid-issue button")
    page.wait_for_selector("text=决定已作出")
    assert "按期" in page.inner_text(".clock:has(.clock-head b:text-is('法律援助异议审查决定（5日）'))")
    assert_pdf(page, page.get_attribute("a:has-text('异议审查决定书')", "href"))
    assert Case.objects.get(pk=int(case_url.rstrip("/").split("/")[-1])).status == Case.Status.CLOSED


@pytest.mark.django_db(transaction=True)
def test_a_mediation_case_to_agreement_and_follow_up(browser, live_server, people, bureau):
    s = Section(bureau)
    committee(s.clerk)
    page = login(browser, live_server, "svc_clerk")
    page.goto(f"{live_server.url}/legal-services/mediation/new/")
    page.select_option("select[name=committee]", index=1)
    page.select_option("select[name=mediation_type]", "people")
    page.select_option("select[name=source]", "application")
    page.fill("input[name=category]", "邻里")
    page.fill("input[name=received_on]", "2026-09-21")
    page.fill("textarea[name=summary]", "因通行道路发生争执。")
    page.fill("input[name=mediator]", "李红")
    page.fill("input[name=party1_name]", "甲某")
    page.fill("input[name=party2_name]", "乙某")
    page.click("button:has-text('受理登记')")
    page.wait_for_selector("text=调解案件已受理登记")
    page.fill("form.med-notify input[name=on_date]", "2026-09-22")
    page.click("form.med-notify button")
    page.wait_for_selector("text=已记录书面告知")
    page.fill("form.med-investigate input[name=on_date]", "2026-09-23")
    page.fill("form.med-investigate textarea[name=text]", "走访双方及村委会。")
    page.click("form.med-investigate button")
    page.wait_for_selector("text=调查了解情况已记录")
    page.fill("form.med-session input[name=held_on]", "2026-09-28")
    page.fill("form.med-session textarea[name=text]", "双方陈述，同意协商。")
    page.click("form.med-session button")
    page.wait_for_selector("text=调解记录已保存")
    page.fill("form.med-agree input[name=on_date]", "2026-09-30")
    page.fill("form.med-agree textarea[name=terms]", "乙某让出通道一米。")
    page.fill("form.med-agree input[name=copies]", "3")
    page.click("form.med-agree button")
    page.wait_for_selector("text=调解协议已记录")
    assert due_shown(page, "调解协议履行情况回访（7日）") == "2026-10-08"
    assert "2026-10-30" in page.inner_text(".kv")
    assert_pdf(page, page.get_attribute("a:has-text('调解协议书')", "href"))
    page.fill("form.med-visit input[name=on_date]", "2026-10-08")
    page.fill("form.med-visit textarea[name=note]", "协议已履行完毕。")
    page.click("form.med-visit button")
    page.wait_for_selector("text=回访已记录")
    assert "按期" in page.inner_text(".clock:has(.clock-head b:text-is('调解协议履行情况回访（7日）'))")
    assert_pdf(page, page.get_attribute("a:has-text('回访记录')", "href"))


@pytest.mark.django_db(transaction=True)
def test_an_assessor_selection_through_both_draws_to_appointment(browser, live_server, people, bureau):
    s = Section(bureau)
    page = login(browser, live_server, "svc_clerk")
    page.goto(f"{live_server.url}/legal-services/selections/new/")
    page.fill("input[name=year]", "2026")
    page.fill("input[name=quota]", "3")
    page.fill("input[name=applied_quota]", "0")
    page.click("button:has-text('立项')")
    page.wait_for_selector("text=选任已立项")
    case_url = page.url
    page.fill("form.sel-call input[name=on_date]", "2026-09-01")
    page.click("form.sel-call button")
    page.wait_for_selector("text=选任公告已发布")
    assert due_shown(page, "人民陪审员选任公告期（30日）") == "2026-10-08"
    page.fill("form.sel-first input[name=pool_source]", "区公安分局常住居民名单（2026年8月版）")
    page.fill("form.sel-first input[name=pool_size]", "200")
    page.fill("form.sel-first input[name=count]", "15")
    page.fill("form.sel-first input[name=seed]", "linzi-2026-a")
    page.fill("form.sel-first input[name=on_date]", "2026-09-10")
    page.click("form.sel-first button")
    page.wait_for_selector("text=第一次随机抽选完成")
    case = Case.objects.get(pk=int(case_url.rstrip("/").split("/")[-1]))
    drawn = services.draw("linzi-2026-a", range(1, 201), 15)
    assert case.assessor_selection.first_drawn == drawn
    # eligibility and consent, one candidate at a time (the first refuses)
    for i, serial in enumerate(drawn):
        form = f"form.cand-{serial}"
        page.fill(f"{form} input[name=name]", f"候选人{serial}")
        page.select_option(f"{form} select[name=eligible]", "1")
        page.select_option(f"{form} select[name=consents]", "0" if i == 0 else "1")
        with page.expect_navigation():
            page.click(f"{form} button")
        page.wait_for_selector("text=候选人信息已保存")
    page.fill("form.sel-second input[name=seed]", "linzi-2026-b")
    page.fill("form.sel-second input[name=on_date]", "2026-10-09")
    page.click("form.sel-second button")
    page.wait_for_selector("text=第二次随机抽选完成")
    pool = sorted(drawn[1:])
    assert case.assessor_selection.__class__.objects.get(pk=case.assessor_selection.pk).second_drawn == services.draw(
        "linzi-2026-b", pool, 3
    )
    page.click("a:has-text('复核随机抽选')")
    assert page.locator("text=重算结果一致").count() == 2
    page.goto(case_url)
    page.fill("form.sel-notice input[name=on_date]", "2026-10-09")
    page.click("form.sel-notice button")
    page.wait_for_selector("text=拟任命人选已公示")
    # 5 working days from Fri 9 Oct: Sat 10 (make-up), 12, 13, 14, 15 Oct
    assert due_shown(page, "拟任命人民陪审员名单公示（不少于5个工作日）") == "2026-10-15"
    page.fill("form.sel-appoint input[name=on_date]", "2026-10-16")
    page.fill("form.sel-appoint input[name=ref]", "临人大常〔2026〕21号")
    page.click("form.sel-appoint button")
    page.wait_for_selector("text=任命已记录")
    page.fill("form.sel-oath input[name=on_date]", "2026-10-20")
    page.click("form.sel-oath button")
    page.wait_for_selector("text=就职宣誓已记录")
    assert AssessorCandidate.objects.filter(selection__case=case, chosen=True).count() == 3
    page.goto(f"{live_server.url}/legal-services/assessors/")
    assert page.locator("text=2031-10-16").count() == 3
    assert s.clerk.pk
