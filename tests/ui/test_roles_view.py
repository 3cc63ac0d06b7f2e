"""Role clarity view, headless: the grid widget, consensus, checks and the team lists."""

from __future__ import annotations

from functools import partial

from tests.ui.conftest import as_in_a_kernel, open_step, revisions, saved_doc
from widgets.modules.roles import model as rm
from widgets.store import team_doc

open_view = partial(open_step, key=rm.KEY)


def saved(ev1_store, app):
    return saved_doc(ev1_store, app, key=rm.KEY)


def test_grid_changes_save_and_resume(ev1_store):
    app, view = open_view(ev1_store, "Ana")
    assert len(view.grid.rows) == 13 and len(view.grid.columns) == 15
    view.set_cell("strategy", "a:exec_sponsor", "A")
    view.set_cell("strategy", "b:alliance_manager", "R")
    assert saved(ev1_store, app) == {"grid": {"strategy": {"a:exec_sponsor": "A", "b:alliance_manager": "R"}}}
    view.set_cell("strategy", "b:alliance_manager", "")
    assert saved(ev1_store, app)["grid"]["strategy"] == {"a:exec_sponsor": "A"}
    _, again = open_view(ev1_store, "Ana")
    assert again.grid.value == {"strategy": {"a:exec_sponsor": "A"}}
    assert "do not have exactly one Accountable" in again.my_checks.value


def test_hostile_grid_values_are_refused_and_reverted(ev1_store):
    app, view = open_view(ev1_store, "Ana")
    view.set_cell("strategy", "a:exec_sponsor", "A")
    before = saved(ev1_store, app)
    for bad in ({"strategy": {"a:exec_sponsor": "<script>"}}, {"strategy": {"z:ceo": "A"}},
                {"not-an-activity": {"a:exec_sponsor": "A"}}, {"strategy": {"a:exec_sponsor": 5}}):
        view.grid.value = bad
        assert view.grid.value == before["grid"]
        assert saved(ev1_store, app) == before
        assert "aw-status-bad" in app.status.value


def test_consensus_contested_and_the_one_accountable_check(ev1_store):
    _, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    ana.set_cell("strategy", "a:exec_sponsor", "A")
    ana.set_cell("strategy", "b:exec_sponsor", "A")
    ben.set_cell("strategy", "a:exec_sponsor", "A")
    ben.set_cell("strategy", "b:exec_sponsor", "C")
    ana.refresh_team()
    cell = ana.state.result.cells[("strategy", "b:exec_sponsor")]
    assert cell.contested and set(cell.tied) == {"A", "C"}
    assert "Ana: A, Ben: C" in ana.contested_table.value
    assert "aw-hot" in ana.consensus_table.value
    assert "do not have exactly one Accountable" in ana.team_checks.value
    ana.set_cell("strategy", "b:exec_sponsor", "C")
    ana.refresh_team()
    first = ana.state.result.checks[0]
    assert first.code == "roles.one_accountable" and "strategy" not in first.items
    assert ana.heat.figure is not None and ana.load_chart.figure is not None


def test_activities_and_people_are_shared(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    ana.act_new.value = "<b>Regulatory</b> filings"
    ana.act_add.click()
    ben.refresh_team()
    assert ben.grid.rows[-1]["label"] == "<b>Regulatory</b> filings"  # the grid sets it as text
    ben.act_pick.value = "exit_planning" if "exit_planning" in [v for _, v in ben.act_pick.options] else "launch_comms"
    dropped = ben.act_pick.value
    ben.act_drop.click()
    stored = ev1_store.latest(team_doc(app.session.participant.team_id), rm.KEY).data
    assert [a["id"] for a in stored["activities"]][-1] == "team-a1" and dropped not in [a["id"] for a in stored["activities"]]
    ana.people["b:exec_sponsor"].value = "Lucía Paredes"
    ben.refresh_team()
    assert ben.people["b:exec_sponsor"].value == "Lucía Paredes"


def test_each_sponsors_level_is_shared_and_checked(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    assert ana.levels["a"].label == "Not said yet" and ana.levels["a"].value == ""
    ana.levels["a"].value = "director"
    ana.levels["b"].value = "ceo"
    stored = ev1_store.latest(team_doc(app.session.participant.team_id), rm.KEY).data
    assert stored["sponsor_level"] == {"a": "director", "b": "ceo"}
    ben.refresh_team()
    assert ben.levels["a"].value == "director"
    check = next(c for c in ben.state.result.checks if c.code == "roles.sponsors_senior")
    assert not check.ok and check.items == ["a"] and "Norvia Medical" in ben.team_checks.value
    ben.levels["a"].value = "business_head"
    ana.refresh_team()
    assert next(c for c in ana.state.result.checks if c.code == "roles.sponsors_senior").ok
    ben.levels["a"].value = ""  # back to "not said": the list shows it, not a blank
    ana.refresh_team()
    assert ana.levels["a"].label == "Not said yet" and "a" not in ana.state.team.sponsor_level


def test_spanish(ev1_store):
    _, view = open_view(ev1_store, "Ana", lang="es")
    assert view.tabs.titles[0] == "Su tabla RACI"
    assert view.grid.columns[0]["label"] == "Comité directivo (conjunto)"  # the joint body comes first
    assert view.grid.columns[0]["sub"] == "Norvia Medical + Andina Salud Distribución"
    assert view.grid.columns[1]["label"] == "Patrocinador ejecutivo"


def test_how_the_joint_committee_decides_is_shared_and_checked(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    pick = ana.joint_rules["steering_committee"]
    assert pick.label == "Not said" and pick.description.startswith("How it decides · ")
    ana.set_cell("strategy", "j:steering_committee", "A")  # the committee answers for the strategy
    assert "A joint body is Accountable but nobody has said how it decides" in ana.my_checks.value
    pick.value = "chair_b"
    stored = ev1_store.latest(team_doc(app.session.participant.team_id), rm.KEY).data
    assert stored["joint_rule"] == {"steering_committee": "chair_b"}
    assert "Its chair from Andina Salud Distribución decides" in [label for label, _ in pick.options]
    ben.refresh_team()
    assert ben.joint_rules["steering_committee"].value == "chair_b"
    ana.refresh_team()
    assert "Every joint body that is Accountable has a named chair or decision rule." in ana.my_checks.value


def test_showing_what_is_stored_stores_nothing_and_each_change_is_one_revision(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    ana.set_cell("strategy", "a:exec_sponsor", "A")
    ana.levels["a"].value = "director"
    ana.joint_rules["steering_committee"].value = "chair_b"
    ana.people["b:exec_sponsor"].value = "Lucía Paredes"
    count = revisions(ev1_store, app, key=rm.KEY)
    assert count == (1, 3)
    ben.act_new.value = "Regulatory filings"
    ben.act_add.click()  # a teammate's change: Ana's grid, lists and pickers are redrawn from the store
    count = revisions(ev1_store, app, key=rm.KEY)
    ana.refresh_team()
    assert ana.levels["a"].value == "director" and ana.grid.rows[-1]["label"] == "Regulatory filings"
    app2, again = open_view(ev1_store, "Ana")  # Ana reloads the page
    again.refresh_team()
    assert revisions(ev1_store, app, key=rm.KEY) == count
    again.set_cell("strategy", "b:exec_sponsor", "C")
    again.levels["b"].value = "ceo"
    assert revisions(ev1_store, app, key=rm.KEY) == (count[0] + 1, count[1] + 1)
    assert saved(ev1_store, app2)["grid"]["strategy"] == {"a:exec_sponsor": "A", "b:exec_sponsor": "C"}


def test_a_row_kept_for_a_dropped_activity_does_not_block_the_grid_and_comes_back(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    ana.set_cell("launch_comms", "a:exec_sponsor", "R")
    ana.act_pick.value = "launch_comms"
    ana.act_drop.click()
    ana.refresh_team()
    assert "launch_comms" not in ana.grid.value  # kept in the store, not proposed by the grid
    ana.set_cell("strategy", "a:exec_sponsor", "A")
    assert saved(ev1_store, app)["grid"] == {"launch_comms": {"a:exec_sponsor": "R"},
                                             "strategy": {"a:exec_sponsor": "A"}}
    assert "aw-status-bad" not in app.status.value


def test_people_fields_update_in_place_and_keep_a_name_being_typed(ev1_store):
    """A saved or a teammate's name reaches the same field (the one being typed keeps its
    focus); a name waiting for a pause in typing is not overwritten by a teammate's save; an activity
    added or dropped builds a new grid and leaves the people's fields."""
    app, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    sponsor, lead = ana.people["b:exec_sponsor"], ana.people["a:exec_sponsor"]
    sponsor.value = "Lucía Paredes"
    assert ana.people["b:exec_sponsor"] is sponsor
    ben.people["a:exec_sponsor"].value = "Tom Reyes"
    ana.refresh_team()
    assert ana.people["a:exec_sponsor"] is lead and lead.value == "Tom Reyes"

    async def scenario() -> None:
        sponsor.value = "Lucía Paredes Soto"  # waits for a pause
        ben.people["b:exec_sponsor"].value = "L. Paredes"
        ana.refresh_team()
        assert sponsor.value == "Lucía Paredes Soto" and ana.ctx.typing("person:b:exec_sponsor")

    as_in_a_kernel(scenario, ana)
    team = ev1_store.latest(team_doc(app.session.participant.team_id), rm.KEY).data
    assert team["people"]["b:exec_sponsor"] == "Lucía Paredes Soto"
    ana.act_new.value = "Joint marketing calendar"
    ana.act_add.click()
    assert len(ana.grid.rows) == 14 and ana.people["b:exec_sponsor"] is sponsor  # the people stay
    assert sponsor.value == "Lucía Paredes Soto"
