"""The team summary step, headless: the health check, the charter and the downloads."""

from __future__ import annotations

import json

import pytest

from widgets import demo
from widgets.ui.app import SUMMARY, WorkshopApp


@pytest.fixture
def demo_store(sqlite_store):
    """A demo room EV-1: two teams of three."""
    demo.generate(sqlite_store, "EV-1", "medtech-distribution", teams=2, participants=3)
    return sqlite_store


def test_summary_is_the_last_step_and_shows_the_charter(demo_store):
    app = WorkshopApp(demo_store, {"event": "EV-1", "team": "Blue", "name": "Ana"})
    keys = [v for _, v in app.stepper.nav.options]
    assert keys[-1] == SUMMARY and keys[1:-1] == ["partner_selection", "goals_kpis", "roles", "risk", "governance",
                                                 "initiatives", "pulse"]
    app.stepper.show(SUMMARY)
    view = app.stepper.current_view
    assert view.health.value.count("aw-crack ") == 6
    assert "Senior management commitment" in view.health.value
    assert "Imagine" in view.phases.value
    titles = "".join(getattr(c, "value", "") for c in view.charter_box.children)
    assert "Partner selection" in titles and "Governance design" in titles
    assert len(view.slots) >= 3 and all(s.figure is not None for s in view.slots)


def test_a_crack_judged_on_part_of_its_evidence_says_so_in_markup_not_as_escaped_text(demo_store):
    app = WorkshopApp(demo_store, {"event": "EV-1", "team": "Empty", "name": "Zed"})
    app.stepper.show(SUMMARY)
    health = app.stepper.current_view.health.value
    assert '<div class="aw-muted">0 of 5 pieces of evidence assessed</div>' in health  # senior commitment
    assert '<div class="aw-muted">0 of 4 pieces of evidence assessed</div>' in health  # trust: 3 designed, the pulse
    assert "&lt;" not in health  # no markup shown as text


def test_downloads_hand_the_bytes_to_the_browser(demo_store):
    app = WorkshopApp(demo_store, {"event": "EV-1", "team": "Blue", "name": "Ana", "lang": "es"})
    app.stepper.show(SUMMARY)
    view = app.stepper.current_view
    view.download("json")
    assert view.downloader.filename == "alliance-charter-EV-1-Blue.json" and view.downloader.nonce == 1
    data = json.loads(view.downloader.payload)
    assert [t["name"] for t in data["teams"]] == ["Blue"]  # only the participant's own team
    view.download("xlsx")
    assert view.downloader.payload[:2] == b"PK" and view.downloader.nonce == 2
    assert "La descarga ha comenzado" in view.message.widget.value


def test_summary_page_of_its_own(demo_store):
    app = WorkshopApp(demo_store, {"event": "EV-1", "team": "Blue", "name": "Ana"}, only=[SUMMARY])
    assert [v for _, v in app.stepper.nav.options] == [SUMMARY]
