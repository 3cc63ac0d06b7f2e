"""Case files: the shipped cases validate; broken ones are refused with locations."""

from __future__ import annotations

import copy

import pytest
import yaml

from widgets import cases
from widgets.config import exercises_dir
from widgets.model.case import Case, parse_case
from widgets.model.problems import ModelError

CASE_FILES = sorted((exercises_dir() / "cases").glob("*.yaml"))


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_shipped_cases_validate(path):
    assert cases.check(path) == []
    case = cases.get(path.stem)
    assert case.id == path.stem
    assert 3 <= len(case.candidates) <= 5


def _base() -> dict:
    return yaml.safe_load((exercises_dir() / "cases" / f"{cases.DEFAULT_CASE}.yaml").read_text())


def _problems(data) -> list:
    with pytest.raises(ModelError) as exc:
        cases.parse(yaml.safe_dump(data, allow_unicode=True))
    return exc.value.problems


def test_missing_translation_is_located():
    data = _base()
    del data["candidates"][1]["profile"]["es"]
    [problem] = _problems(data)
    assert problem.code == "missing"
    assert problem.where == "candidates[1].profile.es"


def test_duplicate_ids_and_dangling_references():
    data = _base()
    criteria = data["modules"]["partner_selection"]["criteria"]
    criteria[1]["id"] = criteria[0]["id"]
    assert _problems(data)[0].code == "case.duplicate_id"
    data = _base()
    data["modules"]["governance"]["scenarios"][0]["decision"] = "no_such_decision"
    problem = _problems(data)[0]
    assert problem.code == "case.unknown_reference" and problem.params["id"] == "no_such_decision"
    assert problem.where.startswith("modules.governance")


def test_wrong_values_name_their_place():
    data = _base()
    data["modules"]["risk"]["risks"][2]["likelihood"] = 9
    data["modules"]["risk"]["risks"][0]["category"] = "weather"
    wheres = {p.where: p.code for p in _problems(data)}
    assert wheres["modules.risk.risks[2].likelihood"] == "less_than_equal"
    assert wheres["modules.risk.risks[0].category"] == "literal_error"
    data["candidates"] = data["candidates"][:2]
    assert {p.where: p.code for p in _problems(data)}["candidates"] == "too_short"


def test_unknown_fields_are_refused():
    data = _base()
    data["criterias"] = []
    assert _problems(data)[0].code == "extra_forbidden"
    data = _base()
    data["modules"]["roles"]["raci"] = []
    problem = _problems(data)[0]
    assert problem.code == "extra_forbidden" and problem.where == "modules.roles.raci"


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


def test_every_module_has_its_section_and_problems_of_several_modules_are_all_named():
    data = _base()
    del data["modules"]["roles"]
    data["modules"]["risk"]["risks"] = data["modules"]["risk"]["risks"][:2]
    wheres = {p.where for p in _problems(data)}
    assert {"modules.roles.activities", "modules.roles.roles", "modules.risk.risks"} <= wheres


def test_the_governance_map_names_the_roles_sections_activities_and_roles():
    data = _base()
    data["modules"]["governance"]["decisions"][0]["activity"] = "no_such_activity"
    [problem] = _problems(data)
    assert problem.code == "case.unknown_reference" and problem.params["id"] == "no_such_activity"
    assert problem.where == "modules.governance.decisions[0].activity"
    data = _base()
    body = next(b for b in data["modules"]["governance"]["bodies"] if b.get("role"))
    body["role"] = "no_such_role"
    assert _problems(data)[0].params == {"what": "role", "id": "no_such_role", "owner": body["id"]}


def _as_version_1(data: dict) -> dict:
    """The layout kits before December 2026 wrote: every module's lists at the top level."""
    data = copy.deepcopy(data)
    data["schema_version"] = 1
    modules = data["modules"]
    for key, fields in (("partner_selection", ("criteria",)), ("roles", ("activities", "roles")),
                        ("risk", ("risks",)), ("governance", ("bodies", "decisions", "scenarios"))):
        for field in fields:
            data[field] = modules[key].pop(field)
        if not modules[key]:
            del modules[key]
    return data


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_a_version_1_case_file_reads_as_the_same_case(path):
    """An instructor's case written for an earlier kit: each module takes its lists from the
    top level (``case_fields_v1``), and the case reads exactly as its version-2 file."""
    now = yaml.safe_load(path.read_text())
    old = _as_version_1(now)
    assert "criteria" in old and "partner_selection" not in old["modules"]
    assert cases.parse(yaml.safe_dump(old, allow_unicode=True)) == cases.parse(path.read_text())
    assert cases.moved_fields()["scenarios"] == "governance"
