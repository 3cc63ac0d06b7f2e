"""One hostile client against a served room: the event loop's lag (the server's own watchdog,
``voila/aw-lag``), a bystander's answers and the server's memory, before and while the client
runs. The client tries the legacy kernel protocol, sends malformed frames, floods, and asks for
the whole widget state again and again without reading the answers."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import psutil
import websocket

from benchmarks import servers
from benchmarks.clients import PROTOCOL, _msg, _states, open_page, send

EVENT = "HOSTILE"


def v1_frame(msg: dict) -> bytes:
    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

    return serialize_msg_to_ws_v1(msg, msg.get("channel", "shell"), pack=lambda part: json.dumps(part).encode())


def count_of_billions() -> list[bytes]:
    """Eight bytes that claim 2**62 offsets (jupyter_server and Voila trust that count)."""
    return [(2**62).to_bytes(8, "little") + b"\x00" * 64]


def legacy_frame() -> list[bytes]:
    """A binary frame of the legacy protocol, sent on a v1 socket."""
    from jupyter_server.services.kernels.connection.base import serialize_binary_message

    return [serialize_binary_message({"header": {"msg_type": "comm_msg", "msg_id": "1"}, "parent_header": {},
                                      "metadata": {}, "content": {}, "buffers": [b"x" * 100]})]


def flood(count: int = 600) -> list[bytes]:
    return [v1_frame(_msg("comm_msg", {"comm_id": "nobody", "data": {"n": i}}, "s")) for i in range(count)]


def oversized() -> list[bytes]:
    return [v1_frame(_msg("comm_msg", {"comm_id": "nobody", "data": {"blob": "x" * 100_000}}, "s"))]


def lag(base: str, seconds: float | None = None) -> dict:
    query = f"?seconds={seconds:g}" if seconds else ""
    with urllib.request.urlopen(f"{base}/voila/aw-lag{query}", timeout=10) as resp:  # noqa: S310
        return json.loads(resp.read())


def _legacy_attempts(base: str, kernel: str, tries: int) -> int:
    refused = 0
    url = base.replace("http", "ws", 1) + f"/api/kernels/{kernel}/channels?session_id={uuid.uuid4().hex}"
    for _ in range(tries):
        try:
            websocket.create_connection(url, timeout=10).close()
        except websocket.WebSocketBadStatusException:
            refused += 1
    return refused


def _never_reading(base: str, seconds: float) -> str:
    hog = open_page(base, f"/voila/render/workshop.ipynb?event={EVENT}&team=H&name=Hog", keep=True)
    if not hog.ok:
        return f"not opened: {hog.error}"
    comm = uuid.uuid4().hex
    send(hog.ws, _msg("comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control", "data": {}},
                      hog.session, {"version": "1.0.0"}))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            send(hog.ws, _msg("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}}, hog.session))
        except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError):
            return "closed"
        time.sleep(0.08)
    hog.ws.close()
    return "still open"


def _abuse(base: str, frames: list[bytes]) -> None:
    page = open_page(base, f"/voila/render/workshop.ipynb?event={EVENT}", keep=True)
    if not page.ok:
        return
    for frame in frames:
        try:
            page.ws.send_binary(frame)
        except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError):
            break


def _watch(base: str, bystander, stop: threading.Event, answers: list[float], pid: int, peak: list[float]) -> None:
    process = psutil.Process(pid)
    while not stop.wait(0.5):
        t0 = time.monotonic()
        try:
            ok = bool(_states(bystander, 10))
        except Exception:  # noqa: BLE001 - an unanswered bystander counts as the timeout
            ok = False
        answers.append(time.monotonic() - t0 if ok else 10.0)
        peak[0] = max(peak[0], process.memory_info().rss / 1e6)


def hostile(tmp: Path, sizes, report) -> None:
    """`serve` with the README's defaults; a bystander page asks for its state twice a second
    while one client runs every abuse in turn."""
    from benchmarks.stats import pct

    shop = servers.workshop(tmp / "hostile", EVENT)
    try:
        bystander = open_page(shop.base, f"/voila/render/workshop.ipynb?event={EVENT}&team=B&name=Bo", keep=True)
        if not bystander.ok:
            report.notes.append(f"Hostile client: the bystander did not open ({bystander.error})")
            return
        time.sleep(sizes.quiet_seconds)
        quiet = lag(shop.base, sizes.quiet_seconds)
        start_rss = psutil.Process(shop.proc.pid).memory_info().rss / 1e6
        stop, answers, peak = threading.Event(), [], [start_rss]
        watcher = threading.Thread(target=_watch, args=(shop.base, bystander, stop, answers, shop.proc.pid, peak))
        started = time.monotonic()
        watcher.start()
        try:
            refused = _legacy_attempts(shop.base, bystander.kernel_id, 5)
            for frames in (count_of_billions(), legacy_frame(), flood(), oversized()):
                _abuse(shop.base, frames)
            hog = _never_reading(shop.base, sizes.hostile_seconds)
        finally:
            stop.set()
            watcher.join()
        during = lag(shop.base, time.monotonic() - started)
        report.add("One hostile client (legacy protocol, malformed frames, flood, oversized, never reading): "
                   "event-loop lag p99 / max, quiet then under attack",
                   f"{quiet['p99']:.3f} / {quiet['max']:.2f} s; {during['p99']:.3f} / {during['max']:.2f} s "
                   f"(legacy refused {refused} of 5; the non-reading client {hog})",
                   "p99 ≤ 0.1 s, max < 3 s", "met" if during["p99"] <= 0.1 and during["max"] < 3 else "NOT met")
        report.add("A bystander's page while the hostile client runs: answer p95 / max; server RSS growth",
                   f"{pct(answers, 0.95):.2f} / {max(answers):.2f} s ({len(answers)} asks); "
                   f"+{peak[0] - start_rss:.0f} MB", "≤ 3 s; ≤ 100 MB",
                   "met" if answers and max(answers) <= 3 and peak[0] - start_rss <= 100 else "NOT met")
    finally:
        shop.stop()


__all__ = ["PROTOCOL", "count_of_billions", "flood", "hostile", "lag", "legacy_frame", "oversized", "v1_frame"]
