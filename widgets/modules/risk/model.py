"""Risk balancing: what each partner puts in, gets out and risks, and whether that is fair.

Members estimate contributions and benefits (0-5 per category and partner) and, for each
risk in the team's register, its likelihood and impact (1-5) and the share borne by
partner A (0-100%). The team's register holds the mitigation and owner of each risk.

Computed on the team's mean estimates:

* inputs made comparable: capital and brand are not in the same unit, so scores are never
  added across categories. Per category, each partner's *share* of it (its score over both
  partners' scores); the contribution share (and the benefit share) is the mean of those
  shares weighted by how much the category matters in this alliance (0-5, each member says;
  3 unless changed, 0 = it does not count);
* risk exposure of a partner: every risk counts. A risk's exposure for a partner is its
  likelihood x impact x the partner's share of it (at most ``MAX_SCORE`` = 25). Within a
  category the risks combine like independent chances (``combined``): each one adds to the
  category's exposure, but together they never exceed ``MAX_SCORE``, so splitting one risk
  into five of the same kind cannot make a side bear five times more. The categories' exposures
  are summed; a partner's risk share is its exposure over both partners';
* balance index = benefit share / mean(contribution share, risk share). 1.0 means a partner
  gets out in proportion to what it puts in and bears. Between 0.8 and 1.25 the alliance is
  *balanced*; outside, *lopsided* (below 0.8 the partner gives more than it gets). The index
  is shown to two decimals (:func:`shown_index`), never rounded across 0.8 or 1.25, so the
  number read and the verdict beside it always agree (0.795 reads 0.79, "gives more"). These
  are judgements, so it is shown with a *band*: the lowest and highest
  index any member's own estimates give (the team's index included). A band that crosses 0.8 or 1.25 means the team is
  not agreed on the verdict;
* a risk is *high* when likelihood x impact >= 12 or its impact is severe, and *unmitigated*
  when high and it lacks a mitigation or an owner; *contested* when members' likelihood or
  impact differ by 2+.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from widgets.model.case import Case
from widgets.model.lists import next_id, same_label
from widgets.model.problems import ModelError, Problem, fail, validate
from widgets.model.text import UserText
from widgets.modules.risk.case import RISK_CATEGORIES
from widgets.modules.risk.case import of as case_of

KEY = "risk"
CONTRIBUTIONS = ("capital", "people", "technology", "customer_access", "brand")
BENEFITS = ("revenue", "market_access", "capabilities", "cost_savings", "reputation")
PARTNERS = ("a", "b")
BALANCED = (0.8, 1.25)
HIGH = 12
# what a member's estimate of a risk starts from before they move a slider
DEFAULT_ESTIMATE = {"likelihood": 3, "impact": 3, "share_a": 50}
CONTESTED_SPREAD = 2
DEFAULT_WEIGHT = 3
MAX_RISKS = 30

SEVERE_IMPACT = 4.5  # an impact rated 5 (or a team mean that rounds to 5)


def is_high(likelihood: float, impact: float) -> bool:
    """A risk is high when likelihood × impact reaches HIGH (of 25), or when its impact is
    severe whatever its likelihood: a device that harms a patient, a breach of antitrust law or
    the loss of the core IP is managed as high even when it is judged unlikely, because no
    mitigation after the fact undoes it."""
    return likelihood * impact >= HIGH or impact >= SEVERE_IMPACT


Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,47}$")]
Level = Annotated[int, Field(ge=1, le=5, strict=True)]
Value = Annotated[int, Field(ge=0, le=5, strict=True)]
Percent = Annotated[int, Field(ge=0, le=100, strict=True)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PerPartner(_Strict):
    a: Value = 0
    b: Value = 0
    weight: Value = DEFAULT_WEIGHT  # how much this category matters in this alliance (0 = not at all)


class Estimate(_Strict):
    likelihood: Level
    impact: Level
    share_a: Percent


class Entry(_Strict):
    """One member's estimates."""

    contributions: dict[Literal[CONTRIBUTIONS], PerPartner] = Field(default_factory=dict)  # type: ignore[valid-type]
    benefits: dict[Literal[BENEFITS], PerPartner] = Field(default_factory=dict)  # type: ignore[valid-type]
    risks: dict[Id, Estimate] = Field(default_factory=dict, max_length=MAX_RISKS * 2)


class TeamRisk(_Strict):
    id: Id
    label: UserText(120) | None = None
    category: Literal[RISK_CATEGORIES] | None = None  # type: ignore[valid-type]
    case: bool = False
    mitigation: UserText(300, multiline=True) = ""
    owner: UserText(80) = ""


class Register(_Strict):
    """The team's shared risk register."""

    risks: list[TeamRisk] = Field(min_length=1, max_length=MAX_RISKS)

    @model_validator(mode="after")
    def _check(self) -> Register:
        ids = [r.id for r in self.risks]
        if len(ids) != len(set(ids)):
            raise fail("risk.duplicate_id")
        if any(not r.case and (not r.label or not r.category) for r in self.risks):
            raise fail("risk.label_required")
        return self


def default_register(case: Case) -> Register:
    return Register(risks=[TeamRisk(id=r.id, case=True) for r in case_of(case).risks])


def load_register(shared: object, case: Case) -> Register:
    return default_register(case) if shared is None else Register.model_validate(shared)


def add_risk(register: Register, label: str, category: str, existing: dict[str, str]) -> Register:
    item = validate(TeamRisk, {"id": "x", "label": label, "category": category})
    if not item.label:
        raise ModelError(Problem("risk.label_required"))
    if any(same_label(item.label, v) for v in existing.values()):
        raise ModelError(Problem("risk.label_exists", {"label": item.label}))
    if len(register.risks) >= MAX_RISKS:
        raise ModelError(Problem("risk.too_many", {"max": MAX_RISKS}))
    item.id = next_id("team-r", {r.id for r in register.risks})
    return register.model_copy(update={"risks": [*register.risks, item]})


def drop_risk(register: Register, risk_id: str) -> Register:
    remaining = [r for r in register.risks if r.id != risk_id]
    if not remaining:
        raise ModelError(Problem("risk.keep_one"))
    return register.model_copy(update={"risks": remaining})


def set_treatment(register: Register, risk_id: str, mitigation: str | None = None,
                  owner: str | None = None) -> Register:
    risks = []
    for r in register.risks:
        if r.id == risk_id:
            data = r.model_dump()
            if mitigation is not None:
                data["mitigation"] = mitigation
            if owner is not None:
                data["owner"] = owner
            r = validate(TeamRisk, data)
        risks.append(r)
    return register.model_copy(update={"risks": risks})


# -- computation -----------------------------------------------------------------------------------
def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass
class RiskView:
    id: str
    likelihood: float | None
    impact: float | None
    share_a: float | None
    estimates: dict[str, Estimate]
    from_case: bool  # no member has estimated it: the case's defaults are used
    category: str = "operational"
    mitigation: str = ""
    owner: str = ""

    @property
    def score(self) -> float | None:
        if self.likelihood is None or self.impact is None:
            return None
        return self.likelihood * self.impact

    def spread(self, what: str) -> int:
        values = [getattr(e, what) for e in self.estimates.values()]
        return max(values) - min(values) if values else 0

    @property
    def contested(self) -> bool:
        return len(self.estimates) >= 2 and max(self.spread("likelihood"), self.spread("impact")) >= CONTESTED_SPREAD

    @property
    def high(self) -> bool:
        return self.score is not None and is_high(self.likelihood, self.impact)

    @property
    def unmitigated(self) -> bool:
        return self.high and not (self.mitigation and self.owner)

    def exposure(self, partner: str) -> float:
        if self.score is None or self.share_a is None:
            return 0.0
        share = self.share_a / 100 if partner == "a" else 1 - self.share_a / 100
        return self.score * share


@dataclass
class Balance:
    partner: str
    contribution: float | None  # shares in [0, 1]
    benefit: float | None
    risk: float | None
    index: float | None
    band: tuple[float, float] | None = None  # lowest and highest index of the members' own estimates

    @property
    def agreed(self) -> bool:
        """Whether every member's own estimates give the same verdict as the team's."""
        if self.band is None or self.index is None:
            return True
        low, high = BALANCED
        verdicts = {_verdict(x) for x in (*self.band, self.index)}
        return len(verdicts) == 1 and not (self.band[0] < low <= self.band[1] or self.band[0] <= high < self.band[1])

    @property
    def verdict(self) -> str:
        return _verdict(self.index)


INDEX_DIGITS = 2  # the index as read: 0.77, which the bands' ends 0.8 and 1.25 can be told from


def shown_index(index: float | None, digits: int = INDEX_DIGITS) -> float | None:
    """The balance index as it is shown: rounded to ``digits`` decimals, except that a value that
    rounding would carry across an end of the balanced band (0.795 -> 0.80) is rounded toward its
    own side instead (0.79), so the number shown gives the same verdict as the index itself."""
    if index is None or not math.isfinite(index):
        return index
    shown = round(index, digits)
    if _verdict(shown) == _verdict(index):
        return shown
    step = 10 ** digits
    return math.floor(index * step) / step if index < shown else math.ceil(index * step) / step


def _verdict(index: float | None) -> str:
    if index is None:
        return "unknown"
    low, high = BALANCED
    if index < low:
        return "gives_more"
    if index > high:
        return "gets_more"
    return "balanced"


@dataclass
class RiskResult:
    members: list[str]
    contributions: dict[str, dict[str, float | None]]  # category -> partner -> mean
    benefits: dict[str, dict[str, float | None]]
    risks: list[RiskView]
    balance: dict[str, Balance]
    exposure: dict[str, float]

    @property
    def balanced(self) -> bool | None:
        verdicts = {b.verdict for b in self.balance.values()}
        if "unknown" in verdicts:
            return None
        return verdicts == {"balanced"}

    @property
    def unmitigated(self) -> list[RiskView]:
        return [r for r in self.risks if r.unmitigated]

    @property
    def contested(self) -> list[RiskView]:
        return [r for r in self.risks if r.contested]


def _means(entries: dict[str, Entry], attr: str, categories: tuple[str, ...]) -> dict[str, dict[str, float | None]]:
    """Per category: each partner's mean score and the mean weight (None where nobody said)."""
    out = {}
    for cat in categories:
        got = [getattr(e, attr)[cat] for e in entries.values() if cat in getattr(e, attr)]
        out[cat] = {p: _mean([getattr(g, p) for g in got]) for p in (*PARTNERS, "weight")}
    return out


def weighted_shares(values: dict[str, dict[str, float | None]]) -> dict[str, float | None]:
    """Each partner's share over categories: per category its share of both partners' scores,
    averaged with the category's weight (categories nobody scored, or weighted 0, left out)."""
    total_w, acc = 0.0, {p: 0.0 for p in PARTNERS}
    for v in values.values():
        a, b, weight = v.get("a"), v.get("b"), v.get("weight")
        if a is None or b is None or not weight or a + b <= 0:
            continue
        total_w += weight
        acc["a"] += weight * a / (a + b)
        acc["b"] += weight * b / (a + b)
    return {p: (acc[p] / total_w if total_w else None) for p in PARTNERS}


MAX_SCORE = 25  # likelihood 5 x impact 5: the most one risk can weigh


def combined(values: list[float]) -> float:
    """The exposures of one category's risks together: ``MAX_SCORE`` x (1 - the product of
    (1 - each / ``MAX_SCORE``)). Every risk adds (a second risk of 10 on top of one of 20 gives
    22, not 20), and no number of risks goes beyond ``MAX_SCORE``."""
    left = 1.0
    for v in values:
        left *= 1 - min(max(v, 0.0), MAX_SCORE) / MAX_SCORE
    return MAX_SCORE * (1 - left)


def exposures(risks: list[RiskView]) -> dict[str, float]:
    """Each partner's exposure: per risk category every risk combined (:func:`combined`),
    summed over the categories."""
    by: dict[tuple[str, str], list[float]] = {}
    for r in risks:
        for p in PARTNERS:
            by.setdefault((r.category, p), []).append(r.exposure(p))
    return {p: sum(combined(v) for (_, q), v in by.items() if q == p) for p in PARTNERS}


def _index(c: float | None, b: float | None, r: float | None) -> float | None:
    put_in = _mean([x for x in (c, r) if x is not None])
    if b is None or put_in is None:
        return None
    if put_in == 0:
        return float("inf") if b > 0 else None
    return b / put_in


def _balance(contributions: dict, benefits: dict, exposure: dict[str, float]) -> dict[str, tuple]:
    """(contribution, benefit, risk share, index) per partner."""
    c, b = weighted_shares(contributions), weighted_shares(benefits)
    total = sum(exposure.values())
    r = {p: (exposure[p] / total if total > 0 else None) for p in PARTNERS}
    return {p: (c[p], b[p], r[p], _index(c[p], b[p], r[p])) for p in PARTNERS}


def _own(view: RiskView, estimate: Estimate | None) -> RiskView:
    """A risk as one member sees it (the team's view where the member gave no estimate)."""
    if estimate is None:
        return view
    return RiskView(view.id, estimate.likelihood, estimate.impact, estimate.share_a, {}, False, view.category)


def aggregate(register: Register, case: Case, entries: dict[str, Entry]) -> RiskResult:
    members = [m for m, e in entries.items() if e.contributions or e.benefits or e.risks]
    active = {m: entries[m] for m in members}
    contributions = _means(active, "contributions", CONTRIBUTIONS)
    benefits = _means(active, "benefits", BENEFITS)
    defaults = {r.id: r for r in case_of(case).risks}
    risks = []
    for item in register.risks:
        category = item.category or (defaults[item.id].category if item.id in defaults else "operational")
        estimates = {m: e.risks[item.id] for m, e in active.items() if item.id in e.risks}
        if estimates:
            view = RiskView(item.id, _mean([e.likelihood for e in estimates.values()]),
                            _mean([e.impact for e in estimates.values()]),
                            _mean([e.share_a for e in estimates.values()]), estimates, False, category)
        elif item.case and item.id in defaults:
            d = defaults[item.id]
            view = RiskView(item.id, d.likelihood, d.impact, d.share_a, {}, True, category)
        else:
            view = RiskView(item.id, None, None, None, {}, False, category)
        view.mitigation, view.owner = item.mitigation, item.owner
        risks.append(view)
    exposure = exposures(risks)
    team = _balance(contributions, benefits, exposure)
    bands: dict[str, list[float]] = {p: [] for p in PARTNERS}
    if len(active) >= 2:  # each member's own view: their values where they gave them, the team's elsewhere
        for e in active.values():
            own_c = {**contributions, **_means({"m": e}, "contributions", tuple(e.contributions))}
            own_b = {**benefits, **_means({"m": e}, "benefits", tuple(e.benefits))}
            own = _balance(own_c, own_b, exposures([_own(r, e.risks.get(r.id)) for r in risks]))
            for p in PARTNERS:
                if own[p][3] is not None and math.isfinite(own[p][3]):
                    bands[p].append(own[p][3])
    for p in PARTNERS:  # the team's own index is inside its band (means of judgements need not be)
        if bands[p] and team[p][3] is not None and math.isfinite(team[p][3]):
            bands[p].append(team[p][3])
    balance = {p: Balance(p, *team[p], (min(bands[p]), max(bands[p])) if bands[p] else None) for p in PARTNERS}
    return RiskResult(members, contributions, benefits, risks, balance, exposure)


def entry_defaults(case: Case, register: Register) -> Entry:
    """A new member's starting estimates: the case's values for its risks, nothing else."""
    defaults = {r.id: r for r in case_of(case).risks}
    return Entry(risks={r.id: Estimate(likelihood=defaults[r.id].likelihood, impact=defaults[r.id].impact,
                                       share_a=defaults[r.id].share_a)
                        for r in register.risks if r.case and r.id in defaults})


def own_entry(entry: Entry, case: Case, register: Register) -> Entry:
    """A member's estimates as their page shows them: their document, or, while it is empty
    (nothing estimated yet), the case's values for its risks (:func:`entry_defaults`), which
    their first change stores with it. An empty document counts for nothing in the team's
    results either way (:func:`aggregate`)."""
    return entry if entry != Entry() else entry_defaults(case, register)


def value_of(entry: Entry, kind: str, category: str, partner: str) -> int:
    """A member's score of ``partner`` in a contribution or benefit ``category`` (``kind`` is
    "contributions" or "benefits"), or the category's weight (``partner`` "weight"), as
    shown: 0, and weight ``DEFAULT_WEIGHT``, where they have not said."""
    return getattr(getattr(entry, kind).get(category) or PerPartner(), partner)


def with_value(entry: Entry, kind: str, category: str, partner: str, value: int) -> Entry:
    """``entry`` with one score (or weight) of :func:`value_of` set to ``value``. Setting a
    category the member has not scored to what is shown for it leaves ``entry`` as it is."""
    if value == value_of(entry, kind, category, partner):
        return entry
    data = entry.model_dump()
    row = data[kind].get(category) or PerPartner().model_dump()
    data[kind][category] = {**row, partner: value}
    return validate(Entry, data)


def estimate_of(entry: Entry, risk_id: str) -> Estimate:
    """A member's estimate of a risk as shown (``DEFAULT_ESTIMATE`` where they gave none)."""
    return entry.risks.get(risk_id) or Estimate(**DEFAULT_ESTIMATE)


def with_estimate(entry: Entry, risk_id: str, what: str, value: int) -> Entry:
    """``entry`` with ``what`` ("likelihood", "impact" or "share_a") of its estimate of a
    risk set to ``value``. Setting a risk the member has not estimated to what is shown for it
    (:func:`estimate_of`) leaves ``entry`` as it is."""
    if value == getattr(estimate_of(entry, risk_id), what):
        return entry
    data = entry.model_dump()
    data["risks"][risk_id] = {**estimate_of(entry, risk_id).model_dump(), what: value}
    return validate(Entry, data)


@dataclass
class RiskState:
    register: Register
    labels: dict[str, str]  # risk id -> label in the reader's language
    categories: dict[str, str]  # risk id -> category
    entries: dict[str, Entry]
    result: RiskResult


def risk_state(documents: dict[str, object], shared: object, case: Case, lang: str) -> RiskState:
    register = load_register(shared, case)
    by_id = {r.id: r for r in case_of(case).risks}
    labels, categories = {}, {}
    for r in register.risks:
        source = by_id.get(r.id) if r.case else None
        labels[r.id] = r.label or (source.label.get(lang) if source else r.id)
        categories[r.id] = r.category or (source.category if source else "operational")
    entries = {name: Entry.model_validate(doc) for name, doc in documents.items()}
    return RiskState(register, labels, categories, entries, aggregate(register, case, entries))
