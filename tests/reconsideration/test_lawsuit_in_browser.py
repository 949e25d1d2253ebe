"""A lawsuit against the bureau in a real browser, as the section runs 应诉: the complaint copy
registered on Wed 23 Sept 2026, the 答辩状 drafted and approved by the section chief, the division
leader and the principal head, filed on the last day of the 15 days (Thu 8 Oct, after the National
Day holiday), the head's court appearance with the 情况说明 when absent, a lost judgment, the
decision to appeal inside the 15 days, and the closing refused until the loss is analysed. Each
due date the page shows is checked against one computed by hand (1–7 Oct off, Sat 10 Oct worked)."""

import os
import shutil
from datetime import date

import pytest

from apps.reconsideration.models import Lawsuit, LawsuitStage
from apps.workflow.models import Case
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)
from tests.reconsideration.test_case_in_browser import approve, bureau_date, clock_text, open_case  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def submit(page, move, fields, button, summary=None, outcome=".msg.success"):
    if summary:
        page.click(f"#recon-actions summary:has-text('{summary}')")
    form = f"#recon-actions form[action$='/{move}']"
    for name, value in fields.items():
        selector = f"{form} [name={name}]"
        tag = page.eval_on_selector(selector, "e => e.tagName + (e.type || '')")
        if tag.startswith("SELECT"):
            page.select_option(selector, value)
        elif tag == "INPUTcheckbox":
            page.check(selector) if value else page.uncheck(selector)
        else:
            page.fill(selector, value)
    page.click(f"{form} button:has-text('{button}')")
    page.wait_for_selector(outcome)


@pytest.mark.django_db(transaction=True)
def test_a_lawsuit_from_the_complaint_copy_to_the_appeal_and_the_loss_analysis(
    browser, live_server, recon, bureau_date
):
    page = login(browser, live_server, "recon_clerk")
    page.goto(f"{live_server.url}/reconsideration/lawsuits/new/")
    page.select_option("select[name=court]", index=1)
    page.fill("input[name=court_case_no]", "（2026）鲁0305行初88号")
    page.fill("input[name=plaintiff]", "赵某")
    page.fill("input[name=phone]", "13905336688")
    page.select_option("select[name=defendant]", "bureau")
    page.fill("textarea[name=act]", "本局作出的投诉处理答复")
    page.select_option("select[name=act_type]", "complaint")
    page.fill("textarea[name=claims]", "撤销投诉处理答复并责令重新作出")
    page.fill("input[name=served_on]", "2026-09-23")
    page.click("button:has-text('登记')")
    page.wait_for_selector(".msg.success")
    case_id = Lawsuit.objects.get(plaintiff="赵某").case_id
    assert "本局角色：被告" in page.inner_text("body")
    # 15 days from Wed 23 Sept: Thu 8 Oct (a working day after the holiday).
    assert "到期日 2026-10-08" in clock_text(page, "答辩状")
    assert "管辖异议：2026-10-08 前提出" in page.inner_text(".kv")
    submit(
        page,
        "defence",
        {
            "summary": "投诉处理答复认定事实清楚，程序合法。",
            "evidence": "1.投诉登记表；2.调查笔录。",
            "agents": "复议科员",
        },
        "提交审批",
    )
    page.close()

    for username, opinion in (("recon_chief", "同意。"), ("leader", "同意。"), ("director", "同意应诉。")):
        approve(browser, live_server, case_id, username, opinion)

    bureau_date(date(2026, 10, 8))
    page = open_case(browser, live_server, case_id)
    assert "到期日 2026-10-08" in clock_text(page, "答辩状")
    submit(page, "file_defence", {"filed_on": "2026-10-08"}, "登记提交")
    assert "已按期办结" in clock_text(page, "答辩状")
    response = page.request.get(f"{live_server.url}/reconsideration/{case_id}/print/defence.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    page.close()

    bureau_date(date(2026, 11, 2))
    page = open_case(browser, live_server, case_id)
    submit(
        page,
        "appearance",
        {"hearing_on": "2026-11-02", "head_appeared": False, "head_name": "张某", "head_title": "副局长"},
        "登记",
        "负责人出庭应诉登记",
        outcome=".msg.error",
    )
    assert "情况说明" in page.inner_text(".msg.error")
    submit(
        page,
        "appearance",
        {
            "hearing_on": "2026-11-02",
            "head_appeared": False,
            "head_name": "张某",
            "head_title": "副局长",
            "staff": "复议科员",
            "explanation": "参加全市依法行政工作会议",
        },
        "登记",  # the refused form is shown open with what was typed
    )
    assert "负责人未出庭" in page.inner_text(".kv")
    response = page.request.get(f"{live_server.url}/reconsideration/{case_id}/print/appearance.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    page.close()

    bureau_date(date(2026, 11, 10))
    page = open_case(browser, live_server, case_id)
    submit(page, "judgment", {"kind": "judgment", "result": "revoke", "served_on": "2026-11-10"}, "登记")
    # appeal from a judgment: 15 days from Tue 10 Nov → Wed 25 Nov.
    assert "到期日 2026-11-25" in clock_text(page, "不服一审判决")
    page.close()

    bureau_date(date(2026, 11, 20))
    page = open_case(browser, live_server, case_id)
    submit(page, "appeal", {"appeal": "1", "decided_on": "2026-11-20", "reason": "一审认定事实有误"}, "登记决定")
    assert "已按期办结" in clock_text(page, "不服一审判决")
    # the lost case cannot close without the analysis of the loss; what was typed is kept
    submit(
        page,
        "close",
        {"final_result": "revoke", "concluded_on": "2026-11-20", "judicial_suggestion": "法院建议规范答复程序"},
        "结案",
        "结案",
        outcome=".msg.error",
    )
    assert "败诉" in page.inner_text(".msg.error")
    assert (
        page.input_value("#recon-actions form[action$='/close'] [name=judicial_suggestion]") == "法院建议规范答复程序"
    )
    submit(
        page,
        "close",
        {
            "final_result": "revoke",
            "concluded_on": "2026-11-20",
            "loss_analysis": "调查取证不全；今后答复前须完整收集证据。",
            "judicial_suggestion": "法院建议规范答复程序",
        },
        "结案",
    )
    assert "败诉分析：调查取证不全" in page.inner_text(".kv")
    page.close()
    suit = Lawsuit.objects.select_related("case").get(case_id=case_id)
    assert suit.stage == LawsuitStage.CLOSED and suit.case.status == Case.Status.CLOSED
