"""A room that leaves and comes back: the pool is warm again, and the console stays clean.

A real ``alliance-workshop serve --expect 4``; pages are opened and closed by protocol clients
(benchmarks.clients) as a browser does, and their kernels freed by the unload request and by
the reaper.
"""

from __future__ import annotations

import json
import os
import signal
import time
import urllib.request

import pytest

from benchmarks.clients import open_page, unload
from tests.browser.conftest import WorkshopServer

pytestmark = pytest.mark.slow

EXPECT = 4
# what a facilitator's console must not show during normal operation
NOISE = ("Traceback", "ZMQError", "Socket operation on non-socket", "websocket_ping_timeout",
         "WebSocket ping timeout", "Kernel died")


def pool(server: WorkshopServer) -> dict:
    with urllib.request.urlopen(f"{server.base}/voila/aw-pool", timeout=30) as resp:  # noqa: S310 - loopback
        return json.loads(resp.read())


def wait_pool(server: WorkshopServer, test, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    state = pool(server)
    while not test(state) and time.monotonic() < deadline:
        time.sleep(1)
        state = pool(server)
    return state


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    srv = WorkshopServer(tmp_path_factory.mktemp("refill"), event="REFILL", pool=EXPECT,
                         extra=["--expect", str(EXPECT), "--free-after", "10"])
    yield srv
    srv.stop()


def test_the_pool_is_back_at_the_room_target_after_every_page_left(room):
    assert wait_pool(room, lambda s: s["warm"] == EXPECT)["warm"] == EXPECT
    path = f"/voila/render/workshop.ipynb?event={room.event}"
    pages = [open_page(room.base, f"{path}&team=T1&name=P{i}", keep=True) for i in range(EXPECT)]
    assert all(p.ok for p in pages), [p.error for p in pages]
    arrived = wait_pool(room, lambda s: s["in_use"] == EXPECT and s["warming"] == 0)
    assert arrived["in_use"] == EXPECT and arrived["target"] == 2 and arrived["warm"] == 2  # the spare only
    # two tabs closed (their unload request), two laptops gone to sleep (only the reaper frees those)
    for page in pages[:2]:
        assert unload(room.base, page.kernel_id) == 204
        page.ws.close()
    for page in pages[2:]:
        page.ws.close()
    back = wait_pool(room, lambda s: s["in_use"] == 0 and s["warm"] == EXPECT, timeout=150)
    assert back == {"warm": EXPECT, "warming": 0, "in_use": 0, "target": EXPECT}, back
    # and the room comes back to warm kernels
    again = [open_page(room.base, f"{path}&team=T1&name=P{i}") for i in range(EXPECT)]
    assert all(p.ok for p in again), [p.error for p in again]
    assert "Using pre-heated kernel" in (room.data / "logs" / "server.log").read_text()


def test_the_console_shows_no_traceback_nor_warning_while_pages_come_and_go_and_at_the_stop(room):
    # the previous test opened and closed pages and let the reaper free kernels; the pool holds
    # warm kernels that wait for their request: stopping the server (as jupyter's own stop does,
    # SIGTERM to the server) shuts them down
    path = f"/voila/render/workshop.ipynb?event={room.event}"
    pages = [open_page(room.base, f"{path}&team=T2&name=Q{i}", keep=True) for i in range(2)]
    assert all(p.ok for p in pages), [p.error for p in pages]
    unload(room.base, pages[0].kernel_id)
    for page in pages:
        page.ws.close()
    wait_pool(room, lambda s: s["warm"] == EXPECT and s["in_use"] == 0, timeout=150)
    during = room.log()
    assert "Ready for" in during
    assert not [n for n in NOISE if n in during], during[-3000:]
    os.kill(room.proc.pid, signal.SIGTERM)
    room.proc.wait(timeout=60)
    time.sleep(2)  # kernels that were still stopping have written what they would write
    after = room.log()
    assert not [n for n in NOISE if n in after], after[-3000:]
