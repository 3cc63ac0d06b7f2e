"""The page's request (query string) in a preheated Voila kernel, without importing Voila.

A preheated kernel runs the notebook before anybody asks for the page and waits at
``request_query()`` until Voila hands it the request over a websocket. Voila's own helper
(``voila.utils.get_query_string``) imports the server stack (jupyter_server,
jupyterlab_server, jsonschema...) into every kernel: about 40 MB each. This does the same
with tornado, which the kernel has loaded already.
"""

from __future__ import annotations

import json
import os
import threading

WAIT_SECONDS = 24 * 3600.0  # a pool kernel may wait for its participant all day


def _request_url() -> str:
    env = os.environ.get
    server_url = env("VOILA_SERVER_URL", "/")
    base = env("VOILA_WS_BASE_URL", server_url)
    return (f"{env('VOILA_WS_PROTOCOL', 'ws')}://{env('VOILA_APP_IP', '127.0.0.1')}:{env('VOILA_APP_PORT', '8866')}"
            f"{base}voila/query/{env('VOILA_KERNEL_ID', '')}")


def _receive(url: str) -> str | None:
    """Connect to Voila's request socket and wait for the request info (in its own loop)."""
    import asyncio

    from tornado.websocket import websocket_connect

    async def get() -> str | None:
        conn = await websocket_connect(url, connect_timeout=5)
        try:
            message = await conn.read_message()
        finally:
            conn.close()
        return message if isinstance(message, str) else None

    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(asyncio.wait_for(get(), WAIT_SECONDS))
    except Exception:  # noqa: BLE001 - no request: the page opens as with an empty query
        return None
    finally:
        loop.close()


def request_query() -> str:
    """The page's query string: in a preheated kernel, wait for the request first."""
    if os.environ.get("VOILA_PREHEAT", "False") != "False":
        result: list[str | None] = [None]
        thread = threading.Thread(target=lambda: result.__setitem__(0, _receive(_request_url())), daemon=True)
        thread.start()
        thread.join()
        if result[0]:
            for key, value in json.loads(result[0]).items():
                os.environ[str(key)] = str(value)
    return os.environ.get("QUERY_STRING", "")
