"""Case studies: the schema of a case file in ``exercises/cases/`` and its parser.

A case tells the story every module shares (the two companies and the candidate partners) and
gives each module its section under ``modules:`` (the criteria, activities and roles, risks,
governance bodies, decisions and scenario cards...), which the module's own ``case_model``
validates (``widgets.cases`` loads a case with every registered module's section). Every text
a participant sees is given in English and Spanish.

Version 2 of the layout keeps each module's lists in its section; a version-1 file (the lists
at the top level) is read through :func:`upgrade_layout`, each module naming the top-level
fields that are its section now (``ModuleSpec.case_fields_v1``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

from widgets.model.problems import ModelError, Problem, fail, validate

CASE_SCHEMA_VERSION = 2
M = TypeVar("M", bound=BaseModel)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,47}$")]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Long = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=3000)]
Level = Annotated[int, Field(ge=1, le=5)]

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
    """A named item with an explanation (a module's criterion, activity, role...)."""

    id: Slug
    label: Text
    description: Prose | None = None


def unique(items: list, what: str) -> None:
    """Every item of ``items`` has its own ``id`` (``what`` names the list in the message)."""
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            raise fail("case.duplicate_id", what=what, id=item.id, index=index)
        seen.add(item.id)


class Case(_Strict):
    """The case's story, which every module shares: the two companies and the candidate
    partners the brief introduces. What a module needs of the case (criteria, activities,
    risks, bodies...) is its own section under ``modules``, validated by its ``case_model``
    (read with :meth:`section`)."""

    schema_version: Literal[2] = 2
    id: Slug
    title: Text
    industry: Text
    summary: Prose
    companies: dict[Literal["a", "b"], Company]
    candidates: list[Candidate] = Field(min_length=3, max_length=5)
    # each module's section, validated by that module's ``case_model`` when the case is loaded
    # (widgets.cases); a section for a module that is not installed is ignored
    modules: dict[Slug, dict] = Field(default_factory=dict)
    _sections: dict = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _references(self) -> Case:
        if set(self.companies) != {"a", "b"}:
            raise fail("case.companies_ab")
        unique(self.candidates, "candidates")
        return self

    def candidate(self, candidate_id: str) -> Candidate | None:
        return next((c for c in self.candidates if c.id == candidate_id), None)

    def section(self, key: str, model: type[M]) -> M:
        """Module ``key``'s section of the case, validated by ``model`` once per case (an empty
        section for a case without one); a section that does not validate raises ModelError
        with each problem located in the file (``modules.<key>....``)."""
        raw = self.modules.get(key)
        known = self._sections.get(key)  # (the raw section it was read from, the section)
        if known is None or known[0] is not raw or not isinstance(known[1], model):  # a copy may change modules
            try:
                known = self._sections[key] = (raw, validate(model, raw or {}))
            except ModelError as exc:
                raise ModelError([located(p, f"modules.{key}") for p in exc.problems]) from None
        return known[1]


def located(problem: Problem, prefix: str) -> Problem:
    """``problem`` with its place in the file prefixed by ``prefix``."""
    return replace(problem, loc=(*prefix.split("."), *problem.loc))


def upgrade_layout(data: dict, moved: dict[str, str]) -> dict:
    """A version-1 case file (every module's lists at the top level) in the version-2 layout:
    each top-level field named in ``moved`` goes into the section of the module it names
    (``modules.<key>.<field>``), merged with what that section holds already."""
    if data.get("schema_version", 1) != 1:
        return data
    data = {**data, "schema_version": 2, "modules": dict(data.get("modules") or {})}
    for field, key in moved.items():
        if field in data:
            data["modules"][key] = {**(data["modules"].get(key) or {}), field: data.pop(field)}
    return data


def _yaml_problem(exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else 0
    return Problem("case.yaml_error", {"line": line, "detail": str(getattr(exc, "problem", exc))})


def parse_case(text: str, moved: dict[str, str] | None = None) -> Case:
    """Validate a case from YAML text (``moved``: see :func:`upgrade_layout`); raises
    :class:`ModelError` naming every problem. The modules' sections are checked by
    ``widgets.cases``, which knows the modules."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ModelError(_yaml_problem(exc)) from None
    if not isinstance(data, dict):
        raise ModelError(Problem("case.not_mapping"))
    return validate(Case, upgrade_layout(data, moved or {}))


def read_case(path: str | Path) -> str:
    """The text of a case file; ModelError when it cannot be read."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError(Problem("case.unreadable", {"path": str(path), "detail": str(exc)})) from None
    return text


_CASE_FILE = re.compile(r"^[a-z0-9][a-z0-9_-]*\.ya?ml$")


def case_files(directory: Path) -> dict[str, Path]:
    """Case files in a directory by case id (the file name without extension)."""
    if not directory.is_dir():
        return {}
    return {p.stem: p for p in sorted(directory.iterdir()) if _CASE_FILE.match(p.name)}
