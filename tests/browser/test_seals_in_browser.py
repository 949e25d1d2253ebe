"""用印 in a real browser: a clerk requests the seal for a document (with the file attached), the
office chief and the division leader approve, and the keeper records the stamping on the desk."""

import os
import shutil

import pytest

from apps.seals.models import SealUseRequest, Stamping
from apps.workflow.models import Case, CaseEvent
from tests.browser.test_approval_in_browser import approve_first_todo, browser, login, nav_click  # noqa: F401 (fixture)
from tests.seals.factories import PDF, make_seals

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.django_db(transaction=True)
def test_a_seal_use_request_from_the_clerk_to_the_stamping(browser, live_server, people, bureau, tmp_path):
    seals = make_seals(bureau)
    document = tmp_path / "关于开展宪法宣传周活动的通知.pdf"
    document.write_bytes(PDF)

    page = login(browser, live_server, "clerk")
    nav_click(page, "印章管理")
    page.click("text=＋ 申请用印")
    page.select_option("select[name=seal]", label="测试区司法局（公章）")
    page.fill("input[name=document_title]", "关于开展宪法宣传周活动的通知")
    page.fill("textarea[name=reason]", "通知定稿，下发各镇街司法所。")
    page.fill("input[name=copies]", "3")
    page.click("button[name=submit]")  # no file yet: refused, with the reason
    page.wait_for_selector(".error-text")
    assert "必须附上需要盖章的文件" in page.inner_text(".form-card form")
    page.set_input_files("input[name=attachments]", str(document))
    page.click("button[name=submit]")
    page.wait_for_selector("text=用印申请已提交审批")
    assert "科室负责人初审" in page.inner_text(".route")
    page.close()

    approve_first_todo(browser, live_server, "chief", "文件已定稿，同意用印。")
    approve_first_todo(browser, live_server, "leader", "同意。")

    page = login(browser, live_server, "keeper")
    page.goto(f"{live_server.url}/seals/desk/")
    assert "关于开展宪法宣传周活动的通知" in page.inner_text(".card")
    page.fill(".stamp-inline input[name=copies]", "4")  # more than approved: refused
    page.click(".stamp-inline button")
    page.wait_for_selector(".msg.error")
    assert "超过核准份数" in page.inner_text(".messages")
    page.fill(".stamp-inline input[name=copies]", "3")
    page.click(".stamp-inline button")
    page.wait_for_selector(".msg.success")
    assert "已登记用印 3 份" in page.inner_text(".messages")
    assert "没有待用印的申请" in page.content()
    assert "关于开展宪法宣传周活动的通知" in page.inner_text("table >> nth=1")
    page.close()

    case = Case.objects.get(process="seals.use")
    assert case.status == Case.Status.CLOSED
    use = SealUseRequest.objects.get(case=case)
    assert use.stamped_copies == 3 and Stamping.objects.get(request=use).keeper == seals.keeper
    assert list(case.events.values_list("action", "actor__username")) == [
        (CaseEvent.Action.CREATE, "clerk"),
        (CaseEvent.Action.SUBMIT, "clerk"),
        (CaseEvent.Action.APPROVE, "chief"),
        (CaseEvent.Action.APPROVE, "leader"),
        (CaseEvent.Action.DONE, "keeper"),
    ]
