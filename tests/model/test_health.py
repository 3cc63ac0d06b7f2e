"""The foundation health check: each crack green, amber and red on crafted teams."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.model import health


def risk_row(risk, category, contested=False, likelihood_spread=0, impact_spread=0):
    """A risk of the risk module's register as its section lists it."""
    return {"id": risk.lower().replace(" ", "-"), "risk": risk, "category": category, "likelihood": 3, "impact": 3,
            "score": 9, "share_a": 50, "likelihood_spread": likelihood_spread, "impact_spread": impact_spread,
            "contested": contested, "high": False, "mitigation": "", "owner": "", "from_case_defaults": False,
            "estimates": {}}


def trace(deadlock: bool) -> dict:
    """A governance stress-test row as the export has it (deadlocked or decided)."""
    return {"scenario": "IP dispute", "decision": "Joint IP", "body": "steering", "rule": "consensus",
            "who_decides": "nobody" if deadlock else "arbitration", "worst_case_days": None if deadlock else 224,
            "outcome": "deadlock" if deadlock else "decided", "one_partner": False, "deadlock": deadlock,
            "path": ["body:steering"], "skipped": []}


def kpi_row():
    """A KPI of the goals module's list as its section lists it."""
    return {"name": "Revenue", "goal": None, "category": "revenue", "kind": "quantitative", "baseline": None, "target": 1.0,
            "unit": "USD", "scale": "", "horizon": "short", "due_months": 6, "beneficiary": "both", "owner": "Ana",
            "frequency": "monthly", "ref": "Ana#k1", "goal_text": None, "proposed_by": ["Ana"], "endorsed_by": [],
            "supporters": ["Ana"], "in_team_set": True, "checks": {}}


def partner_case(partner, investment, annual_return):
    """A partner's business case as the goals module's section lists it."""
    return {"partner": partner, "company": partner.upper(), "investment": investment, "annual_return": annual_return,
            "total_return": None, "roi": None, "payback_years": None}


def sections(**over):
    """A team whose every piece of evidence passes; ``over`` replaces parts of it."""
    base = {
        "partner_selection": {"members": ["a", "b", "c"], "robustness": {"stays_first": 3, "members": 3},
                              "contested": []},
        "goals_kpis": {"vision": "Together", "scope": {"in": "Hospitals", "out": "Clinics"}, "kpis": [kpi_row()], "goals": [],
                       "business_case": {"partners": [partner_case("a", 1, 1), partner_case("b", 2, 1)]},
                       "checks": [{"check": c, "ok": True} for c in (
                           "goals_kpis.enough_goals", "goals_kpis.kpis_sound", "goals_kpis.both_benefit", "goals_kpis.both_horizons",
                           "goals_kpis.relationship_kpi", "goals_kpis.every_goal_measured")]},
        "roles": {"members": ["a"], "contested": [],
                  "checks": [{"check": c, "ok": True} for c in ("roles.sponsor_manager", "roles.both_pull",
                                                                 "roles.sponsors_senior")]},
        "risk": {"members": ["a"], "risks": [risk_row("Sponsor leaves", "sponsor_loss")],
                 "unmitigated": [], "balance": {"balanced": True}, "contributions": {"people": {"A": 3, "B": 4}}},
        "governance": {"members": ["a"], "differences": [],
                       "checks": [{"check": c, "ok": True} for c in ("governance.deadlock_breaker",
                                                                      "governance.ladder_final",
                                                                      "governance.succession_ready")],
                       "escalation": {"levels": [{"level": "executive_sponsors", "days": 14}], "final": "mediation"},
                       "reporting": {"health_review": "quarterly"},
                       "stress_test": [trace(deadlock=False)]},
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


# per crack: (a non-critical piece fails -> amber, a critical piece fails -> red)
CASES = {
    "senior_commitment": [
        {"governance__checks": fail_checks("governance", "governance.succession_ready")},
        {"roles__checks": fail_checks("roles", "roles.sponsors_senior")},
    ],
    "strategy_clarity": [
        {"goals_kpis__checks": fail_checks("goals_kpis", "goals_kpis.enough_goals")},
        {"goals_kpis__vision": ""},
    ],
    "trust": [
        {"governance__reporting": {"health_review": None}},
        {"risk__balance": {"balanced": False}},
    ],
    "goals_kpis": [
        {"goals_kpis__checks": fail_checks("goals_kpis", "goals_kpis.both_horizons")},
        {"goals_kpis__checks": fail_checks("goals_kpis", "goals_kpis.both_benefit")},
    ],
    "governance": [
        {"governance__checks": fail_checks("governance", "governance.ladder_final")},
        {"governance__stress_test": [trace(deadlock=True)]},
    ],
    "resources": [
        {"goals_kpis__business_case": {"partners": [partner_case("a", None, 1)]}},
        {"risk__contributions": {"people": {"A": 3, "B": 1}}},
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
    assert [e.critical for e in crack.evidence] == [True, True, False, False, False]
    assert [e.code for e in crack.evidence] == ["sponsors_senior", "sponsors_active", "ladder_reaches_sponsors",
                                                "succession_ready", "pulse_senior_commitment"]
    assert [e.source for e in crack.evidence] == ["design"] * 4 + ["perception"]  # the pulse says which is which


def test_the_strategy_crack_rests_on_the_written_vision_scope_and_goals_not_the_partner_choice():
    s = sections(partner_selection__robustness={"stays_first": 0, "members": 3})
    crack = next(c for c in health.assess(s) if c.crack == "strategy_clarity")
    assert crack.status == "green" and [e.code for e in crack.evidence] == [
        "vision_written", "scope_written", "enough_goals", "criteria_agreed", "portfolio_balanced",
        "pulse_strategy_clarity"]
    assert status(sections(goals_kpis__scope={"in": "", "out": "Clinics"}), "strategy_clarity") == "red"  # critical


def test_phase_overview_and_contested_ranking():
    s = sections()
    s["partner_selection"]["contested"] = [{"candidate": "X", "criterion": "Trust", "low": 1, "high": 5, "spread": 4,
                                            "scores": {"a": 1, "b": 5}}]
    s["roles"]["contested"] = [{"activity": "Plan", "role": "CEO", "votes": {"a": "A", "b": ""}, "tied": [],
                               "agreement": 0.5}]
    s["risk"]["risks"] = [risk_row("Leak", "ip_leakage", contested=True, likelihood_spread=2, impact_spread=1)]
    s["governance"]["differences"] = [{"field": "final", "choices": {"a": "ceos", "b": "ceos", "c": "none"},
                                       "team_design": "ceos"}]
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
    assert status(s, "senior_commitment") == "amber"  # both pieces assessed fail, neither is critical
    assert {c.status for c in health.assess({"goals_kpis": s["goals_kpis"]})} <= {"green", "amber", "grey"}


def ev(*outcomes, critical=()):
    return [health.Evidence(str(i), o, critical=i in critical) for i, o in enumerate(outcomes)]


@pytest.mark.parametrize(("outcomes", "critical", "expected"), [
    ((None, None, None), (0,), "grey"), ((True, None, None), (0,), "green"), ((False, None, None), (0,), "red"),
    ((None, False, None), (0,), "amber"), ((True, False, None), (0,), "amber"), ((False, True, True), (0,), "red"),
    ((True, False, False), (0,), "amber"), ((True, True, True), (0,), "green"), ((None, False, False), (0,), "amber"),
])
def test_the_status_rule_over_what_was_assessed(outcomes, critical, expected):
    assert health.status_for(ev(*outcomes, critical=critical)) == expected


def test_the_colour_does_not_depend_on_how_many_pieces_of_evidence_there_are():
    """2 failures of 3 and 4 of 6 read the same: the colour comes from what fails, not how many."""
    assert health.status_for(ev(True, False, False)) == health.status_for(ev(True, True, False, False, False, False))
    assert health.status_for(ev(True, False, False)) == "amber"
    assert health.status_for(ev(True, True, False, critical=(2,))) == "red"
    assert health.status_for(ev(*([True] * 9), False, critical=(9,))) == "red"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([True, False, None]), st.booleans()), min_size=1, max_size=8),
       st.integers(1, 4))
def test_repeating_the_same_evidence_never_changes_the_colour(pieces, times):
    once = [health.Evidence(str(i), o, critical=c) for i, (o, c) in enumerate(pieces)]
    assert health.status_for(once * times) == health.status_for(once)
    assessed = [e for e in once if e.passed is not None]
    expected = ("grey" if not assessed else "red" if any(e.critical and not e.passed for e in assessed)
                else "amber" if any(not e.passed for e in assessed) else "green")
    assert health.status_for(once) == expected


def test_every_crack_has_critical_evidence_that_a_module_gives_and_names_in_its_catalogs():
    """The health check knows the cracks; the modules give the evidence, say which is critical
    and name it in their own catalogs (``<module>.evidence.<code>``)."""
    from widgets.i18n import catalog

    cracks = health.assess({})
    assert [c.crack for c in cracks] == list(health.CRACKS)
    for c in cracks:
        assert c.status == "grey" and c.evidence, c.crack  # nothing assessed on an empty team
        assert any(e.critical for e in c.evidence), f"{c.crack}: no critical evidence"
        for e in c.evidence:
            assert e.module, e.code
            for lang in ("en", "es"):
                assert f"{e.module}.evidence.{e.code}" in catalog(lang), (lang, e.module, e.code)


def test_a_fact_for_a_crack_the_check_does_not_know_is_refused():
    from widgets.contract import Fact

    with pytest.raises(ValueError, match="unknown cracks"):
        health.assess_facts([("m", Fact("luck", "x", True))])
    [*_, resources] = health.assess_facts([("m", Fact("resources", "x", False, critical=True))])
    assert resources.status == "red" and resources.evidence[0].module == "m"


def test_a_teams_contested_items_take_turns_between_modules():
    """The team's list (the charter's, and what the debrief board draws from) is not filled by
    the module with the most items: every initiative on every criterion."""
    from widgets.contract import Disagreement

    items = [Disagreement("initiatives", f"idea {i}", "", 1.0 - i / 100) for i in range(15)]
    items += [Disagreement("roles", "Plan", "", 0.5), Disagreement("risk", "Leak", "", 0.2)]
    ranked = health.by_module_rounds(items, health.CONTESTED_LIMIT)
    assert [d.module for d in ranked[:3]] == ["initiatives", "roles", "risk"]
    assert len(ranked) == health.CONTESTED_LIMIT and [d.item for d in ranked[3:5]] == ["idea 1", "idea 2"]


def test_a_check_with_nothing_to_judge_yet_counts_only_when_asked_for_its_bare_outcome():
    from widgets.modules.governance.section import GovernanceCheck, GovernanceSection

    waiting = GovernanceSection(checks=[GovernanceCheck(check="governance.exit_ready", ok=False, assessed=False),
                                        GovernanceCheck(check="governance.health_review", ok=True)])
    assert health.check(waiting, "governance.exit_ready") is False
    assert health.check(waiting, "governance.exit_ready", judged=True) is None
    assert health.check(waiting, "governance.health_review", judged=True) is True
    assert health.check(waiting, "governance.unknown") is None and health.check(None, "governance.exit_ready") is None
