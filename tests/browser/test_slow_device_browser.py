"""Charts appear on a slow device (issue 39): with Chromium's CPU throttled six times (DevTools
``Emulation.setCPUThrottlingRate``), every chart of every step and of the facilitator's
dashboard is drawn, and no page logs a console error (the guard in ``conftest.new_page``),
in particular neither anywidget's "Failed to initialize model" nor a plotly redraw of a chart
that does not exist yet."""

from __future__ import annotations

import pytest

from tests.browser.conftest import page_problems, screenshot
from tests.browser.pages import open_step, open_tab, see, wait_app
from widgets import demo, registry
from widgets.i18n import catalog

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RATE = 6  # a busy phone: every script runs six times slower

# every chart of the part of the page on screen (its hidden tabs included): draws and traces
CHARTS = """(root) => Array.from(document.querySelectorAll(root))
  .filter((m) => m.offsetParent !== null)
  .flatMap((m) => Array.from(m.querySelectorAll('.aw-plot')))
  .map((el) => ({draws: Number(el.dataset.draws || 0), traces: (el.data || []).length}))"""


def _throttled(new_page, viewport=(1250, 1000)):
    page = new_page(viewport=viewport)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": RATE})
    page.set_default_timeout(180_000)
    return page


def _every_chart_drawn(page, root: str, where: str) -> list[dict]:
    try:
        page.wait_for_function(f"() => {{ const c = ({CHARTS})({root!r}); "
                               "return c.length > 0 && c.every((x) => x.draws > 0 && x.traces > 0); }",
                               timeout=120_000)
    except Exception as exc:  # noqa: BLE001 - say which chart never drew
        raise AssertionError(f"{where}: a chart never drew: {page.evaluate(CHARTS, root)}; "
                             f"{page_problems(page)}") from exc
    assert page_problems(page) == [], where
    return page.evaluate(CHARTS, root)


def test_every_chart_draws_on_a_cpu_throttled_page_and_dashboard(server, new_page):
    from widgets.store import Store

    store = Store(server.db_url)
    try:
        demo.generate(store, server.event, "medtech-distribution", teams=2, participants=6)  # 3 a side: the pulse shows
    finally:
        store.close()
    page = _throttled(new_page)
    page.goto(server.url(team="Blue", name="Slow"))
    wait_app(page)
    steps = [f"{i}. {catalog('en')[s.title]}" for i, s in enumerate(registry.modules(), start=1)]
    for step in steps:
        open_step(page, step)
        _every_chart_drawn(page, ".aw-module", step)
    open_step(page, f"{len(steps) + 1}. Alliance charter")
    see(page, "Foundation health check", timeout=120_000)
    _every_chart_drawn(page, ".aw-module", "charter")
    screenshot(page, "slow-device-charter")

    fac = _throttled(new_page, viewport=(1300, 1000))
    fac.goto(f"{server.base}/voila/render/facilitator.ipynb?event={server.event}")
    fac.wait_for_selector(".aw-facilitator", state="attached")
    fac.get_by_label("Facilitator key").fill("TEST-KEY-1234")
    fac.get_by_role("button", name="Open the dashboard").click()
    see(fac, "Active / joined", timeout=120_000)
    open_tab(fac, "Compare teams")
    charts = _every_chart_drawn(fac, ".aw-facilitator", "dashboard")
    assert charts, "the dashboard showed no chart"
    screenshot(fac, "slow-device-dashboard")
