"""The command line: one clear line and exit status 2 for every user mistake."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from widgets import registry
from widgets.cli import main, voila_config
from widgets.config import exercises_dir

CASE = exercises_dir() / "cases" / "medtech-distribution.yaml"


def run(*args: str, env_extra: dict | None = None, tmp_path: Path | None = None):
    import os

    env = dict(os.environ)
    if tmp_path is not None:
        env["ALLIANCE_DATA_DIR"] = str(tmp_path / "data")
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "widgets.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_check_case_accepts_the_shipped_case(capsys):
    assert main(["check-case", str(CASE)]) == 0
    out = capsys.readouterr().out
    assert "valid case 'medtech-distribution' (4 candidates; sections for Partner selection, Role clarity, Risk balancing, Governance design" in out, out


def test_check_case_names_every_problem_with_its_location(tmp_path, capsys):
    data = yaml.safe_load(CASE.read_text())
    del data["modules"]["partner_selection"]["criteria"][2]["label"]["es"]
    data["modules"]["risk"]["risks"][1]["impact"] = 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True))
    assert main(["check-case", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "2 problems:" in out
    assert "modules.partner_selection.criteria[2].label.es: This field is required." in out
    assert "modules.risk.risks[1].impact: Must be at least 1." in out


def test_demo_then_export_json(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    assert main(["demo", "--event", "dry-run", "--teams", "3", "--participants", "4", "--db", db]) == 0
    out = tmp_path / "out" / "event.json"
    assert main(["export", "--event", "DRY-RUN", "--format", "json", "--out", str(out), "--db", db]) == 0
    data = json.loads(out.read_text())
    assert data["schema_version"] == 1 and data["event"]["code"] == "DRY-RUN"
    assert [len(t["participants"]) for t in data["teams"]] == [4, 4, 4]
    assert len({t["name"] for t in data["teams"]}) == 3
    for team in data["teams"]:
        assert set(team["modules"]) == {s.key for s in registry.modules()}
        assert set(team["modules"]) == {"partner_selection", "goals_kpis", "roles", "risk", "governance",
                                       "initiatives", "pulse"}
        assert [c["crack"] for c in team["health_check"]] == [
            "senior_commitment", "strategy_clarity", "trust", "goals_kpis", "governance", "resources"]
        assert {"candidate", "score"} <= set(team["modules"]["partner_selection"]["ranking"][0])
        assert "robustness" in team["modules"]["partner_selection"]


def test_export_every_format_and_import_back(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    assert main(["demo", "--event", "fmt", "--teams", "2", "--participants", "3", "--db", db]) == 0
    for fmt, magic in (("json", b"{"), ("md", b"# Alliance charter"), ("html", b"<!DOCTYPE html>"),
                       ("xlsx", b"PK")):
        out = tmp_path / f"charter.{fmt}"
        assert main(["export", "--event", "FMT", "--format", fmt, "--out", str(out), "--db", db]) == 0
        assert out.read_bytes().startswith(magic), fmt
    es = tmp_path / "charter-es.md"
    assert main(["export", "--event", "FMT", "--format", "md", "--lang", "es", "--out", str(es), "--db", db]) == 0
    assert es.read_text().startswith("# Acta de la alianza")
    assert main(["import", str(tmp_path / "charter.json"), "--event", "FMT2", "--db", db]) == 0
    assert "Imported event FMT2 with 2 teams" in capsys.readouterr().out
    assert main(["import", str(tmp_path / "charter.json"), "--db", db]) == 2
    assert "already exists" in capsys.readouterr().err
    (tmp_path / "broken.json").write_text("{not json")
    assert main(["import", str(tmp_path / "broken.json"), "--db", db]) == 2
    assert "is not a JSON export" in capsys.readouterr().err


def test_export_of_an_unknown_event_is_one_line(tmp_path):
    result = run("export", "--event", "NOPE", "--out", str(tmp_path / "x.json"), tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no event with the code NOPE" in result.stderr


def test_serve_refuses_a_port_in_use(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("serve", "--port", str(port), tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"error: port {port} on 127.0.0.1 is already in use; stop the other server or pick "
        "another port with --port")


@pytest.mark.parametrize("url, expected", [
    ("nonsense", "is not valid"),
    ("postgresql+psycopg://nobody@127.0.0.1:1/none", "cannot reach the database"),
    ("mysql+nodriver://x@y/z", "no database driver"),
])
def test_serve_refuses_a_bad_database_url(tmp_path, url, expected):
    result = run("serve", "--db", url, tmp_path=tmp_path)
    assert result.returncode == 2
    assert expected in result.stderr and result.stderr.strip().count("\n") == 0
    assert "Traceback" not in result.stderr


def test_serve_refuses_a_bad_event_code(tmp_path):
    result = run("serve", "--event", "a b", tmp_path=tmp_path)
    assert result.returncode == 2 and "Event codes are at least 3" in result.stderr


def test_serve_refuses_a_trusted_proxy_that_is_not_an_address(tmp_path):
    result = run("serve", "--trusted-proxy", "proxy.example", tmp_path=tmp_path)
    assert result.returncode == 2 and result.stderr.strip().count("\n") == 0
    assert "--trusted-proxy" in result.stderr and "proxy.example" in result.stderr


def test_voila_config_is_locked_down():
    config = voila_config("127.0.0.1", 8866, pool=6, free_after=90)
    vc = config["VoilaConfiguration"]
    assert vc["strip_sources"] is True and vc["show_tracebacks"] is False
    assert vc["file_allowlist"] == [] and vc["preheat_kernel"] is True
    assert "jupyterlab-plotly" in vc["extension_denylist"]
    assert "User-Agent" in vc["http_header_envs"]  # the dashboards' list says which browser
    assert config["KernelManager"]["transport"] == "ipc"
    culling = config["MappingKernelManager"]
    assert culling["cull_connected"] is False and culling["cull_idle_timeout"] == 600
    assert voila_config("127.0.0.1", 8866, pool=6, free_after=300)["MappingKernelManager"][
        "cull_idle_timeout"] == 1200
    pools = config["VoilaKernelManager"]["kernel_pools_config"]
    assert pools["workshop.ipynb"]["pool_size"] == 6 and pools["default"]["pool_size"] == 0
    assert voila_config("0.0.0.0", 8866, pool=0, free_after=90)["VoilaConfiguration"]["preheat_kernel"] is False


def test_new_key_replaces_the_event_key(tmp_path):
    from widgets.model.access import verify_key
    from widgets.store import Store

    assert run("demo", "--event", "KEY-1", "--teams", "1", "--participants", "1", tmp_path=tmp_path).returncode == 0
    result = run("new-key", "--event", "KEY-1", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    key = result.stdout.split("KEY-1: ")[1].split()[0]
    assert "every dashboard opened with it closes within seconds" in result.stdout  # not "stay open"
    store = Store(f"sqlite:///{tmp_path / 'data' / 'alliance.sqlite3'}")
    try:
        assert verify_key(key, store.get_event("KEY-1").key_hash)
    finally:
        store.close()
    again = run("new-key", "--event", "KEY-1", tmp_path=tmp_path)
    assert again.stdout.split("KEY-1: ")[1].split()[0] != key
    missing = run("new-key", "--event", "NOPE-9", tmp_path=tmp_path)
    assert missing.returncode == 2 and "NOPE-9" in missing.stderr


def test_create_event_prints_a_working_key_once_and_refuses_an_existing_event(tmp_path):
    from widgets.model.access import verify_key
    from widgets.store import Store

    result = run("create-event", "--event", "hub-26", "--case", "bank-fintech", "--lang", "es", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "HUB-26" in result.stdout and "bank-fintech" in result.stdout
    key = result.stdout.split("facilitator page): ")[1].split()[0]
    store = Store(f"sqlite:///{tmp_path / 'data' / 'alliance.sqlite3'}")
    try:
        event = store.get_event("HUB-26")
        assert event.case_id == "bank-fintech" and event.lang == "es"
        assert verify_key(key, event.key_hash) and key not in event.key_hash
    finally:
        store.close()
    again = run("create-event", "--event", "HUB-26", tmp_path=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr and "new-key" in again.stderr
    unknown = run("create-event", "--event", "HUB-27", "--case", "nope", tmp_path=tmp_path)
    assert unknown.returncode == 2 and "bank-fintech" in unknown.stderr  # the choices are listed


def test_cli_has_a_version_and_help_that_lists_cases_defaults_and_examples(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.startswith("alliance-workshop ")
    with pytest.raises(SystemExit):
        main(["--help"])
    top = capsys.readouterr().out
    assert "examples:" in top and "create-event" in top and "``" not in top
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    serve = capsys.readouterr().out
    assert "medtech-distribution" in serve and "saas-integrator" in serve
    assert "port to listen on (default: 8866)" in serve and "(default: None)" not in serve
