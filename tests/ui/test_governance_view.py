"""Governance view, headless: the design saves, merges across members, and is stress-tested."""

from __future__ import annotations

from tests.ui.conftest import browser_of
from widgets.model import governance as gv
from widgets.store import participant_doc
from widgets.ui.app import WorkshopApp


def open_view(ev1_store, name, lang="en"):
    app = WorkshopApp(ev1_store, {"event": "EV-1", "team": "Blue", "name": name, "lang": lang}, browser=browser_of(ev1_store, name))
    app.stepper.show(gv.KEY)
    return app, app.stepper.current_view


def test_design_saves_and_resumes(ev1_store):
    app, view = open_view(ev1_store, "Ana")
    view.inputs[("decisions", "joint_ip", "breaker")].value = "mediation"
    view.inputs[("ladder", "steering_committee")].value = 14
    view.inputs[("final",)].value = "ceos"
    view.inputs[("exit_triggers", "acquisition")].value = True
    data = ev1_store.latest(participant_doc(app.session.participant.id), gv.KEY).data
    assert data["decisions"]["joint_ip"]["breaker"] == "mediation"
    assert data["ladder"]["steering_committee"] == 14 and data["final"] == "ceos"
    assert data["exit_triggers"] == ["acquisition"]
    _, again = open_view(ev1_store, "Ana")
    assert again.inputs[("decisions", "joint_ip", "breaker")].value == "mediation"
    assert again.inputs[("exit_triggers", "acquisition")].value is True
    assert again.inputs[("bodies", "steering", "members_a")].value == 2


def test_scenario_deadlocks_until_a_breaker_is_added_by_the_majority(ev1_store):
    _, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    ana.inputs[("health_review",)].value = "quarterly"  # a first save each: both are designers
    ben.inputs[("health_review",)].value = "quarterly"
    ana.refresh_team()
    ip = next(t for t in ana.state.result.traces if t.scenario == "ip_dispute")
    assert ip.deadlock and "Deadlock" in ana.stress_table.value
    ana.inputs[("decisions", "joint_ip", "breaker")].value = "mediation"
    ana.refresh_team()  # one of two: a tie, and a deliberate change wins it
    ip = next(t for t in ana.state.result.traces if t.scenario == "ip_dispute")
    assert ip.deadlock and ip.path[-1] == "not_binding"  # a mediator cannot force an answer
    ana.inputs[("decisions", "joint_ip", "breaker")].value = "status_quo"
    ana.refresh_team()
    ip = next(t for t in ana.state.result.traces if t.scenario == "ip_dispute")
    assert not ip.deadlock and ip.outcome == "no_change" and ip.days == 30
    assert "No change (agreed default)" in ana.stress_table.value
    assert "IP dispute over joint work" in ana.differences.value or "jointly developed IP" in ana.differences.value
    assert "deadlock in your design: 2" in ana.my_checks.value  # the change of control is a right


def test_kpis_from_the_goals_module_appear_for_review(ev1_store):
    from widgets.model import goals_kpis as gk

    app_a, ana = open_view(ev1_store, "Ana")
    app_b, _ = open_view(ev1_store, "Ben")
    kpi = {"id": "k1", "name": "Signed hospitals", "target": 40, "unit": "hospitals"}
    ev1_store.save(participant_doc(app_a.session.participant.id), gk.KEY, {"kpis": [kpi]},
               event_id=app_a.session.participant.event_id, team_id=app_a.session.participant.team_id,
               participant_id=app_a.session.participant.id)
    ev1_store.save(participant_doc(app_b.session.participant.id), gk.KEY, {"endorse": ["Ana#k1"]},
               event_id=app_b.session.participant.event_id, team_id=app_b.session.participant.team_id,
               participant_id=app_b.session.participant.id)
    ana.refresh_team()
    assert ("reporting", "Ana#k1") in ana.inputs
    assert "KPIs are not reviewed anywhere: Signed hospitals" in ana.my_checks.value
    ana.inputs[("reporting", "Ana#k1")].value = "steering"
    assert "Every team KPI is reviewed by a body." in ana.my_checks.value


def test_spanish(ev1_store):
    _, view = open_view(ev1_store, "Ana", lang="es")
    assert view.tabs.titles[0] == "Órganos y decisiones"
    assert "Bloqueo" in view.stress_table.value


def test_a_list_set_back_to_not_set_shows_not_set_and_stores_none(ev1_store):
    """A Dropdown shows a None value as an empty list, so "not set" is a choice of its own."""
    _, ana = open_view(ev1_store, "Ana")
    cadence = ana.inputs[("bodies", "steering", "cadence")]
    cadence.value = "monthly"
    cadence.value = ""  # the member picks "not set" again
    assert cadence.index == 0 and cadence.label == "— not set —"
    assert ana.doc["bodies"]["steering"]["cadence"] is None
    ana.inputs[("decisions", "joint_ip", "body")].value = ""
    assert ana.doc["decisions"]["joint_ip"]["body"] is None
    _, again = open_view(ev1_store, "Ana")  # resumed: the lists show "not set", not a blank
    assert again.inputs[("bodies", "steering", "cadence")].index == 0
    assert again.inputs[("decisions", "joint_ip", "body")].index == 0
