"""The workshop server as a room meets it: only its pages, no CDN, kernels freed, starts limited.

A real ``alliance-workshop serve`` answering plain HTTP (no browser needed).
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import WorkshopServer

pytestmark = pytest.mark.slow


def fetch(url: str, method: str = "GET", timeout: float = 120):
    request = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 - loopback
            return resp.status, resp.read().decode("utf-8", "replace"), dict(resp.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace"), dict(exc.headers)


def kernel_id(page: str) -> str:
    config = re.search(r'<script id="jupyter-config-data" type="application/json">\s*(\{.*?\})\s*</script>',
                       page, re.S)
    return json.loads(config.group(1))["kernelId"]


def kernel_alive(server: WorkshopServer, kid: str) -> bool:
    status, _, _ = fetch(f"{server.base}/api/kernels/{kid}")
    return status == 200


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    srv = WorkshopServer(tmp_path_factory.mktemp("room"), event="ROOM-1", pool=1,
                         extra=["--starts-per-client", "3", "--free-after", "10"],
                         env_extra={"ALLIANCE_LIMIT_LOOPBACK": "1"})
    yield srv
    srv.stop()


def test_the_console_says_when_the_room_is_ready_and_only_then_shows_the_link(room):
    log = room.log()
    assert log.index("Warming up kernels (1)") < log.index("Ready for 1 participant.")
    assert log.index("Ready for 1 participant.") < log.index("Share this link with participants")


def test_only_the_room_pages_render_and_nothing_comes_from_a_cdn(room):
    assert fetch(f"{room.base}/voila/render/01_partner_selection.ipynb")[0] == 404
    assert fetch(f"{room.base}/voila/render/../notebooks/workshop.ipynb")[0] == 404
    status, page, _ = fetch(room.url(template="classic", theme="dark"))
    assert status == 200
    assert "Getting your workspace ready" in page
    assert not re.search(r'(src|href)="(https?:)?//', page), "the page links to another server"
    fetch(f"{room.base}/voila/api/shutdown/{kernel_id(page)}", method="POST")


def test_plotly_js_is_served_locally_and_nothing_else_from_the_package(room):
    status, body, headers = fetch(f"{room.base}/voila/aw-assets/plotly.min.js")
    assert status == 200 and "plotly" in body[:2000].lower() and "max-age" in headers.get("Cache-Control", "")
    assert fetch(f"{room.base}/voila/aw-assets/widgetbundle.js")[0] == 404
    assert fetch(f"{room.base}/voila/aw-assets/../__init__.py")[0] in (403, 404)


def test_the_unload_request_frees_the_kernel_without_an_xsrf_token(room):
    status, page, _ = fetch(room.url())
    kid = kernel_id(page)
    assert kernel_alive(room, kid)
    status, _, _ = fetch(f"{room.base}/voila/api/shutdown/{kid}", method="POST")
    assert status == 204
    assert not kernel_alive(room, kid)
    assert fetch(f"{room.base}/voila/api/shutdown/{kid}", method="POST")[0] == 404


def test_a_page_that_never_connects_is_freed_after_the_grace_period(room):
    _, page, _ = fetch(room.url())
    kid = kernel_id(page)
    deadline = time.monotonic() + 60
    while kernel_alive(room, kid) and time.monotonic() < deadline:
        time.sleep(2)
    assert not kernel_alive(room, kid), "a kernel nobody connected to was kept for a minute"
    assert "freed kernel" in (room.data / "logs" / "server.log").read_text()


def test_one_client_cannot_start_kernels_without_bound(room):
    time.sleep(61)  # the earlier tests used this client's starts
    opened = []
    for _ in range(3):
        status, page, _ = fetch(room.url())
        assert status == 200
        opened.append(kernel_id(page))
    status, page, headers = fetch(room.url(lang="es"))
    assert status == 429 and int(headers["Retry-After"]) >= 1
    assert "Este dispositivo abrió el taller muchas veces" in page and '<html lang="es">' in page and "http-equiv=\"refresh\"" in page
    for kid in opened:
        fetch(f"{room.base}/voila/api/shutdown/{kid}", method="POST")


def test_no_url_gives_a_server_error(room):
    """Hostile and malformed addresses get 4xx (or the page), never a 500 with a traceback."""
    paths = ["/voila/render/workshop.ipynb?event=%00%ff", "/voila/render/workshop.ipynb?event=" + "A" * 5000,
             "/voila/render/%2e%2e/%2e%2e/etc/passwd", "/voila/render/workshop.ipynb/../../pyproject.toml",
             "/voila/api/shutdown/not-a-kernel", "/voila/api/shutdown/", "/voila/aw-assets/../../cli.py",
             "/voila/aw-assets/nothing.js", "/voila/files/pyproject.toml", "/voila/tree/..", "/api/kernels",
             "/api/kernels/00000000-0000-0000-0000-000000000000/channels", "/voila/query/x", "/voila/templates/../x",
             "/voila/static/%2e%2e/%2e%2e/x", "/login?next=//evil.example", "/%ff%fe", "/voila/render/",
             "/voila/render/facilitator.ipynb?lang=<script>"]
    for path in paths:
        for method in ("GET", "POST"):
            status, body, _ = fetch(room.base + path, method=method, timeout=60)
            assert status < 500, (method, path, status, body[:200])
            assert "Traceback" not in body, (method, path)
