"""A reload opens the step the participant was in, and the tab they had open inside it."""

from __future__ import annotations

from tests.ui.conftest import browser_of
from widgets.ui.app import INTRO, WorkshopApp

STEP = "goals_kpis"  # a module view with tabs


def _page(store, name="Ana"):
    return WorkshopApp(store, {"event": "EV-1", "team": "Blue", "name": name}, browser=browser_of(store, name))


def test_the_tab_selected_inside_a_step_is_kept_and_opened_again_after_a_reload(ev1_store):
    app = _page(ev1_store)
    app.stepper.show(STEP)
    tabs = app.stepper.tabs_of(STEP)
    assert tabs is not None and len(tabs.children) >= 3 and tabs.selected_index == 0
    tabs.selected_index = 2
    assert app.connection.tab == {"step": STEP, "index": 2}  # what the browser keeps for this step

    again = _page(ev1_store)  # the reload: the browser reports where they were
    assert again.stepper.current == INTRO
    again.connection.place = {"step": STEP, "pending": [], "tabs": {STEP: 2}}
    assert again.stepper.current == STEP and again.stepper.tabs_of(STEP).selected_index == 2


def test_a_reported_tab_that_is_not_one_of_the_steps_tabs_is_ignored(ev1_store):
    for tabs in ({STEP: 99}, {STEP: "2"}, {STEP: True}, {STEP: -1}, "2", {"summary": 1}):
        page = _page(ev1_store)
        page.connection.place = {"step": STEP, "pending": [], "tabs": tabs}
        assert page.stepper.current == STEP and page.stepper.tabs_of(STEP).selected_index == 0
    moved = _page(ev1_store)
    moved.stepper.show(STEP)
    moved.stepper.tabs_of(STEP).selected_index = 1
    moved.stepper.show(INTRO)
    moved.connection.place = {"step": STEP, "pending": [], "tabs": {STEP: 2}}
    # the step is opened; the tab the participant chose in this page is not overridden
    assert moved.stepper.current == STEP and moved.stepper.tabs_of(STEP).selected_index == 1
