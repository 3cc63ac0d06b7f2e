"""Goals and KPIs export section and charts from demo data."""

from __future__ import annotations

import json

import pytest

from widgets import cases, demo
from widgets.i18n import Translator
from widgets.report import goals_kpis as report
from widgets.report.export import event_export
from widgets.session import team_data


def test_demo_sections_vary_and_have_every_key(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=6, participants=4)
    exported = event_export(sqlite_store, "DEMO")
    sections = [t["modules"]["goals_kpis"] for t in exported["teams"]]
    for s in sections:
        assert set(s) >= {"vision", "business_case", "goals", "kpis", "checks"}
        assert len(s["checks"]) == 6 and s["vision"]
        assert {p["partner"] for p in s["business_case"]["partners"]} == {"a", "b"}
        assert all("endorsed_by" in k and "proposed_by" in k for k in s["kpis"])
    verdicts = [{c["check"]: c["ok"] for c in s["checks"]} for s in sections]
    assert any(not v["goals_kpis.both_benefit"] for v in verdicts) and any(v["goals_kpis.both_benefit"] for v in verdicts)
    assert any(k["in_team_set"] for s in sections for k in s["kpis"])
    a = sections[0]["business_case"]["partners"][0]
    assert a["roi"] == pytest.approx((a["annual_return"] * sections[0]["business_case"]["horizon_years"]
                                      - a["investment"]) / a["investment"], abs=1e-3)
    json.dumps(exported)


def test_charts_are_labelled(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=1, participants=3)
    event = sqlite_store.get_event("DEMO")
    [team] = sqlite_store.list_teams(event.id)
    data = team_data(sqlite_store, event, team.id, team.name)
    state = report.state_for(data)
    case = cases.get("medtech-distribution")
    tr = Translator("es")
    for fig in (report.category_chart(state, tr), report.beneficiary_chart(state, tr, case),
                report.business_chart(state, tr, case)):
        assert fig is not None and fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
