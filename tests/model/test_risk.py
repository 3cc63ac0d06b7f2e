"""Risk balancing model: shares, balance index and verdicts, unmitigated and contested risks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import cases
from widgets.model.problems import ModelError, validate
from widgets.modules.risk import model as rk
from widgets.modules.risk.case import of as risk_case

CASE = cases.get("medtech-distribution")
REGISTER = rk.default_register(CASE)


def even_values():
    return {"contributions": {c: {"a": 3, "b": 3} for c in rk.CONTRIBUTIONS},
            "benefits": {c: {"a": 3, "b": 3} for c in rk.BENEFITS}}


def with_share(share_a: int, likelihood=3, impact=4):
    return {r.id: {"likelihood": likelihood, "impact": impact, "share_a": share_a} for r in risk_case(CASE).risks}


def result_for(*docs, register=REGISTER):
    return rk.aggregate(register, CASE, {f"m{i}": rk.Entry.model_validate(d) for i, d in enumerate(docs)})


def test_validation():
    for bad in ({"risks": {"x": {"likelihood": 6, "impact": 1, "share_a": 0}}},
                {"risks": {"x": {"likelihood": 2, "impact": 1, "share_a": 101}}},
                {"contributions": {"gold": {"a": 1, "b": 1}}}, {"benefits": {"revenue": {"a": 9, "b": 0}}},
                {"risks": {"x": {"likelihood": "2", "impact": 1, "share_a": 5}}}):
        with pytest.raises(ModelError):
            validate(rk.Entry, bad)


def test_even_split_is_balanced_and_moving_risk_makes_it_lopsided():
    balanced = result_for({**even_values(), "risks": with_share(50)})
    assert balanced.balanced is True
    assert balanced.balance["a"].index == pytest.approx(1.0)
    assert balanced.balance["a"].risk == pytest.approx(0.5)
    lopsided = result_for({**even_values(), "risks": with_share(90)})
    assert lopsided.balanced is False
    assert lopsided.balance["a"].verdict == "gives_more" and lopsided.balance["b"].verdict == "gets_more"
    # A's index: benefit 0.5 / mean(contribution 0.5, risk 0.9) = 0.714
    assert lopsided.balance["a"].index == pytest.approx(0.5 / 0.7)
    assert rk.BALANCED == (0.8, 1.25)


def test_exposure_is_likelihood_times_impact_times_share():
    r = result_for({"risks": {"competing_line": {"likelihood": 2, "impact": 5, "share_a": 30}}})
    view = next(x for x in r.risks if x.id == "competing_line")
    assert view.score == 10 and view.exposure("a") == pytest.approx(3) and view.exposure("b") == pytest.approx(7)
    # the other case risks use the case defaults until someone estimates them
    others = [x for x in r.risks if x.id != "competing_line"]
    assert all(x.from_case for x in others)
    by = {}
    for x in r.risks:
        by.setdefault(x.category, []).append(x.exposure("a"))
    assert r.exposure["a"] == pytest.approx(sum(rk.combined(v) for v in by.values()))


def test_every_risk_in_a_category_counts_not_only_the_largest():
    assert rk.combined([20]) == pytest.approx(20)
    assert rk.combined([20, 10]) == pytest.approx(22)  # the second risk adds
    assert rk.combined([20, 10]) > rk.combined([20]) and rk.combined([]) == 0
    assert rk.combined([20] * 5) < rk.MAX_SCORE  # splitting one risk into five cannot pass the worst possible one
    assert rk.combined([25, 3]) == pytest.approx(25)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(0, 25), max_size=8), st.floats(0.01, 25))
def test_a_risk_added_to_a_category_never_lowers_its_exposure_and_raises_it_below_the_top(values, extra):
    before, after = rk.combined(values), rk.combined([*values, extra])
    assert before - 1e-9 <= after <= rk.MAX_SCORE + 1e-9
    assert max(values, default=0) - 1e-9 <= before  # at least the largest, as before
    if before < rk.MAX_SCORE - 1e-6:
        assert after > before


def test_unlike_categories_are_not_added_their_shares_are_weighted():
    # A gives a lot of capital (5 vs 1), B a little more brand (2 vs 1): summing scores would
    # give A 6/9 = 0.67; per category the shares are 5/6 and 1/3, weighted equally 0.58
    values = {"contributions": {"capital": {"a": 5, "b": 1}, "brand": {"a": 1, "b": 2}}}
    r = result_for(values)
    assert r.balance["a"].contribution == pytest.approx((5 / 6 + 1 / 3) / 2)
    # the team says capital matters far more here (5) than brand (1): A's share rises
    weighted = {"contributions": {"capital": {"a": 5, "b": 1, "weight": 5}, "brand": {"a": 1, "b": 2, "weight": 1}}}
    assert result_for(weighted).balance["a"].contribution == pytest.approx((5 * 5 / 6 + 1 * 1 / 3) / 6)
    # the scale of a category does not matter, only the split: 5 vs 1 is 1 vs 0.2
    unweighted_zero = {"contributions": {"capital": {"a": 5, "b": 1}, "brand": {"a": 0, "b": 4, "weight": 0}}}
    assert result_for(unweighted_zero).balance["a"].contribution == pytest.approx(5 / 6)
    assert rk.weighted_shares({}) == {"a": None, "b": None}


def test_more_risks_of_one_kind_on_one_side_count_but_never_past_the_worst_possible_risk():
    base = {**even_values(), "risks": with_share(50)}
    one = result_for(base)
    register = REGISTER.model_copy(deep=True)
    for i in range(4):  # four more small financial risks, all on A
        register = rk.add_risk(register, f"Small cost overrun {i}", "financial", {})
    many = {**base, "risks": {**base["risks"], **{r.id: {"likelihood": 2, "impact": 2, "share_a": 100}
                                                  for r in register.risks if not r.case}}}
    more = result_for(many, register=register)
    assert more.balance["a"].risk > one.balance["a"].risk  # every risk counts, not only the largest
    financial = [r.exposure("a") for r in more.risks if r.category == "financial"]
    assert sum(financial) > rk.combined(financial) > max(financial)  # each adds, less than a plain sum
    worst = {**base, "risks": {**base["risks"], **{r.id: {"likelihood": 5, "impact": 5, "share_a": 100}
                                                   for r in register.risks if not r.case}}}
    capped = result_for(worst, register=register)
    assert rk.combined([r.exposure("a") for r in capped.risks if r.category == "financial"]) <= rk.MAX_SCORE


def test_the_index_comes_with_the_band_of_the_members_own_estimates():
    even = {**even_values(), "risks": with_share(50)}
    skewed = {**even_values(), "risks": with_share(80)}
    r = result_for(even, even, skewed)
    band = r.balance["a"].band
    alone = {x: result_for(d).balance["a"].index for x, d in (("even", even), ("skewed", skewed))}
    assert band == (pytest.approx(alone["skewed"]), pytest.approx(alone["even"]))
    assert band[0] <= r.balance["a"].index <= band[1]
    assert band[0] < rk.BALANCED[0] and not r.balance["a"].agreed  # one member sees A giving more
    assert result_for(even, even).balance["a"].agreed and result_for(even).balance["a"].band is None


def test_means_spread_contested_and_unmitigated():
    a = {"risks": {"ip_leak": {"likelihood": 5, "impact": 5, "share_a": 80}}}
    b = {"risks": {"ip_leak": {"likelihood": 3, "impact": 4, "share_a": 60}}}
    r = result_for(a, b)
    leak = next(x for x in r.risks if x.id == "ip_leak")
    assert leak.likelihood == 4 and leak.impact == 4.5 and leak.share_a == 70
    assert leak.spread("likelihood") == 2 and leak.contested and leak.high and leak.unmitigated
    treated = rk.set_treatment(REGISTER, "ip_leak", mitigation="Encrypt firmware", owner="CTO")
    r2 = result_for(a, b, register=treated)
    assert not next(x for x in r2.risks if x.id == "ip_leak").unmitigated
    half = rk.set_treatment(REGISTER, "ip_leak", mitigation="Encrypt firmware")
    assert next(x for x in result_for(a, b, register=half).risks if x.id == "ip_leak").unmitigated


def test_nothing_entered_and_one_sided_extremes():
    empty = rk.aggregate(rk.Register(risks=[{"id": "x", "label": "X", "category": "market"}]), CASE, {})
    assert empty.balanced is None and empty.members == []
    only_b_gets = result_for({"contributions": {"capital": {"a": 5, "b": 0}}, "benefits": {"revenue": {"a": 0, "b": 5}},
                              "risks": with_share(100)})
    assert only_b_gets.balance["a"].index == 0 and only_b_gets.balance["a"].verdict == "gives_more"
    assert only_b_gets.balance["b"].index == float("inf") and only_b_gets.balance["b"].verdict == "gets_more"


def test_register_editing():
    added = rk.add_risk(REGISTER, "Distributor contract expires", "market", {})
    assert added.risks[-1].id == "team-r1"
    with pytest.raises(ModelError):
        rk.add_risk(added, "distributor contract EXPIRES", "market", {"team-r1": "Distributor contract expires"})
    with pytest.raises(ModelError):
        rk.add_risk(REGISTER, "x", "weather", {})
    state = rk.risk_state({}, rk.drop_risk(added, "ip_leak").model_dump(), CASE, "es")
    assert "ip_leak" not in state.labels and state.labels["team-r1"] == "Distributor contract expires"
    assert state.labels["competing_line"] == "El socio favorece su línea rival de monitores"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "c": st.integers(0, 5), "b": st.integers(0, 5), "l": st.integers(1, 5), "i": st.integers(1, 5),
    "s": st.integers(0, 100)}), min_size=0, max_size=8))
def test_any_estimates_never_crash(members):
    docs = [{"contributions": {"capital": {"a": m["c"], "b": 5 - m["c"]}},
             "benefits": {"revenue": {"a": m["b"], "b": 5 - m["b"]}},
             "risks": {r.id: {"likelihood": m["l"], "impact": m["i"], "share_a": m["s"]} for r in risk_case(CASE).risks}}
            for m in members]
    r = result_for(*docs)
    for b in r.balance.values():
        assert b.verdict in ("balanced", "gives_more", "gets_more", "unknown")
        for share in (b.contribution, b.benefit, b.risk):
            assert share is None or 0 <= share <= 1


@pytest.mark.parametrize(("likelihood", "impact", "high"), [
    (1, 5, True),      # unlikely but catastrophic: managed as high
    (1, 4.5, True),    # a team mean that rounds to 5
    (1, 4.4, False),
    (3, 4, True),      # 12: the score rule
    (2, 5, True), (5, 2, False), (4, 2.9, False), (5, 1, False),
])
def test_a_risk_is_high_by_its_score_or_by_a_severe_impact(likelihood, impact, high):
    assert rk.is_high(likelihood, impact) is high


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5))
def test_high_never_drops_as_likelihood_or_impact_grows(likelihood, impact):
    if rk.is_high(likelihood, impact):
        assert rk.is_high(min(likelihood + 1, 5), impact) and rk.is_high(likelihood, min(impact + 1, 5))


# -- the index as read agrees with its verdict ----------------------------------------------------
def test_the_index_is_shown_to_two_decimals_and_never_rounded_across_a_band_end():
    assert rk.shown_index(0.765) == 0.77 and rk._verdict(0.77) == "gives_more"
    assert rk.shown_index(0.7951) == 0.79 and rk.shown_index(0.8) == 0.8
    assert rk.shown_index(1.2549) == 1.26 and rk.shown_index(1.25) == 1.25
    assert rk.shown_index(None) is None and rk.shown_index(float("inf")) == float("inf")


@given(st.floats(min_value=0, max_value=20, allow_nan=False), st.integers(min_value=1, max_value=3))
def test_any_index_shown_gives_the_same_verdict_as_the_index(index, digits):
    shown = rk.shown_index(index, digits)
    assert rk._verdict(shown) == rk._verdict(index)
    assert abs(shown - index) <= 10 ** -digits + 1e-12
    assert round(shown, digits) == shown


# -- a member's estimates, kept as the Entry model ---------------------------------------------------
def test_a_new_member_starts_from_the_case_values_of_its_risks():
    start = rk.entry_defaults(CASE, REGISTER)
    assert isinstance(start, rk.Entry) and start.contributions == {} and start.benefits == {}
    assert start.risks["competing_line"] == rk.Estimate(likelihood=3, impact=4, share_a=70)
    assert set(start.risks) == {r.id for r in risk_case(CASE).risks}
    added = rk.add_risk(REGISTER, "Distributor contract expires", "market", {})
    assert "team-r1" not in rk.entry_defaults(CASE, added).risks  # the team's own risks have no case values
    assert "ip_leak" not in rk.entry_defaults(CASE, rk.drop_risk(REGISTER, "ip_leak")).risks
    # shown while nothing is estimated; a member's document, once it holds anything, as it is
    assert rk.own_entry(rk.Entry(), CASE, REGISTER) == start
    mine = rk.Entry.model_validate({"benefits": {"revenue": {"a": 2, "b": 4}}})
    assert rk.own_entry(mine, CASE, REGISTER) is mine


def test_setting_a_value_or_an_estimate_returns_a_new_entry_and_what_is_shown_changes_nothing():
    start = rk.entry_defaults(CASE, REGISTER)
    assert rk.value_of(start, "contributions", "capital", "a") == 0
    assert rk.value_of(start, "contributions", "capital", "weight") == rk.DEFAULT_WEIGHT
    assert rk.with_value(start, "contributions", "capital", "a", 0) is start  # as shown: not scored
    assert rk.with_value(start, "benefits", "revenue", "weight", rk.DEFAULT_WEIGHT) is start
    one = rk.with_value(start, "contributions", "capital", "b", 4)
    assert one.contributions == {"capital": rk.PerPartner(a=0, b=4, weight=3)} and start.contributions == {}
    assert one.risks == start.risks
    back = rk.with_value(one, "contributions", "capital", "b", 0)  # moved back: the category stays scored
    assert back.contributions["capital"] == rk.PerPartner() and rk.with_value(back, "contributions", "capital", "b", 0) == back
    with pytest.raises(ModelError):
        rk.with_value(start, "contributions", "capital", "a", 6)
    with pytest.raises(ModelError):
        rk.with_value(start, "benefits", "gold", "a", 1)

    assert rk.estimate_of(start, "competing_line") == start.risks["competing_line"]
    assert rk.estimate_of(start, "team-r9") == rk.Estimate(**rk.DEFAULT_ESTIMATE)
    assert rk.with_estimate(start, "competing_line", "impact", 4) is start
    assert rk.with_estimate(start, "team-r9", "likelihood", rk.DEFAULT_ESTIMATE["likelihood"]) is start
    moved = rk.with_estimate(start, "team-r9", "share_a", 20)
    assert moved.risks["team-r9"] == rk.Estimate(likelihood=3, impact=3, share_a=20) and "team-r9" not in start.risks
    assert rk.with_estimate(moved, "competing_line", "likelihood", 1).risks["competing_line"].likelihood == 1
    with pytest.raises(ModelError):
        rk.with_estimate(start, "competing_line", "share_a", 101)
    with pytest.raises(ModelError):
        rk.with_estimate(start, "Not An Id", "impact", 2)
