"""The facilitator's page delivers the printed pack of the event's case, in the page's language."""

from __future__ import annotations

import pytest

from widgets.model.access import hash_key
from widgets.report import pack
from widgets.report.pdf import browser
from widgets.ui.facilitator import FacilitatorApp

KEY = "ABCD-EFGH-JKLM"


def unlocked(store, lang):
    store.create_event("EV-P", "saas-integrator", lang=lang)
    store.set_event_key("EV-P", hash_key(KEY))
    app = FacilitatorApp(store, event="EV-P", lang=lang)
    app.key.value = KEY
    app.unlock.click()
    assert app.event is not None
    return app


def test_without_chromium_the_pack_downloads_as_printable_html_and_the_page_says_so(sqlite_store, monkeypatch):
    monkeypatch.setattr(pack, "browser", lambda: None)
    app = unlocked(sqlite_store, "es")
    nonce = app.downloader.nonce
    app.pack_button.click()
    assert app.downloader.nonce == nonce + 1
    assert app.downloader.filename == "alliance-printed-pack-saas-integrator-es.html"
    assert app.downloader.mime == "text/html"
    page = bytes(app.downloader.payload).decode()
    assert '<html lang="es">' in page and "Paquete impreso" in page
    assert "no tiene Chromium" in app.export_message.widget.value
    assert "alliance-printed-pack-saas-integrator-es.html" in app.export_message.widget.value


@pytest.mark.skipif(browser() is None, reason="no Chromium on this machine")
def test_with_chromium_the_pack_downloads_as_a_pdf(sqlite_store):
    app = unlocked(sqlite_store, "en")
    app.pack_button.click()
    assert app.downloader.filename == "alliance-printed-pack-saas-integrator-en.pdf"
    assert app.downloader.mime == "application/pdf"
    assert bytes(app.downloader.payload).startswith(b"%PDF")
    assert "ready as a PDF" in app.export_message.widget.value
