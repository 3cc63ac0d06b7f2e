"""The alliance charter page: health check, every download format from the Voila page, the
HTML export rendering its charts with the network off."""

from __future__ import annotations

import io

import pytest

from tests.browser.conftest import ARTIFACTS, page_problems, screenshot
from tests.browser.pages import open_step, see, wait_app
from widgets import demo
from widgets.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_charter_page_and_every_download(server, new_page, browser):
    store = Store(server.db_url)
    try:
        demo.generate(store, server.event, "medtech-distribution", teams=3, participants=3)
    finally:
        store.close()
    page = new_page(viewport=(1250, 1000))
    page.goto(server.url(team="Orange", name="Mateo"))
    wait_app(page)
    page.wait_for_selector("text=Mateo · team Orange")
    open_step(page, "8. Alliance charter")
    see(page, "Foundation health check", timeout=30_000)
    assert page.locator(".aw-crack").count() == 6
    page.wait_for_selector(".aw-module .js-plotly-plot")
    screenshot(page, "summary-page")

    ARTIFACTS.mkdir(exist_ok=True)
    files = {}
    for label, ext in (("HTML", "html"), ("Excel", "xlsx"), ("JSON", "json"), ("Markdown", "md"), ("PDF", "pdf")):
        with page.expect_download(timeout=90_000) as info:
            page.locator(".aw-module button", has_text=label).first.click()
        download = info.value
        assert download.suggested_filename == f"alliance-charter-{server.event}-Orange.{ext}"
        path = ARTIFACTS / download.suggested_filename
        download.save_as(path)
        files[ext] = path.read_bytes()
    assert files["pdf"].startswith(b"%PDF")
    assert files["md"].decode().startswith("# Alliance charter: team Orange")
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(files["xlsx"]))
    assert "Foundation health check" in wb.sheetnames and wb["Risk balancing"].max_row > 1

    # the HTML charter opens with the network off and draws its charts
    context = browser.new_context(offline=True)
    try:
        offline = context.new_page()
        blocked = []
        offline.route("**/*", lambda route: (blocked.append(route.request.url), route.abort())
                      if not route.request.url.startswith("file:") else route.continue_())
        offline.goto((ARTIFACTS / f"alliance-charter-{server.event}-Orange.html").as_uri())
        offline.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        assert offline.locator(".js-plotly-plot").count() >= 3
        assert offline.locator(".crack").count() == 6
        assert blocked == []
        offline.screenshot(path=str(ARTIFACTS / "charter-html-offline.png"), full_page=True)
    finally:
        context.close()
    assert page_problems(page) == []
