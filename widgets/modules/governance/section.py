"""The governance section: one team's typed design, checks and stress test, as its charter,
sheet, health check and the facilitator's comparison read it (JSON only in the export)."""

from __future__ import annotations

from widgets.contract import Check, Row, Section

Choice = bool | int | str | None  # a design field's value: a count or days, an option, ticked or not, unset


class BodyRow(Row):
    """One of the case's bodies as the team designed it."""

    id: str
    body: str  # its label
    members_a: int
    members_b: int
    chair: str
    cadence: str | None


class DecisionRow(Row):
    """One decision of the case's decision map as the team designed it."""

    id: str
    decision: str  # its label
    body: str | None  # the body's id
    rule: str
    days: int
    breaker: str
    last: str | None  # None: the design's backstop (older designs)


class LadderLevel(Row):
    level: str
    days: int


class Escalation(Row):
    levels: list[LadderLevel] = []
    final: str = "none"
    backstop: str = "none"
    ends_in: str | None = None  # who ends a dispute at the top of the ladder (None: nothing does)
    worst_case_days: int = 0


class KpiReview(Row):
    kpi: str  # the KPI's name
    ref: str
    body: str | None  # the body that reviews it (None: none)


class Reporting(Row):
    kpis: list[KpiReview] = []
    health_review: str | None = None


class ExitTerms(Row):
    triggers: list[str] = []
    plan: list[str] = []


class GovernanceCheck(Check):
    items: list[str] = []  # what fails it, as a person reads it
    assessed: bool = True  # False: nothing to judge yet (no dispute, right, KPI or RACI to compare)

    def judged(self) -> bool:
        return self.assessed


class StressTrace(Row):
    """One scenario card traced through the team design."""

    scenario: str  # as a person reads them
    decision: str
    body: str | None  # the body's id
    rule: str
    who_decides: str
    worst_case_days: int | None  # None: no outcome (deadlock)
    outcome: str
    one_partner: bool
    deadlock: bool
    path: list[str]
    skipped: list[str]  # the ladder levels skipped (their people already decided below)


class DesignDifference(Row):
    field: str  # "decisions/pricing/rule"
    choices: dict[str, Choice]  # member -> value
    team_design: Choice


class GovernanceSection(Section):
    members: list[str] = []
    bodies: list[BodyRow] = []
    decisions: list[DecisionRow] = []
    escalation: Escalation = Escalation()
    reporting: Reporting = Reporting()
    exit: ExitTerms = ExitTerms()
    succession: list[str] = []
    checks: list[GovernanceCheck] = []
    stress_test: list[StressTrace] = []
    differences: list[DesignDifference] = []
