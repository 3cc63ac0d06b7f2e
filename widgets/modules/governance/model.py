"""Governance design: bodies, a decision map, an escalation ladder, reporting, exit, and a
stress test that traces the case's scenario cards through the design.

Each member drafts a design; the team design takes, field by field, the choice most members
made (unanimous fields are *agreed*, the others are listed as differences). Checks and the
stress test run on the team design and on each member's own.

The rules a practitioner would sign:

* A dispute escalates from the body that could not decide to the levels *above* it: a
  steering-committee decision goes to the executive sponsors, not back down to the alliance
  managers (``BODY_LEVEL``). Each level must be a different, more senior group: the case names
  who sits on each body and who each level is, per company (``CaseSection``); a level whose
  people all took part below adds days and no authority, so the check flags it and the stress
  test skips it (``climb``).
* A deadlock is not a dispute. Each decision carries its own last step (``DecisionDesign.last``).
  A commercial deadlock (the plan, pricing, funds, a new product) ends in a default agreed in
  advance: no change, last year's plan or budget (``fallback``), a buy-sell, or the exit. An
  arbitrator or an expert never writes the business plan; they settle disputes over rights or
  facts (breach, who owns IP, a technical measurement: the case's ``disputes``). Mediation and
  a meeting of the two CEOs help, but cannot force an answer: a decision that climbs the
  ladder without a last step stays open. Durations (``LAST_DAYS``) are stated with their basis
  in the facilitator guide.
* A chair's casting vote is one partner deciding, and so is a majority vote in a body where
  one partner holds more seats. The stress test says which, and a reserved matter (a decision
  the case leaves to consensus: the plan, new products, IP, termination) must not be settled
  that way. One vote per company (``company_vote``) is a rule a team can choose: like
  consensus, it can deadlock.
* For a reserved matter, "no agreement means no change" is a legitimate breaker (``status_quo``).
* Ending the agreement and acting on the other partner's change of control are *rights* of
  each partner (rule ``unilateral``): exercised on the notice the agreement sets, outside the
  ladder. Put to consensus, they let one partner hold the other in an alliance it wants to
  leave, or keep a competitor's new owner inside it.
* When an executive sponsor leaves, the alliance survives if a successor is in place (a
  deputy already named, or a successor named within 30 days) and the other partner's sponsor
  meets the successor to rebuild the executive relationship (``SUCCESSION``). A budget vote
  does not test that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from widgets.model.case import Case
from widgets.model.problems import ModelError, Problem, validate
from widgets.modules.governance.case import DECISION_RULES, LEVELS, People
from widgets.modules.governance.case import SIDES as SIDES  # the report and the view read it here
from widgets.modules.governance.case import of as case_of

KEY = "governance"
CADENCES = ("weekly", "monthly", "quarterly", "semiannual", "annual")
CHAIRS = ("a", "b", "rotating", "none")
BREAKERS = ("none", "escalate", "chair", "mediation", "status_quo")
# where escalation from a body starts: the first ladder level above it
BODY_LEVEL = {"working": 0, "management": 2, "steering": 3}
RULES = (*DECISION_RULES, "company_vote")  # a team may also give each company one vote
TOP_STEPS = ("none", "ceos", "mediation")  # what a team may put at the top of its ladder (neither binds)
FINALS = (*TOP_STEPS, "arbitration", "expert")  # the top of the ladder, as stored (the last two: older designs)
BACKSTOPS = ("none", "arbitration", "expert", "status_quo", "exit")  # older designs' one end for every decision
BINDING = ("arbitration", "expert")  # steps whose answer binds both partners: for rights and facts
DEFAULTS = ("status_quo", "fallback", "buy_sell", "exit")  # defaults agreed in advance: for business deadlocks
LAST_STEPS = (*DEFAULTS, *BINDING)  # a decision's own last step
# worst-case days, with their basis in facilitator_guide/05_governance.md: a CEO meeting is two
# diaries (2 weeks); mediation is appointing a mediator and a one-day session (6 to 7 weeks); an
# expert is appointed and decides within a month each (60); expedited arbitration gives an award
# within about six months (180); a buy-sell gives 30 days to answer an offer and 30 to complete
LAST_DAYS = {"status_quo": 0, "fallback": 0, "buy_sell": 60, "exit": 0, "arbitration": 180, "expert": 60}
FINAL_DAYS = {"none": 0, "ceos": 14, "mediation": 45, "arbitration": 180, "expert": 60}
BACKSTOP_DAYS = {"none": 0, **LAST_DAYS}
MEDIATION_DAYS = 45
DECIDER = {"a_decides": "a", "b_decides": "b"}  # a rule by which one partner decides alone
TRIGGERS = ("strategy_change", "acquisition", "results_missed", "cannot_work_together")
EXIT_PLAN = ("protect_customers", "stakeholder_buyin", "communication", "ip_and_assets", "transition_support")
# the sponsor-succession plan: a successor in place (either of the first two) and the partner's outreach
SUCCESSION = ("deputy", "named_30", "partner_meets", "handover")
SUCCESSOR = {"deputy": 0, "named_30": 30}  # days until a successor sponsors the alliance
MAX_MEMBERS = 12

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,47}$")]
Ref = Annotated[str, Field(min_length=3, max_length=64, pattern=r"^[^\x00-\x1f]+#k[0-9]{1,4}$")]
Days = Annotated[int, Field(ge=1, le=365, strict=True)]
LadderDays = Annotated[int, Field(ge=0, le=180, strict=True)]
Count = Annotated[int, Field(ge=0, le=MAX_MEMBERS, strict=True)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BodyDesign(_Strict):
    members_a: Count = 0
    members_b: Count = 0
    chair: Literal[CHAIRS] = "none"  # type: ignore[valid-type]
    cadence: Literal[CADENCES] | None = None  # type: ignore[valid-type]


class DecisionDesign(_Strict):
    body: Id | None = None
    rule: Literal[RULES] = "consensus"  # type: ignore[valid-type]
    days: Days = 30
    breaker: Literal[BREAKERS] = "none"  # type: ignore[valid-type]
    last: Literal[LAST_STEPS] | None = None  # type: ignore[valid-type]  # None: the design's backstop (older designs)


def case_section(case: Case | None) -> People:
    """The case's governance section (who sits where; empty people without a case)."""
    return People() if case is None else case_of(case)


def is_dispute(case: Case | None, decision_id: str) -> bool:
    """A dispute over rights or facts (settled by arbitration or an expert), not a business deadlock."""
    return decision_id in case_section(case).disputes


class Entry(_Strict):
    """One member's governance design."""

    bodies: dict[Id, BodyDesign] = Field(default_factory=dict, max_length=12)
    decisions: dict[Id, DecisionDesign] = Field(default_factory=dict, max_length=40)
    ladder: dict[Literal[LEVELS], LadderDays] = Field(default_factory=dict)  # type: ignore[valid-type]
    final: Literal[FINALS] = "none"  # type: ignore[valid-type]
    backstop: Literal[BACKSTOPS] = "none"  # type: ignore[valid-type]
    reporting: dict[Ref, Id] = Field(default_factory=dict, max_length=60)
    health_review: Literal[CADENCES] | None = None  # type: ignore[valid-type]
    exit_triggers: list[Literal[TRIGGERS]] = Field(default_factory=list, max_length=len(TRIGGERS))  # type: ignore[valid-type]
    exit_plan: list[Literal[EXIT_PLAN]] = Field(default_factory=list, max_length=len(EXIT_PLAN))  # type: ignore[valid-type]
    succession: list[Literal[SUCCESSION]] = Field(default_factory=list, max_length=len(SUCCESSION))  # type: ignore[valid-type]


LISTS = {"exit_triggers": TRIGGERS, "exit_plan": EXIT_PLAN, "succession": SUCCESSION}  # fields ticked item by item
DEFAULT_BODIES = {"steering": (2, 2, "quarterly"), "management": (1, 1, "monthly"), "working": (3, 3, "weekly")}


def field_value(entry: Entry, path: tuple):
    """The value of one design field (``("decisions", "pricing", "rule")``, ``("ladder", level)``,
    ``("exit_plan", item)`` -> whether the item is in the plan ...) in a member's design."""
    if path[0] in LISTS:
        return path[1] in getattr(entry, path[0])
    if path[0] == "ladder":
        return entry.ladder.get(path[1], 0)
    node: Any = entry
    for part in path:  # a model's field, then a dict's item (a body or decision by its id)
        if isinstance(node, BaseModel):
            node = getattr(node, part) if part in type(node).model_fields else None
        else:
            node = node.get(part) if isinstance(node, dict) else None
    return node


def set_field(entry: Entry, path: tuple, value) -> Entry:
    """A member's design with one field set from the browser (untrusted), validated: an exit
    trigger or plan item ticked on or off, a ladder level's days, a KPI's reviewing body (none
    removes it), a top-level choice, or a body's or decision's field. A field set to the value
    it holds gives an equal design (a ticked item keeps its place, a level left out stays out),
    so the view stores nothing when it sets a widget from the design."""
    doc = entry.model_dump(mode="json")
    if path[0] in LISTS:
        items = doc[path[0]]
        if not value:
            doc[path[0]] = [x for x in items if x != path[1]]
        elif path[1] not in items:
            doc[path[0]] = [*items, path[1]]
    elif path[0] == "ladder":
        if value != 0 or path[1] in doc["ladder"]:  # a level left out is a level of 0 days: it stays out
            doc["ladder"][path[1]] = value
    elif path[0] == "reporting":
        if value:
            doc["reporting"][path[1]] = value
        else:
            doc["reporting"].pop(path[1], None)
    elif len(path) == 1:
        doc[path[0]] = value
    elif len(path) == 3 and isinstance(doc.get(path[0]), dict):
        doc[path[0]].setdefault(path[1], {})[path[2]] = value
    else:
        raise ModelError(Problem("governance.unknown_field", {"field": "/".join(map(str, path))}))
    return validate(Entry, doc)


def default_entry(case: Case) -> Entry:
    """A starting design from the case: its bodies and its decision map, nothing else decided."""
    bodies = {}
    for b in case_of(case).bodies:
        a, bb, cadence = DEFAULT_BODIES.get(b.id, (1, 1, None))
        bodies[b.id] = BodyDesign(members_a=a, members_b=bb, cadence=cadence)
    decisions = {d.id: DecisionDesign(body=d.body, rule=d.rule or "consensus") for d in case_of(case).decisions}
    return Entry(bodies=bodies, decisions=decisions)


def draft(entry: Entry, case: Case) -> Entry:
    """The design a member works on: the stored one, or the case's starting design
    (``default_entry``) while the member has stored nothing (the empty ``Entry``)."""
    return default_entry(case) if entry == Entry() else entry


# -- merging members' designs ---------------------------------------------------------------------
def _flatten(entry: Entry) -> dict[tuple, Any]:
    out: dict[tuple, Any] = {}
    for bid, body in entry.bodies.items():
        for k, v in body.model_dump().items():
            out[("bodies", bid, k)] = v
    for did, d in entry.decisions.items():
        for k, v in d.model_dump().items():
            out[("decisions", did, k)] = v
    for level in LEVELS:
        out[("ladder", level)] = entry.ladder.get(level, 0)
    out[("final",)] = entry.final
    out[("backstop",)] = entry.backstop
    for ref, body in entry.reporting.items():
        out[("reporting", ref)] = body
    out[("health_review",)] = entry.health_review
    for name, items in LISTS.items():
        for item in items:
            out[(name, item)] = item in getattr(entry, name)
    return out


def _unflatten(flat: dict[tuple, Any]) -> Entry:
    data: dict[str, Any] = {"bodies": {}, "decisions": {}, "ladder": {}, "reporting": {},
                            **{name: [] for name in LISTS}}
    for path, value in flat.items():
        if path[0] in ("bodies", "decisions"):
            data[path[0]].setdefault(path[1], {})[path[2]] = value
        elif path[0] == "ladder":
            data["ladder"][path[1]] = value
        elif path[0] == "reporting":
            if value is not None:
                data["reporting"][path[1]] = value
        elif path[0] in LISTS:
            if value:
                data[path[0]].append(path[1])
        else:
            data[path[0]] = value
    return Entry.model_validate(data)


@dataclass
class Difference:
    path: tuple
    choices: dict[str, Any]  # member -> value
    chosen: Any


def merge(entries: dict[str, Entry], base: Entry) -> tuple[Entry, list[Difference]]:
    """The team design: per field the most common choice.

    In a tie, a deliberate change beats the starting value (someone decided it), then the
    choice of the member whose name sorts first, so the result never depends on save order.
    """
    if not entries:
        return base, []
    base_flat = _flatten(base)
    flats = {m: {**base_flat, **_flatten(entries[m])} for m in sorted(entries)}
    paths = list(dict.fromkeys(p for f in flats.values() for p in f))
    merged, differences = {}, []
    for path in paths:
        choices = {m: f.get(path) for m, f in flats.items()}
        keys = {m: repr(v) for m, v in choices.items()}  # values compared by their repr, once
        counts: dict[str, int] = {}
        for key in keys.values():
            counts[key] = counts.get(key, 0) + 1
        if len(counts) == 1:
            merged[path] = next(iter(choices.values()))
            continue
        top = max(counts.values())
        leaders = [m for m in choices if counts[keys[m]] == top]
        start = repr(base_flat.get(path))
        chosen = choices[next((m for m in leaders if keys[m] != start), leaders[0])]
        merged[path] = chosen
        differences.append(Difference(path, choices, chosen))
    return _unflatten(merged), differences


# -- checks and the stress test -------------------------------------------------------------------
@dataclass
class Check:
    code: str
    ok: bool
    params: dict = field(default_factory=dict)
    items: list[str] = field(default_factory=list)
    variant: str = ""

    @property
    def message(self) -> str:
        return f"finding.{self.code}.{self.variant or ('ok' if self.ok else 'fail')}"


def ladder_end(design: Entry, decision: DecisionDesign | None = None) -> tuple[str | None, int, list[str]]:
    """How a dispute ends once it has climbed the ladder: (who ends it, days from the top, steps).

    The top of the ladder (the CEOs, a mediator) adds its days but binds nobody; then the
    decision's own last step (``decision.last``) ends it: a default agreed in advance or a
    binding step. ``who`` is None when nothing ends it. Older designs without a decision's
    last step use the design's one backstop, or a binding top (arbitration, expert)."""
    steps, days = [], 0
    if design.final != "none":
        steps.append(f"final:{design.final}")
        days += FINAL_DAYS[design.final]
        if design.final in BINDING:
            return design.final, days, steps
    last = decision.last if decision is not None and decision.last else (
        design.backstop if design.backstop != "none" else None)
    if last is not None:
        return last, days + LAST_DAYS[last], [*steps, f"last:{last}"]
    return None, days, [*steps, "not_binding"]


def levels_above(design: Entry, body: str | None) -> list[str]:
    """The ladder levels a dispute from ``body`` climbs (levels with days set, above the body)."""
    start = BODY_LEVEL.get(body or "", 0)
    return [lv for lv in LEVELS[start:] if design.ladder.get(lv, 0) > 0]


def climb(design: Entry, case: Case | None, body: str | None, mediated: bool = False) -> list[tuple[str, bool]]:
    """The groups a dispute from ``body`` reaches in turn: the ladder's levels above the body
    (none after mediation, which goes straight to the top), then the CEOs when they top the
    ladder. True marks a *repeat*: every person of the group already sat on the body or on a
    level below, so the group adds days and no authority (the stress test skips it)."""
    section = case_section(case)
    seen = set(section.group(section.seats.get(body or "")))
    out = []
    for level in ([] if mediated else levels_above(design, body)) + (["ceos"] if design.final == "ceos" else []):
        people = section.group(section.levels.get(level))
        out.append((level, bool(people) and people <= seen))
        seen |= people
    return out


def repeated_levels(design: Entry, case: Case | None, decision_id: str) -> list[str]:
    """The groups that a dispute over ``decision_id`` reaches a second time (see ``climb``)."""
    d = design.decisions.get(decision_id)
    if d is None or d.breaker not in ("escalate", "mediation") or not needs_breaker(d, design.bodies):
        return []
    return [lv for lv, repeat in climb(design, case, d.body, d.breaker == "mediation") if repeat]


def seat_majority(d: DecisionDesign, bodies: dict[str, BodyDesign]) -> str | None:
    """The partner that decides a majority vote alone, holding more seats in the body (None when
    the rule is not a majority or the seats are equal)."""
    body = bodies.get(d.body or "")
    if d.rule != "majority" or body is None or body.members_a == body.members_b:
        return None
    return "a" if body.members_a > body.members_b else "b"


def needs_breaker(d: DecisionDesign, bodies: dict[str, BodyDesign]) -> bool:
    """Consensus and one vote per company can always deadlock; so can a majority vote in a body
    split evenly between partners (with unequal seats, the larger side decides)."""
    if d.rule in ("consensus", "company_vote"):
        return True
    if d.rule == "unilateral":
        return False
    body = bodies.get(d.body or "")
    return d.rule == "majority" and body is not None and body.members_a == body.members_b


def end_of(design: Entry, decision_id: str) -> str | None:
    """What settles a deadlock on ``decision_id``: the immediate default (no change), or the last
    step after the ladder; None when the decision needs no breaker or nothing ends it."""
    d = design.decisions.get(decision_id)
    if d is None or not needs_breaker(d, design.bodies):
        return None
    if d.breaker == "status_quo":
        return "status_quo"
    if d.breaker in ("escalate", "mediation"):
        return ladder_end(design, d)[0]
    return None


def succession_ready(design: Entry) -> bool:
    """A successor sponsor is in place (a named deputy, or a successor within 30 days) and the
    other partner's sponsor meets the successor."""
    return any(s in design.succession for s in SUCCESSOR) and "partner_meets" in design.succession


def raci_conflicts(design: Entry, case: Case, owners: dict[str, str]) -> list[str] | None:
    """The decisions on which the design's decision map and the RACI name different owners.

    ``owners`` maps a RACI activity to the column the team agreed is Accountable for it
    ("j:steering_committee", "a:legal"). A decision the case links to an activity (approving
    the plan -> the joint business plan) is owned by the body or the partner that decides it
    (a majority in a body where one partner holds more seats is that partner deciding), so the
    activity's Accountable must be that body's role (any side) or that partner's column. None
    when nothing can be compared yet (no linked activity has an agreed owner).
    """
    roles = {b.id: b.role for b in case_of(case).bodies}
    compared, conflicts = 0, []
    for d in case_of(case).decisions:
        design_d = design.decisions.get(d.id)
        owner = owners.get(d.activity or "")
        if design_d is None or owner is None or design_d.rule == "unilateral":
            continue
        side, role = owner.split(":", 1)
        decider = DECIDER.get(design_d.rule) or seat_majority(design_d, design.bodies)
        if decider:
            compared += 1
            if side != decider:
                conflicts.append(d.id)
        elif roles.get(design_d.body or ""):
            compared += 1
            if role != roles[design_d.body]:
                conflicts.append(d.id)
    return conflicts if compared else None


def checks(design: Entry, labels: dict[str, str], kpis: list[str], reserved: tuple[str, ...] = (),
           rights: tuple[str, ...] = (), raci: list[str] | None = None, case: Case | None = None) -> list[Check]:
    """The design's checks; ``reserved`` are the decisions the case leaves to consensus,
    ``rights`` those it gives each partner alone (ending the agreement, change of control),
    ``raci`` the decisions whose owner the RACI contradicts (None: not compared); ``case``
    names the people of each body and level and the disputes over rights or facts."""
    name = lambda k: labels.get(k, k)  # noqa: E731
    listed = lambda items: {"items": ", ".join(map(name, items))}  # noqa: E731
    negotiated = [d for d in rights if d in design.decisions and design.decisions[d].rule != "unilateral"]
    one_partner = [d for d in reserved if d in design.decisions and (
        (design.decisions[d].breaker == "chair" and needs_breaker(design.decisions[d], design.bodies))
        or seat_majority(design.decisions[d], design.bodies))]
    one_sided = [b for b, body in design.bodies.items() if body.members_a < 1 or body.members_b < 1]
    unowned = [d for d, dd in design.decisions.items()
               if dd.rule != "unilateral" and (not dd.body or dd.body not in design.bodies)]
    no_breaker = [d for d, dd in design.decisions.items()
                  if needs_breaker(dd, design.bodies) and dd.breaker == "none"]
    open_ended = [d for d, dd in design.decisions.items() if needs_breaker(dd, design.bodies)
                  and dd.breaker in ("escalate", "mediation") and end_of(design, d) is None]
    repeats = [d for d in design.decisions if repeated_levels(design, case, d)]
    disputes = [d for d in design.decisions if is_dispute(case, d)]
    arbitrated = [d for d in design.decisions if d not in disputes and end_of(design, d) in BINDING]
    unsettled = [d for d in disputes if end_of(design, d) in DEFAULTS]
    unreviewed = [k for k in kpis if design.reporting.get(k) not in design.bodies]
    protects = "protect_customers" in design.exit_plan
    exit_ok = bool(design.exit_triggers) and len(design.exit_plan) >= 2 and protects
    return [
        Check("governance.both_sides", not one_sided, {"items": ", ".join(map(name, one_sided))}, one_sided),
        Check("governance.decisions_owned", not unowned, {"items": ", ".join(map(name, unowned))}, unowned),
        Check("governance.deadlock_breaker", not no_breaker, {"items": ", ".join(map(name, no_breaker))}, no_breaker),
        Check("governance.ladder_final", any(design.ladder.values()) and not open_ended,
              {"items": ", ".join(map(name, open_ended)) or "–"}, open_ended),
        Check("governance.ladder_climbs", not repeats, listed(repeats), repeats),
        Check("governance.plan_not_arbitrated", not arbitrated, listed(arbitrated), arbitrated),
        Check("governance.disputes_settled", not unsettled, listed(unsettled), unsettled,
              variant="" if disputes else "none"),
        Check("governance.reserved_not_cast", not one_partner, {"items": ", ".join(map(name, one_partner))},
              one_partner),
        Check("governance.rights_unilateral", not negotiated, {"items": ", ".join(map(name, negotiated))}, negotiated,
              variant="" if rights else "none"),
        Check("governance.succession_ready", succession_ready(design)),
        Check("governance.raci_agrees", not raci, {"items": ", ".join(map(name, raci or []))}, list(raci or []),
              variant="" if raci is not None else "none"),
        Check("governance.kpis_reviewed", not unreviewed,
              {"items": ", ".join(map(name, unreviewed)), "count": len(unreviewed)}, unreviewed,
              variant="" if kpis else "none"),
        Check("governance.health_review", design.health_review is not None),
        Check("governance.exit_ready", exit_ok, {"triggers": len(design.exit_triggers), "plan": len(design.exit_plan)},
              variant="no_customers" if not protects and design.exit_triggers and len(design.exit_plan) >= 2 else ""),
    ]


@dataclass
class Trace:
    scenario: str
    decision: str
    body: str | None
    rule: str
    who: str  # "body", "a", "b" (a partner decides, holds the casting vote or most seats), "chair"
    #           (rotating), "either" (a right of each partner), a binding step ("arbitration",
    #           "expert"), a default ("status_quo", "fallback", "buy_sell", "exit"), or "nobody"
    days: int | None  # worst case to an outcome; None = no outcome (deadlock)
    deadlock: bool
    path: list[str] = field(default_factory=list)  # the steps taken ("skip:<level>": a group reached again)

    @property
    def outcome(self) -> str:
        """deadlock, unsponsored (a sponsor left and nobody took over), no_change (the declared
        default), fallback (last year's plan or budget), buy_sell, exit, right (a partner may act
        alone, on notice), or decided."""
        if self.deadlock:
            return "unsponsored" if "no_successor" in self.path or "no_outreach" in self.path else "deadlock"
        return {"status_quo": "no_change", "fallback": "fallback", "buy_sell": "buy_sell", "exit": "exit",
                "either": "right"}.get(self.who, "decided")

    @property
    def one_partner(self) -> bool:
        """One company settles it (its own decision right, the chair's casting vote, or its
        majority of the seats)."""
        return self.who in ("a", "b", "chair")

    @property
    def skipped(self) -> list[str]:
        """The groups the dispute reached again and skipped (their people already decided)."""
        return [step.split(":", 1)[1] for step in self.path if step.startswith("skip:")]


def escalation_days(design: Entry, body: str | None = None, case: Case | None = None) -> int:
    """Worst-case days from a body's failure to an outcome: the levels above ``body`` (the whole
    ladder without one) that bring new people, and the ladder's end."""
    repeats = {lv for lv, repeat in climb(design, case, body) if repeat}
    days = sum(design.ladder[level] for level in levels_above(design, body) if level not in repeats)
    return days + ladder_end(design)[1] - (FINAL_DAYS["ceos"] if "ceos" in repeats else 0)


def succession_trace(design: Entry, scenario_id: str, decision_id: str, partner: str) -> Trace:
    """A sponsor of ``partner`` leaves: the successor takes over in the days of the plan, and
    only with the other partner's sponsor rebuilding the relationship is the alliance sponsored."""
    start = [s for s in SUCCESSOR if s in design.succession]
    steps = [f"succession:{s}" for s in design.succession]
    if not start:
        return Trace(scenario_id, decision_id, None, "succession", "nobody", None, True, [*steps, "no_successor"])
    if "partner_meets" not in design.succession:
        return Trace(scenario_id, decision_id, None, "succession", "nobody", None, True, [*steps, "no_outreach"])
    return Trace(scenario_id, decision_id, None, "succession", partner, min(SUCCESSOR[s] for s in start), False, steps)


def trace(design: Entry, scenario_id: str, decision_id: str, case: Case | None = None) -> Trace:
    """One scenario card through the design; ``case`` names the people of each body and level
    (without it no group counts as reached again)."""
    d = design.decisions.get(decision_id)
    if d is not None and d.rule == "unilateral":  # a right: exercised on notice, outside the ladder
        return Trace(scenario_id, decision_id, d.body, d.rule, "either", d.days, False, ["right"])
    if d is None or not d.body or d.body not in design.bodies:
        return Trace(scenario_id, decision_id, None, d.rule if d else "none", "nobody", None, True, ["no_owner"])
    path = [f"body:{d.body}"]
    larger = seat_majority(d, design.bodies)
    if larger:  # a majority of unequal seats: the partner with more seats decides alone
        return Trace(scenario_id, decision_id, d.body, d.rule, larger, d.days, False, [*path, "seat_majority"])
    if not needs_breaker(d, design.bodies):
        who = DECIDER.get(d.rule, "body")
        return Trace(scenario_id, decision_id, d.body, d.rule, who, d.days, False, path)
    if d.breaker == "chair":
        chair = design.bodies[d.body].chair
        if chair in ("a", "b", "rotating"):  # a casting vote: one partner decides
            return Trace(scenario_id, decision_id, d.body, d.rule, "chair" if chair == "rotating" else chair,
                         d.days, False, [*path, "casting_vote"])
        return Trace(scenario_id, decision_id, d.body, d.rule, "nobody", None, True, [*path, "no_chair"])
    if d.breaker == "status_quo":
        return Trace(scenario_id, decision_id, d.body, d.rule, "status_quo", d.days, False, [*path, "status_quo"])
    if d.breaker in ("mediation", "escalate"):
        mediated = d.breaker == "mediation"
        steps, days = (["mediation"], d.days + MEDIATION_DAYS) if mediated else ([], d.days)
        repeats = set()
        for level, repeat in climb(design, case, d.body, mediated):
            if repeat:
                repeats.add(level)
                steps.append(f"skip:{level}")
            elif level != "ceos":  # the CEOs are the top of the ladder, counted with its end
                steps.append(f"level:{level}")
                days += design.ladder[level]
        who, end_days, end_steps = ladder_end(design, d)
        if "ceos" in repeats:  # the CEOs already decided below: their meeting is skipped
            end_steps, end_days = [x for x in end_steps if x != "final:ceos"], end_days - FINAL_DAYS["ceos"]
        if who is None:
            return Trace(scenario_id, decision_id, d.body, d.rule, "nobody", None, True, [*path, *steps, *end_steps])
        return Trace(scenario_id, decision_id, d.body, d.rule, who, days + end_days, False, [*path, *steps, *end_steps])
    return Trace(scenario_id, decision_id, d.body, d.rule, "nobody", None, True, [*path, "deadlock"])


def stress_test(design: Entry, case: Case) -> list[Trace]:
    return [succession_trace(design, s.id, s.decision, s.sponsor_of) if s.sponsor_of
            else trace(design, s.id, s.decision, case) for s in case_of(case).scenarios]


@dataclass
class GovernanceResult:
    members: list[str]
    design: Entry
    differences: list[Difference]
    checks: list[Check]
    traces: list[Trace]

    @property
    def deadlocks(self) -> list[Trace]:
        return [t for t in self.traces if t.deadlock]


def labels_for(case: Case, lang: str) -> dict[str, str]:
    out = {b.id: b.label.get(lang) for b in case_of(case).bodies}
    out.update({d.id: d.label.get(lang) for d in case_of(case).decisions})
    out.update({s.id: s.title.get(lang) for s in case_of(case).scenarios})
    return out


def aggregate(entries: dict[str, Entry], case: Case, labels: dict[str, str], kpis: list[str],
              owners: dict[str, str] | None = None) -> GovernanceResult:
    """The team design, its checks and stress test; ``owners``: the RACI's agreed Accountable
    per activity (from the roles module), to compare with the decision map."""
    base = default_entry(case)
    members = [m for m, e in entries.items() if e.bodies or e.decisions]
    design, differences = merge({m: entries[m] for m in members}, base)
    raci = raci_conflicts(design, case, owners or {})
    return GovernanceResult(members, design, differences,
                            checks(design, labels, kpis, *case_matters(case), raci, case=case),
                            stress_test(design, case))


def case_matters(case: Case) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(reserved, rights): the decisions the case leaves to consensus, and those it gives each
    partner alone."""
    return (tuple(d.id for d in case_of(case).decisions if (d.rule or "consensus") == "consensus"),
            tuple(d.id for d in case_of(case).decisions if d.right))
