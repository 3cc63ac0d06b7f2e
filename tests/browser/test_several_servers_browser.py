"""Several servers, one room (docs/deploy.md): two `alliance-workshop serve` processes on one
PostgreSQL behind HAProxy running `deploy/haproxy.cfg` as it is, sticky by cookie. Two members
of one team on different servers see each other's saves within 3 s; the facilitator on one
server locks a step, starts a timer, broadcasts and reveals, and the pages on both servers
follow; one server is killed mid-session, and its participant reloads through the proxy onto
the other server and resumes with every acknowledged save and every typed edit kept."""

from __future__ import annotations

import json
import os
import re
import signal
import time
from urllib.parse import urlencode

import psutil
import pytest

from benchmarks.servers import Proxy, haproxy_binary
from tests.browser.conftest import WorkshopServer, _chromium_or_skip, page_problems, screenshot
from tests.browser.pages import join_by_link, open_step, open_tab, see, toggle_row
from tests.browser.test_trust_browser import CONNECTION_NOISE
from widgets.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.slow]
EVENT = "TWO-SERVERS"
TEAM = "Across"


class Room:
    """The proxy's address, with the page links of `WorkshopServer` (what `join_by_link` uses)."""

    def __init__(self, proxy: Proxy, servers: dict[str, WorkshopServer], db_url: str):
        self.proxy, self.servers, self.db_url, self.event = proxy, servers, db_url, EVENT
        self.base = proxy.base

    def url(self, **query: str) -> str:
        return f"{self.base}/voila/render/workshop.ipynb?{urlencode({'event': self.event, **query})}"

    def facilitator_url(self) -> str:
        return f"{self.base}/voila/render/facilitator.ipynb?event={self.event}"

    def server_of(self, page) -> str:
        """Which server ("s1", "s2") runs the kernel of ``page``."""
        kid = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.content()).group(1)
        for name, server in self.servers.items():
            if server.proc.poll() is None:
                for proc in psutil.Process(server.proc.pid).children(recursive=True):
                    if kid in " ".join(proc.cmdline()):
                        return name
        raise AssertionError(f"kernel {kid} runs on no live server")


@pytest.fixture
def room(postgres, tmp_path):
    _chromium_or_skip()
    if haproxy_binary() is None:
        if os.environ.get("ALLIANCE_REQUIRE_BROWSER", "") not in ("", "0"):
            pytest.fail("haproxy is required (ALLIANCE_REQUIRE_BROWSER) but is not installed (make test installs it)")
        pytest.skip("haproxy is not installed (make test installs it)")
    db_url = postgres.new_database()
    servers: dict[str, WorkshopServer] = {}
    proxy = None
    try:
        for name in ("s1", "s2"):  # one after the other: the first creates the event
            (tmp_path / name).mkdir()
            servers[name] = WorkshopServer(tmp_path / name, event=EVENT, pool=2, db_url=db_url)
        proxy = Proxy(tmp_path / "proxy", [servers["s1"].port, servers["s2"].port])
        yield Room(proxy, servers, db_url)
    finally:
        if proxy is not None:
            proxy.stop()
        for server in servers.values():
            server.stop()


def _on(new_page, room: Room, server: str, viewport=(1250, 950)):
    """A browser whose proxy cookie sends it to ``server``."""
    page = new_page(viewport=viewport)
    page.allowed_console = CONNECTION_NOISE
    page.context.add_cookies([{"name": "AWSERVER", "value": server, "url": room.base}])
    return page


def _score_seen(page, text: str) -> None:
    """Until a visible team-view cell reads ``text`` (after the symbol a highlighted cell carries)."""
    page.wait_for_function(
        "t => [...document.querySelectorAll('table.aw-table td')].some(td => td.offsetParent !== null && "
        "td.innerText.trim().replace(/^[★✓⚑✗] /, '') === t)", arg=text, timeout=15_000)


def _save_and_time(saver, reader, value: str, seen: str) -> float:
    """``saver`` scores trust; seconds until ``reader``'s team view shows ``seen``."""
    toggle_row(saver, "Trust and reputation").get_by_role("button", name=value, exact=True).click()
    t0 = time.monotonic()
    _score_seen(reader, seen)
    return time.monotonic() - t0


def _stored(room: Room) -> str:
    store = Store(room.db_url)
    try:
        docs = store.latest_for_event(store.get_event(EVENT).id)
        return " ".join(json.dumps(doc.data, ensure_ascii=False) for doc in docs)
    finally:
        store.close()


def test_one_room_on_two_servers_behind_the_proxy(room, new_page):
    ana = _on(new_page, room, "s1")
    ben = _on(new_page, room, "s2")
    join_by_link(ana, room, TEAM, "Ana", "1. Partner selection")
    join_by_link(ben, room, TEAM, "Ben", "1. Partner selection")
    assert (room.server_of(ana), room.server_of(ben)) == ("s1", "s2")
    store = Store(room.db_url)
    try:
        store.join(EVENT, "Other", "Olu")  # a second team, for the facilitator's view and the reveal
    finally:
        store.close()

    # members of one team on different servers see each other's saves within 3 s
    open_tab(ana, "Team view")
    open_tab(ben, "Team view")
    open_tab(ana, "Your scoring")
    ben_sees = _save_and_time(ana, ben, "2", "2.0 (2–2)")
    open_tab(ben, "Your scoring")
    open_tab(ana, "Team view")
    ana_sees = _save_and_time(ben, ana, "4", "3.0 (2–4)")
    assert ben_sees <= 3 and ana_sees <= 3, (ben_sees, ana_sees)
    screenshot(ana, "two-servers-team-view")

    # the facilitator, on s2, sees both teams and controls the pages on both servers
    fac = _on(new_page, room, "s2", viewport=(1300, 1000))
    fac.goto(room.facilitator_url())
    fac.wait_for_selector(".aw-facilitator", state="attached", timeout=90_000)
    assert room.server_of(fac) == "s2"
    fac.get_by_label("Facilitator key").fill("TEST-KEY-1234")
    fac.get_by_role("button", name="Open the dashboard").click()
    see(fac, "Active / joined", timeout=30_000)
    row = fac.locator("table.aw-table tbody tr:visible", has_text=TEAM).first
    assert re.search(r"2\s*/\s*2", row.inner_text())
    assert fac.locator("table.aw-table tbody tr:visible", has_text="Other").count() >= 1
    open_tab(fac, "Controls")
    lock = fac.locator(".widget-checkbox", has_text="Partner selection").locator("input")
    lock.uncheck()
    for page in (ana, ben):
        see(page, "Waiting for the facilitator")
    lock.check()
    for page in (ana, ben):
        toggle_row(page, "Trust and reputation").wait_for(state="attached", timeout=15_000)
    fac.get_by_label("Minutes").fill("10")
    fac.get_by_label("Label").fill("Charter")
    fac.get_by_role("button", name="Start").click()
    fac.get_by_label("Broadcast message").fill("Both servers hear this")
    fac.get_by_role("button", name="Send").click()
    for page in (ana, ben):
        page.wait_for_function("() => /Charter: (10:00|09:[0-5][0-9])/.test(document.body.innerText)",
                               timeout=15_000)
        see(page, "Both servers hear this")
        open_step(page, "8. Alliance charter")
        see(page, "Foundation health check", timeout=60_000)
    fac.get_by_role("button", name=re.compile("Reveal results to all teams")).click()
    for page in (ana, ben):
        see(page, "Other teams' results (revealed by the facilitator)", timeout=15_000)
    screenshot(ben, "two-servers-revealed")

    # s1 dies mid-session: Ana saved, then typed while it froze; she reloads through the proxy
    open_step(ana, "2. Goals and KPIs")
    vision = ana.get_by_label("Vision")
    vision.fill("Saved on the first server")
    vision.press("Tab")
    ana.wait_for_selector("text=Saved at", timeout=15_000)
    deadline = time.monotonic() + 10
    while "Saved on the first server" not in _stored(room) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "Saved on the first server" in _stored(room)
    s1 = room.servers["s1"]
    os.killpg(s1.proc.pid, signal.SIGSTOP)  # the server and its kernels freeze ...
    typed = "Typed as the first server froze"
    vision.fill(typed)
    os.killpg(s1.proc.pid, signal.SIGKILL)  # ... and die
    ana.wait_for_selector(".aw-connection-lost:not([hidden])", timeout=15_000)
    s1.stop()
    ana.locator(".aw-connection-lost").get_by_role("button").click()
    ana.wait_for_selector(f"text=Ana · team {TEAM}", timeout=90_000)
    assert room.server_of(ana) == "s2"
    assert any(c["name"] == "AWSERVER" and c["value"] == "s2" for c in ana.context.cookies())
    ana.wait_for_selector(".aw-restored:not([hidden])", timeout=30_000)
    assert ana.get_by_label("Vision").input_value() == typed
    deadline = time.monotonic() + 20
    while typed not in _stored(room) and time.monotonic() < deadline:
        time.sleep(0.25)
    assert typed in _stored(room)
    # nothing from before the kill is lost: Ana's trust score is still in the team's view
    open_step(ana, "1. Partner selection")
    open_tab(ana, "Team view")
    _score_seen(ana, "3.0 (2–4)")
    screenshot(ana, "two-servers-resumed")
    for page in (ben, fac):
        assert page_problems(page) == []
