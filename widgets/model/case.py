"""Case studies: the schema of a case file in ``exercises/cases/`` and its loader.

A case gives every module its defaults: the two companies, the candidate partners,
criteria, activities, roles, risks, decisions, governance bodies and scenario cards.
Every text a participant sees is given in English and Spanish.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from widgets.model.problems import ModelError, Problem, fail, validate

CASE_SCHEMA_VERSION = 1

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,47}$")]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Long = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=3000)]
Level = Annotated[int, Field(ge=1, le=5)]

RISK_CATEGORIES = (
    "financial", "ip_leakage", "antitrust_legal", "reputational", "dependency", "market",
    "sponsor_loss", "operational",
)
DECISION_RULES = ("consensus", "majority", "a_decides", "b_decides", "unilateral")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A short text in both languages."""

    en: Short
    es: Short

    def get(self, lang: str) -> str:
        return getattr(self, lang, self.en)


class Prose(_Strict):
    """A longer text in both languages."""

    en: Long
    es: Long

    def get(self, lang: str) -> str:
        return getattr(self, lang, self.en)


class Company(_Strict):
    name: Short
    situation: Prose


class Candidate(_Strict):
    id: Slug
    name: Short
    profile: Prose
    facts: list[Text] = Field(default_factory=list, max_length=8)


class Item(_Strict):
    """A named item with an explanation: a criterion, activity or role."""

    id: Slug
    label: Text
    description: Prose | None = None


class Role(Item):
    """A role in the RACI grid; a *joint* role (the steering committee) is one body of both
    partners and has one column, not one per partner."""

    joint: bool = False


class Criterion(Item):
    """A partner-selection criterion; a knock-out is a must-have: a candidate below the minimum
    on it is out, whatever it scores elsewhere."""

    knockout: bool = False


class Risk(_Strict):
    id: Slug
    category: Literal[RISK_CATEGORIES]  # type: ignore[valid-type]
    label: Text
    description: Prose | None = None
    likelihood: Level = 3
    impact: Level = 3
    share_a: Annotated[int, Field(ge=0, le=100)] = 50


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


def _unique(items: list, what: str) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            raise fail("case.duplicate_id", what=what, id=item.id, index=index)
        seen.add(item.id)


class Case(_Strict):
    schema_version: Literal[1] = 1
    id: Slug
    title: Text
    industry: Text
    summary: Prose
    companies: dict[Literal["a", "b"], Company]
    candidates: list[Candidate] = Field(min_length=3, max_length=5)
    criteria: list[Criterion] = Field(min_length=3, max_length=20)
    activities: list[Item] = Field(min_length=3, max_length=30)
    roles: list[Role] = Field(min_length=3, max_length=12)
    risks: list[Risk] = Field(min_length=3, max_length=30)
    bodies: list[Body] = Field(min_length=1, max_length=8)
    decisions: list[Decision] = Field(min_length=3, max_length=30)
    scenarios: list[Scenario] = Field(min_length=1, max_length=12)
    # sections for modules added to the kit, each validated by that module's ``case_model``
    # (widgets.contract); a section for a module that is not installed is ignored
    modules: dict[Slug, dict] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _references(self) -> Case:
        if set(self.companies) != {"a", "b"}:
            raise fail("case.companies_ab")
        for what in ("candidates", "criteria", "activities", "roles", "risks", "bodies",
                     "decisions", "scenarios"):
            _unique(getattr(self, what), what)
        bodies = {b.id for b in self.bodies}
        for d in self.decisions:
            if d.body is not None and d.body not in bodies:
                raise fail("case.unknown_reference", what="body", id=d.body, owner=d.id)
        roles, activities = {r.id for r in self.roles}, {a.id for a in self.activities}
        for b in self.bodies:
            if b.role is not None and b.role not in roles:
                raise fail("case.unknown_reference", what="role", id=b.role, owner=b.id)
        for d in self.decisions:
            if d.right and d.rule != "unilateral":
                raise fail("case.right_unilateral", id=d.id)
            if d.activity is not None and d.activity not in activities:
                raise fail("case.unknown_reference", what="activity", id=d.activity, owner=d.id)
        decisions = {d.id for d in self.decisions}
        for s in self.scenarios:
            if s.decision not in decisions:
                raise fail("case.unknown_reference", what="decision", id=s.decision, owner=s.id)
        return self

    def candidate(self, candidate_id: str) -> Candidate | None:
        return next((c for c in self.candidates if c.id == candidate_id), None)


def _yaml_problem(exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else 0
    return Problem("case.yaml_error", {"line": line, "detail": str(getattr(exc, "problem", exc))})


def parse_case(text: str) -> Case:
    """Validate a case from YAML text; raises :class:`ModelError` naming every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ModelError(_yaml_problem(exc)) from None
    if not isinstance(data, dict):
        raise ModelError(Problem("case.not_mapping"))
    return validate(Case, data)


def load_case(path: str | Path) -> Case:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError(Problem("case.unreadable", {"path": str(path), "detail": str(exc)})) from None
    return parse_case(text)


def check_case(path: str | Path) -> list[Problem]:
    """Every problem in a case file (empty when it is valid)."""
    try:
        load_case(path)
    except ModelError as exc:
        return exc.problems
    return []


_CASE_FILE = re.compile(r"^[a-z0-9][a-z0-9_-]*\.ya?ml$")


def case_files(directory: Path) -> dict[str, Path]:
    """Case files in a directory by case id (the file name without extension)."""
    if not directory.is_dir():
        return {}
    return {p.stem: p for p in sorted(directory.iterdir()) if _CASE_FILE.match(p.name)}
