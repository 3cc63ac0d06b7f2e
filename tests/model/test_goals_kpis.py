"""Goals and KPIs model: validation, business case, endorsement, checks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.model.problems import ModelError, validate
from widgets.modules.goals_kpis import model as gk


def kpi(i, **kw):
    horizon = kw.get("horizon", "short")
    base = {"id": f"k{i}", "name": f"KPI {i}", "category": "revenue", "kind": "quantitative", "target": 10,
            "unit": "USD", "horizon": horizon, "due_months": {"short": 6, "long": 24}.get(horizon),
            "beneficiary": "both", "owner": "AM", "frequency": "quarterly"}
    return {**base, **kw}


def entry(goals=(), kpis=(), endorse=()):
    return gk.Entry.model_validate({"goals": [{"id": f"g{i + 1}", "text": t} for i, t in enumerate(goals)],
                                    "kpis": list(kpis), "endorse": list(endorse)})


def test_business_case_roi_and_payback():
    plan = gk.TeamPlan(horizon_years=3, a={"investment": 1000, "annual_return": 500},
                       b={"investment": 0, "annual_return": 100})
    a, b = gk.business_case(plan)
    assert a.total_return == 1500 and a.roi == pytest.approx(0.5) and a.payback_years == 2
    assert b.roi is None and b.payback_years == 0  # nothing invested: no ROI, paid back at once
    empty = gk.business_case(gk.TeamPlan())
    assert all(r.roi is None and r.payback_years is None and not r.complete for r in empty)


def test_validation_rejects_bad_input():
    for bad in ({"kpis": [kpi(1, category="vibes")]}, {"kpis": [kpi(1, target=float("inf"))]},
                {"kpis": [kpi(1, name="   ")]}, {"kpis": [kpi(1), kpi(1)]}, {"goals": [{"id": "g1", "text": ""}]},
                {"kpis": [kpi(1, horizon="someday")]}, {"endorse": ["no-ref"]}, {"kpis": [kpi(1, owner="x" * 500)]}):
        with pytest.raises(ModelError):
            validate(gk.Entry, bad)
    with pytest.raises(ModelError):
        validate(gk.TeamPlan, {"a": {"investment": -5}})
    with pytest.raises(ModelError):
        validate(gk.TeamPlan, {"horizon_years": 0})


def test_team_set_is_what_others_endorsed():
    entries = {
        "Ana": entry(["Grow"], [kpi(1, goal="Ana#g1")]),
        "Ben": entry([], [kpi(1, name="Trust index", category="relationship")], endorse=["Ana#k1", "Ben#k1"]),
    }
    team = gk.team_set(entries)
    by_ref = {p.ref: p for p in team.kpis}
    assert by_ref["Ana#k1"].in_set and by_ref["Ana#k1"].endorsed_by == ["Ben"]
    assert not by_ref["Ben#k1"].in_set  # self-endorsement does not count
    assert team.goals[0].in_set  # Ana#k1 is in the set and serves Ana#g1: the goal comes with it
    entries["Ana"] = entry(["Grow", "Unmeasured"], [kpi(1, goal="Ana#g1")])
    assert [g.in_set for g in gk.team_set(entries).goals] == [True, False]  # nothing serves g2
    entries["Ana"] = entry(["Grow"], [kpi(1, goal="Ana#g1")], endorse=["Ben#k1"])
    entries["Ben"] = entry([], [kpi(1, name="Trust index", category="relationship")], endorse=["Ana#k1", "Ana#g1"])
    team = gk.team_set(entries)
    assert [p.ref for p in team.chosen_kpis] == ["Ana#k1", "Ben#k1"] and team.chosen_goals[0].ref == "Ana#g1"


def test_single_member_sets_their_own():
    team = gk.team_set({"Solo": entry(["A"], [kpi(1, goal="Solo#g1")])})
    assert len(team.chosen_kpis) == 1 and len(team.chosen_goals) == 1


def checks(team):
    return {c.code: c.ok for c in team.checks}


def test_checks_fail_and_pass_on_crafted_sets():
    one_sided = {"Solo": entry(["A", "B"], [kpi(1, beneficiary="a", goal="Solo#g1"),
                                            kpi(2, beneficiary="a", owner="", goal="Solo#g1")])}
    c = checks(gk.team_set(one_sided))
    assert c == {"goals_kpis.enough_goals": False, "goals_kpis.kpis_sound": False, "goals_kpis.both_benefit": False,
                 "goals_kpis.both_horizons": False, "goals_kpis.relationship_kpi": False, "goals_kpis.every_goal_measured": False}
    good = {"Solo": entry(["A", "B", "C"], [
        kpi(1, beneficiary="a", goal="Solo#g1"), kpi(2, beneficiary="b", horizon="long", goal="Solo#g2"),
        kpi(3, category="relationship", kind="qualitative", target=None, unit="", scale="1-5 survey",
            horizon="long", goal="Solo#g3"), kpi(4, goal="Solo#g3")])}
    assert all(checks(gk.team_set(good)).values())
    empty = checks(gk.team_set({}))
    assert not any(empty.values())


def test_a_kpi_is_time_bound_by_a_date_and_a_rhythm_and_the_date_sets_its_horizon():
    undated = gk.Kpi.model_validate(kpi(1, due_months=None))
    assert undated.horizon == "short" and not gk.kpi_checks(undated)[2].ok  # a horizon is not a date
    assert gk.kpi_checks(gk.Kpi.model_validate(kpi(1, due_months=9)))[2].ok
    assert gk.Kpi.model_validate(kpi(1, horizon="short", due_months=18)).horizon == "long"  # the date decides
    assert gk.Kpi.model_validate(kpi(1, horizon="long", due_months=gk.QUICK_MONTHS)).horizon == "short"
    for bad in (0, 121, "6", 6.5):
        with pytest.raises(ModelError):
            validate(gk.Kpi, kpi(1, due_months=bad))


def test_each_kpi_check():
    k = gk.Kpi.model_validate(kpi(1, unit="", owner="", frequency=None))
    assert [c.ok for c in gk.kpi_checks(k)] == [False, False, False]
    q = gk.Kpi.model_validate(kpi(2, kind="qualitative", scale="traffic light agreed by both AMs"))
    assert [c.code for c in gk.kpi_checks(q)][0] == "goals_kpis.kpi_measurable_qualitative"
    assert all(c.ok for c in gk.kpi_checks(q))


def test_counts_for_the_charts():
    team = gk.team_set({"Solo": entry([], [kpi(1), kpi(2, horizon=None, beneficiary="a", category="customer")])})
    out = gk.counts(team.kpis)
    assert out["category"]["revenue"]["short"] == 1 and out["category"]["customer"]["unset"] == 1
    assert out["beneficiary"] == {"a": 1, "b": 0, "both": 1}


@pytest.mark.parametrize("text,value", [("1,500,000", 1.5e6), ("1.500.000", 1.5e6), ("2,5", 2.5), ("", None),
                                        ("1.500,5", 1500.5), (" 42 ", 42.0)])
def test_amounts_as_typed(text, value):
    assert gk.parse_amount(text) == value


@given(st.text(max_size=40))
def test_any_amount_parses_or_fails_cleanly(text):
    try:
        value = gk.parse_amount(text)
    except ModelError as exc:
        assert exc.problems[0].code == "goals_kpis.amount_invalid"
    else:
        assert value is None or abs(value) <= gk.MONEY_MAX


@settings(max_examples=80, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "category": st.sampled_from(gk.CATEGORIES), "beneficiary": st.sampled_from(gk.BENEFICIARIES),
    "horizon": st.sampled_from([None, *gk.HORIZONS]), "owner": st.text(max_size=5),
    "target": st.one_of(st.none(), st.floats(-1e6, 1e6))}), max_size=gk.MAX_KPIS), st.integers(1, 6))
def test_any_team_never_crashes(kpis, members):
    entries = {}
    for m in range(members):
        mine = [kpi(i + 1, **k) for i, k in enumerate(kpis) if i % members == m]
        entries[f"m{m}"] = gk.Entry.model_validate({"kpis": mine, "endorse": [f"m{(m + 1) % members}#k1"]})
    team = gk.team_set(entries)
    assert len(team.checks) == 6 and len(team.kpis) == len(kpis)
    assert sum(gk.counts(team.kpis)["beneficiary"].values()) == len(team.chosen_kpis)


def test_an_edited_kpi_keeps_its_place_and_a_new_one_goes_last():
    def kpi(i, name):
        return gk.Kpi.model_validate({"id": f"k{i}", "name": name, "category": "revenue", "kind": "quantitative"})

    entry = gk.Entry.model_validate({"kpis": [kpi(1, "a").model_dump(), kpi(2, "b").model_dump()]})
    edited = gk.put_kpi(entry, kpi(1, "a2"))
    assert [(k.id, k.name) for k in edited.kpis] == [("k1", "a2"), ("k2", "b")]
    added = gk.put_kpi(edited, kpi(3, "c"))
    assert [k.id for k in added.kpis] == ["k1", "k2", "k3"]


def test_each_partner_needs_its_own_quick_and_long_term_win():
    """Seed 003: short- and long-term wins for each company, not for the set as a whole."""
    crossed = {"Solo": entry(["A"], [kpi(1, beneficiary="a", horizon="short", goal="Solo#g1"),
                                     kpi(2, beneficiary="b", horizon="long", goal="Solo#g1")])}
    team = gk.team_set(crossed)
    assert not checks(team)["goals_kpis.both_horizons"]  # A short + B long: both horizons, but no partner has both
    assert gk.horizon_grid(team.chosen_kpis) == {"a": {"short": 1, "long": 0}, "b": {"short": 0, "long": 1}}
    shared = {"Solo": entry(["A"], [kpi(1, beneficiary="both", horizon="short", goal="Solo#g1"),
                                    kpi(2, beneficiary="both", horizon="long", goal="Solo#g1")])}
    assert checks(gk.team_set(shared))["goals_kpis.both_horizons"]  # a KPI for both counts for each


def test_a_member_cannot_propose_the_same_goal_or_kpi_twice():
    mine = gk.add_goal(entry(["Grow revenue"]), "Enter Peru")
    assert [g.text for g in mine.goals] == ["Grow revenue", "Enter Peru"] and mine.goals[1].id == "g2"
    with pytest.raises(ModelError) as exc:
        gk.add_goal(mine, "  grow   REVENUE ")
    assert exc.value.problems[0].code == "goals_kpis.duplicate_goal"
    with pytest.raises(ModelError, match="goal_empty"):
        gk.add_goal(mine, "   ")
    with_kpi = gk.put_kpi(mine, gk.Kpi.model_validate(kpi(1, name="Joint revenue")))
    edited = gk.put_kpi(with_kpi, gk.Kpi.model_validate(kpi(1, name="joint revenue", target=20)))  # itself: fine
    assert [k.target for k in edited.kpis] == [20]
    with pytest.raises(ModelError) as exc:
        gk.put_kpi(edited, gk.Kpi.model_validate(kpi(2, name="Joint  Revenue")))
    assert exc.value.problems[0].code == "goals_kpis.duplicate_kpi"


def test_removing_a_goal_or_kpi_and_endorsing_keep_the_rest_of_the_entry():
    mine = entry(["Grow", "Enter Peru"], [kpi(1), kpi(2)], endorse=["Ben#g1"])
    without_goal = gk.remove_goal(mine, "g1")
    assert [g.id for g in without_goal.goals] == ["g2"] and without_goal.kpis == mine.kpis
    assert without_goal.endorse == ["Ben#g1"] and isinstance(without_goal, gk.Entry)
    without_kpi = gk.remove_kpi(mine, "k1")
    assert [k.id for k in without_kpi.kpis] == ["k2"] and without_kpi.goals == mine.goals
    assert gk.remove_goal(mine, "g9") == mine and gk.remove_kpi(mine, "k9") == mine  # nothing to remove
    # endorsing: an entry that already says so comes back equal (the view then stores nothing)
    assert gk.set_endorsed(mine, "Ben#g1", True) == mine
    assert gk.set_endorsed(mine, "Cy#k1", False) == mine
    assert gk.set_endorsed(mine, "Cy#k1", True).endorse == ["Ben#g1", "Cy#k1"]
    assert gk.set_endorsed(mine, "Ben#g1", False).endorse == []
    # a merged entry (Ben#g1 and Cy#g2 are the same goal): endorsed by either ref, dropped as a whole
    merged = ["Cy#g2", "Ben#g1"]
    assert gk.set_endorsed(mine, "Cy#g2", True, merged) == mine
    assert gk.set_endorsed(mine, "Cy#g2", False, merged).endorse == []
    assert gk.set_endorsed(entry(), "Cy#g2", True, merged).endorse == ["Cy#g2"]
    with pytest.raises(ModelError):
        gk.set_endorsed(mine, "no-ref", True)


def test_the_plan_is_read_field_by_field_and_a_bad_field_keeps_its_stored_value():
    stored = gk.TeamPlan(vision="Old", a={"investment": 100.0})
    plan, problems = gk.read_plan({"vision": "New vision", "a_investment": "lots", "b_annual_return": "2,5",
                                   "scope_out": "x" * 401, "horizon_years": 4}, stored)
    assert plan.vision == "New vision" and plan.horizon_years == 4 and plan.b.annual_return == 2.5
    assert plan.a.investment == 100.0 and plan.scope_out == ""  # the bad fields keep what was stored
    assert sorted(p.code for p in problems) == ["goals_kpis.amount_invalid", "text.too_long"]
    same, none = gk.read_plan({}, stored)
    assert same == stored and none == []


# -- the same goal or KPI from two members is one entry with two supporters -----------------------
def test_the_same_goal_from_two_members_is_one_entry_with_both_as_supporters():
    entries = {"Ana": entry(["Reducir costos logísticos", "Grow revenue"]),
               "Ben": entry(["  reducir  COSTOS logisticos ", "Train staff"]),
               "Caro": entry([], endorse=["Ben#g2"])}
    team = gk.team_set(entries)
    assert [g.item.text for g in team.goals] == ["Reducir costos logísticos", "Grow revenue", "Train staff"]
    same = team.goals[0]
    assert same.proposed_by == ["Ana", "Ben"] and same.supporters == ["Ana", "Ben"] and same.endorsed_by == []
    assert same.in_set  # proposed independently by two members: each supports the other's
    assert same.refs == ["Ana#g1", "Ben#g1"] and team.entry_ref("Ben#g1") == "Ana#g1"
    assert [g.item.text for g in team.chosen_goals] == ["Reducir costos logísticos", "Train staff"]
    enough = next(c for c in team.checks if c.code == "goals_kpis.enough_goals")
    assert enough.params["count"] == 2 and not enough.ok  # 3 distinct goals proposed, 2 in the set, never 4


def test_a_kpi_proposed_twice_is_one_entry_that_keeps_the_most_complete_wording_and_its_goal():
    entries = {"Ana": entry(["Grow"], [kpi(1, name="Joint revenue", owner="", goal="Ana#g1")]),
               "Ben": entry(["grow"], [kpi(1, name="joint  REVENUE", goal="Ben#g1")], endorse=["Ana#g1"])}
    team = gk.team_set(entries)
    assert len(team.kpis) == 1 and len(team.goals) == 1
    [k] = team.kpis
    assert k.author == "Ben" and k.proposed_by == ["Ana", "Ben"] and k.in_set  # Ben's has an owner: it passes more checks
    assert set(team.kpi_checks) >= {"Ana#k1", "Ben#k1"}  # each member's own KPI keeps its checks
    measured = next(c for c in team.checks if c.code == "goals_kpis.every_goal_measured")
    assert measured.ok and team.goals[0].supporters == ["Ana", "Ben"]  # Ben's goal ref counts for the merged goal
    assert not any(c.code == "goals_kpis.kpis_sound" and not c.ok for c in team.checks)


def test_endorsing_a_merged_proposal_by_either_ref_counts_once():
    entries = {"Ana": entry(["Grow"]), "Ben": entry(["Grow"]), "Caro": entry([], endorse=["Ana#g1", "Ben#g1"])}
    [g] = gk.team_set(entries).goals
    assert g.endorsed_by == ["Caro"] and g.supporters == ["Ana", "Ben", "Caro"]


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Reducir costos", "reducir   costos", True), ("Reducir costos", "Redúcir cóstos", True),
    ("Ｇｒｏｗ", "grow", True), ("Grow\u200b", "grow", True), ("Grow", "Grown", False), ("Año", "Ano", True),
])
def test_same_key_folds_case_spacing_accents_and_forms(a, b, same):
    assert (gk.same_key(a) == gk.same_key(b)) is same


texts = st.sampled_from(["Grow revenue", "Reducir costos", "Entrar a México", "Train staff", "Trust"])
variants = st.tuples(texts, st.sampled_from([str, str.upper, str.lower, lambda t: f"  {t} ", lambda t: t.replace(" ", "   "),
                                            lambda t: t.replace("é", "e"), lambda t: t.replace("e", "é")]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(variants, max_size=4, unique_by=lambda v: v[0]), min_size=1, max_size=4))
def test_the_team_counts_each_distinct_goal_once_however_members_write_it(members):
    entries = {f"M{i}": entry([f(t) for t, f in goals]) for i, goals in enumerate(members)}
    team = gk.team_set(entries)
    distinct = {t for goals in members for t, _ in goals}
    assert len(team.goals) == len(distinct)
    for g in team.goals:
        wrote = [f"M{i}" for i, goals in enumerate(members) if any(t == g.item.text or gk.same_key(f(t)) == gk.same_key(g.item.text)
                                                                   for t, f in goals)]
        assert g.proposed_by == wrote
        assert g.in_set == (len(wrote) > 1 or len(entries) == 1)
    enough = next(c for c in team.checks if c.code == "goals_kpis.enough_goals")
    assert enough.params["count"] == len(team.chosen_goals) <= len(distinct)
