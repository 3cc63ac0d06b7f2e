"""pyproject.toml (pip) and environment.yml (conda, Binder) declare the same dependencies."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
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


# Distributions the kit uses without importing them by name: the front-end and server stack it
# runs in, and the instructors' notebook validation.
STACK = {"jupyterlab", "jupyterlab-widgets", "nbval", "jupyter-server", "voila"}
IMPORT_NAME = {"pyyaml": "yaml", "ipywidgets": "ipywidgets", "sqlalchemy": "sqlalchemy"}


def test_every_runtime_dependency_is_used_and_the_extras_hold_the_rest():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "widgets").rglob("*.py"))
    for requirement in project["dependencies"]:
        name = _split(requirement)[0]
        if name in STACK:
            continue
        module = IMPORT_NAME.get(name, name.replace("-", "_"))
        assert re.search(rf"^\s*(import|from) {module}\b", sources, re.M), f"{name} is declared but never imported"
    extras = project["optional-dependencies"]
    assert {"postgres", "bench", "test"} <= set(extras)
    assert any(r.startswith("psycopg") for r in extras["postgres"])
    assert {"psutil", "websocket-client"} <= {_split(r)[0] for r in extras["bench"]}
    assert project["license"] == "MIT" and (ROOT / "LICENSE").is_file()  # an SPDX expression, not a table


def test_make_workshop_installs_only_what_serving_needs_and_says_so():
    makefile = (ROOT / "Makefile").read_text()
    serve_rule = makefile.split("$(SERVE_STAMP): pyproject.toml", 1)[1].split("\n\n", 1)[0]
    assert "install --quiet --disable-pip-version-check -e .\n" in serve_rule and "[test]" not in serve_rule
    assert "@echo \"Installing the workshop's Python packages" in serve_rule
    assert "workshop: $(SERVE_STAMP)" in makefile


def test_binder_builds_the_same_environment_apart_from_the_code():
    root = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    binder = yaml.safe_load((ROOT / "binder" / "environment.yml").read_text())["dependencies"]
    assert all(isinstance(d, str) for d in binder), "no pip section: the kit is installed by postBuild"
    pinned = next(d for d in binder if d.startswith("python"))
    assert re.fullmatch(r"python=3\.\d+", pinned)  # repo2docker reads the Python version from here
    same = [d for d in root if isinstance(d, str) and not d.startswith("python")]
    assert sorted(same) == sorted(d for d in binder if not d.startswith("python"))
    post = ROOT / "binder" / "postBuild"
    assert os.access(post, os.X_OK) and "pip install --no-deps -e ." in post.read_text()
    readme = (ROOT / "README.md").read_text()
    assert "urlpath=voila%2Frender%2Fnotebooks%2Fworkshop.ipynb" in readme and "urlpath=lab" in readme


@pytest.mark.slow
def test_repo2docker_plans_the_binder_image_with_the_environment_cached_apart_from_the_code(tmp_path):
    """repo2docker's no-build mode writes the Dockerfile Binder would build (no Docker needed):
    the Python version comes from binder/environment.yml, the environment is installed before
    the repository's code is copied (so a commit that changes only code reuses it), and
    postBuild installs the kit last."""
    import shutil
    import subprocess
    import sys

    r2d = Path(sys.executable).parent / "repo2docker"
    if not r2d.exists():
        r2d = shutil.which("repo2docker")
        if r2d is None:
            if os.environ.get("ALLIANCE_REQUIRE_HUB") == "1":  # set by `make test`: the test extras install it
                raise AssertionError("repo2docker is missing (pip install -e '.[test]')")
            import pytest

            pytest.skip("repo2docker is not installed")
    # a clean copy of the committed tree: what Binder sees
    subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(tmp_path / "src.tar"), "HEAD"],
                   check=True)
    subprocess.run(["tar", "-xf", str(tmp_path / "src.tar"), "-C", str(tmp_path)], check=True)
    (tmp_path / "src.tar").unlink()
    out = subprocess.run([str(r2d), "--no-build", "--debug", str(tmp_path)], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "python=3.11" in out.stderr  # "Building conda environment for python=3.11"
    plan = out.stdout
    env_copy = plan.index("binder/environment.yml ${REPO_DIR}/binder/environment.yml")
    code_copy = plan.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    post = plan.index("./binder/postBuild")
    assert env_copy < plan.index("env update") < code_copy < post
