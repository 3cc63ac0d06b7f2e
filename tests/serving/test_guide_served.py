"""The workshop server serves the facilitator guide, rendered from its Markdown, in English and
Spanish, and nothing else under its address.

A real ``alliance-workshop serve`` answering plain HTTP (no browser needed).
"""

from __future__ import annotations

import http.client

import pytest

from tests.browser.conftest import WorkshopServer
from tests.serving.test_server import fetch

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = WorkshopServer(tmp_path_factory.mktemp("guide"), event="GUIDE-1", pool=1, lang="es")
    yield srv
    srv.stop()


def raw_status(server: WorkshopServer, path: str) -> int:
    """GET a path exactly as written (no client-side clean-up of ``..``)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_the_spanish_guide_is_served_in_spanish(server):
    status, page, headers = fetch(f"{server.base}/voila/aw-guide/es/index.html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert '<html lang="es">' in page and "<h1>Guía del facilitador</h1>" in page
    assert 'href="agendas.html"' in page and 'href="../en/index.html"' in page
    assert "default-src 'none'" in headers.get("Content-Security-Policy", "")
    status, page, _ = fetch(f"{server.base}/voila/aw-guide/es/agendas.html")
    assert status == 200 and "<h2>90 minutos: lo esencial</h2>" in page
    status, page, _ = fetch(f"{server.base}/voila/aw-guide/en/index.html")
    assert status == 200 and '<html lang="en">' in page and "<h1>Facilitator guide</h1>" in page


def test_the_images_come_inside_the_page(server):
    status, page, _ = fetch(f"{server.base}/voila/aw-guide/es/facilitator_dashboard.html")
    assert status == 200 and 'src="data:image/png;base64,' in page and "../docs/images" not in page


def test_nothing_but_a_guide_page_in_a_guide_language(server):
    for path in ("/voila/aw-guide/fr/index.html", "/voila/aw-guide/es/nope.html", "/voila/aw-guide/es/README.md",
                 "/voila/aw-guide/es/agendas", "/voila/aw-guide/es/x/agendas.html",
                 "/voila/aw-guide/%2e%2e/%2e%2e/etc/passwd", "/voila/aw-guide/es/..%2f..%2f..%2fetc%2fpasswd",
                 "/voila/aw-guide/es/<script>.html"):
        status, body, _ = fetch(f"{server.base}{path}")
        assert status == 404, path
        assert "<script>" not in body and "passwd" not in body, path
    for path in ("/voila/aw-guide/../../etc/passwd", "/voila/aw-guide/es/../../../../etc/passwd",
                 "/voila/aw-guide/es/../../../pyproject.toml"):
        assert raw_status(server, path) == 404, path


def test_a_spanish_room_speaks_spanish_on_the_facilitators_console(server):
    log = server.log()
    assert "Listo para 1 participante." in log and "Comparta este enlace con los participantes" in log
    assert "Ready for" not in log and "Share this link" not in log
