"""No single client stalls the room (issue 33), against a real server.

The reproduction: a participant's kernel websocket opened without the v1 subprotocol (the
legacy JSON protocol), then the page's step list set to the charter. Voila read the legacy
binary frames as v1 and built lists of billions of offsets on the event loop: HTTP stopped
answering, a bystander lost its page, and the server grew by gigabytes. Here that client is
refused, and a client that sends but never reads what it is sent is closed once its backlog
passes the bound, while a bystander's page and plain HTTP keep answering within 3 s and the
server's memory stays within 100 MB of where it started."""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.request
import uuid

import psutil
import pytest
import websocket

from benchmarks.clients import _msg, _states, nav_model, open_page, send
from benchmarks.hostile import count_of_billions, flood, lag, legacy_frame, oversized
from tests.browser.conftest import WorkshopServer

pytestmark = pytest.mark.slow

KERNEL_ID = re.compile(r'kernelId"?\s*[:=]\s*"([0-9a-f-]{36})"')
RSS_BOUND_MB = 100


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = WorkshopServer(tmp_path_factory.mktemp("stall"), event="STALL-1", pool=3)
    yield srv
    srv.stop()


def _rss_mb(server: WorkshopServer) -> float:
    return psutil.Process(server.proc.pid).memory_info().rss / 1e6


def _get(server: WorkshopServer, path: str, timeout: float = 3) -> dict:
    with urllib.request.urlopen(server.base + path, timeout=timeout) as resp:  # noqa: S310
        return json.loads(resp.read())


class Watch:
    """A bystander's view while the hostile client runs: plain HTTP every half second, the
    bystander's kernel answering its widget state, and the server's memory."""

    def __init__(self, server: WorkshopServer, bystander):
        self.server, self.bystander = server, bystander
        self.http_worst = 0.0
        self.http_failures = 0
        self.rss_peak = _rss_mb(server)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            t0 = time.monotonic()
            try:
                _get(self.server, "/voila/aw-lag", timeout=3)
            except OSError:
                self.http_failures += 1
            self.http_worst = max(self.http_worst, time.monotonic() - t0)
            self.rss_peak = max(self.rss_peak, _rss_mb(self.server))

    def bystander_answers(self) -> float:
        t0 = time.monotonic()
        assert _states(self.bystander, 3), "the bystander's page got no widget state"
        return time.monotonic() - t0


def _page_html_kernel(server: WorkshopServer, team: str, name: str) -> str:
    url = f"{server.base}/voila/render/workshop.ipynb?event={server.event}&team={team}&name={name}"
    with urllib.request.urlopen(url, timeout=120) as resp:  # noqa: S310
        return KERNEL_ID.search(resp.read().decode()).group(1)


def test_a_legacy_protocol_client_is_refused_and_the_room_keeps_answering(server):
    bystander = open_page(server.base, f"/voila/render/workshop.ipynb?event={server.event}&team=Blue&name=Bo",
                          keep=True)
    assert bystander.ok, bystander.error
    kernel = _page_html_kernel(server, "Red", "Eve")
    start_rss = _rss_mb(server)
    ws_url = server.base.replace("http", "ws", 1) + f"/api/kernels/{kernel}/channels?session_id={uuid.uuid4().hex}"
    with Watch(server, bystander) as watch:
        with pytest.raises(websocket.WebSocketBadStatusException) as refused:
            websocket.create_connection(ws_url, timeout=10)  # no subprotocol: the legacy protocol
        assert refused.value.status_code == 400
        # and what the reproduction did next, had the socket opened: the step list set to the
        # charter, in the legacy JSON framing, from a client that keeps trying
        for _ in range(5):
            try:
                ws = websocket.create_connection(ws_url, timeout=10, subprotocols=["json"])
                ws.send(json.dumps(_msg("comm_msg", {"comm_id": "x", "data": {}}, "s")))
                pytest.fail("a socket without the v1 protocol was accepted")
            except websocket.WebSocketBadStatusException:
                pass
            time.sleep(1)
        answered = watch.bystander_answers()
    assert _get(server, f"/voila/aw-why/{kernel}")["reason"] == "old_protocol"
    assert watch.http_failures == 0 and watch.http_worst < 3, (watch.http_failures, watch.http_worst)
    assert answered < 3
    assert watch.rss_peak - start_rss < RSS_BOUND_MB, (start_rss, watch.rss_peak)
    # the page itself (v1) still gets its kernel: the refusal is about the protocol only
    page = websocket.create_connection(ws_url, timeout=10, subprotocols=["v1.kernel.websocket.jupyter.org"])
    page.close()
    print(f"legacy client refused (400); HTTP worst {watch.http_worst:.2f} s, bystander answered in "
          f"{answered:.2f} s, server RSS {start_rss:.0f} -> peak {watch.rss_peak:.0f} MB")


def test_a_client_that_never_reads_is_closed_for_its_backlog_and_the_room_keeps_answering(server):
    bystander = open_page(server.base, f"/voila/render/workshop.ipynb?event={server.event}&team=Green&name=Cy",
                          keep=True)
    hog = open_page(server.base, f"/voila/render/workshop.ipynb?event={server.event}&team=Red&name=Hog", keep=True)
    assert bystander.ok and hog.ok
    nav = nav_model(hog.states)
    assert nav is not None
    start_rss = _rss_mb(server)
    closed = False
    sent = 0
    with Watch(server, bystander) as watch:
        # the charter, then the whole widget state again and again, never reading the answers:
        # paced below the flood gate, so only the backlog bound can stop it
        send(hog.ws, _msg("comm_msg", {"comm_id": nav[0], "data": {
            "method": "update", "state": {"index": len(nav[1]) - 1}, "buffer_paths": []}}, hog.session))
        comm = uuid.uuid4().hex
        send(hog.ws, _msg("comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control", "data": {}},
                          hog.session, {"version": "1.0.0"}))
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not closed:
            try:
                send(hog.ws, _msg("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}}, hog.session))
                sent += 1
            except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError):
                closed = True
                break
            time.sleep(0.08)
            if sent % 25 == 0:
                closed = _get(server, f"/voila/aw-why/{hog.kernel_id}")["reason"] == "backlog"
        answered = watch.bystander_answers()
    assert closed, f"the client that never reads was not closed after {sent} requests"
    assert _get(server, f"/voila/aw-why/{hog.kernel_id}")["reason"] == "backlog"
    assert _get(server, f"/voila/aw-why/{bystander.kernel_id}")["reason"] == ""
    assert watch.http_failures == 0 and watch.http_worst < 3, (watch.http_failures, watch.http_worst)
    assert answered < 3
    assert watch.rss_peak - start_rss < RSS_BOUND_MB, (start_rss, watch.rss_peak)
    loop = lag(server.base)
    assert loop["samples"] > 0 and loop["p99"] < 1.0, loop
    print(f"non-reading client closed for its backlog after {sent} requests; HTTP worst {watch.http_worst:.2f} s, "
          f"bystander answered in {answered:.2f} s, server RSS {start_rss:.0f} -> peak {watch.rss_peak:.0f} MB, "
          f"event-loop lag {loop}")


ABUSES = [  # (frames the client sends, why the server closes its socket)
    pytest.param(count_of_billions, "bad_frame", id="a-count-of-billions-of-offsets"),
    pytest.param(legacy_frame, "bad_frame", id="a-legacy-frame-on-a-v1-socket"),
    pytest.param(flood, "flood", id="a-flood"),
    pytest.param(oversized, "too_large", id="an-oversized-message"),
]


@pytest.mark.parametrize(("frames", "reason"), ABUSES)
def test_each_abuse_closes_only_its_own_socket_and_the_room_keeps_answering(server, frames, reason):
    bystander = open_page(server.base, f"/voila/render/workshop.ipynb?event={server.event}", keep=True)
    abuser = open_page(server.base, f"/voila/render/workshop.ipynb?event={server.event}", keep=True)
    assert bystander.ok and abuser.ok
    start_rss = _rss_mb(server)
    with Watch(server, bystander) as watch:
        for frame in frames():
            try:
                abuser.ws.send_binary(frame)
            except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError):
                break
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not _get(server, f"/voila/aw-why/{abuser.kernel_id}")["reason"]:
            time.sleep(0.3)
        time.sleep(1)
        answered = watch.bystander_answers()
    assert _get(server, f"/voila/aw-why/{abuser.kernel_id}")["reason"] == reason
    assert _get(server, f"/voila/aw-why/{bystander.kernel_id}")["reason"] == ""
    assert watch.http_failures == 0 and watch.http_worst < 3, (watch.http_failures, watch.http_worst)
    assert answered < 3
    assert watch.rss_peak - start_rss < RSS_BOUND_MB, (start_rss, watch.rss_peak)
