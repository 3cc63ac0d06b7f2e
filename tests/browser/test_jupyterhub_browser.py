"""The JupyterHub recipe (`deploy/jupyterhub_config.py`) with a real hub: the dummy
authenticator, a local process spawner and configurable-http-proxy. Two users log in with
Chromium, land on the workshop page of one event, find their hub name fixed, and join one team
under their hub names; a member of the hub's facilitators group opens the dashboard without the
key, a participant cannot; no page requests anything from outside the hub."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from benchmarks.servers import free_port
from tests.browser.conftest import page_problems, screenshot
from tests.browser.pages import choose, wait_app

ROOT = Path(__file__).resolve().parents[2]  # tests/browser/ -> the checkout
BIN = Path(sys.executable).parent
CHP = ROOT / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _kit_data() -> list[tuple[str, int]]:
    return sorted((str(p), p.stat().st_size) for p in (ROOT / "workshop-data").rglob("*") if p.is_file())


def _proxy() -> str | None:
    return str(CHP) if CHP.exists() else shutil.which("configurable-http-proxy")


@pytest.fixture
def hub(tmp_path):
    proxy = _proxy()
    if proxy is None or not (BIN / "jupyterhub").exists():
        if os.environ.get("ALLIANCE_REQUIRE_HUB") == "1":
            pytest.fail("JupyterHub or configurable-http-proxy is missing (make test installs them)")
        pytest.skip("JupyterHub or configurable-http-proxy not installed")
    db = f"sqlite:///{tmp_path / 'alliance.sqlite3'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_")}
    env.update(ALLIANCE_DB_URL=db, ALLIANCE_EVENT="HUB-1", PATH=f"{BIN}:{env['PATH']}")
    made = subprocess.run([str(BIN / "alliance-workshop"), "create-event", "--event", "HUB-1"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    port = free_port()
    config = tmp_path / "jupyterhub_config.py"
    config.write_text(f'''
load_subconfig({str(ROOT / "deploy" / "jupyterhub_config.py")!r})
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {str(tmp_path / "proxy.pid")!r}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.load_groups = {{"facilitators": {{"users": ["carol"]}}}}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(tmp_path / "home" / "{username}")!r}
c.Spawner.cmd = [{str(BIN / "jupyterhub-singleuser")!r}]
c.Spawner.start_timeout = c.Spawner.http_timeout = 180
if {os.geteuid() == 0!r}:  # CI machines run as root
    c.Spawner.args = ["--allow-root"]
c.JupyterHub.db_url = {f"sqlite:///{tmp_path / 'jupyterhub.sqlite'}"!r}
c.JupyterHub.cookie_secret_file = {str(tmp_path / "cookie_secret")!r}
''')
    log = open(tmp_path / "hub.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(config)], cwd=tmp_path, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/hub/login", timeout=2)  # noqa: S310 - loopback
            break
        except Exception:  # noqa: BLE001 - not up yet
            if proc.poll() is not None:
                pytest.fail((tmp_path / "hub.log").read_text()[-3000:])
            time.sleep(0.5)
    yield base, db
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


def _login(new_page, base: str, user: str):
    page = new_page()
    page.set_default_timeout(180_000)  # the first page starts the user's server
    page.goto(f"{base}/hub/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", "any")
    page.locator("input[type=submit], button[type=submit]").first.click()
    page.wait_for_selector(".aw-join")
    return page


def test_two_hub_users_land_in_one_event_under_their_hub_names(hub, new_page):
    base, db = hub
    before = _kit_data()
    pages = {}
    for user in ("alice", "bob"):
        page = _login(new_page, base, user)
        wait_app(page)
        assert f"/user/{user}/voila/render/workshop.ipynb" in page.url
        name = page.get_by_label("Your name")
        assert name.input_value() == user and name.is_disabled()  # the hub user, locked
        pages[user] = page
    alice, bob = pages["alice"], pages["bob"]
    screenshot(alice, "jupyterhub-join")
    choose(alice, "Team", "+ Create a new team")
    alice.get_by_label("New team name").fill("Hub team")
    alice.get_by_role("button", name="Join").click()
    alice.wait_for_selector("text=alice · team Hub team")
    bob.reload()  # the team list as it is now
    bob.wait_for_selector(".aw-join")
    choose(bob, "Team", "Hub team (1 joined)")
    bob.get_by_role("button", name="Join").click()
    bob.wait_for_selector("text=bob · team Hub team")
    screenshot(bob, "jupyterhub-joined")

    from widgets.store import Store

    store = Store(db)
    try:
        event = store.get_event("HUB-1")
        teams = store.list_teams(event.id)
        assert [t.name for t in teams] == ["Hub team"]
        assert sorted(name for _, name in store.team_members(teams[0].id)) == ["alice", "bob"]
    finally:
        store.close()
    assert _kit_data() == before  # the users' kernels wrote nothing into the kit's folder

    # carol is in the hub's facilitators group: her dashboard opens without the key
    carol = _login(new_page, base, "carol")
    carol.goto(f"{base}/user/carol/voila/render/facilitator.ipynb?event=HUB-1")
    carol.wait_for_selector(".aw-facilitator >> text=Hub team")
    assert carol.get_by_label("Facilitator key").count() == 0
    screenshot(carol, "jupyterhub-facilitator")
    # alice is not: her facilitator page asks for the key and shows nothing of the room
    alice.goto(f"{base}/user/alice/voila/render/facilitator.ipynb?event=HUB-1")
    alice.wait_for_selector(".aw-facilitator")
    alice.get_by_label("Facilitator key").wait_for()
    assert alice.locator("text=Hub team").count() == 0
    pages["carol"] = carol
    for page in pages.values():  # nothing left the hub (no CDN), no console error
        assert page_problems(page) == []
