"""Governance export section and charts from demo data."""

from __future__ import annotations

import json

from widgets import cases, demo
from widgets.i18n import Translator
from widgets.report import governance as report
from widgets.report.export import event_export
from widgets.session import team_data


def test_demo_sections(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=4, participants=3)
    sections = [t["modules"]["governance"] for t in event_export(sqlite_store, "DEMO")["teams"]]
    for s in sections:
        assert set(s) >= {"bodies", "decisions", "escalation", "reporting", "exit", "checks", "stress_test"}
        assert len(s["stress_test"]) == 4 and len(s["checks"]) == 8
    deadlocks = [sum(t["deadlock"] for t in s["stress_test"]) for s in sections]
    assert 0 in deadlocks and max(deadlocks) == 4
    careful = sections[0]
    assert all(t["worst_case_days"] > 0 for t in careful["stress_test"])
    assert any(c["check"] == "governance.kpis_reviewed" and c["ok"] for c in careful["checks"])
    assert any(not c["ok"] for s in sections for c in s["checks"] if c["check"] == "governance.both_sides")
    json.dumps(sections, allow_nan=False)


def test_charts(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=1, participants=2)
    event = sqlite_store.get_event("DEMO")
    [team] = sqlite_store.list_teams(event.id)
    state = report.state_for(team_data(sqlite_store, event, team.id, team.name), cases.get("medtech-distribution"), "es")
    tr = Translator("es")
    stress, ladder = report.stress_chart(state, tr), report.ladder_chart(state, tr, cases.get("medtech-distribution"))
    assert stress.layout.xaxis.title.text == "Días" and stress.layout.title.text.startswith("Prueba de estrés")
    assert ladder.data[0].node.label[0] == "El órgano que decide"
