"""Every step of the workshop, headless, for every case, read in Spanish: no English text from
the catalogs or the case files anywhere in its widgets (labels, options, tab titles, tables,
charts' titles and categories)."""

from __future__ import annotations

import json
import re

import ipywidgets as w
import pytest

from tests.test_spanish_everywhere import _found, english_only
from widgets import cases, demo
from widgets.store import Store
from widgets.ui.app import WorkshopApp

TEXT_TRAITS = ("description", "placeholder", "tooltip", "caption", "label")


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, str) and not re.fullmatch(r"[a-z0-9_:#/.\-]*|#[0-9a-fA-F]{3,8}|rgba?\(.*\)", value):
        return [value]
    return []


def widget_texts(widget) -> list[str]:
    """Every string a person can read in ``widget`` and its children."""
    out: list[str] = []
    seen: set[int] = set()

    def walk(x) -> None:
        if id(x) in seen or not isinstance(x, w.Widget):
            return
        seen.add(id(x))
        if isinstance(x, (w.HTML, w.Label, w.HTMLMath)):
            out.append(re.sub(r"<[^>]+>", " ", x.value))
        for name in TEXT_TRAITS:
            if x.has_trait(name) and isinstance(getattr(x, name), str):
                out.append(getattr(x, name))
        if x.has_trait("_options_labels"):
            out.extend(x._options_labels)
        if isinstance(x, w.Tab):
            out.extend(str(t) for t in x.titles)
        for name in ("rows", "columns", "options"):  # the RACI grid
            if x.has_trait(name) and x.__class__.__module__.startswith("widgets."):
                out.extend(_strings(getattr(x, name)))
        if x.has_trait("figure"):  # a chart: titles, axis titles, categories, trace names
            figure = x.figure if isinstance(x.figure, dict) else json.loads(x.figure or "{}")
            out.extend(_strings(figure.get("layout", {})))
            for trace in figure.get("data", []):
                out.extend(_strings({k: v for k, v in trace.items() if k in ("x", "y", "name", "text", "theta",
                                                                              "labels", "hovertext")}))
        for child in getattr(x, "children", ()) or ():
            walk(child)

    walk(widget)
    return out


ENGLISH_DECIMAL = re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.])")  # "3.64": Spanish writes 3,64


@pytest.mark.parametrize("case_id", sorted(cases.available()))
def test_every_step_reads_in_spanish(tmp_path, case_id):
    store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    store.create_event("ES-1", case_id, lang="es")
    demo.generate(store, "ES-1", case_id, teams=1, participants=3)
    app = WorkshopApp(store, {"event": "ES-1", "team": "Blue", "name": "Zoe", "lang": "es"}, browser={})
    english = english_only(case_id)
    found = {}
    for step in [s.key for s in app.stepper.steps]:
        app.stepper.show(step)
        view = app.stepper.current_view
        text = "\n".join([*widget_texts(app.widget), *widget_texts(view.widget)])
        assert text.strip(), step
        hits = _found(text, english)
        readable = "\n".join(t for t in widget_texts(view.widget) if "{" not in t)  # not the stylesheet
        hits += [f"English decimal {m}" for m in ENGLISH_DECIMAL.findall(readable)]
        if hits:
            found[step] = hits
    store.close()
    assert found == {}
