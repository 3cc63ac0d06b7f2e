"""Charts stay drawn while the room works: a teammate's save redraws every module's charts in
place, the facilitator's reveal updates the charter page, and none of it logs a console
error or asks anything of the internet (the guard in ``conftest.new_page``)."""

from __future__ import annotations

import random

import pytest

from tests.browser.conftest import page_problems, screenshot
from tests.browser.pages import open_step, see, wait_app
from widgets import cases, demo, registry
from widgets.i18n import catalog
from widgets.model.controls import KEY as CONTROLS
from widgets.model.problems import validate
from widgets.store import Store, event_doc, participant_doc

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CASE = "medtech-distribution"

# every chart of the module on screen (its hidden tabs included): draws so far, traces now
CHARTS = """() => Array.from(document.querySelectorAll('.aw-module'))
  .filter((m) => m.offsetParent !== null)
  .flatMap((m) => Array.from(m.querySelectorAll('.aw-plot')))
  .map((el) => ({draws: Number(el.dataset.draws || 0), traces: (el.data || []).length,
                 label: el.getAttribute('aria-label')}))"""


def _teammates_save(store: Store, event, module, seed: int) -> None:
    """The four members of team Blue save new documents for ``module``: a disagreeing team
    (demo team 1), so that the team's charts must change."""
    spec = next(s for s in registry.modules() if s.key == module)
    names = demo.member_names(0, 4)
    out = spec.demo(demo.DemoRequest(cases.get(CASE), names, random.Random(seed), 1))
    for name in names:
        member = store.join(event.code, "Blue", name)
        doc = validate(spec.entry_model, out["members"][name]).model_dump(mode="json")
        store.save(participant_doc(member.id), module, doc, event_id=event.id, team_id=member.team_id,
                   participant_id=member.id)


def _drawn(page) -> list[dict]:
    page.wait_for_function(f"() => {{ const c = ({CHARTS})(); return c.length > 0 && c.every((x) => x.draws > 0); }}",
                           timeout=30_000)
    return page.evaluate(CHARTS)


def test_charts_update_in_place_on_teammate_saves_and_reveal(server, new_page):
    store = Store(server.db_url)
    try:
        demo.generate(store, server.event, CASE, teams=2, participants=6)  # three per company for the pulse
        event = store.get_event(server.event)
        page = new_page(viewport=(1250, 1000))
        page.goto(server.url(team="Blue", name="Zoe"))
        wait_app(page)
        steps = {s.key: f"{i}. {catalog('en')[s.title]}" for i, s in enumerate(registry.modules(), start=1)}
        for seed, (module, step) in enumerate(steps.items(), start=11):
            open_step(page, step)
            page.wait_for_selector(f".aw-step-{module}", state="visible")
            before = _drawn(page)
            assert all(c["traces"] > 0 for c in before), (module, before)
            _teammates_save(store, event, module, seed)
            # the next poll redraws at least one chart in place; none goes blank
            page.wait_for_function(
                f"(n) => ({CHARTS})().reduce((s, c) => s + c.draws, 0) > n",
                arg=sum(c["draws"] for c in before), timeout=15_000)
            after = page.evaluate(CHARTS)
            assert after and all(c["traces"] > 0 for c in after), (module, after)
            assert page_problems(page) == [], module

        open_step(page, f"{len(steps) + 1}. Alliance charter")
        page.wait_for_selector(".aw-step-summary", state="visible")
        see(page, "Foundation health check", timeout=30_000)
        charter = _drawn(page)
        assert len(charter) >= 3 and all(c["traces"] > 0 for c in charter)
        store.save(event_doc(event.id), CONTROLS, {"reveal": True}, event_id=event.id)
        see(page, "Green", timeout=15_000)  # the other team's row, once revealed
        after = page.evaluate(CHARTS)
        assert len(after) == len(charter) and all(c["traces"] > 0 for c in after)
        screenshot(page, "charter-revealed")
        assert page_problems(page) == []
    finally:
        store.close()
