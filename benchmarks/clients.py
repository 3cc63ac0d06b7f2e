"""A page client that does what the browser does until a Voila page is interactive: fetch the
page, connect to its kernel's websocket, and fetch the widget state."""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field

import websocket

KERNEL_ID = re.compile(r'kernelId"?\s*[:=]\s*"([0-9a-f-]{36})"')


@dataclass
class PageResult:
    ok: bool
    seconds: float
    page_seconds: float
    kernel_id: str = ""
    error: str = ""
    ws: websocket.WebSocket | None = None
    session: str = ""
    states: dict | None = None
    tokens: dict | None = None  # what this "browser" keeps in localStorage after joining
    lock: threading.Lock = field(default_factory=threading.Lock)  # one reader at a time


PROTOCOL = "v1.kernel.websocket.jupyter.org"  # what JupyterLab's and Voila's front-ends speak


def _msg(msg_type: str, content: dict, session: str, metadata: dict | None = None) -> dict:
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "bench", "session": session,
                       "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": metadata or {}, "content": content, "channel": "shell"}


def send(ws, msg: dict) -> None:
    """One message in the v1 kernel websocket protocol (binary frame, channel first)."""
    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

    ws.send_binary(serialize_msg_to_ws_v1(msg, msg.get("channel", "shell"),
                                          pack=lambda part: json.dumps(part).encode()))


def decode(raw) -> dict:
    """A v1 websocket frame as a message (buffers are dropped)."""
    from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1

    if isinstance(raw, str):
        return json.loads(raw)
    channel, parts = deserialize_msg_from_ws_v1(raw)
    header, parent, metadata, content = (json.loads(p) if p else {} for p in parts[:4])
    return {"channel": channel, "header": header, "msg_type": header.get("msg_type"), "parent_header": parent,
            "metadata": metadata, "content": content}


def open_page(base: str, path: str, timeout: float = 180, keep: bool = False,
              tokens: dict | None = None, cookie: str | None = None) -> PageResult:
    """GET the page, then request the widget states over the kernel websocket, and report the
    browser's (empty) storage as the page's bridge does; the time runs until the page's widget
    state after that report has arrived (the join form, or the joined participant's steps).
    ``cookie``: sent with the page and the websocket (a proxy's sticky cookie)."""
    start = time.monotonic()
    headers = {"Cookie": cookie} if cookie else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(base + path, headers=headers),  # noqa: S310
                                    timeout=timeout) as resp:
            html = resp.read().decode("utf-8", "replace")
        page_done = time.monotonic()
        match = KERNEL_ID.search(html)
        if not match:
            return PageResult(False, time.monotonic() - start, page_done - start, error="no kernel id in page")
        kernel = match.group(1)
        if "application/vnd.jupyter.widget-view+json" not in html:  # a blank page in a browser
            return PageResult(False, time.monotonic() - start, page_done - start, kernel, "no widget in the page")
        session = uuid.uuid4().hex
        ws_url = base.replace("http", "ws", 1) + f"/api/kernels/{kernel}/channels?session_id={session}"
        ws = websocket.create_connection(ws_url, timeout=timeout, subprotocols=[PROTOCOL], cookie=cookie)
        comm = uuid.uuid4().hex
        send(ws, _msg("comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control", "data": {}}, session,
                      {"version": "1.0.0"}))
        send(ws, _msg("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}}, session))
        deadline = start + timeout
        while time.monotonic() < deadline:
            raw = ws.recv()
            if b"update_states" not in (raw if isinstance(raw, bytes) else raw.encode()):
                continue  # a browser would not parse these either: keep the client's CPU off the server's
            msg = decode(raw)
            data = msg.get("content", {}).get("data", {})
            if msg.get("msg_type") == "comm_msg" and data.get("method") == "update_states":
                page = PageResult(True, time.monotonic() - start, page_done - start, kernel, ws=ws,
                                  session=session, states=data.get("states"))
                if _bridge_model(page.states) is not None:  # the workshop page: report as the bridge does
                    waiting = not _has_class(page.states, "aw-join")  # "opening your page": not yet usable
                    page.ok = report_browser(page, tokens, timeout=max(1.0, deadline - time.monotonic()))
                    if waiting:
                        page.seconds = time.monotonic() - start
                if not keep:
                    ws.close()
                    page.ws, page.states = None, None
                return page
        ws.close()
        return PageResult(False, time.monotonic() - start, page_done - start, kernel, "no widget state")
    except Exception as exc:  # noqa: BLE001 - a failed page is a result, not a crash
        return PageResult(False, time.monotonic() - start, 0.0, error=f"{type(exc).__name__}: {exc}"[:200])


def _has_class(states: dict, name: str) -> bool:
    return any(name in entry.get("state", {}).get("_dom_classes", []) for entry in (states or {}).values())


def nav_model(states: dict) -> tuple[str, list[str]] | None:
    """The workshop's step navigation (a ToggleButtons with the ``aw-nav`` class): its model id
    and option labels."""
    for model_id, entry in (states or {}).items():
        state = entry.get("state", {})
        if entry.get("model_name") == "ToggleButtonsModel" and "aw-nav" in state.get("_dom_classes", []):
            return model_id, list(state.get("_options_labels", []))
    return None


def _until_idle(ws, msg_id: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    ws.settimeout(timeout)
    marker = msg_id.encode()
    while time.monotonic() < deadline:
        raw = ws.recv()
        if marker not in (raw if isinstance(raw, bytes) else raw.encode()):
            continue
        msg = decode(raw)
        if (msg.get("msg_type") == "status" and msg.get("parent_header", {}).get("msg_id") == msg_id
                and msg.get("content", {}).get("execution_state") == "idle"):
            return True
    return False


def _bridge_model(states: dict) -> str | None:
    """The page's browser bridge (``widgets.ui.bridge``): the model with ``stored``/``reported``."""
    for model_id, entry in (states or {}).items():
        state = entry.get("state", {})
        if "reported" in state and "stored" in state and "grant" in state:
            return model_id
    return None


def _states(page: PageResult, timeout: float) -> dict:
    comm = uuid.uuid4().hex
    send(page.ws, _msg("comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control", "data": {}},
                       page.session, {"version": "1.0.0"}))
    send(page.ws, _msg("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}}, page.session))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        raw = page.ws.recv()
        if b"update_states" not in (raw if isinstance(raw, bytes) else raw.encode()):
            continue
        msg = decode(raw)
        if msg.get("content", {}).get("data", {}).get("method") == "update_states":
            return msg["content"]["data"].get("states", {})
    return {}


def report_browser(page: PageResult, tokens: dict | None = None, timeout: float = 120) -> bool:
    """What the page's bridge does once rendered: report the resume tokens this browser holds
    (none for a new browser). Then the kernel joins and builds the steps; the page's widget
    state is fetched again."""
    bridge = _bridge_model(page.states)
    if bridge is None or page.ws is None:
        return False
    message = _msg("comm_msg", {"comm_id": bridge, "data": {
        "method": "update", "state": {"stored": tokens or {}, "reported": True}, "buffer_paths": []}}, page.session)
    send(page.ws, message)
    if not _until_idle(page.ws, message["header"]["msg_id"], timeout):
        return False
    page.states = _states(page, timeout)
    bridge = _bridge_model(page.states)
    grant = page.states.get(bridge, {}).get("state", {}).get("grant") if bridge else None
    page.tokens = dict(tokens or {})
    if grant and grant.get("event") and grant.get("token"):
        page.tokens[grant["event"]] = grant["token"]
    return bool(page.states)


def walk_modules(page: PageResult, timeout: float = 120) -> int:
    """Click through every step of a joined participant's page, as the browser's widget manager
    sends it (a ``comm_msg`` updating the navigation's index); return the steps opened."""
    nav = nav_model(page.states)
    if nav is None and page.ws is not None:
        report_browser(page, timeout=timeout)
        nav = nav_model(page.states)
    if nav is None or page.ws is None:
        page.error = page.error or "no steps in the page (not joined)"
        return 0
    model_id, labels = nav
    with page.lock:
        return _walk(page, model_id, labels, timeout)


def _walk(page: PageResult, model_id: str, labels: list[str], timeout: float) -> int:
    opened = 0
    for index in range(len(labels)):
        message = _msg("comm_msg", {"comm_id": model_id, "data": {
            "method": "update", "state": {"index": index}, "buffer_paths": []}}, page.session)
        send(page.ws, message)
        try:
            if _until_idle(page.ws, message["header"]["msg_id"], timeout):
                opened += 1
            else:
                page.error = f"step {index}: no answer within {timeout:.0f} s"
                break
        except Exception as exc:  # noqa: BLE001 - a step that never answered is counted as not opened
            page.error = f"step {index}: {type(exc).__name__}: {exc}"[:160]
            break
    return opened


def unload(base: str, kernel_id: str) -> int:
    """What the page sends when its tab closes or reloads: a shutdown request for its kernel."""
    req = urllib.request.Request(f"{base}/voila/api/shutdown/{kernel_id}", data=b"", method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def keep_alive(pages: list[PageResult], stop: threading.Event, every: float = 5.0) -> threading.Thread:
    """What a browser does for an idle page: read what the server sends and answer its pings
    (tornado closes a websocket whose pings go unanswered for 30 s). Pages being read by a
    walk are skipped."""

    def run() -> None:
        while not stop.wait(every):
            for page in list(pages):
                if page.ws is None or not page.lock.acquire(blocking=False):
                    continue
                try:
                    page.ws.settimeout(0.05)
                    for _ in range(200):
                        page.ws.recv()  # answers pings as a side effect
                except Exception:  # noqa: BLE001, S110 - nothing more to read now (timeout) or gone
                    pass
                finally:
                    page.lock.release()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread
