"""Risk balancing: what each partner puts in, gets out and risks, and whether that is fair.

Members estimate contributions and benefits (0-5 per category and partner) and, for each
risk in the team's register, its likelihood and impact (1-5) and the share borne by
partner A (0-100%). The team's register holds the mitigation and owner of each risk.

Computed on the team's mean estimates:

* contribution share and benefit share of each partner (its total over both partners' total);
* risk exposure of a partner = sum over risks of likelihood x impact x its share; its risk
  share is its exposure over the total exposure;
* balance index = benefit share / mean(contribution share, risk share). 1.0 means a partner
  gets out in proportion to what it puts in and bears. Between 0.8 and 1.25 the alliance is
  *balanced*; outside, *lopsided* (below 0.8 the partner gives more than it gets);
* a risk is *high* when likelihood x impact >= 12 and *unmitigated* when high and it lacks
  a mitigation or an owner; *contested* when members' likelihood or impact differ by 2+.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from widgets.model.case import RISK_CATEGORIES, Case
from widgets.model.lists import next_id, same_label
from widgets.model.problems import ModelError, Problem, fail, validate
from widgets.model.text import UserText

KEY = "risk"
CONTRIBUTIONS = ("capital", "people", "technology", "customer_access", "brand")
BENEFITS = ("revenue", "market_access", "capabilities", "cost_savings", "reputation")
PARTNERS = ("a", "b")
BALANCED = (0.8, 1.25)
HIGH = 12
# what a member's estimate of a risk starts from before they move a slider
DEFAULT_ESTIMATE = {"likelihood": 3, "impact": 3, "share_a": 50}
CONTESTED_SPREAD = 2
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
    return Register(risks=[TeamRisk(id=r.id, case=True) for r in case.risks])


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

    @property
    def verdict(self) -> str:
        if self.index is None:
            return "unknown"
        low, high = BALANCED
        if self.index < low:
            return "gives_more"
        if self.index > high:
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
    totals: dict[str, dict[str, float]] = field(default_factory=dict)

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


def _share(values: dict[str, float]) -> dict[str, float | None]:
    total = sum(values.values())
    return {p: (values[p] / total if total > 0 else None) for p in PARTNERS}


def _means(entries: dict[str, Entry], attr: str, categories: tuple[str, ...]) -> dict[str, dict[str, float | None]]:
    out = {}
    for cat in categories:
        got = [getattr(e, attr)[cat] for e in entries.values() if cat in getattr(e, attr)]
        out[cat] = {p: _mean([getattr(g, p) for g in got]) for p in PARTNERS}
    return out


def aggregate(register: Register, case: Case, entries: dict[str, Entry]) -> RiskResult:
    members = [m for m, e in entries.items() if e.contributions or e.benefits or e.risks]
    active = {m: entries[m] for m in members}
    contributions = _means(active, "contributions", CONTRIBUTIONS)
    benefits = _means(active, "benefits", BENEFITS)
    defaults = {r.id: r for r in case.risks}
    risks = []
    for item in register.risks:
        estimates = {m: e.risks[item.id] for m, e in active.items() if item.id in e.risks}
        if estimates:
            view = RiskView(item.id, _mean([e.likelihood for e in estimates.values()]),
                            _mean([e.impact for e in estimates.values()]),
                            _mean([e.share_a for e in estimates.values()]), estimates, False)
        elif item.case and item.id in defaults:
            d = defaults[item.id]
            view = RiskView(item.id, d.likelihood, d.impact, d.share_a, {}, True)
        else:
            view = RiskView(item.id, None, None, None, {}, False)
        view.mitigation, view.owner = item.mitigation, item.owner
        risks.append(view)
    totals = {
        "contribution": {p: sum(v[p] or 0 for v in contributions.values()) for p in PARTNERS},
        "benefit": {p: sum(v[p] or 0 for v in benefits.values()) for p in PARTNERS},
    }
    exposure = {p: sum(r.exposure(p) for r in risks) for p in PARTNERS}
    shares = {"contribution": _share(totals["contribution"]), "benefit": _share(totals["benefit"]),
              "risk": _share(exposure)}
    balance = {}
    for p in PARTNERS:
        c, b, r = shares["contribution"][p], shares["benefit"][p], shares["risk"][p]
        put_in = _mean([x for x in (c, r) if x is not None])
        index = (b / put_in) if b is not None and put_in else None
        if b is not None and put_in == 0:
            index = float("inf") if b > 0 else None
        balance[p] = Balance(p, c, b, r, index)
    return RiskResult(members, contributions, benefits, risks, balance, exposure, totals)


def entry_defaults(case: Case, register: Register) -> dict:
    """A new member's starting estimates: the case's values for its risks, nothing else."""
    defaults = {r.id: r for r in case.risks}
    return {"contributions": {}, "benefits": {},
            "risks": {r.id: {"likelihood": defaults[r.id].likelihood, "impact": defaults[r.id].impact,
                             "share_a": defaults[r.id].share_a}
                      for r in register.risks if r.case and r.id in defaults}}


@dataclass
class RiskState:
    register: Register
    labels: dict[str, str]  # risk id -> label in the reader's language
    categories: dict[str, str]  # risk id -> category
    entries: dict[str, Entry]
    result: RiskResult


def risk_state(documents: dict[str, object], shared: object, case: Case, lang: str) -> RiskState:
    register = load_register(shared, case)
    by_id = {r.id: r for r in case.risks}
    labels, categories = {}, {}
    for r in register.risks:
        source = by_id.get(r.id) if r.case else None
        labels[r.id] = r.label or (source.label.get(lang) if source else r.id)
        categories[r.id] = r.category or (source.category if source else "operational")
    entries = {name: Entry.model_validate(doc) for name, doc in documents.items()}
    return RiskState(register, labels, categories, entries, aggregate(register, case, entries))
