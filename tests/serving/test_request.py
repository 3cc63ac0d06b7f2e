"""A preheated kernel gets its page's request from Voila's request socket, without Voila."""

from __future__ import annotations

import asyncio
import json
import threading

from tornado.web import Application
from tornado.websocket import WebSocketHandler

from tests.conftest import free_port
from widgets.ui import request


def test_request_query_waits_for_the_request_and_sets_the_environment(monkeypatch):
    port = free_port()
    info = {"QUERY_STRING": "event=E1&lang=es", "SCRIPT_NAME": "/voila/render/workshop.ipynb"}
    seen = []

    class Query(WebSocketHandler):
        def open(self, kernel_id):
            seen.append(kernel_id)
            self.write_message(json.dumps(info))

    ready = threading.Event()

    def serve():
        asyncio.set_event_loop(asyncio.new_event_loop())
        Application([(r"/voila/query/(.*)", Query)]).listen(port, "127.0.0.1")
        ready.set()
        asyncio.get_event_loop().run_forever()

    threading.Thread(target=serve, daemon=True).start()
    ready.wait(5)
    for key, value in {"VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": "k-123", "VOILA_APP_PORT": str(port),
                       "VOILA_SERVER_URL": "/"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    assert request.request_query() == "event=E1&lang=es"
    assert seen == ["k-123"]
    import os

    assert os.environ["SCRIPT_NAME"] == "/voila/render/workshop.ipynb"


def test_outside_voila_the_query_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", "event=X")
    assert request.request_query() == "event=X"
