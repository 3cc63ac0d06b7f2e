"""Governance model: merging designs, checks, and the stress test traces."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import cases
from widgets.model import governance as gv
from widgets.model.problems import ModelError, validate

CASE = cases.get("medtech-distribution")
LABELS = gv.labels_for(CASE, "en")


def design(**changes) -> gv.Entry:
    data = gv.default_entry(CASE).model_dump()
    for key, value in changes.items():
        data[key] = value
    return gv.Entry.model_validate(data)


def with_breakers(breaker="escalate", **extra) -> gv.Entry:
    base = gv.default_entry(CASE).model_dump()
    for d in base["decisions"].values():
        d["breaker"] = breaker
    base.update(extra)
    return gv.Entry.model_validate(base)


def test_validation():
    for bad in ({"decisions": {"x": {"rule": "dictator"}}}, {"decisions": {"x": {"days": 0}}},
                {"bodies": {"x": {"members_a": 50}}}, {"ladder": {"ceo_golf": 3}}, {"final": "duel"},
                {"exit_triggers": ["boredom"]}, {"reporting": {"not a ref": "steering"}},
                {"decisions": {"x": {"days": "30"}}}):
        with pytest.raises(ModelError):
            validate(gv.Entry, bad)


def test_default_design_deadlocks_and_fails_checks():
    result = gv.aggregate({}, CASE, LABELS, [])
    codes = {c.code: c for c in result.checks}
    assert not codes["governance.deadlock_breaker"].ok and not codes["governance.ladder_final"].ok
    assert codes["governance.kpis_reviewed"].variant == "none"
    assert not codes["governance.succession_ready"].ok and codes["governance.rights_unilateral"].ok
    traces = {t.scenario: t for t in result.traces}
    # the change of control is a right of each partner in the case; every other card fails
    assert traces["acquired"].outcome == "right"
    assert all(t.deadlock and t.days is None for s, t in traces.items() if s != "acquired")
    assert traces["sponsor_leaves"].outcome == "unsponsored"


def test_escalation_climbs_from_the_deciding_body_and_ends_only_in_a_binding_step_or_a_default():
    ladder = {"alliance_managers": 7, "steering_committee": 14, "executive_sponsors": 14}
    d = with_breakers("escalate", ladder=ladder, final="ceos", backstop="arbitration")
    traces = {t.scenario: t for t in gv.stress_test(d, CASE)}
    ip = traces["ip_dispute"]  # joint_ip: consensus in the steering committee, 30 days
    # above the steering committee there are only the sponsors; then the CEOs, then arbitration
    assert ip.days == 30 + 14 + gv.FINAL_DAYS["ceos"] + gv.BACKSTOP_DAYS["arbitration"] == 148
    assert ip.path == ["body:steering", "level:executive_sponsors", "final:ceos", "backstop:arbitration"]
    assert ip.who == "arbitration" and ip.outcome == "decided"
    funds = gv.trace(d, "s", "marketing_funds")  # the management body, so the committee too
    assert funds.path[1:3] == ["level:steering_committee", "level:executive_sponsors"]
    assert gv.escalation_days(d, "steering") == 14 + 14 + 90 and gv.escalation_days(d) == 7 + 14 + 14 + 14 + 90
    # the CEOs or a mediator cannot force an answer: without a backstop the dispute stays open
    for top in ("ceos", "mediation"):
        open_ended = with_breakers("escalate", ladder=ladder, final=top)
        laddered = [t for t in gv.stress_test(open_ended, CASE) if t.path[0].startswith("body:")]
        assert laddered and all(t.deadlock and t.path[-1] == "not_binding" for t in laddered)
    binding = with_breakers("escalate", ladder=ladder, final="expert")  # binding: no backstop needed
    assert not any(t.deadlock for t in gv.stress_test(binding, CASE) if t.scenario != "sponsor_leaves")
    for default, outcome in (("status_quo", "no_change"), ("exit", "exit")):
        t = gv.trace(with_breakers("escalate", ladder=ladder, final="ceos", backstop=default), "s", "joint_ip")
        assert (t.outcome, t.deadlock, t.days) == (outcome, False, 30 + 14 + 14)
    # mediation as a breaker skips the ladder, and still needs the ladder's binding end
    mediated = gv.trace(with_breakers("mediation", ladder=ladder, final="ceos", backstop="expert"), "s", "joint_ip")
    assert mediated.days == 30 + gv.MEDIATION_DAYS + 14 + 45 and mediated.who == "expert"
    assert gv.trace(with_breakers("mediation"), "s", "joint_ip").deadlock


def test_no_agreement_means_no_change_is_a_breaker_for_reserved_matters():
    t = gv.trace(with_breakers("status_quo"), "s", "joint_ip")
    assert (t.who, t.outcome, t.deadlock, t.days) == ("status_quo", "no_change", False, 30)


def test_rules_and_breakers():
    base = gv.default_entry(CASE).model_dump()
    base["decisions"]["joint_ip"].update(rule="a_decides", days=10)
    t = gv.trace(gv.Entry.model_validate(base), "s", "joint_ip")
    assert (t.who, t.days, t.deadlock) == ("a", 10, False)
    base["decisions"]["joint_ip"].update(rule="consensus", breaker="chair")
    base["bodies"]["steering"]["chair"] = "none"
    assert gv.trace(gv.Entry.model_validate(base), "s", "joint_ip").deadlock  # no chair to cast a vote
    base["bodies"]["steering"]["chair"] = "rotating"
    assert gv.trace(gv.Entry.model_validate(base), "s", "joint_ip").who == "chair"
    base["bodies"]["steering"]["chair"] = "b"
    cast = gv.trace(gv.Entry.model_validate(base), "s", "joint_ip")
    assert cast.who == "b" and cast.one_partner and cast.path[-1] == "casting_vote"  # one partner decides
    # a majority vote in a body split 2-2 between the partners can deadlock too
    base["decisions"]["joint_ip"].update(rule="majority", breaker="none")
    assert gv.trace(gv.Entry.model_validate(base), "s", "joint_ip").deadlock
    base["bodies"]["steering"]["members_a"] = 3
    assert not gv.trace(gv.Entry.model_validate(base), "s", "joint_ip").deadlock
    base["decisions"]["joint_ip"]["body"] = None
    t = gv.trace(gv.Entry.model_validate(base), "s", "joint_ip")
    assert t.who == "nobody" and t.path == ["no_owner"]


RESERVED = tuple(d.id for d in CASE.decisions if (d.rule or "consensus") == "consensus")


RIGHTS = gv.case_matters(CASE)[1]


def test_ending_the_agreement_and_change_of_control_are_unilateral_rights():
    assert set(RIGHTS) == {"terminate", "change_of_control"} and not set(RIGHTS) & set(RESERVED)
    d = with_breakers("escalate")
    t = gv.trace(d, "acquired", "change_of_control")
    assert (t.who, t.outcome, t.deadlock, t.path, t.one_partner) == ("either", "right", False, ["right"], False)
    assert t.days == d.decisions["change_of_control"].days  # the notice period, not a ladder
    by = {c.code: c for c in gv.checks(d, LABELS, [], RESERVED, RIGHTS)}
    assert by["governance.rights_unilateral"].ok and "terminate" not in by["governance.decisions_owned"].items
    # put to consensus, a partner can be held in the alliance: the check names it, the card climbs the ladder
    voted = d.model_dump()
    voted["decisions"]["terminate"].update(rule="consensus", body="steering")
    voted = gv.Entry.model_validate(voted)
    by = {c.code: c for c in gv.checks(voted, LABELS, [], RESERVED, RIGHTS)}
    assert not by["governance.rights_unilateral"].ok and by["governance.rights_unilateral"].items == ["terminate"]
    assert gv.trace(voted, "s", "terminate").outcome == "deadlock"  # no ladder in this design
    assert gv.checks(d, LABELS, [])[5].variant == "none"  # no rights given: nothing to check


def test_sponsor_succession_needs_a_successor_and_the_partners_outreach():
    card = next(s for s in CASE.scenarios if s.sponsor_of)
    assert (card.id, card.sponsor_of) == ("sponsor_leaves", "a")

    def run(*plan):
        return next(t for t in gv.stress_test(design(succession=list(plan)), CASE) if t.scenario == card.id)

    assert run().outcome == "unsponsored" and run().path == ["no_successor"]
    assert run("handover").outcome == "unsponsored"
    assert run("named_30", "handover").path[-1] == "no_outreach"  # a successor alone does not rebuild it
    t = run("named_30", "partner_meets")
    assert (t.outcome, t.who, t.days) == ("decided", "a", 30)
    assert run("deputy", "named_30", "partner_meets").days == 0  # a deputy is already in place
    assert not gv.succession_ready(design(succession=["deputy", "handover"]))
    assert gv.succession_ready(design(succession=["deputy", "partner_meets"]))


def test_checks_on_crafted_designs():
    good = with_breakers("mediation", ladder={"executive_sponsors": 14}, final="ceos", backstop="arbitration",
                         health_review="quarterly", exit_triggers=["acquisition"], succession=["deputy", "partner_meets"],
                         exit_plan=["protect_customers", "communication"], reporting={"Ana#k1": "steering"})
    assert all(c.ok for c in gv.checks(good, LABELS, ["Ana#k1"], RESERVED, RIGHTS))
    ceos_only = good.model_copy(update={"backstop": "none"})
    assert not {c.code: c.ok for c in gv.checks(ceos_only, LABELS, ["Ana#k1"])}["governance.ladder_final"]
    casting = with_breakers("chair")
    by = {c.code: c for c in gv.checks(casting, LABELS, [], RESERVED)}
    assert not by["governance.reserved_not_cast"].ok and "joint_ip" in by["governance.reserved_not_cast"].items
    assert "pricing" not in by["governance.reserved_not_cast"].items  # Norvia's own decision, not reserved
    bad_bodies = good.model_dump()
    bad_bodies["bodies"]["working"]["members_b"] = 0
    bad_bodies["decisions"]["pricing"]["body"] = None
    by = {c.code: c for c in gv.checks(gv.Entry.model_validate(bad_bodies), LABELS, ["Ana#k1", "Ben#k2"])}
    assert by["governance.both_sides"].items == ["working"]
    assert by["governance.decisions_owned"].items == ["pricing"]
    assert by["governance.kpis_reviewed"].items == ["Ben#k2"]


def test_merge_takes_the_majority_and_lists_differences():
    mediation = with_breakers("mediation")
    none = gv.default_entry(CASE)
    merged, diffs = gv.merge({"ana": mediation, "ben": mediation, "cal": none}, gv.default_entry(CASE))
    assert all(d.breaker == "mediation" for d in merged.decisions.values())
    assert {d.path for d in diffs} == {("decisions", k, "breaker") for k in merged.decisions}
    assert diffs[0].choices["cal"] == "none"
    merged, _ = gv.merge({"ana": mediation, "cal": none}, gv.default_entry(CASE))
    assert all(d.breaker == "mediation" for d in merged.decisions.values())  # a tie: the deliberate change
    merged, _ = gv.merge({"zed": with_breakers("chair"), "amy": mediation}, gv.default_entry(CASE))
    assert all(d.breaker == "mediation" for d in merged.decisions.values())  # then the first name
    merged, diffs = gv.merge({}, gv.default_entry(CASE))
    assert diffs == [] and merged == gv.default_entry(CASE)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "breaker": st.sampled_from(gv.BREAKERS), "final": st.sampled_from(gv.FINALS),
    "days": st.integers(1, 365), "level": st.integers(0, 180), "a": st.integers(0, 12), "b": st.integers(0, 12),
    "rule": st.sampled_from(("consensus", "majority", "a_decides", "b_decides"))}), max_size=6))
def test_any_designs_merge_and_trace(members):
    entries = {}
    for i, m in enumerate(members):
        data = gv.default_entry(CASE).model_dump()
        for d in data["decisions"].values():
            d.update(breaker=m["breaker"], days=m["days"], rule=m["rule"])
        for b in data["bodies"].values():
            b.update(members_a=m["a"], members_b=m["b"])
        data.update(final=m["final"], ladder={"steering_committee": m["level"]})
        entries[f"m{i}"] = gv.Entry.model_validate(data)
    result = gv.aggregate(entries, CASE, LABELS, [])
    for t in result.traces:
        assert t.deadlock == (t.days is None)
        assert t.days is None or t.days >= 1


def test_set_field_changes_one_field_and_refuses_what_the_design_does_not_have():
    from widgets.model.problems import ModelError

    doc = gv.default_entry(CASE).model_dump(mode="json")
    decision = next(iter(doc["decisions"]))
    changed = gv.set_field(doc, ("decisions", decision, "rule"), "majority")
    assert changed["decisions"][decision]["rule"] == "majority" and doc["decisions"][decision]["rule"] != "x"
    assert gv.field_value(changed, ("decisions", decision, "rule")) == "majority"
    on = gv.set_field(doc, ("exit_plan", "communication"), True)
    assert gv.field_value(on, ("exit_plan", "communication")) is True
    assert gv.field_value(gv.set_field(on, ("exit_plan", "communication"), False), ("exit_plan", "communication")) is False
    for path, value in ((("decisions", decision, "rule"), "whatever"), (("nope", "x", "y", "z"), 1),
                        (("ladder", "executive_sponsors"), -5)):
        with pytest.raises(ModelError):
            gv.set_field(doc, path, value)


def test_the_decision_map_and_the_raci_must_name_the_same_owner():
    from widgets.model import roles as rm

    d = gv.default_entry(CASE)  # the plan and new products: the steering committee; safety: Norvia
    assert gv.raci_conflicts(d, CASE, {}) is None  # the RACI has nothing agreed: not compared
    agree = {"business_plan": "j:steering_committee", "strategy": "j:steering_committee",
             "device_registration": "a:regulatory"}
    assert gv.raci_conflicts(d, CASE, agree) == []
    clash = {**agree, "business_plan": "a:alliance_manager", "device_registration": "b:regulatory"}
    assert gv.raci_conflicts(d, CASE, clash) == ["annual_plan", "field_issue"]
    by = {c.code: c for c in gv.checks(d, LABELS, [], raci=gv.raci_conflicts(d, CASE, clash))}
    assert not by["governance.raci_agrees"].ok and "Approve the annual joint business plan" in \
        by["governance.raci_agrees"].params["items"]
    assert {c.code: c for c in gv.checks(d, LABELS, [])}["governance.raci_agrees"].variant == "none"
    # the owners come from the members' grids: the agreed single Accountable only
    docs = {"ana": {"grid": {"business_plan": {"j:steering_committee": "A", "a:finance": "R"}}},
            "ben": {"grid": {"business_plan": {"j:steering_committee": "AR"}, "strategy": {"a:exec_sponsor": "A",
                                                                                         "b:exec_sponsor": "A"}}}}
    owners = rm.owners(["business_plan", "strategy"], rm.columns_for(CASE), docs)
    assert owners == {}  # A and A/R tie on the plan; two Accountables on the strategy
    docs["cal"] = {"grid": {"business_plan": {"j:steering_committee": "A"}}}
    assert rm.owners(["business_plan", "strategy"], rm.columns_for(CASE), docs) == {"business_plan": "j:steering_committee"}
