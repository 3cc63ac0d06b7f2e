"""Role clarity export section and charts from demo data."""

from __future__ import annotations

from widgets import cases, demo
from widgets.i18n import Translator
from widgets.modules.roles import report
from widgets.report.export import event_export
from widgets.session import team_data


def test_demo_sections(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=8, participants=4)
    sections = [t["modules"]["roles"] for t in event_export(sqlite_store, "DEMO")["teams"]]
    for s in sections:
        assert set(s) >= {"activities", "roles", "consensus", "contested", "checks"}
        assert len(s["roles"]) == 15 and len(s["checks"]) == 7  # 7 roles per partner and the joint committee
    verdicts = [{c["check"]: c["ok"] for c in s["checks"]} for s in sections]
    assert any(all(v.values()) for v in verdicts)
    assert any(not v["roles.one_accountable"] for v in verdicts)
    assert any(not v["roles.both_pull"] for v in verdicts)
    # a joint committee Accountable with no rule said fails; the teams that named one pass
    assert any(not v["roles.joint_accountable"] for v in verdicts) and any(v["roles.joint_accountable"] for v in verdicts)
    assert sections[0]["joint_rule"] and not sections[2]["joint_rule"]
    assert any(s["contested"] for s in sections)
    first = sections[0]
    assert sum(1 for x in first["consensus"]["strategy"].values() if x == "A") == 1


def test_charts(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=1, participants=3)
    event = sqlite_store.get_event("DEMO")
    [team] = sqlite_store.list_teams(event.id)
    state = report.state_for(team_data(sqlite_store, event, team.id, team.name), cases.get("medtech-distribution"), "en")
    tr = Translator("en")
    heat, load = report.heatmap(state, tr), report.workload_chart(state, tr)
    assert heat.layout.title.text.startswith("The team's RACI") and load.layout.yaxis.title.text == "Activities"
    assert len(heat.data[0].x) == 15 and len(heat.data[0].y) == 13
