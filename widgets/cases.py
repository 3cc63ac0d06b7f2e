"""Finding case studies: the files in ``exercises/cases/``, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

from widgets import registry
from widgets.config import exercises_dir
from widgets.contract import ModuleSpec
from widgets.model.case import Case, case_files, load_case
from widgets.model.problems import ModelError, Problem, validate

DEFAULT_CASE = "medtech-distribution"


def available() -> list[str]:
    return sorted(case_files(exercises_dir() / "cases"))


@lru_cache(maxsize=16)
def get(case_id: str) -> Case:
    path = case_files(exercises_dir() / "cases").get(case_id)
    if path is None:
        raise ModelError(Problem("case.not_found", {"case": case_id, "known": ", ".join(available())}))
    case = load_case(path)
    for spec in registry.modules():
        module_section(spec, case)  # a module's section that does not validate stops the case here
    return case


def module_section(spec: ModuleSpec, case: Case):
    """A module's section of ``case`` (``modules: {<key>: ...}``), validated by the module's
    ``case_model``; None for a module that reads no section."""
    if spec.case_model is None:
        return None
    return validate(spec.case_model, case.modules.get(spec.key, {}))
