"""The facilitator and two participants: a wrong key is refused; locking and unlocking a
module, a countdown, a broadcast and a module's own panel (the pulse's round and a person's
company) reach the participants' pages live."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import page_problems, screenshot
from tests.browser.pages import choose, open_step, open_tab, see, wait_app

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
    assert not fac.get_by_text("Panel del facilitador").is_visible()
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

    # a module's own panel in the Controls tab (the pulse's, through the module contract): the
    # closing round, companies assigned by the facilitator, and Jon assigned to one of them
    jon = people["Jon"]
    open_step(jon, "7. Perception pulse")
    see(jon, "Round: start of the workshop")
    fac.get_by_role("button", name="Closing (before the charter)").click()
    fac.get_by_role("button", name="I assign", exact=True).click()
    choose(fac, "Participant", "Live · Jon (held by a browser)")
    choose(fac, "Speaks for", "Andina Salud Distribución")
    fac.get_by_role("button", name=re.compile(r"^\W*Assign$")).click()
    see(fac, "Jon speaks for Andina Salud Distribución.")
    see(jon, "Round: end of the workshop")
    see(jon, "The facilitator assigns the companies in this room.")
    jon.wait_for_function("() => [...document.querySelectorAll('select')].some(s => s.disabled && "
                          "s.options[s.selectedIndex]?.text.replace(/\\u00a0/g, ' ') === 'Andina Salud Distribución')",
                          timeout=15_000)
    open_tab(fac, "Controls")
    screenshot(fac, "facilitator-controls")
    open_tab(fac, "Compare teams")
    screenshot(fac, "facilitator-compare")
    for page in (*people.values(), fac):
        assert page_problems(page) == []


@pytest.mark.parametrize("width", [1280, 768])
def test_the_team_comparison_scrolls_in_its_own_frame_with_the_team_column_fixed(server, new_page, width):
    """At 1280 and 1400 px the pulse and health columns were off screen and the scrollbar sat
    below the chart, out of view: the table now scrolls in a frame of its own, inside the
    page, with the team column and the header row fixed."""
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "widgets.cli", "demo", "--event", server.event, "--teams", "5",
                    "--participants", "3", "--db", server.db_url], check=True, capture_output=True)
    fac = new_page(viewport=(width, 900))
    fac.goto(f"{server.base}/voila/render/facilitator.ipynb?event={server.event}")
    fac.wait_for_selector(".aw-facilitator", state="attached", timeout=90_000)
    fac.get_by_label("Facilitator key").fill("TEST-KEY-1234")
    fac.get_by_role("button", name="Open the dashboard").click()
    see(fac, "Active / joined", timeout=30_000)
    open_tab(fac, "Compare teams")
    frame = fac.get_by_role("region", name=re.compile("Each team's results side by side"))
    frame.wait_for()
    fac.wait_for_timeout(500)
    box = frame.evaluate("f => { const r = f.getBoundingClientRect(); return {left: r.left, right: r.right, "
                         "bottom: r.bottom, scroll: f.scrollWidth, client: f.clientWidth}; }")
    # the whole frame, and so its scrollbar, is on screen; the table is wider and scrolls in it
    assert 0 <= box["left"] and box["right"] <= width and box["bottom"] <= 900, box
    assert box["scroll"] > box["client"], box
    assert fac.evaluate("() => document.documentElement.scrollWidth") <= width  # the page itself does not
    for column in ("Largest pulse gap", "Health check"):  # each comes into view when the frame scrolls to it
        header = frame.locator("thead th", has_text=column).first
        header.evaluate("th => th.scrollIntoView({inline: 'end', block: 'nearest'})")
        fac.wait_for_timeout(300)
        cell = header.bounding_box()
        assert box["left"] <= cell["x"] and cell["x"] + cell["width"] <= box["right"] + 1, (column, cell, box)
    team = frame.locator("tbody th", has_text="Blue").first.bounding_box()
    assert abs(team["x"] - box["left"]) <= 2, (team, box)  # the team column stays in view
    screenshot(fac, f"facilitator-compare-{width}")
    assert page_problems(fac) == []
