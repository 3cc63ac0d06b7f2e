"""Role clarity model: consensus, contested cells, checks, workload, lists."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import cases
from widgets.model.problems import ModelError, validate
from widgets.modules.governance.case import of as gv_case
from widgets.modules.roles import model as rm
from widgets.modules.roles.case import of as roles_case

ACTS = ["plan", "sell", "build"]
COLS = ["a:exec_sponsor", "a:alliance_manager", "a:sales_lead", "b:exec_sponsor", "b:alliance_manager",
        "b:sales_lead"]


def e(grid):
    return rm.Entry.model_validate({"grid": grid})


GOOD = {
    "plan": {"a:exec_sponsor": "A", "a:alliance_manager": "R", "b:alliance_manager": "R", "b:exec_sponsor": "C"},
    "sell": {"b:sales_lead": "A", "a:sales_lead": "R", "b:alliance_manager": "R"},
    "build": {"b:exec_sponsor": "A", "a:alliance_manager": "R", "b:sales_lead": "R"},
}


def test_validation():
    for bad in ({"grid": {"plan": {"a:exec_sponsor": "X"}}}, {"grid": {"plan": {"c:exec_sponsor": "R"}}},
                {"grid": {"<b>": {"a:x": "R"}}}, {"grid": {"plan": {"a:x": 1}}}, {"other": 1}):
        with pytest.raises(ModelError):
            validate(rm.Entry, bad)
    assert e({"plan": {}}).grid == {}


def test_a_good_grid_passes_every_check():
    result = rm.checks(GOOD, ACTS, COLS, {})
    assert all(c.ok for c in result), [(c.code, c.items) for c in result]


def test_each_check_fails_on_a_crafted_grid():
    two_a = {**GOOD, "plan": {**GOOD["plan"], "b:exec_sponsor": "A"}}
    codes = {c.code: c for c in rm.checks(two_a, ACTS, COLS, {"plan": "Plan"})}
    assert not codes["roles.one_accountable"].ok and codes["roles.one_accountable"].items == ["plan"]
    assert codes["roles.one_accountable"].params["items"] == "Plan"
    no_r = {**GOOD, "sell": {"b:sales_lead": "A"}}
    assert rm.checks(no_r, ACTS, COLS, {})[1].items == ["sell"]
    idle_b = {a: {c: ("C" if x == "R" and c.startswith("b:") else x) for c, x in row.items()} for a, row in GOOD.items()}
    by = {c.code: c for c in rm.checks(idle_b, ACTS, COLS, {})}
    assert by["roles.both_pull"].items == ["b"] and not by["roles.both_pull"].ok
    assert "b:alliance_manager" in by["roles.sponsor_manager"].items
    many = {f"x{i}": {"a:sales_lead": "A", "b:sales_lead": "R" if i < 5 else "C"} for i in range(9)}
    over = {c.code: c for c in rm.checks(many, list(many), COLS, {})}
    assert rm.overload_limit(9) == 5 and over["roles.overload"].items == ["a:sales_lead"]  # 9 A; b has 5 R
    empty = rm.checks({}, ACTS, COLS, {})
    assert not any(c.ok for c in empty if c.code != "roles.overload")


def test_accountable_and_responsible_in_one_cell():
    both = {**GOOD, "sell": {"b:sales_lead": "AR", "a:sales_lead": "R"}}
    by = {c.code: c for c in rm.checks(both, ACTS, COLS, {})}
    assert by["roles.one_accountable"].ok and by["roles.responsible"].ok  # A/R is the one A and an R
    alone = {**GOOD, "sell": {"b:sales_lead": "AR"}}
    assert {c.code: c.ok for c in rm.checks(alone, ACTS, COLS, {})}["roles.responsible"]
    two = {**GOOD, "sell": {"b:sales_lead": "AR", "a:sales_lead": "A"}}
    assert rm.checks(two, ACTS, COLS, {})[0].items == ["sell"]
    load = {w.column: w.counts for w in rm.workload(both, COLS)}
    assert load["b:sales_lead"]["A"] == 1 and load["b:sales_lead"]["R"] == 2 and load["b:sales_lead"]["RA"] == 2
    assert rm.shown("AR") == "A/R" and rm.Consensus("x", "c", {"m": "AR", "n": "A"}, None, ("A", "AR")).shown == "A|A/R"


def test_overload_counts_responsible_and_accountable_work():
    acts = [f"x{i}" for i in range(8)]
    grid = {a: {"a:alliance_manager": "R", "b:exec_sponsor": "A", "b:alliance_manager": "R"} for a in acts[:4]}
    grid.update({a: {"a:alliance_manager": "R", "a:exec_sponsor": "A", "b:sales_lead": "R"} for a in acts[4:]})
    by = {c.code: c for c in rm.checks(grid, acts, COLS, {})}
    # limit 4 of 8: the alliance manager is A on nothing but R on all eight
    assert rm.overload_limit(8) == 4 and by["roles.overload"].items == ["a:alliance_manager"]


def test_the_joint_steering_committee_is_one_column_that_can_be_accountable():
    case = cases.get("medtech-distribution")
    cols = rm.columns_for(case)
    assert "j:steering_committee" in cols and "a:steering_committee" not in cols
    assert len(cols) == 2 * (len(roles_case(case).roles) - 1) + 1
    state = rm.roles_state({}, None, case, "en")
    assert state.labels["j:steering_committee"] == "Steering committee (joint) · Norvia Medical + Andina Salud Distribución"
    grid = {**GOOD, "plan": {"j:steering_committee": "A", "a:alliance_manager": "R", "b:alliance_manager": "R",
                             "a:exec_sponsor": "C"}}
    cols3 = [*COLS, "j:steering_committee"]
    by = {c.code: c for c in rm.checks(grid, ACTS, cols3, {})}
    assert by["roles.one_accountable"].ok
    # the joint body's Responsible work is neither partner's
    shares = rm.partner_share({"plan": {"j:steering_committee": "R", "a:sales_lead": "R"}})
    assert shares == {"a": 1.0, "b": 0.0}


def test_consensus_majority_ties_and_contested():
    entries = {
        "ana": e({"plan": {"a:exec_sponsor": "A", "b:exec_sponsor": "C"}}),
        "ben": e({"plan": {"a:exec_sponsor": "A", "b:exec_sponsor": "A"}}),
        "cal": e({"plan": {"a:exec_sponsor": "A"}}),
        "dee": e({"sell": {"a:sales_lead": "R"}}),
    }
    cells = rm.consensus(ACTS, COLS, entries)
    sponsor_a = cells[("plan", "a:exec_sponsor")]
    assert sponsor_a.choice == "A" and sponsor_a.share == 1 and not sponsor_a.contested
    sponsor_b = cells[("plan", "b:exec_sponsor")]  # C, A and blank: a three-way tie
    assert sponsor_b.choice is None and set(sponsor_b.tied) == {"A", "C", ""} and sponsor_b.contested
    assert cells[("plan", "b:sales_lead")].choice == "" and not cells[("plan", "b:sales_lead")].contested
    # dee did not fill "plan", so dee is not a voter there
    assert set(sponsor_a.votes) == {"ana", "ben", "cal"}
    assert cells[("sell", "a:sales_lead")].votes == {"dee": "R"}
    entries["dee"] = e({"plan": {"b:exec_sponsor": "C"}})
    cells = rm.consensus(ACTS, COLS, entries)
    two_of_four = cells[("plan", "b:exec_sponsor")]  # C, A, blank, C -> C with half the votes
    assert two_of_four.choice == "C" and two_of_four.contested


def test_aggregate_fixes_when_members_agree():
    bad = {**GOOD, "plan": {**GOOD["plan"], "b:exec_sponsor": "A"}}
    result = rm.aggregate(ACTS, COLS, {"ana": e(bad), "ben": e(bad)}, {})
    assert not result.checks[0].ok
    result = rm.aggregate(ACTS, COLS, {"ana": e(bad), "ben": e(GOOD), "cal": e(GOOD)}, {})
    assert result.checks[0].ok and [(c.activity, c.column) for c in result.contested] == []
    assert result.grid["plan"]["b:exec_sponsor"] == "C"
    assert result.shares["a"] == pytest.approx(0.5)


def test_lists_and_people():
    case = cases.get("medtech-distribution")
    team = rm.default_team(case)
    assert len(team.activities) == len(roles_case(case).activities)
    added = rm.add_activity(team, "Regulatory filings", {})
    assert added.activities[-1].id == "team-a1"
    with pytest.raises(ModelError):
        rm.add_activity(added, "regulatory FILINGS", {"team-a1": "Regulatory filings"})
    with pytest.raises(ModelError):
        rm.drop_activity(rm.TeamRoles(activities=[{"id": "x", "label": "X"}]), "x")
    named = rm.set_person(team, "a:exec_sponsor", "  María\u202e  ")
    assert named.people == {"a:exec_sponsor": "María"}
    assert rm.set_person(named, "a:exec_sponsor", "").people == {}
    state = rm.roles_state({}, named.model_dump(), case, "es")
    assert state.labels["a:exec_sponsor"] == "Patrocinador ejecutivo · Norvia Medical"
    assert state.result.members == []


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6), st.integers(1, 30), st.data())
def test_any_team_never_crashes(members, n_acts, data):
    acts = [f"act{i}" for i in range(n_acts)]
    entries = {}
    for m in range(members):
        grid = {a: {c: data.draw(st.sampled_from(rm.VALUES)) for c in COLS if data.draw(st.booleans())}
                for a in acts if data.draw(st.booleans())}
        entries[f"m{m}"] = e(grid)
    result = rm.aggregate(acts, COLS, entries, {})
    assert len(result.checks) == 5 and len(result.cells) == n_acts * len(COLS)
    assert all(0 <= c.share <= 1 for c in result.cells.values())
    total = sum(s for s in result.shares.values() if s is not None)
    assert total == 0 or total == pytest.approx(1.0)


def test_a_proposed_grid_replaces_current_rows_keeps_dropped_ones_and_refuses_unknown_cells():
    from widgets.model.problems import ModelError

    saved = rm.Entry(grid={"plan": {"a:lead": "A"}, "old": {"a:lead": "R"}})
    merged = rm.merge_grid(saved, {"plan": {"a:lead": "R", "b:lead": "A"}}, ["plan", "sell"], ["a:lead", "b:lead"])
    assert merged.grid == {"plan": {"a:lead": "R", "b:lead": "A"}, "old": {"a:lead": "R"}}
    cleared = rm.merge_grid(saved, {}, ["plan"], ["a:lead"])  # the member cleared every current row
    assert cleared.grid == {"old": {"a:lead": "R"}}
    assert rm.merge_grid(saved, {"plan": {"a:lead": "A"}}, ["plan"], ["a:lead"]) == saved  # nothing changed
    for bad in ({"nope": {"a:lead": "A"}}, {"plan": {"z:ceo": "A"}}, {"plan": {"a:lead": "X"}}, "grid"):
        with pytest.raises(ModelError):
            rm.merge_grid(saved, bad, ["plan"], ["a:lead"])


def test_a_joint_body_is_accountable_only_through_a_named_chair_or_decision_rule():
    case = cases.get("medtech-distribution")
    cols = rm.columns_for(case)
    acts = [a.id for a in roles_case(case).activities]
    team = rm.default_team(case)
    grid = {"strategy": {"j:steering_committee": "A", "a:exec_sponsor": "R"}}
    check = rm.joint_accountable(team, grid, acts, cols, {"j:steering_committee": "Steering committee"})
    assert not check.ok and check.items == ["j:steering_committee"] and "Steering committee" in check.params["items"]
    named = rm.set_joint_rule(team, "steering_committee", "consensus")
    assert rm.joint_accountable(named, grid, acts, cols, {}).ok
    assert not rm.joint_accountable(rm.set_joint_rule(named, "steering_committee", None), grid, acts, cols, {}).ok
    assert rm.joint_accountable(team, {"strategy": {"a:exec_sponsor": "AR"}}, acts, cols, {}).ok  # no joint A
    with pytest.raises(ModelError):
        rm.set_joint_rule(team, "steering_committee", "the loudest voice")
    # a team document saved before the rule existed still loads, with no rule said
    old = {"activities": [{"id": "strategy", "label": None, "case": True}], "people": {}, "sponsor_level": {"a": "ceo"}}
    assert rm.TeamRoles.model_validate(old).joint_rule == {}
    # the team's checks carry it
    state = rm.roles_state({"ana": {"grid": grid}}, None, case, "en")
    assert "roles.joint_accountable" in {c.code for c in state.result.checks if not c.ok}


@pytest.mark.parametrize("case_id", sorted(cases.available()))
def test_references_keep_the_joint_body_accountable_for_joint_decisions_only(case_id):
    """The steering committee answers for the strategy and the joint plan (the decisions the case
    gives it), with a rule named; work one company does has an owner in that company."""
    from widgets import references

    case = cases.get(case_id)
    answer = references.load(case_id)["roles"]
    grid, team = answer["document"]["grid"], rm.TeamRoles.model_validate(answer["team"])
    joint = {c for c in rm.columns_for(case) if c.startswith("j:")}
    held = {a for a, row in grid.items() for c, x in row.items() if c in joint and rm.accountable(x)}
    by_body = {b.id: b.role for b in gv_case(case).bodies}
    joint_decisions = {d.activity for d in gv_case(case).decisions if d.activity and by_body.get(d.body or "")}
    assert held and held <= joint_decisions, held - joint_decisions
    acts = [a.id for a in roles_case(case).activities]
    assert rm.joint_accountable(team, grid, acts, rm.columns_for(case), {}).ok
