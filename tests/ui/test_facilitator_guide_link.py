"""The facilitator page links the facilitator guide in the page's language, in a new tab."""

from __future__ import annotations

import re

import ipywidgets as w

from widgets.ui.facilitator import FacilitatorApp, facilitator_page

LINK = re.compile(r'<a class="aw-guide-link" href="([^"]+)" target="_blank" rel="noopener"[^>]*>([^<]+)'
                  r'<span class="aw-sr-only"> ([^<]+)</span></a>')


def page_html(widget: w.Widget) -> str:
    """Every HTML the page shows, walking its widgets."""
    found = [widget.value] if isinstance(widget, w.HTML) else []
    for child in getattr(widget, "children", ()):
        found.append(page_html(child))
    return "\n".join(found)


def test_the_spanish_page_links_the_spanish_guide(ev1_store, monkeypatch):
    monkeypatch.delenv("VOILA_SERVER_URL", raising=False)
    monkeypatch.setenv("QUERY_STRING", "event=EV-1&lang=es")
    app = facilitator_page(ev1_store)
    links = LINK.findall(page_html(app.widget))
    assert links == [("/voila/aw-guide/es/index.html", "Guía del facilitador", "(se abre en una pestaña nueva)")]


def test_the_english_page_links_the_english_guide_under_the_servers_base_url(ev1_store, monkeypatch):
    monkeypatch.setenv("VOILA_SERVER_URL", "/room/")
    links = LINK.findall(page_html(FacilitatorApp(ev1_store, event="EV-1").widget))
    assert links == [("/room/voila/aw-guide/en/index.html", "Facilitator guide", "(opens in a new tab)")]


def test_an_unknown_language_links_the_english_guide(ev1_store, monkeypatch):
    monkeypatch.delenv("VOILA_SERVER_URL", raising=False)
    monkeypatch.setenv("QUERY_STRING", "lang=fr")
    assert "/voila/aw-guide/en/index.html" in page_html(facilitator_page(ev1_store).widget)
