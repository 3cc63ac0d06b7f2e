"""Governance view, headless: the design saves, merges across members, and is stress-tested."""

from __future__ import annotations

from functools import partial

from tests.ui.conftest import open_step, revisions, saved_doc
from widgets.modules.governance import model as gv
from widgets.store import DocRef, participant_doc

open_view = partial(open_step, key=gv.KEY)


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
    from widgets.modules.goals_kpis import model as gk

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
    assert "1 KPI is not reviewed anywhere: Signed hospitals" in ana.my_checks.value  # one KPI: singular
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
    assert ana.doc.bodies["steering"].cadence is None
    ana.inputs[("decisions", "joint_ip", "body")].value = ""
    assert ana.doc.decisions["joint_ip"].body is None
    _, again = open_view(ev1_store, "Ana")  # resumed: the lists show "not set", not a blank
    assert again.inputs[("bodies", "steering", "cadence")].index == 0
    assert again.inputs[("decisions", "joint_ip", "body")].index == 0


def test_each_decision_ends_in_its_own_last_step_and_skipped_levels_are_shown(ev1_store):
    _, ana = open_view(ev1_store, "Ana")
    assert "Who each level is, in this case" in ana.tabs.children[1].children[0].children[1].value
    ana.inputs[("decisions", "joint_ip", "breaker")].value = "escalate"
    ana.inputs[("ladder", "steering_committee")].value = 14
    ana.inputs[("ladder", "executive_sponsors")].value = 14  # the sponsors already sit on the committee
    ana.inputs[("final",)].value = "ceos"
    assert "Escalating these decisions reaches people who already decided below" in ana.my_checks.value
    ana.inputs[("decisions", "joint_ip", "last")].value = "fallback"  # a default does not settle who owns IP
    assert "These disputes over rights or facts end in a default that settles nothing" in ana.my_checks.value
    ana.inputs[("decisions", "joint_ip", "last")].value = "arbitration"
    ana.refresh_team()
    ip = next(t for t in ana.state.result.traces if t.scenario == "ip_dispute")
    assert (ip.who, ip.days, ip.skipped) == ("arbitration", 30 + 14 + 180, ["executive_sponsors"])
    assert "Skipped (already decided below)" in ana.stress_table.value and "Executive sponsors" in ana.stress_table.value
    assert ("backstop",) not in ana.inputs  # one end for every decision: only older designs still show it
    ana.inputs[("decisions", "annual_plan", "rule")].value = "company_vote"  # a rule a team can choose
    assert "One vote per company" in [label for label, _ in ana.inputs[("decisions", "annual_plan", "rule")].options]


def test_a_design_saved_before_last_steps_opens_with_its_old_top_and_backstop(ev1_store):
    app, _ = open_view(ev1_store, "Ana")
    old = gv.default_entry(app.session.case).model_dump(mode="json")
    for d in old["decisions"].values():
        d.pop("last")  # stored before decisions had their own last step
    old.update(final="arbitration", backstop="expert")
    ev1_store.save(DocRef.of_participant(app.session.participant), gv.KEY, old)
    _, again = open_view(ev1_store, "Ana")
    assert again.inputs[("final",)].value == "arbitration" and again.inputs[("backstop",)].value == "expert"
    assert again.inputs[("decisions", "annual_plan", "last")].value == ""  # not set: the old backstop applies
    again.inputs[("decisions", "joint_ip", "breaker")].value = "escalate"
    again.inputs[("ladder", "steering_committee")].value = 14
    assert "An arbitrator or expert would decide these business questions" not in again.my_checks.value
    again.inputs[("decisions", "annual_plan", "breaker")].value = "escalate"
    assert "An arbitrator or expert would decide these business questions" in again.my_checks.value


def _store_design(store, app, design: gv.Entry) -> None:
    store.save(DocRef.of_participant(app.session.participant), gv.KEY, design.model_dump(mode="json"))


def test_opening_and_redrawing_store_nothing(ev1_store):
    """Widgets set from the design (the starting one, a stored one, after a teammate's save) find
    it unchanged: no revision of the member's document or the team's."""
    from widgets.modules.goals_kpis import model as gk

    app, ana = open_view(ev1_store, "Ana")  # nothing stored: the case's starting design is shown
    assert revisions(ev1_store, app, key=gv.KEY) == (0, 0) and ana.doc == gv.Entry()
    assert ana.inputs[("bodies", "steering", "members_a")].value == 2
    ana.refresh_team()
    assert revisions(ev1_store, app, key=gv.KEY) == (0, 0)
    design = gv.default_entry(app.session.case)
    for path, value in ((("exit_triggers", "results_missed"), True), (("exit_triggers", "acquisition"), True),
                        (("ladder", "steering_committee"), 14), (("final",), "ceos"),
                        (("decisions", "joint_ip", "last"), "arbitration"), (("bodies", "steering", "cadence"), None),
                        (("reporting", "Ana#k1"), "steering"), (("health_review",), "quarterly")):
        design = gv.set_field(design, path, value)
    assert design.exit_triggers == ["results_missed", "acquisition"]  # not the order the checkboxes are in
    _store_design(ev1_store, app, design)
    participant = app.session.participant
    ev1_store.save(DocRef.of_participant(participant), gk.KEY,
                   {"kpis": [{"id": "k1", "name": "Signed hospitals", "target": 40, "unit": "hospitals"}]})
    app, ana = open_view(ev1_store, "Ana")
    before = revisions(ev1_store, app, key=gv.KEY)
    assert before == (1, 0) and ana.doc == design
    assert ana.inputs[("reporting", "Ana#k1")].value == "steering"  # a KPI's list, built and set from the design
    assert ana.inputs[("exit_triggers", "results_missed")].value is True
    ana.refresh_team()
    assert revisions(ev1_store, app, key=gv.KEY) == before
    app_b, ben = open_view(ev1_store, "Ben")
    ben.inputs[("decisions", "joint_ip", "breaker")].value = "mediation"  # a teammate saves
    assert revisions(ev1_store, app_b, key=gv.KEY) == (1, 0)
    ana.refresh_team()
    assert ana.state.result.members == ["Ana", "Ben"]
    assert revisions(ev1_store, app, key=gv.KEY) == before and ana.doc == design
    assert saved_doc(ev1_store, app, key=gv.KEY) == design.model_dump(mode="json")


def test_a_change_through_the_widgets_is_stored_once(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    ana.inputs[("decisions", "joint_ip", "breaker")].value = "mediation"  # the first change: the starting design with it
    assert revisions(ev1_store, app, key=gv.KEY) == (1, 0)
    saved = saved_doc(ev1_store, app, key=gv.KEY)
    assert saved["decisions"]["joint_ip"]["breaker"] == "mediation" and saved["bodies"]["steering"]["members_a"] == 2
    assert ana.doc.decisions["joint_ip"].breaker == "mediation"
    ana.inputs[("exit_plan", "communication")].value = True
    assert revisions(ev1_store, app, key=gv.KEY) == (2, 0)
    assert saved_doc(ev1_store, app, key=gv.KEY)["exit_plan"] == ["communication"]
    app_b, ben = open_view(ev1_store, "Ben")
    ben.inputs[("final",)].value = "ceos"
    ana.refresh_team()  # after a teammate's save, Ana's change is still hers to store
    ana.inputs[("ladder", "steering_committee")].value = 14
    assert revisions(ev1_store, app, key=gv.KEY) == (3, 0)
    assert saved_doc(ev1_store, app, key=gv.KEY)["ladder"] == {"steering_committee": 14}
    assert saved_doc(ev1_store, app_b, key=gv.KEY)["final"] == "ceos"


def test_a_failed_save_puts_the_widget_back_and_stores_nothing(ev1_store, monkeypatch):
    """The store fails once: the widget shows the stored design again, and putting it back is
    not taken for a change (the store works again by then)."""
    app, ana = open_view(ev1_store, "Ana")
    ana.inputs[("health_review",)].value = "quarterly"
    before = revisions(ev1_store, app, key=gv.KEY)
    save, failures = app.session.save, []

    def fail_once(*args, **kwargs):
        if not failures:
            failures.append(args)
            raise OSError("disk full")
        return save(*args, **kwargs)

    monkeypatch.setattr(app.session, "save", fail_once)
    ana.inputs[("ladder", "steering_committee")].value = 14
    assert len(failures) == 1
    assert ana.inputs[("ladder", "steering_committee")].value == 0  # put back from the stored design
    assert "steering_committee" not in ana.doc.ladder
    assert revisions(ev1_store, app, key=gv.KEY) == before
    ana.inputs[("ladder", "steering_committee")].value = 14
    assert revisions(ev1_store, app, key=gv.KEY) == (before[0] + 1, 0)
    assert saved_doc(ev1_store, app, key=gv.KEY)["ladder"] == {"steering_committee": 14}
