"""Case files: the shipped cases validate; broken ones are refused with locations."""

from __future__ import annotations

import copy

import pytest
import yaml

from widgets import cases
from widgets.config import exercises_dir
from widgets.model.case import Case, check_case, parse_case
from widgets.model.problems import ModelError

CASE_FILES = sorted((exercises_dir() / "cases").glob("*.yaml"))


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_shipped_cases_validate(path):
    assert check_case(path) == []
    case = cases.get(path.stem)
    assert case.id == path.stem
    assert 3 <= len(case.candidates) <= 5


def _base() -> dict:
    return yaml.safe_load((exercises_dir() / "cases" / f"{cases.DEFAULT_CASE}.yaml").read_text())


def _problems(data) -> list:
    with pytest.raises(ModelError) as exc:
        parse_case(yaml.safe_dump(data, allow_unicode=True))
    return exc.value.problems


def test_missing_translation_is_located():
    data = _base()
    del data["candidates"][1]["profile"]["es"]
    [problem] = _problems(data)
    assert problem.code == "missing"
    assert problem.where == "candidates[1].profile.es"


def test_duplicate_ids_and_dangling_references():
    data = _base()
    data["criteria"][1]["id"] = data["criteria"][0]["id"]
    assert _problems(data)[0].code == "case.duplicate_id"
    data = _base()
    data["scenarios"][0]["decision"] = "no_such_decision"
    problem = _problems(data)[0]
    assert problem.code == "case.unknown_reference" and problem.params["id"] == "no_such_decision"


def test_wrong_values_name_their_place():
    data = _base()
    data["risks"][2]["likelihood"] = 9
    data["risks"][0]["category"] = "weather"
    data["candidates"] = data["candidates"][:2]
    wheres = {p.where: p.code for p in _problems(data)}
    assert wheres["risks[2].likelihood"] == "less_than_equal"
    assert wheres["risks[0].category"] == "literal_error"
    assert wheres["candidates"] == "too_short"


def test_unknown_fields_are_refused():
    data = _base()
    data["criterias"] = []
    assert _problems(data)[0].code == "extra_forbidden"


def test_broken_yaml_names_the_line():
    with pytest.raises(ModelError) as exc:
        parse_case("id: x\ntitle: [unclosed\n")
    assert exc.value.problems[0].code == "case.yaml_error"
    assert exc.value.problems[0].params["line"] >= 2
    with pytest.raises(ModelError):
        parse_case("- just\n- a list\n")


def test_case_round_trips():
    case = Case.model_validate(_base())
    assert Case.model_validate(copy.deepcopy(case.model_dump())) == case
