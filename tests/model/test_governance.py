"""Governance model: merging designs, checks, and the stress test traces."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import cases
from widgets.model.problems import ModelError, validate
from widgets.modules.governance import model as gv
from widgets.modules.governance.case import CaseSection as GovernanceCase
from widgets.modules.governance.case import of as gv_case

CASE = cases.get("medtech-distribution")
LABELS = gv.labels_for(CASE, "en")


def design(**changes) -> gv.Entry:
    data = gv.default_entry(CASE).model_dump()
    for key, value in changes.items():
        data[key] = value
    return gv.Entry.model_validate(data)


def with_breakers(breaker="escalate", last=None, **extra) -> gv.Entry:
    """Every decision with ``breaker``; ``last``: each decision's own last step (a dict by
    decision, or one step for all)."""
    base = gv.default_entry(CASE).model_dump()
    for key, d in base["decisions"].items():
        d["breaker"] = breaker
        d["last"] = last.get(key) if isinstance(last, dict) else last
    base.update(extra)
    return gv.Entry.model_validate(base)


def with_people(**levels) -> object:
    """The case with some ladder levels' people replaced (``ceos={"a": [...], "b": [...]}``)."""
    section = dict(CASE.modules["governance"])
    section["levels"] = {**section["levels"], **levels}
    return CASE.model_copy(update={"modules": {**CASE.modules, "governance": section}})


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


def test_escalation_climbs_from_the_deciding_body_and_skips_a_level_of_people_who_already_decided():
    ladder = {"alliance_managers": 7, "steering_committee": 14, "executive_sponsors": 14}
    d = with_breakers("escalate", {"joint_ip": "arbitration", "annual_plan": "fallback"}, ladder=ladder, final="ceos")
    traces = {t.scenario: t for t in gv.stress_test(d, CASE)}
    ip = traces["ip_dispute"]  # joint_ip: consensus in the steering committee, 30 days
    # both sponsors sit on the steering committee: their level adds days and no authority, so it is
    # skipped; Norvia's chief executive is new, so the CEOs' meeting counts, then arbitration binds
    assert ip.path == ["body:steering", "skip:executive_sponsors", "final:ceos", "last:arbitration"]
    assert ip.days == 30 + gv.FINAL_DAYS["ceos"] + gv.LAST_DAYS["arbitration"] == 224
    assert ip.skipped == ["executive_sponsors"] and ip.who == "arbitration" and ip.outcome == "decided"
    # without the case's people nothing is known to repeat: the sponsors' 14 days count
    assert gv.trace(d, "s", "joint_ip").days == 30 + 14 + 14 + 180
    funds = gv.trace(d, "s", "marketing_funds", CASE)  # the management body: the committee is new people
    assert funds.path[1:3] == ["level:steering_committee", "skip:executive_sponsors"]
    assert gv.climb(d, CASE, "working") == [("alliance_managers", False), ("steering_committee", False),
                                            ("executive_sponsors", True), ("ceos", False)]
    # the management team is the alliance managers again: a second level of the same people
    same = d.model_copy(update={"ladder": {**ladder, "management_team": 10}})
    assert ("management_team", True) in gv.climb(same, CASE, "working")
    assert gv.escalation_days(d, "steering", CASE) == 14 and gv.escalation_days(d, "steering") == 14 + 14
    # a case where the chief executives are the sponsors: the CEOs' meeting is skipped too
    ceos_sponsor = with_people(ceos=CASE.modules["governance"]["levels"]["executive_sponsors"])
    t = gv.trace(d, "s", "joint_ip", ceos_sponsor)
    assert t.path == ["body:steering", "skip:executive_sponsors", "skip:ceos", "last:arbitration"]
    assert t.days == 30 + 180
    by = {c.code: c for c in gv.checks(d, LABELS, [], case=CASE)}
    assert not by["governance.ladder_climbs"].ok and {"joint_ip", "annual_plan"} <= set(by["governance.ladder_climbs"].items)
    fixed = d.model_copy(update={"ladder": {"alliance_managers": 7, "steering_committee": 14}})
    assert {c.code: c for c in gv.checks(fixed, LABELS, [], case=CASE)}["governance.ladder_climbs"].ok


def test_the_ceos_or_a_mediator_bind_nobody_each_decision_ends_in_its_own_last_step():
    ladder = {"steering_committee": 14}
    for top in ("ceos", "mediation"):
        open_ended = with_breakers("escalate", ladder=ladder, final=top)
        laddered = [t for t in gv.stress_test(open_ended, CASE) if t.path[0].startswith("body:")]
        assert laddered and all(t.deadlock and t.path[-1] == "not_binding" for t in laddered)
        by = {c.code: c for c in gv.checks(open_ended, LABELS, [], case=CASE)}
        assert not by["governance.ladder_final"].ok and "joint_ip" in by["governance.ladder_final"].items
    for step, outcome in (("status_quo", "no_change"), ("fallback", "fallback"), ("buy_sell", "buy_sell"),
                          ("exit", "exit")):
        t = gv.trace(with_breakers("escalate", step, ladder=ladder, final="ceos"), "s", "annual_plan", CASE)
        assert (t.outcome, t.deadlock, t.days) == (outcome, False, 30 + 14 + gv.LAST_DAYS[step])
    # mediation as a breaker goes straight to the top of the ladder, then the decision's last step
    mediated = gv.trace(with_breakers("mediation", "expert", ladder=ladder, final="ceos"), "s", "joint_ip", CASE)
    assert mediated.days == 30 + gv.MEDIATION_DAYS + 14 + 60 and mediated.who == "expert"
    assert mediated.path == ["body:steering", "mediation", "final:ceos", "last:expert"]
    assert gv.trace(with_breakers("mediation"), "s", "joint_ip").deadlock


def test_a_business_deadlock_ends_in_a_default_and_a_dispute_over_rights_in_a_binding_step():
    assert gv.is_dispute(CASE, "joint_ip") and not gv.is_dispute(CASE, "annual_plan")
    right = with_breakers("escalate", {"annual_plan": "fallback", "new_product": "status_quo",
                                       "marketing_funds": "fallback", "joint_ip": "arbitration"},
                          ladder={"steering_committee": 14}, final="ceos")
    by = {c.code: c for c in gv.checks(right, LABELS, [], case=CASE)}
    assert by["governance.plan_not_arbitrated"].ok and by["governance.disputes_settled"].ok
    # an arbitrator writing the plan, and an IP dispute "settled" by no change
    wrong = with_breakers("escalate", {"annual_plan": "arbitration", "new_product": "expert",
                                       "marketing_funds": "fallback", "joint_ip": "status_quo"},
                          ladder={"steering_committee": 14}, final="ceos")
    by = {c.code: c for c in gv.checks(wrong, LABELS, [], case=CASE)}
    assert by["governance.plan_not_arbitrated"].items == ["annual_plan", "new_product"]
    assert by["governance.disputes_settled"].items == ["joint_ip"]
    assert "Approve the annual joint business plan" in by["governance.plan_not_arbitrated"].params["items"]
    # a breaker of "no change" on the IP dispute settles nothing either
    quo = with_breakers("status_quo")
    assert {c.code: c for c in gv.checks(quo, LABELS, [], case=CASE)}["governance.disputes_settled"].items == ["joint_ip"]
    # a design saved before decisions had their own last step: its one backstop ends every decision,
    # so an arbitrator would decide the plan, and the check says so
    old = gv.Entry.model_validate({**with_breakers("escalate", ladder={"steering_committee": 14}).model_dump(),
                                   "backstop": "arbitration"})
    assert all(d.last is None for d in old.decisions.values())
    assert "annual_plan" in {c.code: c for c in gv.checks(old, LABELS, [], case=CASE)}[
        "governance.plan_not_arbitrated"].items
    assert gv.trace(old, "s", "joint_ip", CASE).who == "arbitration"
    assert {c.code: c for c in gv.checks(old, LABELS, [])}["governance.disputes_settled"].variant == "none"


def test_older_stored_designs_still_load():
    """A document saved before ``last`` and ``company_vote`` existed validates unchanged."""
    stored = {"bodies": {"steering": {"members_a": 2, "members_b": 2, "chair": "a", "cadence": "quarterly"}},
              "decisions": {"joint_ip": {"body": "steering", "rule": "consensus", "days": 30, "breaker": "escalate"}},
              "ladder": {"executive_sponsors": 14}, "final": "arbitration", "backstop": "expert",
              "reporting": {}, "health_review": None, "exit_triggers": [], "exit_plan": [], "succession": []}
    entry = validate(gv.Entry, stored)
    assert entry.decisions["joint_ip"].last is None and entry.final == "arbitration"
    assert gv.trace(entry, "s", "joint_ip", CASE).who == "arbitration"


def test_a_majority_of_unequal_seats_is_one_partner_deciding():
    base = gv.default_entry(CASE).model_dump()
    base["decisions"]["joint_ip"].update(rule="majority", breaker="none")
    base["bodies"]["steering"].update(members_a=3, members_b=2)
    t = gv.trace(gv.Entry.model_validate(base), "s", "joint_ip", CASE)
    assert (t.who, t.one_partner, t.path[-1], t.deadlock) == ("a", True, "seat_majority", False)
    by = {c.code: c for c in gv.checks(gv.Entry.model_validate(base), LABELS, [], RESERVED, case=CASE)}
    assert by["governance.reserved_not_cast"].items == ["joint_ip"]  # like a casting vote
    base["bodies"]["steering"].update(members_a=1, members_b=4)
    assert gv.trace(gv.Entry.model_validate(base), "s", "joint_ip").who == "b"
    # the RACI must then name that partner, not the joint committee, for the linked activity
    base["decisions"]["annual_plan"].update(rule="majority")
    clash = gv.raci_conflicts(gv.Entry.model_validate(base), CASE, {"business_plan": "j:steering_committee"})
    assert clash == ["annual_plan"]
    assert gv.raci_conflicts(gv.Entry.model_validate(base), CASE, {"business_plan": "b:alliance_manager"}) == []
    # one vote per company is a rule a team can choose: it can deadlock like consensus
    base["decisions"]["joint_ip"].update(rule="company_vote")
    voted = gv.Entry.model_validate(base)
    assert gv.trace(voted, "s", "joint_ip", CASE).deadlock
    by = {c.code: c for c in gv.checks(voted, LABELS, [], RESERVED, case=CASE)}
    assert "joint_ip" in by["governance.deadlock_breaker"].items and "joint_ip" not in by["governance.reserved_not_cast"].items


def test_an_exit_plan_protects_customers():
    plan = design(exit_triggers=["acquisition"], exit_plan=["communication", "transition_support"])
    check = {c.code: c for c in gv.checks(plan, LABELS, [])}["governance.exit_ready"]
    assert not check.ok and check.variant == "no_customers"
    ready = design(exit_triggers=["acquisition"], exit_plan=["protect_customers", "communication"])
    assert {c.code: c for c in gv.checks(ready, LABELS, [])}["governance.exit_ready"].ok
    assert {c.code: c for c in gv.checks(design(), LABELS, [])}["governance.exit_ready"].variant == ""


@pytest.mark.parametrize("case_id", sorted(cases.available()))
def test_each_case_names_the_people_of_its_bodies_and_levels_and_its_disputes(case_id):
    case = cases.get(case_id)
    section = gv.case_section(case)
    assert set(section.seats) == {b.id for b in gv_case(case).bodies}
    assert set(section.levels) == {*gv.LEVELS, "ceos"} and all(set(g) == {"a", "b"} for g in section.levels.values())
    assert section.disputes and set(section.disputes) <= {d.id for d in gv_case(case).decisions}
    with pytest.raises(ModelError):  # a person nobody introduced
        validate(GovernanceCase, {**case.modules["governance"], "levels": {"ceos": {"a": ["nobody"]}}})


@pytest.mark.parametrize("case_id", sorted(cases.available()))
def test_each_reference_climbs_to_other_people_and_ends_each_decision_in_its_kind_of_step(case_id):
    from widgets import references

    case = cases.get(case_id)
    d = gv.Entry.model_validate(references.load(case_id)["governance"]["document"])
    by = {c.code: c for c in gv.checks(d, gv.labels_for(case, "en"), [], *gv.case_matters(case), case=case)}
    for code in ("governance.ladder_climbs", "governance.ladder_final", "governance.plan_not_arbitrated",
                 "governance.disputes_settled", "governance.reserved_not_cast", "governance.exit_ready"):
        assert by[code].ok, (code, by[code].items)
    assert not any(t.skipped or t.deadlock for t in gv.stress_test(d, case))
    assert d.backstop == "none" and all(dd.last for k, dd in d.decisions.items() if gv.needs_breaker(dd, d.bodies))


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


RESERVED = tuple(d.id for d in gv_case(CASE).decisions if (d.rule or "consensus") == "consensus")


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
    assert {c.code: c for c in gv.checks(d, LABELS, [])}["governance.rights_unilateral"].variant == "none"


def test_sponsor_succession_needs_a_successor_and_the_partners_outreach():
    card = next(s for s in gv_case(CASE).scenarios if s.sponsor_of)
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
    lasts = {"annual_plan": "fallback", "new_product": "status_quo", "marketing_funds": "fallback",
             "joint_ip": "arbitration", "pricing": "status_quo", "field_issue": "status_quo"}
    good = with_breakers("mediation", lasts, ladder={"steering_committee": 14}, final="ceos",
                         health_review="quarterly", exit_triggers=["acquisition"], succession=["deputy", "partner_meets"],
                         exit_plan=["protect_customers", "communication"], reporting={"Ana#k1": "steering"})
    assert all(c.ok for c in gv.checks(good, LABELS, ["Ana#k1"], RESERVED, RIGHTS, case=CASE))
    ceos_only = with_breakers("mediation", ladder={"steering_committee": 14}, final="ceos")
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
    "backstop": st.sampled_from(gv.BACKSTOPS), "last": st.sampled_from((None, *gv.LAST_STEPS)),
    "days": st.integers(1, 365), "ladder": st.dictionaries(st.sampled_from(gv.LEVELS), st.integers(0, 180)),
    "a": st.integers(0, 12), "b": st.integers(0, 12), "rule": st.sampled_from(gv.RULES)}), max_size=6))
def test_any_designs_merge_and_trace(members):
    entries = {}
    for i, m in enumerate(members):
        data = gv.default_entry(CASE).model_dump()
        for d in data["decisions"].values():
            d.update(breaker=m["breaker"], days=m["days"], rule=m["rule"], last=m["last"])
        for b in data["bodies"].values():
            b.update(members_a=m["a"], members_b=m["b"])
        data.update(final=m["final"], backstop=m["backstop"], ladder=m["ladder"])
        entries[f"m{i}"] = gv.Entry.model_validate(data)
    result = gv.aggregate(entries, CASE, LABELS, [])
    design = result.design
    for t in result.traces:
        assert t.deadlock == (t.days is None)
        assert t.days is None or t.days >= 1
        # a skipped group adds no days: the worst case is the sum of the steps actually taken
        if t.path[0].startswith("body:") and not t.deadlock and t.path[-1].startswith("last:"):
            taken = (design.decisions[t.decision].days
                     + sum(design.ladder[s.split(":")[1]] for s in t.path if s.startswith("level:"))
                     + sum(gv.FINAL_DAYS[s.split(":")[1]] for s in t.path if s.startswith("final:"))
                     + (gv.MEDIATION_DAYS if "mediation" in t.path else 0)
                     + gv.LAST_DAYS[t.path[-1].split(":")[1]])
            assert t.days == taken
        assert not set(t.skipped) & {s.split(":")[1] for s in t.path if s.startswith(("level:", "final:"))}
        if t.one_partner and t.who in ("a", "b") and design.decisions.get(t.decision):
            rule = design.decisions[t.decision].rule
            assert rule in gv.DECIDER or "seat_majority" in t.path or "casting_vote" in t.path
    codes = {c.code: c for c in result.checks}
    # an arbitrator never decides a business deadlock unnoticed, nor a default a dispute
    for d in design.decisions:
        end = gv.end_of(design, d)
        if end in gv.BINDING and not gv.is_dispute(CASE, d):
            assert d in codes["governance.plan_not_arbitrated"].items
        if end in gv.DEFAULTS and gv.is_dispute(CASE, d):
            assert d in codes["governance.disputes_settled"].items


def test_set_field_changes_one_field_and_refuses_what_the_design_does_not_have():
    from widgets.model.problems import ModelError

    doc = gv.default_entry(CASE)
    decision = next(iter(doc.decisions))
    changed = gv.set_field(doc, ("decisions", decision, "rule"), "majority")
    assert isinstance(changed, gv.Entry)
    assert changed.decisions[decision].rule == "majority" and doc.decisions[decision].rule != "majority"
    assert gv.field_value(changed, ("decisions", decision, "rule")) == "majority"
    on = gv.set_field(doc, ("exit_plan", "communication"), True)
    assert gv.field_value(on, ("exit_plan", "communication")) is True
    assert gv.field_value(gv.set_field(on, ("exit_plan", "communication"), False), ("exit_plan", "communication")) is False
    for path, value in ((("decisions", decision, "rule"), "whatever"), (("nope", "x", "y", "z"), 1),
                        (("ladder", "executive_sponsors"), -5)):
        with pytest.raises(ModelError):
            gv.set_field(doc, path, value)


def test_the_decision_map_and_the_raci_must_name_the_same_owner():
    from widgets.modules.roles import model as rm

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


def test_setting_a_field_to_the_value_it_holds_gives_the_same_design():
    """The view stores nothing when a widget is set from the design: the rule then returns an
    equal design (a ticked item keeps its place in the list, days or a body already set stay)."""
    design = gv.set_field(gv.set_field(gv.default_entry(CASE), ("exit_triggers", "acquisition"), True),
                          ("exit_triggers", "results_missed"), True)
    assert design.exit_triggers == ["acquisition", "results_missed"]
    decision = next(iter(design.decisions))
    for path in (("exit_triggers", "acquisition"), ("exit_triggers", "strategy_change"), ("ladder", "steering_committee"),
                 ("decisions", decision, "days"), ("decisions", decision, "last"), ("final",), ("health_review",),
                 ("bodies", "steering", "cadence"), ("reporting", "Ana#k1")):
        assert gv.set_field(design, path, gv.field_value(design, path)) == design, path
    assert gv.set_field(design, ("exit_triggers", "results_missed"), False).exit_triggers == ["acquisition"]
    unused = validate(gv.Entry, {**design.model_dump(mode="json"), "ladder": {"alliance_managers": 0}})
    assert gv.set_field(unused, ("ladder", "alliance_managers"), 0) == unused  # a level stored at 0 stays
    assert gv.set_field(design, ("ladder", "alliance_managers"), 7).ladder == {"alliance_managers": 7}


def test_a_member_works_on_the_starting_design_until_they_store_one():
    start = gv.default_entry(CASE)
    assert gv.draft(gv.Entry(), CASE) == start  # nothing stored: the case's bodies and decision map
    mine = gv.set_field(start, ("final",), "ceos")
    assert gv.draft(mine, CASE) is mine
