"""Three members estimate risks; when one moves risk shares onto one partner, everyone sees
the balance flag change from balanced to lopsided."""

from __future__ import annotations

import pytest

from tests.browser.conftest import page_problems, screenshot
from tests.browser.pages import join_by_link, open_tab, see
from widgets import cases
from widgets.modules.risk import model as rk
from widgets.modules.risk.case import of as risk_case
from widgets.store import Store, participant_doc, team_doc

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CASE = cases.get("medtech-distribution")
MOVED = ["competing_line", "registration_delay", "ip_leak"]


def docs(moved_to_a: bool = False) -> dict:
    values = {"contributions": {c: {"a": 3, "b": 3} for c in rk.CONTRIBUTIONS},
              "benefits": {c: {"a": 3, "b": 3} for c in rk.BENEFITS}}
    cal_risks = {r.id: {"likelihood": 4, "impact": 4, "share_a": 100 if moved_to_a and r.id in MOVED else 50}
                 for r in risk_case(CASE).risks}
    return {"Ana": values, "Ben": values, "Cal": {**values, "risks": cal_risks}}


def test_moving_risk_shares_changes_the_balance_flag(server, new_page):
    # the scenario, checked in the model first: balanced now, lopsided once Cal moves three risks to A
    result = lambda d: rk.aggregate(rk.default_register(CASE), CASE,  # noqa: E731
                                    {m: rk.Entry.model_validate(x) for m, x in d.items()})
    assert result(docs()).balanced is True and result(docs(moved_to_a=True)).balanced is False
    after = result(docs(moved_to_a=True)).balance
    expected = {"gives_more": "{} gives more than it gets", "gets_more": "{} gets more than it gives"}
    flags = [expected[b.verdict].format(CASE.companies[p].name) for p, b in after.items() if b.verdict in expected]
    assert flags
    store = Store(server.db_url)
    try:
        event = store.get_event(server.event)
        for name, doc in docs().items():
            p = store.join(server.event, "Balance", name)
            store.save(participant_doc(p.id), "risk", doc, event_id=event.id, team_id=p.team_id, participant_id=p.id)
    finally:
        store.close()
    pages = {}
    for name in ("Ana", "Ben", "Cal"):
        page = join_by_link(new_page(viewport=(1250, 1000)), server, "Balance", name, step="4. Risk balancing")
        open_tab(page, "Team balance")
        see(page, "Balanced: both partners get out roughly what they put in and risk.")
        pages[name] = page
    screenshot(pages["Ana"], "risk-balanced")

    cal = pages["Cal"]
    open_tab(cal, "Risk register")
    for risk_id in MOVED:
        label = next(r.label.en for r in risk_case(CASE).risks if r.id == risk_id)
        card = cal.locator(".aw-item-card", has_text=label)
        handle = card.locator(".widget-slider", has_text="% borne by Norvia Medical").locator(".noUi-handle")
        handle.focus()
        handle.press("End")
        card.get_by_text("100", exact=True).wait_for()
    open_tab(cal, "Team balance")
    for page in pages.values():
        see(page, "Lopsided: one partner gives or risks much more than it gets.")
        for flag in flags:
            see(page, flag)
    screenshot(pages["Ben"], "risk-lopsided")
    for page in pages.values():
        assert page_problems(page) == []


def test_typing_a_mitigation_through_its_save_keeps_the_focus_and_every_character(server, new_page):
    """A participant types, pauses long enough for the text to be saved, and goes on typing: the
    register redraws from the saved text without taking the field away from under the cursor,
    and a teammate sees the whole text."""
    label = next(r.label.en for r in risk_case(CASE).risks if r.id == "ip_leak")
    pages = {name: join_by_link(new_page(viewport=(1250, 1000)), server, "Typing", name, step="4. Risk balancing")
             for name in ("Dee", "Eli")}
    for page in pages.values():
        open_tab(page, "Risk register")
    dee = pages["Dee"]
    field = dee.locator(".aw-item-card", has_text=label).get_by_label("Mitigation")
    field.click()
    field.press_sequentially("Encrypt firmware", delay=20)
    dee.wait_for_timeout(1500)  # past the pause: saved, and the register redrawn
    field.press_sequentially("; need-to-know access", delay=20)
    assert field.evaluate("el => el === document.activeElement")
    dee.wait_for_timeout(1500)
    assert field.input_value() == "Encrypt firmware; need-to-know access"
    store = Store(server.db_url)
    try:
        event = store.get_event(server.event)
        team = next(t for t in store.list_teams(event.id) if t.name == "Typing")
        register = store.latest(team_doc(team.id), rk.KEY).data
    finally:
        store.close()
    assert next(r for r in register["risks"] if r["id"] == "ip_leak")["mitigation"] == "Encrypt firmware; need-to-know access"
    eli = pages["Eli"].locator(".aw-item-card", has_text=label).get_by_label("Mitigation")
    eli.page.wait_for_function("v => [...document.querySelectorAll('input')].some(i => i.value === v)",
                               arg="Encrypt firmware; need-to-know access", timeout=15_000)
    assert eli.input_value() == "Encrypt firmware; need-to-know access"
    for page in pages.values():
        assert page_problems(page) == []
