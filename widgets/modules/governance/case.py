"""The governance section of a case file (``modules: {governance: ...}``): the case's bodies, its
decision map and its stress-test scenario cards; who the people are, per company, who sits on
each body and who each ladder level is; which decisions are disputes over rights or facts."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from widgets.model.case import Case, Prose, Slug, Text, unique
from widgets.model.problems import ModelError, Problem, fail
from widgets.modules.roles import case as roles_case

KEY = "governance"
SIDES = ("a", "b")
LEVELS = ("alliance_managers", "management_team", "steering_committee", "executive_sponsors")
DECISION_RULES = ("consensus", "majority", "a_decides", "b_decides", "unilateral")
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,47}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Body(_Strict):
    """A governance body; ``role`` is the RACI role that stands for it (the steering committee's
    joint column), so the decision map and the RACI can be compared."""

    id: Slug
    label: Text
    description: Prose | None = None
    role: Slug | None = None


class Decision(_Strict):
    """A decision on the case's map. A *right* (ending the agreement, acting on the other
    partner's change of control) belongs to each partner alone under the agreement: it is
    exercised on notice, not negotiated through the ladder."""

    id: Slug
    label: Text
    body: Slug | None = None
    rule: Literal[DECISION_RULES] | None = None  # type: ignore[valid-type]
    right: bool = False
    activity: Slug | None = None  # the RACI activity whose Accountable should be whoever decides


class Scenario(_Strict):
    """A stress-test card: it tests the decision it names, or, with ``sponsor_of``, what the
    design does when that partner's executive sponsor leaves (the succession plan)."""

    id: Slug
    title: Text
    description: Prose
    decision: Slug
    sponsor_of: Literal["a", "b"] | None = None


class People(_Strict):
    """Who the people are, per company, who sits on each body, who each ladder level is
    (``ceos``: the top), and which decisions on the map are disputes over rights or facts
    (every other one is a business decision). Empty without a case."""

    people: dict[Literal[SIDES], dict[Id, Text]] = Field(default_factory=dict)  # type: ignore[valid-type]
    seats: dict[Id, dict[Literal[SIDES], list[Id]]] = Field(default_factory=dict)  # type: ignore[valid-type]
    levels: dict[Literal[(*LEVELS, "ceos")], dict[Literal[SIDES], list[Id]]] = Field(  # type: ignore[valid-type]
        default_factory=dict)
    disputes: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_people(self) -> People:
        for group in (*self.seats.values(), *self.levels.values()):
            for side, ids in group.items():
                unknown = [i for i in ids if i not in self.people.get(side, {})]
                if unknown:
                    raise fail("case.unknown_reference", what="person", id=unknown[0], owner=side)
        return self

    def group(self, where: dict[str, list[str]] | None) -> frozenset[str]:
        """The people of a body or a level, as "a:cdo", "b:ceo"."""
        return frozenset(f"{side}:{p}" for side, ids in (where or {}).items() for p in ids)


class CaseSection(People):
    bodies: list[Body] = Field(min_length=1, max_length=8)
    decisions: list[Decision] = Field(min_length=3, max_length=30)
    scenarios: list[Scenario] = Field(min_length=1, max_length=12)

    @model_validator(mode="after")
    def _references(self) -> CaseSection:
        for what in ("bodies", "decisions", "scenarios"):
            unique(getattr(self, what), what)
        bodies, decisions = {b.id for b in self.bodies}, {d.id for d in self.decisions}
        for d in self.decisions:
            if d.body is not None and d.body not in bodies:
                raise fail("case.unknown_reference", what="body", id=d.body, owner=d.id)
            if d.right and d.rule != "unilateral":
                raise fail("case.right_unilateral", id=d.id)
        for s in self.scenarios:
            if s.decision not in decisions:
                raise fail("case.unknown_reference", what="decision", id=s.decision, owner=s.id)
        for body in self.seats:
            if body not in bodies:
                raise fail("case.unknown_reference", what="body", id=body, owner="seats")
        for decision in self.disputes:
            if decision not in decisions:
                raise fail("case.unknown_reference", what="decision", id=decision, owner="disputes")
        return self


def of(case: Case) -> CaseSection:
    """The case's governance section (validated once per case)."""
    return case.section(KEY, CaseSection)


def check_case(case: Case) -> None:
    """The bodies' roles and the decisions' activities are the roles section's (the decision
    map is compared with the RACI)."""
    section, raci = of(case), roles_case.of(case)
    roles, activities = {r.id for r in raci.roles}, {a.id for a in raci.activities}
    problems = [Problem("case.unknown_reference", {"what": "role", "id": b.role, "owner": b.id},
                        ("modules", KEY, "bodies", i, "role"))
                for i, b in enumerate(section.bodies) if b.role is not None and b.role not in roles]
    problems += [Problem("case.unknown_reference", {"what": "activity", "id": d.activity, "owner": d.id},
                         ("modules", KEY, "decisions", i, "activity"))
                 for i, d in enumerate(section.decisions) if d.activity is not None and d.activity not in activities]
    if problems:
        raise ModelError(problems)
