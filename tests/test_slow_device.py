"""The page waits for anywidget however slow the device (issue 39).

anywidget's front-end rejects a widget whose module has not started within a fixed 2 s
(``AbortSignal.timeout(2000)`` in its ``Runtime``), and then drops every message to it. The
kit's page template turns that one timer off (a timer asked for by anywidget's bundle with
that delay). If an upgrade of anywidget changes the delay or the message, this test says so,
so that the template keeps matching what it disarms; the browser test
``tests/browser/test_slow_device_browser.py`` proves the effect on a throttled Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

import anywidget

from widgets.serving.app import TEMPLATE_DIR

BUNDLES = Path(anywidget.__file__).resolve().parent


def _labextension_sources() -> list[str]:
    static = BUNDLES / "labextension" / "static"
    return [p.read_text(encoding="utf-8") for p in static.glob("*.js")]


def test_the_installed_anywidget_still_rejects_a_slow_widget_after_the_2_second_timer():
    pattern = re.compile(r"AbortSignal\.timeout\((2000|2e3)\)\.addEventListener\(\s*\"abort\",\s*function\s*\(\)\s*\{"
                         r"\s*resolvers\.reject\(new Error\(\"\[anywidget\] Failed to initialize model\.\"\)")
    hits = [src for src in _labextension_sources() if pattern.search(src)]
    assert hits, "anywidget's start-up timer changed: update the shim in the alliance page template"


def test_the_page_template_disarms_exactly_that_timer_before_the_extensions_load():
    template = (Path(TEMPLATE_DIR) / "index.html.j2").read_text(encoding="utf-8")
    shim = template.index("AbortSignal.timeout = function (ms)")
    assert "ms === 2000" in template[shim:shim + 400]
    assert '"/labextensions/anywidget/"' in template[shim:shim + 400]
    assert shim < template.index("voila_setup_labextensions(resources.base_url")
