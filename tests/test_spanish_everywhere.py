"""A Spanish reader gets Spanish everywhere: for every case, the charter, every export, the
dashboard's comparison and the debrief board contain no English text from the catalogs or the
case files (names, and words that are the same in both languages, excepted); and a Spanish
reader of an event run in English reads the case's text in Spanish."""

from __future__ import annotations

import io
import re

import pytest
from pydantic import BaseModel

from widgets import cases, demo
from widgets.i18n import Translator, catalog
from widgets.model.case import Prose, Text
from widgets.model.dashboard import comparisons, debrief_board
from widgets.modules.governance.case import of as gv_case
from widgets.modules.partner_selection.case import of as ps_case
from widgets.modules.risk.case import of as risk_case
from widgets.modules.roles.case import of as roles_case
from widgets.report.documents import render_export
from widgets.report.export import event_export
from widgets.report.frames import comparison_table
from widgets.store import Store

MIN_LENGTH = 6  # shorter strings ("Socio", "KPI") are too often the same word in both


def _case_texts(value, out: list[tuple[str, str]]) -> None:
    if isinstance(value, (Text, Prose)):
        out.append((value.en, value.es))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _case_texts(getattr(value, name), out)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _case_texts(item, out)
    elif isinstance(value, dict):
        for item in value.values():
            _case_texts(item, out)


def english_only(case_id: str) -> set[str]:
    """Every English string a Spanish reader must never see: catalog messages (the parts between
    placeholders) and case texts whose Spanish differs."""
    en, es = catalog("en"), catalog("es")
    out: set[str] = set()
    for key, text in en.items():
        if es.get(key) == text:
            continue
        for part in re.split(r"\{[^}]*\}", text):
            part = part.strip(" .,:;·()–-")
            if len(part) >= MIN_LENGTH and part not in es.get(key, ""):
                out.add(part)
    pairs: list[tuple[str, str]] = []
    _case_texts(cases.get(case_id), pairs)
    case = cases.get(case_id)
    names = {c.name for c in case.companies.values()} | {c.name for c in case.candidates if hasattr(c, "name")}
    out |= {en_text.strip() for en_text, es_text in pairs if en_text != es_text and len(en_text.strip()) >= MIN_LENGTH}
    return {s for s in out if s not in names}


def _found(text: str, phrases: set[str]) -> list[str]:
    return sorted(p for p in phrases if re.search(rf"(?<![\w]){re.escape(p)}(?![\w])", text))


def _texts(value) -> list[str]:
    """The strings a person reads in exported JSON: values, not keys, and not ids."""
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    if isinstance(value, str) and not re.fullmatch(r"[a-z0-9_:#/.\-]*", value):
        return [value]
    return []


def _without_plotly_js(html: str) -> str:
    """The page without plotly.js itself (the library's own strings are not ours; the figures'
    titles and labels, in their own scripts, stay)."""
    return re.sub(r"<script[^>]*>(?:(?!</script>).){100000,}?</script>", " ", html, flags=re.S)


@pytest.fixture(scope="module", params=sorted(cases.available()))
def spanish_export(request, tmp_path_factory):
    """A Spanish event (its demo members type Spanish), exported in Spanish."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('es') / 's.sqlite3'}")
    store.create_event("ES-1", request.param, lang="es")
    demo.generate(store, "ES-1", request.param, teams=2, participants=3)
    yield request.param, event_export(store, "ES-1", lang="es"), event_export(store, "ES-1", lang="es", team="Blue")
    store.close()


def test_the_charter_and_every_export_read_in_spanish(spanish_export):
    case_id, export, one_team = spanish_export
    tr = Translator("es")
    english = english_only(case_id)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render_export(export, "xlsx", tr)))
    cells = "\n".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
                      if isinstance(c.value, str))
    outputs = {
        "md": render_export(export, "md", tr).decode(),
        "html (with charts)": re.sub(r"<[^>]+>", " ", _without_plotly_js(render_export(one_team, "html", tr).decode())),
        "json sections": "\n".join(_texts([t["modules"] for t in export["teams"]])),
        "health check": "\n".join(_texts([t["health_check"] for t in export["teams"]])),
        "xlsx": cells,
    }
    found = {name: _found(text, english) for name, text in outputs.items()}
    assert not any(found.values()), found
    # the workbook shows labels, not internal values
    from widgets.model.health import CRACKS
    from widgets.modules.risk.case import RISK_CATEGORIES

    ids = {*RISK_CATEGORIES, *CRACKS, "green", "amber", "red", "nobody", "quantitative", "qualitative", "revenue",
           "relationship", "quarterly", "monthly", "semiannual", "both"}
    assert not ids & {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row}


def test_the_dashboard_and_the_debrief_board_read_in_spanish(spanish_export):
    case_id, export, _ = spanish_export
    tr = Translator("es")
    english = english_only(case_id)
    frame = comparison_table(comparisons(export["teams"]), tr)
    board = debrief_board(export["teams"], limit=50)
    text = "\n".join([*map(str, frame.columns), *map(str, frame.to_numpy().ravel()),
                      *[f"{b.item} {b.detail}" for b in board]])
    assert board and not _found(text, english)


def test_a_spanish_reader_of_an_english_event_reads_the_case_in_spanish(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    demo.generate(store, "EN-1", "saas-integrator", teams=1, participants=2)  # run in English
    case = cases.get("saas-integrator")
    team = event_export(store, "EN-1", lang="es")["teams"][0]["modules"]
    assert {a["label"] for a in team["roles"]["activities"]} == {a.label.es for a in roles_case(case).activities}
    assert {r["risk"] for r in team["risk"]["risks"]} == {r.label.es for r in risk_case(case).risks}
    assert {t["scenario"] for t in team["governance"]["stress_test"]} <= {s.title.es for s in gv_case(case).scenarios}
    assert {c["label"] for c in team["partner_selection"]["criteria"]} >= {c.label.es for c in ps_case(case).criteria}
    store.close()
