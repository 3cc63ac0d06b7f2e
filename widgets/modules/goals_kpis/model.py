"""Goals and KPIs: the alliance's vision, a business case per partner, goals and a KPI set.

The team shares one document (vision and business case). Each member proposes goals and
KPIs in their own document and endorses teammates' proposals; the *team set* is every
proposal endorsed by at least one member other than its author (in a one-person team,
the author's own proposals). Checks run on the team set and on each KPI.

The same goal (or KPI) proposed by two members is one entry with both as supporters, not two
entries: two proposals are the same when their text (a KPI's name) has the same
:func:`same_key`, i.e. it differs only in case, spacing, accents, compatibility forms or
invisible characters. Two members who propose it independently both support it, so it is in
the team set as if one had endorsed the other's.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from widgets.model.lists import same_label
from widgets.model.problems import ModelError, Problem, fail, validate
from widgets.model.text import UserText, fold

KEY = "goals_kpis"
CATEGORIES = ("revenue", "sales_commitments", "cost_savings", "relationship", "capability", "customer")
FREQUENCIES = ("monthly", "quarterly", "semiannual", "annual")
HORIZONS = ("short", "long")
BENEFICIARIES = ("a", "b", "both")
MAX_GOALS = 12
MAX_KPIS = 30
MIN_GOALS = 3
MONEY_MAX = 1e12
QUICK_MONTHS = 12  # a target due within a year is a quick win; later, a long-term one
MAX_DUE_MONTHS = 120

Id = Annotated[str, Field(pattern=r"^[gk][0-9]{1,4}$")]
Ref = Annotated[str, Field(min_length=3, max_length=64, pattern=r"^[^\x00-\x1f]+#[gk][0-9]{1,4}$")]
Money = Annotated[float, Field(ge=0, le=MONEY_MAX, allow_inf_nan=False)]
Number = Annotated[float, Field(ge=-MONEY_MAX, le=MONEY_MAX, allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PartnerCase(_Strict):
    investment: Money | None = None  # total over the horizon
    annual_return: Money | None = None  # expected benefit per year once running


class TeamPlan(_Strict):
    """The team's shared document: vision and business case."""

    vision: UserText(600, multiline=True) = ""
    # the written scope: what the alliance covers, and what it deliberately does not
    scope_in: UserText(400, multiline=True) = ""
    scope_out: UserText(400, multiline=True) = ""
    horizon_years: Annotated[int, Field(ge=1, le=10, strict=True)] = 3
    a: PartnerCase = Field(default_factory=PartnerCase)
    b: PartnerCase = Field(default_factory=PartnerCase)


class Goal(_Strict):
    id: Id
    text: UserText(200)

    @model_validator(mode="after")
    def _text(self) -> Goal:
        if not self.text:
            raise fail("goals_kpis.goal_empty")
        return self


class Kpi(_Strict):
    id: Id
    name: UserText(120)
    goal: Ref | None = None  # "Author#g1"
    category: Literal[CATEGORIES] = "revenue"  # type: ignore[valid-type]
    kind: Literal["quantitative", "qualitative"] = "quantitative"
    baseline: Number | None = None
    target: Number | None = None
    unit: UserText(30) = ""
    scale: UserText(200) = ""  # for a qualitative KPI: how it is judged
    horizon: Literal[HORIZONS] | None = None  # type: ignore[valid-type]
    # months from the start of the alliance by which the target is reached: what makes it time-bound
    due_months: Annotated[int, Field(ge=1, le=MAX_DUE_MONTHS, strict=True)] | None = None
    beneficiary: Literal[BENEFICIARIES] = "both"  # type: ignore[valid-type]
    owner: UserText(80) = ""
    frequency: Literal[FREQUENCIES] | None = None  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _name(self) -> Kpi:
        if not self.name:
            raise fail("goals_kpis.kpi_name_empty")
        if self.due_months is not None:  # the date decides the horizon, so the two never disagree
            self.horizon = "short" if self.due_months <= QUICK_MONTHS else "long"
        return self


class Entry(_Strict):
    """One member's proposals and endorsements."""

    goals: list[Goal] = Field(default_factory=list, max_length=MAX_GOALS)
    kpis: list[Kpi] = Field(default_factory=list, max_length=MAX_KPIS)
    endorse: list[Ref] = Field(default_factory=list, max_length=200)

    @model_validator(mode="after")
    def _unique(self) -> Entry:
        ids = [g.id for g in self.goals] + [k.id for k in self.kpis]
        if len(ids) != len(set(ids)):
            raise fail("goals_kpis.duplicate_id")
        self.endorse = list(dict.fromkeys(self.endorse))
        return self


def ref(author: str, item_id: str) -> str:
    return f"{author}#{item_id}"


def next_id(entry: Entry, prefix: str) -> str:
    taken = {g.id for g in entry.goals} | {k.id for k in entry.kpis}
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


# -- business case -------------------------------------------------------------------------------
@dataclass(frozen=True)
class PartnerReturn:
    partner: str
    investment: float | None
    annual_return: float | None
    total_return: float | None
    roi: float | None  # (total return - investment) / investment over the horizon
    payback_years: float | None  # investment / annual return

    @property
    def complete(self) -> bool:
        return self.investment is not None and self.annual_return is not None


def add_goal(entry: Entry, text: str) -> Entry:
    """``entry`` with a new goal; refused when it is empty or when this member has already
    proposed the same goal (ignoring case and spacing): one proposal, many endorsements."""
    if not str(text or "").strip():
        raise ModelError(Problem("goals_kpis.goal_empty"))
    goal = validate(Goal, {"id": next_id(entry, "g"), "text": text})
    if any(same_label(g.text, goal.text) for g in entry.goals):
        raise ModelError(Problem("goals_kpis.duplicate_goal", {"text": goal.text}))
    doc = entry.model_dump(mode="json")
    return validate(Entry, {**doc, "goals": [*doc["goals"], goal.model_dump()]})


def put_kpi(entry: Entry, kpi: Kpi) -> Entry:
    """``entry`` with ``kpi`` saved: an edited KPI keeps its place in the list, a new one is
    added at the end; the result is validated like any document from the browser. A member
    cannot propose the same KPI (by name, ignoring case and spacing) twice."""
    if any(k.id != kpi.id and same_label(k.name, kpi.name) for k in entry.kpis):
        raise ModelError(Problem("goals_kpis.duplicate_kpi", {"name": kpi.name}))
    ids = [k.id for k in entry.kpis]
    kpis = [k.model_dump() for k in entry.kpis if k.id != kpi.id]
    kpis.insert(ids.index(kpi.id) if kpi.id in ids else len(kpis), kpi.model_dump())
    return validate(Entry, {**entry.model_dump(mode="json"), "kpis": kpis})


def remove_goal(entry: Entry, goal_id: str) -> Entry:
    """``entry`` without the goal ``goal_id`` (unchanged when there is none)."""
    if all(g.id != goal_id for g in entry.goals):
        return entry
    doc = entry.model_dump(mode="json")
    return validate(Entry, {**doc, "goals": [g for g in doc["goals"] if g["id"] != goal_id]})


def remove_kpi(entry: Entry, kpi_id: str) -> Entry:
    """``entry`` without the KPI ``kpi_id`` (unchanged when there is none)."""
    if all(k.id != kpi_id for k in entry.kpis):
        return entry
    doc = entry.model_dump(mode="json")
    return validate(Entry, {**doc, "kpis": [k for k in doc["kpis"] if k["id"] != kpi_id]})


def set_endorsed(entry: Entry, ref: str, on: bool, refs: list[str] | tuple[str, ...] = ()) -> Entry:
    """``entry`` endorsing the proposal ``ref`` (``on``) or not. ``refs`` are the refs of every
    proposal merged into that entry of the team's list (default: ``ref`` alone): endorsing one of
    them endorses the entry, so switching it off drops them all. An entry that already says
    so is returned unchanged."""
    refs = list(refs) or [ref]
    if on == any(r in entry.endorse for r in refs):
        return entry
    endorse = [r for r in entry.endorse if r not in refs] + ([ref] if on else [])
    return validate(Entry, {**entry.model_dump(mode="json"), "endorse": endorse})


PLAN_TEXTS = ("vision", "scope_in", "scope_out")


def read_plan(typed: dict, stored: TeamPlan) -> tuple[TeamPlan, list[Problem]]:
    """The team plan from what the browser sent (untrusted), field by field: a field that does
    not validate (an amount that is not a number, a vision over its length) keeps its stored
    value and gives a problem, while every valid field is kept. One bad amount never throws
    away a vision someone has just typed.

    ``typed``: ``vision``, ``scope_in``, ``scope_out``, ``horizon_years`` and, per partner,
    ``a_investment``, ``a_annual_return``, ``b_investment``, ``b_annual_return`` as typed."""
    data = stored.model_dump(mode="json")
    problems: list[Problem] = []

    def take(assign) -> None:
        try:
            assign()
        except ModelError as exc:
            problems.extend(exc.problems)

    for name in PLAN_TEXTS:
        if name in typed:
            take(lambda n=name: data.update({n: validate(TeamPlan, {n: typed[n]}).model_dump()[n]}))
    if "horizon_years" in typed:
        take(lambda: data.update(horizon_years=validate(TeamPlan, {"horizon_years": typed["horizon_years"]}).horizon_years))
    for side in ("a", "b"):
        for name in ("investment", "annual_return"):
            if f"{side}_{name}" in typed:
                take(lambda s=side, n=name: data[s].update(
                    {n: validate(PartnerCase, {n: parse_amount(typed[f"{s}_{n}"])}).model_dump()[n]}))
    return validate(TeamPlan, data), problems


def business_case(plan: TeamPlan) -> list[PartnerReturn]:
    out = []
    for partner in ("a", "b"):
        pc: PartnerCase = getattr(plan, partner)
        inv, ret = pc.investment, pc.annual_return
        total = None if ret is None else ret * plan.horizon_years
        roi = (total - inv) / inv if total is not None and inv else None
        payback = inv / ret if inv is not None and ret else None
        out.append(PartnerReturn(partner, inv, ret, total, roi, payback))
    return out


# -- the team set ---------------------------------------------------------------------------------
@lru_cache(maxsize=8192)
def same_key(text: str) -> str:
    """What two proposals are compared by: the text folded (:func:`widgets.model.text.fold`:
    case, spacing, compatibility forms, invisible characters) with its accents dropped, so
    "Reducir   costos" and "reducír costos" are the same goal."""
    decomposed = unicodedata.normalize("NFD", fold(text))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


@dataclass
class Proposal:
    """One entry of the team's list: a goal or KPI with everyone who proposed it (``proposed_by``,
    the first of them its ``author``, whose wording is shown) and who endorsed it."""

    ref: str
    author: str
    item: Goal | Kpi
    endorsed_by: list[str]  # members who endorsed it without proposing it
    in_set: bool
    proposed_by: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)  # the refs of every proposal merged into this entry

    def __post_init__(self) -> None:
        self.proposed_by = self.proposed_by or [self.author]
        self.refs = self.refs or [self.ref]

    @property
    def supporters(self) -> list[str]:
        """Every member behind this entry: those who proposed it, then those who endorsed it."""
        return list(dict.fromkeys([*self.proposed_by, *self.endorsed_by]))


@dataclass
class Check:
    code: str
    ok: bool
    params: dict = field(default_factory=dict)
    subject: str = ""  # a KPI or goal ref when the check is about one item
    variant: str = ""  # a different wording of the outcome (e.g. "none": nothing to check yet)

    @property
    def message(self) -> str:
        """The message id for this outcome: ``finding.<code>.ok|fail|<variant>``."""
        return f"finding.{self.code}.{self.variant or ('ok' if self.ok else 'fail')}"


@dataclass
class TeamSet:
    goals: list[Proposal]
    kpis: list[Proposal]
    checks: list[Check]
    kpi_checks: dict[str, list[Check]]  # by the ref of every proposal, merged ones included
    aliases: dict[str, str] = field(default_factory=dict)  # every proposal's ref -> its entry's ref

    def entry_ref(self, ref: str | None) -> str | None:
        """The ref of the entry a proposal's ref was merged into (itself when not merged)."""
        return None if ref is None else self.aliases.get(ref, ref)

    @property
    def chosen_goals(self) -> list[Proposal]:
        return [p for p in self.goals if p.in_set]

    @property
    def chosen_kpis(self) -> list[Proposal]:
        return [p for p in self.kpis if p.in_set]

    @property
    def wins(self) -> dict[str, dict[str, int]]:
        """The 2×2 of quick and long-term wins per partner (:func:`horizon_grid`)."""
        return horizon_grid(self.chosen_kpis)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]


def proposals(entries: dict[str, Entry], team_size: int | None = None) -> tuple[list[Proposal], list[Proposal]]:
    """The team's goals and KPIs, one entry per distinct proposal (:func:`same_key`): the same
    goal proposed by two members is one entry that both support. An entry is in the set when a
    member other than one who proposed it supports it (in a one-person team, always)."""
    endorsements: dict[str, list[str]] = {}
    for member, entry in entries.items():
        for r in entry.endorse:
            endorsements.setdefault(r, []).append(member)
    solo = (len(entries) if team_size is None else team_size) <= 1
    out: dict[str, list[Proposal]] = {"goals": [], "kpis": []}
    for kind in out:
        groups: dict[str, list[tuple[str, Goal | Kpi]]] = {}
        for author, entry in entries.items():
            for item in getattr(entry, kind):
                key = same_key(item.text if isinstance(item, Goal) else item.name)
                groups.setdefault(key, []).append((author, item))
        for members in groups.values():
            author, item = _representative(members)
            refs = [ref(a, i.id) for a, i in members]
            proposed_by = list(dict.fromkeys(a for a, _ in members))
            by = list(dict.fromkeys(m for r in refs for m in endorsements.get(r, []) if m not in proposed_by))
            out[kind].append(Proposal(ref(author, item.id), author, item, by, len(proposed_by) > 1 or bool(by) or solo,
                                      proposed_by, [ref(author, item.id), *[r for r in refs if r != ref(author, item.id)]]))
    return out["goals"], out["kpis"]


def _representative(members: list[tuple[str, Goal | Kpi]]) -> tuple[str, Goal | Kpi]:
    """Whose wording a merged entry shows: the first proposal, or for a KPI the first of those
    that pass the most of its checks (the most complete one)."""
    if isinstance(members[0][1], Goal):
        return members[0]
    return max(members, key=lambda m: (sum(c.ok for c in kpi_checks(m[1])), -members.index(m)))


def kpi_checks(kpi: Kpi) -> list[Check]:
    """Each KPI is measurable, owned and time-bound."""
    if kpi.kind == "quantitative":
        measurable = kpi.target is not None and bool(kpi.unit)
    else:
        measurable = bool(kpi.scale)
    return [
        Check("goals_kpis.kpi_measurable_" + kpi.kind, measurable, {"kpi": kpi.name}),
        Check("goals_kpis.kpi_owned", bool(kpi.owner), {"kpi": kpi.name}),
        # time-bound: a date for the target (months from the start) and a rhythm for reporting it
        Check("goals_kpis.kpi_time_bound", kpi.due_months is not None and kpi.frequency is not None, {"kpi": kpi.name}),
    ]


def horizon_grid(chosen: list[Proposal]) -> dict[str, dict[str, int]]:
    """For each partner, how many KPIs of the set that benefit it (its own or both) are short-
    and long-term: the 2×2 of quick and lasting wins."""
    return {p: {h: sum(1 for k in chosen if k.item.beneficiary in (p, "both") and k.item.horizon == h)
                for h in HORIZONS} for p in ("a", "b")}


def team_set(entries: dict[str, Entry], team_size: int | None = None) -> TeamSet:
    """The team set and its checks; ``team_size`` is how many have joined (default: who saved).

    A goal is in the set when someone other than its author endorses it, or when a KPI of the
    set serves it (a measure the team adopted brings the goal it measures with it)."""
    goals, kpis = proposals(entries, team_size)
    aliases = {r: p.ref for p in goals + kpis for r in p.refs}
    chosen = [p for p in kpis if p.in_set]
    served = {aliases.get(p.item.goal, p.item.goal) for p in chosen}
    for goal in goals:
        goal.in_set = goal.in_set or goal.ref in served
    chosen_goals = [p for p in goals if p.in_set]
    per_kpi = {p.ref: kpi_checks(p.item) for p in kpis}
    for author, entry in entries.items():  # every member's own KPI keeps its checks, merged or not
        for k in entry.kpis:
            per_kpi.setdefault(ref(author, k.id), kpi_checks(k))
    sides = {p.item.beneficiary for p in chosen}
    grid = horizon_grid(chosen)
    orphan = [g for g in chosen_goals if g.ref not in served]
    weak = [p for p in chosen if not all(c.ok for c in per_kpi[p.ref])]
    checks = [
        Check("goals_kpis.enough_goals", len(chosen_goals) >= MIN_GOALS, {"count": len(chosen_goals), "min": MIN_GOALS}),
        Check("goals_kpis.kpis_sound", bool(chosen) and not weak, {"count": len(weak), "total": len(chosen)}),
        Check("goals_kpis.both_benefit", "both" in sides or {"a", "b"} <= sides),
        Check("goals_kpis.both_horizons", all(all(grid[p].values()) for p in grid)),
        Check("goals_kpis.relationship_kpi", any(p.item.category == "relationship" for p in chosen)),
        Check("goals_kpis.every_goal_measured", bool(chosen_goals) and not orphan,
              {"goals": "; ".join(g.item.text for g in orphan)}, variant="" if chosen_goals else "none"),
    ]
    return TeamSet(goals, kpis, checks, per_kpi, aliases)


def counts(kpis: list[Proposal]) -> dict[str, dict]:
    """KPIs of the team set by category x horizon and by beneficiary (for charts and tables)."""
    by_cat = {c: {"short": 0, "long": 0, "unset": 0} for c in CATEGORIES}
    by_side = {b: 0 for b in BENEFICIARIES}
    for p in kpis:
        if not p.in_set:
            continue
        by_cat[p.item.category][p.item.horizon or "unset"] += 1
        by_side[p.item.beneficiary] += 1
    return {"category": by_cat, "beneficiary": by_side}


def parse_amount(text: object) -> float | None:
    """An amount typed by a participant: '', '1,500,000', '2.5e6' -> float; else a clear error."""
    if text is None:
        return None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = float(text)
    elif isinstance(text, str):
        s = text.strip().replace(" ", "").replace("_", "")
        if not s:
            return None
        if len(s) > 30:
            raise ModelError(Problem("goals_kpis.amount_invalid", {"value": s[:30]}))
        if "," in s and "." in s:  # the last separator is the decimal one: 1,500.5 / 1.500,5
            decimal = "," if s.rfind(",") > s.rfind(".") else "."
            s = s.replace("." if decimal == "," else ",", "").replace(",", ".")
        elif s.count(",") > 1 or s.count(".") > 1:  # 1,500,000 / 1.500.000
            s = s.replace(",", "").replace(".", "")
        elif s.count(",") == 1:  # 1,500 (thousands) / 2,5 (decimal)
            whole, frac = s.split(",")
            s = whole + frac if len(frac) == 3 else f"{whole}.{frac}"
        try:
            value = float(s)
        except ValueError:
            raise ModelError(Problem("goals_kpis.amount_invalid", {"value": text.strip()[:30]})) from None
    else:
        raise ModelError(Problem("goals_kpis.amount_invalid", {"value": "?"}))
    if value != value or value in (float("inf"), float("-inf")) or abs(value) > MONEY_MAX:
        raise ModelError(Problem("goals_kpis.amount_invalid", {"value": str(text)[:30]}))
    return value
