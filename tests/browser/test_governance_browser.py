"""Three members design governance: the IP-dispute scenario deadlocks in the team's design
until a deadlock breaker is added (by a majority of the members): here "no agreement means no
change", the default a reserved matter may declare."""

from __future__ import annotations

import pytest

from tests.browser.conftest import page_problems, screenshot
from tests.browser.pages import open_step, open_tab, see, wait_app
from widgets import cases
from widgets.modules.governance import model as gv
from widgets.store import Store, participant_doc

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CASE = cases.get("medtech-distribution")
DECISION = "Decide ownership of jointly developed IP"


def row(page):
    return page.locator("table.aw-table tbody tr:visible", has_text="IP dispute over joint work").first


def test_scenario_deadlocks_until_a_breaker_is_added(server, new_page):
    store = Store(server.db_url)
    try:
        event = store.get_event(server.event)
        for name in ("Ana", "Ben", "Cal"):
            design = gv.default_entry(CASE).model_dump(mode="json")
            design["health_review"] = "quarterly"
            p = store.join(server.event, "Governance", name)
            store.save(participant_doc(p.id), "governance", design, event_id=event.id, team_id=p.team_id,
                       participant_id=p.id)
    finally:
        store.close()
    pages = {}
    for name in ("Ana", "Ben", "Cal"):
        page = new_page(viewport=(1250, 1000))
        page.goto(server.url(team="Governance", name=name))
        wait_app(page)
        page.wait_for_selector(f"text={name} · team Governance")
        open_step(page, "5. Governance design")
        page.wait_for_selector("text=Decision map")
        pages[name] = page
    cal = pages["Cal"]
    open_tab(cal, "Team design and stress test")
    see(cal, "Stress test: worst-case days")
    assert "Deadlock" in row(cal).inner_text()

    for name in ("Ana", "Ben"):
        page = pages[name]
        card = page.locator(".aw-item-card", has_text=DECISION)
        card.get_by_label("If deadlocked").select_option(value="No agreement means no change")
        page.wait_for_selector("text=Saved at")
        if name == "Ana":  # one of three: the team design still deadlocks
            open_tab(cal, "Bodies and decisions")
            open_tab(cal, "Team design and stress test")
            see(cal, "fields that differ between members")
            assert "Deadlock" in row(cal).inner_text()
    for page in pages.values():
        open_tab(page, "Team design and stress test")
        page.wait_for_function(
            "() => [...document.querySelectorAll('tr')].some(r => r.innerText.includes('IP dispute over joint work')"
            " && r.innerText.includes('No change (agreed default)') && r.offsetParent !== null)", timeout=15_000)
        assert "30" in row(page).inner_text() and "Deadlock" not in row(page).inner_text()
    screenshot(cal, "governance-team")
    for page in pages.values():
        assert page_problems(page) == []
