"""Leaving a shared computer (issue 39): a pulse comment leaves the browser's storage as soon as
it is saved; "Leave this computer" removes the participant's resume token and journal; the
next person in the same browser (same localStorage) sees nothing of the previous one."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.pages import choose, open_step, see, toggle_row, wait_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TEAM = "Shared"
SECRET = "Zelda's private doubt about the budget"
RESOURCES = "The people and budget assigned are enough for what we promised"
# everything this browser keeps for the page, both storages
STORAGE = """() => { const all = {}; for (const s of [localStorage, sessionStorage]) {
  for (let i = 0; i < s.length; i++) { all[s.key(i)] = s.getItem(s.key(i)); } } return all; }"""


def test_the_next_person_in_the_same_browser_sees_nothing_of_the_previous_one(server, new_page):
    page = new_page(viewport=(1250, 1000))
    page.goto(server.url(team=TEAM, name="Zelda"))
    wait_app(page)
    page.wait_for_selector(f"text=Zelda · team {TEAM}")
    open_step(page, "7. Perception pulse")
    choose(page, "I speak for", "Andina Salud Distribución")
    toggle_row(page, RESOURCES).get_by_role("button", name="2", exact=True).click()
    comment = page.get_by_placeholder("Comment (optional)").first
    comment.fill(SECRET)
    see(page, "Saved at")
    # saved: the comment is in no storage of the browser (it was in the tab's sessionStorage only)
    page.wait_for_function(f"(secret) => !JSON.stringify(({STORAGE})()).includes(secret)", arg=SECRET,
                           timeout=2_000)  # the save acknowledged: gone at once, not after 5 s
    kept = page.evaluate(STORAGE)
    assert "alliance-workshop-identity" in kept and server.event in kept["alliance-workshop-identity"]

    page.get_by_role("button", name="Leave this computer").click()
    page.wait_for_selector(".aw-join")
    see(page, "On a shared computer")
    assert page.get_by_label("Your name", exact=True).input_value() == ""
    kept = page.evaluate(STORAGE)
    assert not [k for k in kept if k.startswith("aw-journal:")], kept
    assert server.event not in kept.get("alliance-workshop-identity", "{}"), kept
    assert "Zelda" not in page.url and "Zelda" not in page.locator(".aw-app").inner_text()
    screenshot(page, "shared-computer-after-leaving")

    page.goto(server.url(team=TEAM, name="Bea"))  # the next person, same browser
    wait_app(page)
    page.wait_for_selector(f"text=Bea · team {TEAM}")
    open_step(page, "7. Perception pulse")
    see(page, "I speak for")
    text = page.locator(".aw-app").inner_text()
    assert "Zelda" not in text and SECRET not in text
    assert all(v == "" for v in page.get_by_placeholder("Comment (optional)").evaluate_all(
        "(els) => els.map((e) => e.value)"))
    assert SECRET not in str(page.evaluate(STORAGE))
