"""The heartbeat that lets a page notice it has lost the workshop server."""

from __future__ import annotations

from widgets.config import config
from widgets.i18n import Translator
from widgets.ui.app import WorkshopApp
from widgets.ui.connection import ConnectionWatch, wait_for_beats


def test_the_kernel_beats_from_a_thread_until_stopped(monkeypatch):
    watch = ConnectionWatch()
    sent = []
    monkeypatch.setattr(watch, "send", lambda content, buffers=None: sent.append(content))
    watch.start(interval=0.02)
    assert wait_for_beats(watch, 5)
    watch.stop()
    count = watch.beats
    assert not wait_for_beats(watch, count + 3, timeout=0.3)
    assert sent[:2] == [{"type": "beat", "n": 1}, {"type": "beat", "n": 2}]
    assert watch.lost_after == config().lost_after < 3  # the page says so within 3 s


def test_the_banner_speaks_the_participants_language(ev1_store):
    app = WorkshopApp(ev1_store, {"event": "EV-1", "team": "Blue", "name": "Ana", "lang": "es"})
    assert app.connection.lost_text.startswith("Esta página perdió la conexión") and "{time}" in app.connection.lost_text
    assert app.connection.reload_label == "Recargar la página"
    app.lang.value = "en"
    assert app.connection.lost_text.startswith("This page lost its connection")
    assert app.connection.beats == 0  # no heartbeat outside a kernel
    assert Translator("en")("app.reload") == "Reload the page"
