"""Issue 13 item 10 in a real browser: an incoming document transferred to 矫正科, its chief opens
the 期限 card's 延长期限 form. The 批准人 list offered only the office's 负责人 (办公室主任, the
office's 分管领导) and the director; it now also offers the handling section's chief and its
分管领导, and the chief's own approval is accepted.
"""

import os
import shutil

import pytest

from apps.workflow.models import CaseClock, ClockEvent
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)
from tests.documents.factories import make_office, to_handling

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.django_db(transaction=True)
def test_the_handling_sections_chief_and_leader_are_offered_and_may_approve(browser, live_server, bureau, people):
    office = make_office(bureau, people)  # 矫正科: its chief corrchief, its 分管领导 leader2
    case = to_handling(office, people, office.correction, title="关于核查社区矫正对象张某外出情况的函")
    clock = CaseClock.objects.get(case=case)

    page = login(browser, live_server, office.co_chief.username)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click(f"#clock-{clock.pk} summary:has-text('延长期限')")
    prefix = f"c{clock.pk}-extend"
    select = f"select[name='{prefix}-approved_by']"
    offered = [text.strip() for text in page.locator(f"{select} option").all_inner_texts()]
    for name in ("矫正科科长", "另一副局长", "办公室主任", "分管副局长", "局长"):
        assert any(text.startswith(f"{name}（") for text in offered), (name, offered)
    assert not any(text.startswith("律师科科长（") for text in offered), offered  # not a handling section
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        page.screenshot(path=os.path.join(shots, "extension_approvers.png"), full_page=True)

    page.fill(f"input[name='{prefix}-days']", "2")
    page.select_option(select, label="矫正科科长（社区矫正工作科）")
    page.fill(f"input[name='{prefix}-reason']", "需会同公安机关核实外出情况")
    page.click(f"form[action$='/clocks/{clock.pk}/extend'] button:has-text('确定')")
    page.wait_for_selector(".msg.success")
    assert "已延长期限" in page.inner_text(".messages")
    assert "矫正科科长批准" in page.inner_text(f"#clock-{clock.pk}")
    page.close()

    event = ClockEvent.objects.get(clock=clock, kind=ClockEvent.Kind.EXTEND)
    assert event.approved_by == office.co_chief and event.days == 2
