"""A hostile client on the kernel websocket of a real server: values out of range and of the
wrong type, long strings and markup sent to every kind of input, a flood and an oversized
message. Nothing invalid is stored, the kernel keeps answering, and the server says why it
closed a socket."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest
import websocket

from benchmarks.clients import _msg, _states, _until_idle, open_page, send, walk_modules
from tests.browser.conftest import WorkshopServer

pytestmark = pytest.mark.slow

PAYLOADS = {
    "number": [10**12, -10**9, "abc", None, [1], {"a": 1}, 1.5],
    "text": ["x" * 50_000, "<img src=x onerror=alert(1)>", "=HYPERLINK(\"http://x\")", "\u200b\u202e", None, 5,
             ["a"], {"b": 2}],
    "index": [999, -1, "1", None, [0]],
    "bool": ["yes", 2, None],
}
KINDS = {"IntSliderModel": ("value", "number"), "BoundedIntTextModel": ("value", "number"),
         "TextModel": ("value", "text"), "TextareaModel": ("value", "text"),
         "DropdownModel": ("index", "index"), "ToggleButtonsModel": ("index", "index"),
         "CheckboxModel": ("value", "bool")}
PER_KIND = 12  # inputs of each kind attacked (paced below the flood limit)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = WorkshopServer(tmp_path_factory.mktemp("hostile"), event="HOSTILE-1", pool=2)
    yield srv
    srv.stop()


def _why(server: WorkshopServer, kernel_id: str) -> str:
    with urllib.request.urlopen(f"{server.base}/voila/aw-why/{kernel_id}", timeout=30) as resp:  # noqa: S310
        return json.loads(resp.read())["reason"]


def _closed_within(page, seconds: float) -> bool:
    page.ws.settimeout(1)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if page.ws.recv() in ("", b""):
                return True
        except websocket.WebSocketTimeoutException:
            continue
        except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError):
            return True
    return False


def _invalid_documents(server: WorkshopServer) -> list[str]:
    from widgets import registry
    from widgets.store import Store

    store = Store(server.db_url)
    bad = []
    try:
        event = store.get_event(server.event)
        for latest in store.latest_for_event(event.id):
            spec = registry.get(latest.module)
            if spec is None:
                continue
            model = spec.entry_model if latest.doc.startswith("p:") else spec.team_model
            for doc in store.history(latest.doc, latest.module):
                try:
                    if model is not None:
                        model.model_validate(doc.data)
                except Exception as exc:  # noqa: BLE001 - any failure is an invalid stored document
                    bad.append(f"{latest.doc}/{latest.module}: {exc}"[:200])
    finally:
        store.close()
    return bad


def test_hostile_values_on_every_kind_of_input_store_nothing_invalid_and_stall_nothing(server):
    page = open_page(server.base, f"/voila/render/workshop.ipynb?event={server.event}&team=Hostile&name=Eve",
                     keep=True)
    assert page.ok, page.error
    assert walk_modules(page) >= 7  # every step built: every input exists in the kernel
    states = _states(page, 60)
    attacked: dict[str, int] = {}
    sent = 0
    for model_id, entry in states.items():
        kind = KINDS.get(entry.get("model_name"))
        if kind is None or "aw-nav" in entry.get("state", {}).get("_dom_classes", []):
            continue
        if attacked.get(entry["model_name"], 0) >= PER_KIND:
            continue
        attacked[entry["model_name"]] = attacked.get(entry["model_name"], 0) + 1
        trait, payloads = kind
        for value in PAYLOADS[payloads]:
            message = _msg("comm_msg", {"comm_id": model_id, "data": {
                "method": "update", "state": {trait: value}, "buffer_paths": []}}, page.session)
            send(page.ws, message)
            sent += 1
            assert _until_idle(page.ws, message["header"]["msg_id"], 30), f"kernel stalled on {entry['model_name']}"
            time.sleep(0.06)  # a fast person, not a flood: below the gate's sustained rate
    assert sent >= 150 and len(attacked) >= 5, attacked
    t0 = time.monotonic()
    assert _states(page, 30)  # the kernel still answers, promptly
    answered = time.monotonic() - t0
    assert answered < 5, answered
    assert _invalid_documents(server) == []
    log = (server.data / "logs" / "kernels.log")
    print(f"hostile comm messages sent {sent}, kernels stalled 0, kernel answered after {answered:.2f} s, "
          f"invalid documents stored 0; kernel log lines {len(log.read_text().splitlines()) if log.exists() else 0}")


def test_a_flood_closes_only_the_flooders_socket_and_the_page_can_ask_why(server):
    reader = open_page(server.base, f"/voila/render/workshop.ipynb?event={server.event}", keep=True)
    flooder = open_page(server.base, f"/voila/render/workshop.ipynb?event={server.event}", keep=True)
    assert reader.ok and flooder.ok
    for i in range(600):
        try:
            send(flooder.ws, _msg("comm_msg", {"comm_id": "nobody", "data": {"n": i}}, flooder.session))
        except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError):
            break
    assert _closed_within(flooder, 15)
    assert _why(server, flooder.kernel_id) == "flood"
    t0 = time.monotonic()
    assert _states(reader, 30)  # another participant is not slowed down
    assert time.monotonic() - t0 < 3
    assert _why(server, reader.kernel_id) == ""


def test_an_oversized_message_closes_the_socket_before_the_kernel_and_the_page_can_ask_why(server):
    page = open_page(server.base, f"/voila/render/workshop.ipynb?event={server.event}", keep=True)
    assert page.ok
    send(page.ws, _msg("comm_msg", {"comm_id": "nobody", "data": {"blob": "x" * 100_000}}, page.session))
    assert _closed_within(page, 15)
    assert _why(server, page.kernel_id) == "too_large"
    page.ws = websocket.create_connection(
        server.base.replace("http", "ws", 1) + f"/api/kernels/{page.kernel_id}/channels?session_id={page.session}",
        timeout=30, subprotocols=["v1.kernel.websocket.jupyter.org"])
    assert _states(page, 30)  # the kernel never saw it and answers a reconnected page
