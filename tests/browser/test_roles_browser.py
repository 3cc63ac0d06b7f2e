"""Three members fill the RACI grid: a contested cell and a failed "one Accountable" check
show in the team view, and the check clears when one member fixes their grid."""

from __future__ import annotations

import pytest

from tests.browser.conftest import page_problems, screenshot
from tests.browser.pages import open_step, open_tab, see, wait_app
from widgets import cases
from widgets.modules.roles.case import of as roles_case
from widgets.store import Store, participant_doc

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def base_grid() -> dict:
    """A sound grid: one Accountable and one Responsible on each side for every activity."""
    case = cases.get("medtech-distribution")
    grid = {}
    for i, act in enumerate(roles_case(case).activities):
        grid[act.id] = {"a:alliance_manager": "R", "b:alliance_manager": "R",
                        ("a:exec_sponsor" if i % 2 else "b:exec_sponsor"): "A"}
    grid["advocacy"]["a:exec_sponsor"] = "R" if grid["advocacy"].get("a:exec_sponsor") != "A" else "A"
    grid["advocacy"]["b:exec_sponsor"] = grid["advocacy"].get("b:exec_sponsor", "R")
    return grid


def seed(store: Store, code: str) -> None:
    event = store.get_event(code)
    for name in ("Ana", "Ben", "Cal"):
        grid = base_grid()
        if name in ("Ana", "Ben"):  # two of three give strategy a second Accountable
            grid["strategy"]["a:alliance_manager"] = "A"
        p = store.join(code, "Roles", name)
        store.save(participant_doc(p.id), "roles", {"grid": grid}, event_id=event.id, team_id=p.team_id,
                   participant_id=p.id)


def test_contested_cell_and_one_accountable_check_clear_when_fixed(server, new_page):
    store = Store(server.db_url)
    try:
        seed(store, server.event)
    finally:
        store.close()
    pages = {}
    for name in ("Ana", "Ben", "Cal"):
        page = new_page(viewport=(1250, 1000))
        page.goto(server.url(team="Roles", name=name))
        wait_app(page)
        page.wait_for_selector(f"text={name} · team Roles")
        open_step(page, "3. Role clarity")
        page.wait_for_selector("table.aw-raci-grid")
        pages[name] = page

    # Cal marks the finance lead of Andina as Consulted on the joint plan; Ana as Informed:
    # with Ben blank, that cell is a three-way tie -> contested
    pages["Cal"].get_by_label("Joint business plan — Finance · Andina Salud Distribución").select_option("C")
    pages["Cal"].wait_for_selector("text=Saved at")
    pages["Ana"].get_by_label("Joint business plan — Finance · Andina Salud Distribución").select_option("I")
    pages["Ana"].wait_for_selector("text=Saved at")
    for page in pages.values():
        open_tab(page, "Team consensus")
        page.wait_for_selector("text=Ana: I, Ben: –, Cal: C", timeout=15_000)
        see(page, "does not have exactly one Accountable: Alliance strategy")
    screenshot(pages["Cal"], "roles-team-before")

    # Ben fixes his grid: now only Ana keeps two Accountables, the majority has one
    ben = pages["Ben"]
    open_tab(ben, "Your RACI grid")
    see(ben, "does not have exactly one Accountable: Alliance strategy")  # his own check
    ben.get_by_label("Alliance strategy — Alliance manager · Norvia Medical").select_option("R")
    see(ben, "Every activity has exactly one Accountable.")
    for name, page in pages.items():
        if name != "Ben":
            see(page, "Every activity has exactly one Accountable.")
    open_tab(ben, "Team consensus")
    see(ben, "Every activity has exactly one Accountable.")
    screenshot(pages["Ana"], "roles-team-after")
    open_tab(pages["Cal"], "Your RACI grid")
    screenshot(pages["Cal"], "roles-grid")
    for page in pages.values():
        assert page_problems(page) == []
