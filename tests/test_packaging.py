"""pyproject.toml (pip) and environment.yml (conda, Binder) declare the same dependencies."""

from __future__ import annotations

import re
from pathlib import Path

import tomllib
import yaml

ROOT = Path(__file__).resolve().parents[1]
# PyPI names whose conda-forge package differs only by extras
CONDA_NAME = {"psycopg[binary]": "psycopg"}


def _split(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-\[\]]+)\s*(.*)$", requirement)
    name, spec = match.group(1), match.group(2).replace(" ", "")
    name = CONDA_NAME.get(name, name)
    return re.sub(r"[-_.]+", "-", name).lower(), spec


def test_pip_and_conda_dependencies_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip = dict(_split(r) for r in project["dependencies"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = dict(_split(d) for d in env["dependencies"] if isinstance(d, str) and not d.startswith(("python", "pip")))
    assert pip == conda
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert any(line.strip().endswith("-e .") for line in pip_section), "environment.yml installs the kit"


def test_the_stack_named_in_the_brief_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {_split(r)[0] for r in project["dependencies"]}
    assert {"jupyterlab", "ipywidgets", "voila", "pandas", "plotly", "nbval", "anywidget",
            "sqlalchemy", "pydantic"} <= names
    assert project["scripts"]["alliance-workshop"] == "widgets.cli:main"


def test_python_floor_matches():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    floor = project["requires-python"].lstrip(">=")
    assert f"python>={floor}" in env["dependencies"]
