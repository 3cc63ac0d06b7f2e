"""The goals and KPIs section: one team's typed vision, scope, business case, goals and KPI set,
as its charter, sheet, health check and the facilitator's comparison read it (JSON only in the
export)."""

from __future__ import annotations

from pydantic import Field, model_serializer

from widgets.contract import Check, Row, Section


class Scope(Row):
    """The written scope: what the alliance covers, and what it deliberately does not."""

    in_: str = Field(default="", alias="in")
    out: str = ""


class PartnerRow(Row):
    """One partner's business case over the horizon (None: not given, or not computable)."""

    partner: str  # "a" | "b"
    company: str
    investment: float | None
    annual_return: float | None
    total_return: float | None
    roi: float | None  # (total return - investment) / investment
    payback_years: float | None  # investment / annual return


class BusinessCase(Row):
    horizon_years: int = 3
    partners: list[PartnerRow] = []


class GoalRow(Row):
    """One distinct goal: everyone who proposed it, who endorsed it, and whether it is in the set."""

    ref: str  # "Author#g1" of the proposal whose wording is shown
    text: str
    proposed_by: list[str]
    endorsed_by: list[str]
    supporters: list[str]  # proposed_by, then endorsed_by
    in_team_set: bool


class KpiRow(Row):
    """One distinct KPI: the KPI's own fields (:class:`widgets.modules.goals_kpis.model.Kpi` but its
    id), then who stands behind it and its own checks."""

    name: str
    goal: str | None  # the ref of the goal it measures
    category: str
    kind: str
    baseline: float | None
    target: float | None
    unit: str
    scale: str
    horizon: str | None
    due_months: int | None
    beneficiary: str
    owner: str
    frequency: str | None
    ref: str
    goal_text: str | None  # the text of the goal it measures (None: no goal, or not found)
    proposed_by: list[str]
    endorsed_by: list[str]
    supporters: list[str]
    in_team_set: bool
    checks: dict[str, bool]  # check code -> passed


class GoalsKpisCheck(Check):
    detail: dict[str, int | str] = {}  # the check's figures (exported only when there are some)

    @model_serializer(mode="wrap")
    def _without_empty_detail(self, handler) -> dict:
        data = handler(self)
        if not self.detail:
            data.pop("detail", None)
        return data


class GoalsKpisSection(Section):
    vision: str = ""
    scope: Scope = Scope()
    business_case: BusinessCase = BusinessCase()
    goals: list[GoalRow] = []  # one entry per distinct goal
    kpis: list[KpiRow] = []  # one entry per distinct KPI
    wins: dict[str, dict[str, int]] = {}  # partner -> horizon -> KPIs of the set that benefit it
    checks: list[GoalsKpisCheck] = []
