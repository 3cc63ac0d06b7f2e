"""Finding and loading case studies: the files in ``exercises/cases/``, loaded once per process,
each with the section of every registered module (``ModuleSpec.case_model``) validated."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from widgets import registry
from widgets.config import exercises_dir
from widgets.contract import ModuleSpec
from widgets.model.case import Case, case_files, parse_case, read_case
from widgets.model.problems import ModelError, Problem

DEFAULT_CASE = "medtech-distribution"


def available() -> list[str]:
    return sorted(case_files(exercises_dir() / "cases"))


def moved_fields() -> dict[str, str]:
    """Top-level fields of a version-1 case file, by the module whose section they are now."""
    return {field: spec.key for spec in registry.modules() for field in spec.case_fields_v1}


def check_sections(case: Case) -> None:
    """Every registered module's section of ``case`` validates, and the modules' checks across
    sections pass (the governance decisions name the roles module's activities); ModelError
    with every problem, each located in the file, otherwise."""
    problems: list[Problem] = []
    for spec in registry.modules():
        try:
            module_section(spec, case)
            if spec.check_case is not None and spec.case_model is not None:
                spec.check_case(case)
        except ModelError as exc:
            problems += exc.problems
    if problems:
        raise ModelError(problems)


def parse(text: str) -> Case:
    """A case from YAML text, its modules' sections checked."""
    case = parse_case(text, moved_fields())
    check_sections(case)
    return case


def load(path: str | Path) -> Case:
    return parse(read_case(path))


def check(path: str | Path) -> list[Problem]:
    """Every problem in a case file (empty when it is valid)."""
    try:
        load(path)
    except ModelError as exc:
        return exc.problems
    return []


@lru_cache(maxsize=16)
def get(case_id: str) -> Case:
    path = case_files(exercises_dir() / "cases").get(case_id)
    if path is None:
        raise ModelError(Problem("case.not_found", {"case": case_id, "known": ", ".join(available())}))
    return load(path)


def module_section(spec: ModuleSpec, case: Case):
    """A module's section of ``case`` (``modules: {<key>: ...}``), validated by the module's
    ``case_model`` once per case; None for a module that reads no section."""
    if spec.case_model is None:
        return None
    return case.section(spec.key, spec.case_model)
