"""Finding case studies: the files in ``exercises/cases/``, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

from widgets.config import exercises_dir
from widgets.model.case import Case, case_files, load_case
from widgets.model.problems import ModelError, Problem

DEFAULT_CASE = "medtech-distribution"


def available() -> list[str]:
    return sorted(case_files(exercises_dir() / "cases"))


@lru_cache(maxsize=16)
def get(case_id: str) -> Case:
    path = case_files(exercises_dir() / "cases").get(case_id)
    if path is None:
        raise ModelError(Problem("case.not_found", {"case": case_id, "known": ", ".join(available())}))
    return load_case(path)
