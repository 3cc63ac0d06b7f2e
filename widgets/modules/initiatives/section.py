"""The initiatives section: one team's typed portfolio, gates and life cycle, as its charter,
sheet, page, health check and the facilitator's comparison read it (JSON only in the export)."""

from __future__ import annotations

from widgets.contract import Check, Row, Section


class Rule(Row):
    """The thresholds the module judges by, carried so a reader sees the rule with the verdict."""

    criteria_spread: int = 0
    min_initiatives: int = 0
    min_gains: int = 0
    people_min: float = 0.0
    quick_months: int = 0


class Criterion(Row):
    id: str
    criterion: str  # as the reader reads it
    points: int  # the team's agreed points (sum 100)
    low: int | None  # members' points, lowest and highest
    high: int | None
    contested: bool
    proposed_by: str  # the member who added it ("" for the concept evaluation's)


class Initiative(Row):
    ref: str
    title: str
    author: str
    customers: str
    gain_a: str
    gain_b: str
    horizon: str  # "short" or "long"
    people_a: int
    people_b: int
    score: float | None  # the team's score, 1-5
    spread: float | None
    rank: int | None
    scored_by: int  # members who scored it
    in_plan: bool
    reached: str | None  # the last stage it reached (in the plan only)
    next_gate: str | None
    missing: list[str]  # the next gate's open questions, as a person reads them
    evidence: dict[str, str]  # gate question -> the team's answer


class ContestedScore(Row):
    initiative: str
    criterion: str
    low: int
    high: int
    spread: int


class Staffing(Row):
    load: int  # people the plan asks of the company
    capacity: int | None
    people_rating: float | None  # risk balancing's people contribution, 0-5
    overloaded: bool
    thin: bool


class LifeCycle(Row):
    stage: str | None = None  # None only in the empty section
    exiting: bool = False
    narrow_to: str = ""
    renewal: str = ""


class Need(Row):
    stage: str
    need: str
    met: bool | None  # None: the module it is read from has no input yet


class InitiativesCheck(Check):
    assessed: bool

    def judged(self) -> bool:
        return self.assessed


class InitiativesSection(Section):
    members: list[str] = []
    rule: Rule = Rule()
    criteria: list[Criterion] = []
    initiatives: list[Initiative] = []
    contested: list[ContestedScore] = []
    grid: dict[str, dict[str, list[str]]] = {}  # company -> horizon -> titles in the plan
    gains: dict[str, int] = {}  # company -> initiatives in the plan it gains from
    plan_size: int = 0
    plan: list[str] = []
    bench: list[str] = []
    staffing: dict[str, Staffing] = {}  # company -> staffing
    funnel: dict[str, int] = {}  # step -> initiatives there
    life_cycle: LifeCycle = LifeCycle()
    needs: list[Need] = []
    checks: list[InitiativesCheck] = []
