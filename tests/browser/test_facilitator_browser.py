"""The facilitator and two participants: a wrong key is refused; locking and unlocking a
module, a countdown and a broadcast reach the participants' pages live."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import page_problems, screenshot
from tests.browser.pages import open_step, open_tab, see, wait_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_facilitator_controls_reach_participants(server, new_page):
    people = {}
    for name in ("Ines", "Jon"):
        page = new_page(viewport=(1250, 900))
        page.goto(server.url(team="Live", name=name))
        wait_app(page)
        page.wait_for_selector(f"text={name} · team Live")
        open_step(page, "3. Role clarity")
        page.wait_for_selector("table.aw-raci-grid")
        people[name] = page

    fac = new_page(viewport=(1300, 1000))
    fac.goto(f"{server.base}/voila/render/facilitator.ipynb?event={server.event}")
    fac.wait_for_selector(".aw-facilitator", state="attached", timeout=90_000)
    # the notebook's bilingual introduction is for JupyterLab readers, not for the page
    assert not fac.get_by_text("Panel de facilitación").is_visible()
    fac.get_by_label("Facilitator key").fill("WRONG-KEY-0000")
    fac.get_by_role("button", name="Open the dashboard").click()
    see(fac, "That event code and key do not match")
    assert fac.locator(".lm-TabBar-tab").count() == 0 and fac.locator("table.aw-table").count() == 0  # nothing shown
    fac.get_by_label("Facilitator key").fill("TEST-KEY-1234")
    fac.get_by_role("button", name="Open the dashboard").click()
    see(fac, "Active / joined", timeout=30_000)
    row = fac.locator("table.aw-table tbody tr:visible", has_text="Live").first
    assert re.search(r"2\s*/\s*2", row.inner_text())
    screenshot(fac, "facilitator-progress")

    open_tab(fac, "Controls")
    fac.locator(".widget-checkbox", has_text="Role clarity").locator("input").uncheck()
    for page in people.values():
        see(page, "Waiting for the facilitator")
    fac.locator(".widget-checkbox", has_text="Role clarity").locator("input").check()
    for page in people.values():
        page.wait_for_selector("table.aw-raci-grid", timeout=15_000)

    fac.get_by_label("Minutes").fill("10")
    fac.get_by_label("Label").fill("RACI")
    fac.get_by_role("button", name="Start").click()
    fac.get_by_label("Broadcast message").fill("Back in five minutes <b>please</b>")
    fac.get_by_role("button", name="Send").click()
    for page in people.values():
        page.wait_for_function("() => /RACI: (10:00|09:[0-5][0-9])/.test(document.body.innerText)", timeout=15_000)
        see(page, "Back in five minutes <b>please</b>")  # shown as text, not markup
    screenshot(people["Ines"], "participant-broadcast")
    open_tab(fac, "Compare teams")
    screenshot(fac, "facilitator-compare")
    for page in (*people.values(), fac):
        assert page_problems(page) == []
