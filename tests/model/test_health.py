"""The foundation health check: each crack green, amber and red on crafted teams."""

from __future__ import annotations

import pytest

from widgets.model import health


def sections(**over):
    """A team whose every piece of evidence passes; ``over`` replaces parts of it."""
    base = {
        "partner_selection": {"members": ["a", "b", "c"], "robustness": {"stays_first": 3, "members": 3},
                              "contested": []},
        "goals_kpis": {"vision": "Together", "scope": {"in": "Hospitals", "out": "Clinics"}, "kpis": [{"x": 1}], "goals": [],
                       "business_case": {"partners": [{"investment": 1, "annual_return": 1},
                                                      {"investment": 2, "annual_return": 1}]},
                       "checks": [{"check": c, "ok": True} for c in (
                           "goals_kpis.enough_goals", "goals_kpis.kpis_sound", "goals_kpis.both_benefit", "goals_kpis.both_horizons",
                           "goals_kpis.relationship_kpi", "goals_kpis.every_goal_measured")]},
        "roles": {"members": ["a"], "contested": [],
                  "checks": [{"check": c, "ok": True} for c in ("roles.sponsor_manager", "roles.both_pull",
                                                                 "roles.sponsors_senior")]},
        "risk": {"members": ["a"], "risks": [{"risk": "Sponsor leaves", "category": "sponsor_loss", "contested": False}],
                 "unmitigated": [], "balance": {"balanced": True}, "contributions": {"people": {"A": 3, "B": 4}}},
        "governance": {"members": ["a"], "differences": [],
                       "checks": [{"check": c, "ok": True} for c in ("governance.deadlock_breaker",
                                                                      "governance.ladder_final",
                                                                      "governance.succession_ready")],
                       "escalation": {"levels": [{"level": "executive_sponsors", "days": 14}], "final": "mediation"},
                       "reporting": {"health_review": "quarterly"},
                       "stress_test": [{"deadlock": False}]},
    }
    for key, value in over.items():
        module, _, field = key.partition("__")
        base[module] = {**base[module], field: value} if field else value
    return base


def status(s, crack):
    return next(c.status for c in health.assess(s) if c.crack == crack)


def fail_checks(module, *codes):
    s = sections()
    return [{**c, "ok": c["check"] not in codes} for c in s[module]["checks"]]


CASES = {
    "senior_commitment": [
        {"roles__checks": fail_checks("roles", "roles.sponsors_senior")},
        {"roles__checks": fail_checks("roles", "roles.sponsor_manager", "roles.sponsors_senior")},
    ],
    "strategy_clarity": [
        {"goals_kpis__vision": ""},
        {"goals_kpis__vision": "", "goals_kpis__scope": {"in": "Hospitals", "out": ""}},
    ],
    "trust": [
        {"risk__balance": {"balanced": False}},
        {"risk__balance": {"balanced": False}, "governance__reporting": {"health_review": None}},
    ],
    "goals_kpis": [
        {"goals_kpis__checks": fail_checks("goals_kpis", "goals_kpis.both_horizons")},
        {"goals_kpis__checks": fail_checks("goals_kpis", "goals_kpis.both_horizons", "goals_kpis.both_benefit")},
    ],
    "governance": [
        {"governance__stress_test": [{"deadlock": True}]},
        {"governance__stress_test": [{"deadlock": True}],
         "governance__checks": fail_checks("governance", "governance.deadlock_breaker")},
    ],
    "resources": [
        {"risk__contributions": {"people": {"A": 3, "B": 1}}},
        {"risk__contributions": {"people": {"A": 3, "B": 1}},
         "goals_kpis__business_case": {"partners": [{"investment": None, "annual_return": 1}]}},
    ],
}


@pytest.mark.parametrize("crack", health.CRACKS)
def test_each_crack_goes_green_amber_red(crack):
    assert status(sections(), crack) == "green"
    amber, red = CASES[crack]
    assert status(sections(**amber), crack) == "amber"
    assert status(sections(**red), crack) == "red"


def test_an_empty_team_is_not_assessed_anywhere_and_succession_counts():
    assert {c.status for c in health.assess({})} == {"grey"}
    assert all(e.passed is None for c in health.assess({}) for e in c.evidence)
    s = sections(governance__checks=fail_checks("governance", "governance.succession_ready"))
    crack = next(c for c in health.assess(s) if c.crack == "senior_commitment")
    assert crack.status == "amber" and [e.passed for e in crack.evidence] == [True, True, True, False, None]
    assert [e.code for e in crack.evidence] == ["sponsors_senior", "sponsors_active", "ladder_reaches_sponsors",
                                                "succession_ready", "pulse_senior_commitment"]
    assert [e.source for e in crack.evidence] == ["design"] * 4 + ["perception"]  # the pulse says which is which


def test_the_strategy_crack_rests_on_the_written_vision_scope_and_goals_not_the_partner_choice():
    s = sections(partner_selection__robustness={"stays_first": 0, "members": 3})
    crack = next(c for c in health.assess(s) if c.crack == "strategy_clarity")
    assert crack.status == "green" and [e.code for e in crack.evidence] == [
        "vision_written", "scope_written", "enough_goals", "criteria_agreed", "portfolio_balanced",
        "pulse_strategy_clarity"]
    assert status(sections(goals_kpis__scope={"in": "", "out": "Clinics"}), "strategy_clarity") == "amber"


def test_phase_overview_and_contested_ranking():
    s = sections()
    s["partner_selection"]["contested"] = [{"candidate": "X", "criterion": "Trust", "low": 1, "high": 5, "spread": 4}]
    s["roles"]["contested"] = [{"activity": "Plan", "role": "CEO", "votes": {"a": "A", "b": ""}, "agreement": 0.5}]
    s["risk"]["risks"] = [{"risk": "Leak", "category": "ip_leakage", "contested": True, "likelihood_spread": 2,
                           "impact_spread": 1}]
    s["governance"]["differences"] = [{"field": "final", "choices": {"a": "ceos", "b": "ceos", "c": "none"}}]
    ranked = health.contested(s)
    assert [d.module for d in ranked] == ["partner_selection", "risk", "roles", "governance"]
    assert ranked[0].level == 1.0 and ranked[-1].level == pytest.approx(1 / 3)
    phases = health.phase_overview(s)
    assert phases["imagine"] == {"passed": 7, "total": 7} and phases["execute"]["passed"] == 3


def test_modules_not_run_are_not_assessed_rather_than_failed():
    """The 90-minute agenda runs partner selection, goals and governance: roles and risk are
    not run, and the cracks they feed are judged on what was assessed."""
    s = sections()
    del s["roles"], s["risk"]
    cracks = {c.crack: c for c in health.assess(s)}
    assert cracks["senior_commitment"].status == "green"  # the ladder reaches the sponsors, succession planned
    assert [e.passed for e in cracks["senior_commitment"].evidence] == [None, None, True, True, None]
    assert cracks["resources"].status == "green" and sum(e.passed is not None for e in cracks["resources"].evidence) == 1
    s["governance"]["escalation"] = {"levels": [], "final": "mediation"}
    s["governance"]["checks"] = fail_checks("governance", "governance.succession_ready")
    assert status(s, "senior_commitment") == "red"  # the two pieces assessed fail


@pytest.mark.parametrize(("outcomes", "expected"), [
    ((None, None, None), "grey"), ((True, None, None), "green"), ((False, None, None), "red"),
    ((True, False, None), "amber"), ((False, False, None), "red"), ((True, True, True), "green"),
    ((True, True, False), "amber"), ((True, False, False), "red"),
])
def test_the_status_rule_over_what_was_assessed(outcomes, expected):
    assert health.status_for([health.Evidence(str(i), o) for i, o in enumerate(outcomes)]) == expected
