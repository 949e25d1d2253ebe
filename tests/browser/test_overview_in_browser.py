"""The leaders' overview in a real browser: the director opens it from the navigation, the
charts draw on their canvases, and the table view carries the same numbers as the tiles and the
charts' data; a click on a figure opens the list behind it."""

import json
import os
import shutil

import pytest

from tests.browser.test_approval_in_browser import browser, login, nav_click  # noqa: F401 (fixture)
from tests.overview.data import World

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def canvas_has_ink(page, selector):
    """True when the chart's canvas has non-transparent pixels (ECharts drew something)."""
    return page.eval_on_selector(
        f"{selector} canvas",
        """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i]) n++; } return n; }""",
    )


@pytest.mark.django_db(transaction=True)
def test_director_sees_the_charts_and_the_same_numbers_in_the_tables(browser, live_server, people, bureau):  # noqa: F811
    World(people, bureau)
    page = login(browser, live_server, "director")
    nav_click(page, "领导总览")
    page.wait_for_url(f"{live_server.url}/overview/")
    page.wait_for_function("document.documentElement.getAttribute('data-overview-charts') === '3'")
    for chart in ("#chart-sections", "#chart-trend", "#chart-workload"):
        assert canvas_has_ink(page, chart) > 500, chart

    data = json.loads(page.text_content("#overview-data"))
    # the sections table: the same numbers as the chart's data, section by section
    rows = page.eval_on_selector_all(
        "#table-sections tbody tr",
        "trs => trs.map(tr => [tr.querySelector('th').textContent.trim(),"
        " ...Array.from(tr.querySelectorAll('td')).slice(0, 4).map(td => parseInt(td.textContent))])",
    )
    assert rows == [[s["name"], s["open"], s["due_soon"], s["overdue"], s["closed"]] for s in data["sections"]]
    assert sum(s["open"] for s in data["sections"]) == 7  # the hand count (tests/overview)
    assert page.text_content("#ov-totals [data-figure=overdue]").strip() == "4"
    trend = page.eval_on_selector_all(
        "#table-trend tbody tr",
        "trs => trs.map(tr => Array.from(tr.querySelectorAll('td')).slice(0, 2).map(td => parseInt(td.textContent)))",
    )
    assert trend == [[m["met"], m["missed"]] for m in data["trend"]]

    # a figure leads to its list
    page.click("#ov-totals a.ov-tile.red")
    page.wait_for_url("**/overview/list/**")
    assert page.text_content("#ov-list-count").strip() == "4"
    assert "限定知悉范围的绝密事项" not in page.content()
    page.close()
