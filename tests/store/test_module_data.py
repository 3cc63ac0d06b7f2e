"""A module's room settings and the upgrades of what earlier versions of a module stored.

- ``Store.upgrade_data`` applies a module's data steps once each, in order, stamping each in the
  meta table; a failing step leaves the steps after it for the next start.
- The pulse's round and sides, which kits before December 2026 kept in the room's controls, move
  to the pulse's own settings document when the store is first used (on SQLite and PostgreSQL),
  and a participant's page and the facilitator's panel read them there.
- A module's settings are validated by its model: a bad value is refused and nothing is stored."""

from __future__ import annotations

import pytest

from tests.ui.conftest import browser_of
from widgets import event_docs, registry
from widgets.contract import ContractError, ModuleSpec
from widgets.model.controls import KEY as CONTROLS
from widgets.model.problems import ModelError
from widgets.modules.pulse import model as pl
from widgets.modules.pulse.upgrades import settings_out_of_controls
from widgets.store import DocRef, Store
from widgets.ui.app import WorkshopApp


def test_data_steps_run_once_each_in_order_and_a_failure_waits_for_the_next_start(store):
    ran: list[str] = []

    def first(s):
        ran.append("first")

    def broken(s):
        ran.append("broken")
        raise RuntimeError("disk full")

    assert store.data_version("sample") == 0
    with pytest.raises(RuntimeError):
        store.upgrade_data("sample", [first, broken])
    assert ran == ["first", "broken"] and store.data_version("sample") == 1  # the first is stamped

    again = Store(store.url)  # the next start: only the step not stamped runs
    try:
        assert again.upgrade_data("sample", [first, lambda s: ran.append("fixed")]) == 2
        assert ran == ["first", "broken", "fixed"] and again.data_version("sample") == 2
        again.upgrade_data("sample", [first, lambda s: ran.append("fixed")])
        assert Store(store.url).upgrade_data("sample", [first, lambda s: ran.append("fixed")]) == 2
        assert ran == ["first", "broken", "fixed"]  # nothing runs twice, in this store or a new one
    finally:
        again.close()


def _old_kit_controls(store, event, **values):
    """What a kit before December 2026 stored: the pulse's settings inside the controls."""
    store.save(DocRef.of_event(event.id), CONTROLS, {"locked": ["governance"], "timer_end": None, "timer_label": "",
                                                     "reveal": True, "broadcast": "Back at 2", "broadcast_at": None,
                                                     **values})


def test_the_pulse_settings_move_out_of_the_controls_of_every_event(store, event):
    other = store.create_event("TEST-2", "medtech-distribution")
    _old_kit_controls(store, event, round="end", sides_assigned=True)
    _old_kit_controls(store, other, round="start", sides_assigned=False)
    registry.upgrade_stored(store)
    assert store.data_version(pl.KEY) == len(registry.get(pl.KEY).data_steps)
    assert event_docs.settings(store, event.id, pl.KEY) == pl.Settings(round="end", sides_assigned=True)
    assert event_docs.settings(store, other.id, pl.KEY) == pl.Settings()
    controls = event_docs.controls(store, event.id)  # the rest of the controls kept, valid
    assert controls.locked == ["governance"] and controls.reveal and controls.broadcast == "Back at 2"
    assert "round" not in store.latest(DocRef.of_event(event.id), CONTROLS).data
    # run again (two servers starting together): nothing changes
    revisions = store.latest(DocRef.of_event(event.id), pl.KEY).revision
    settings_out_of_controls(store)
    assert store.latest(DocRef.of_event(event.id), pl.KEY).revision == revisions
    assert event_docs.settings(store, event.id, pl.KEY).round == "end"


def test_settings_the_facilitator_set_after_a_half_migration_are_kept(sqlite_store):
    """A step stopped between its two saves: the pulse document already there wins."""
    event = sqlite_store.create_event("TEST-3", "medtech-distribution")
    event_docs.save_settings(sqlite_store, event.id, pl.KEY, round="start", sides_assigned=True)
    _old_kit_controls(sqlite_store, event, round="end", sides_assigned=False)
    settings_out_of_controls(sqlite_store)
    assert event_docs.settings(sqlite_store, event.id, pl.KEY) == pl.Settings(round="start", sides_assigned=True)
    assert "round" not in sqlite_store.latest(DocRef.of_event(event.id), CONTROLS).data


def test_a_page_opened_on_an_old_kits_store_answers_the_round_the_facilitator_set(sqlite_store):
    event = sqlite_store.create_event("EV-1", "medtech-distribution")
    _old_kit_controls(sqlite_store, event, round="end", sides_assigned=True)
    app = WorkshopApp(sqlite_store, {"event": "EV-1", "team": "Blue", "name": "Ana", "lang": "en"},
                      browser=browser_of(sqlite_store, "Ana"))
    app.stepper.show(pl.KEY)
    view = app.stepper.current_view
    assert "Round: end of the workshop" in view.round_line.value and view.side.disabled
    assert app.controls.locked == ["governance"]  # the controls read valid, nothing dropped


def test_a_bad_setting_is_refused_and_nothing_is_stored(store, event):
    with pytest.raises(ModelError) as exc:
        event_docs.save_settings(store, event.id, pl.KEY, round="later")
    assert exc.value.problems and store.latest(DocRef.of_event(event.id), pl.KEY) is None
    with pytest.raises(ModelError):
        event_docs.save_settings(store, event.id, pl.KEY, sides_assigned=True, extra="x")
    with pytest.raises(ModelError):
        event_docs.settings(store, event.id, "no_such_module")
    # what is stored invalid (written by hand) reads as the defaults, never as an error
    store.save(DocRef.of_event(event.id), pl.KEY, {"round": "later"})
    assert event_docs.settings(store, event.id, pl.KEY) == pl.Settings()


def test_the_contract_checks_settings_and_data_steps():
    from pydantic import BaseModel

    class NoDefault(BaseModel):
        round: str

    base = dict(registry.get(pl.KEY).__dict__)
    with pytest.raises(ContractError, match="default for every field"):
        ModuleSpec(**{**base, "settings_model": NoDefault})
    with pytest.raises(ContractError, match="data_steps"):
        ModuleSpec(**{**base, "data_steps": ("not a function",)})
    with pytest.raises(ContractError, match="settings_model"):
        ModuleSpec(**{**base, "settings_model": dict})
