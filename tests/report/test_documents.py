"""Exports in every format, and JSON that imports back to the same export."""

from __future__ import annotations

import io
import json
import re

import pytest

from widgets import demo
from widgets.i18n import Translator
from widgets.model.problems import ModelError
from widgets.modules.goals_kpis.model import Entry as GoalsEntry
from widgets.report import documents
from widgets.report.export import event_export
from widgets.report.importer import import_event
from widgets.report.pdf import PdfUnavailable, browser
from widgets.store import Store, participant_doc

FORMULA = "=HYPERLINK(\"http://evil\",\"x\")"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def hostile_store(sqlite_store):
    """A demo room DEMO plus a team of one whose goal and KPI are hostile text."""
    s = sqlite_store
    demo.generate(s, "DEMO", "medtech-distribution", teams=3, participants=3)
    event = s.get_event("DEMO")
    p = s.join("DEMO", "Solo", "Zed")  # a team of one: Zed's hostile goal and KPI are the team set
    doc = GoalsEntry.model_validate({"goals": [{"id": "g1", "text": SCRIPT}],
                                     "kpis": [{"id": "k1", "name": FORMULA, "owner": "@SUM(1)"}]})
    s.save(participant_doc(p.id), "goals_kpis", doc.model_dump(mode="json"), event_id=event.id, team_id=p.team_id,
           participant_id=p.id)
    return s


def without_time(data: dict) -> dict:
    data = json.loads(json.dumps(data))
    data["event"].pop("exported_at")
    return data


def test_export_import_export_is_identical(hostile_store, tmp_path):
    first = event_export(hostile_store, "DEMO")
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        assert import_event(other, json.loads(json.dumps(first))) == "DEMO"
        second = event_export(other, "DEMO")
    finally:
        other.close()
    assert without_time(second) == without_time(first)
    assert len(first["teams"]) == 4 and all(len(t["health_check"]) == 6 for t in first["teams"])
    assert {c["status"] for t in first["teams"] for c in t["health_check"]} <= {"green", "amber", "red", "grey"}


def test_import_refuses_bad_files_and_existing_events(hostile_store):
    good = event_export(hostile_store, "DEMO")
    with pytest.raises(ModelError) as exc:
        import_event(hostile_store, good)
    assert exc.value.problems[0].code == "import.event_exists"
    for bad in ({}, {"schema_version": 99}, [], {"schema_version": 1, "event": {"code": "X"}}):
        with pytest.raises(ModelError):
            import_event(hostile_store, bad, code="NEW")
    tampered = json.loads(json.dumps(good))
    tampered["teams"][0]["documents"]["partner_selection"]["Ana"] = {"weights": {"trust": 170}}
    with pytest.raises(ModelError):
        import_event(hostile_store, tampered, code="NEW2")
    assert hostile_store.get_event("NEW2") is None  # nothing written when anything is invalid


def test_xlsx_opens_and_neutralises_formulas(hostile_store):
    from openpyxl import load_workbook

    data = documents.render_export(event_export(hostile_store, "DEMO"), "xlsx", Translator("en"))
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Foundation health check", "Partner selection", "Goals and KPIs", "Role clarity",
                             "Risk balancing", "Governance design", "Initiatives and launch", "Perception pulse"]
    values = [c.value for row in wb["Goals and KPIs"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "'" + FORMULA in values and "'@SUM(1)" in values
    cells = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not any(v.startswith(("=", "+", "-", "@")) for v in cells if isinstance(v, str))
    assert wb["Foundation health check"].max_row == 1 + 4 * 6


def test_markdown_and_html_escape_user_text(hostile_store):
    export = event_export(hostile_store, "DEMO")
    md = documents.render_export(export, "md", Translator("es")).decode()
    assert "# Acta de la alianza: equipo Blue" in md and SCRIPT not in md and "\\<script\\>" in md
    page = documents.render_export(export, "html", Translator("en")).decode()
    assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert re.findall(r"<(?:script|link|img)[^>]+(?:src|href)=", page) == []  # nothing fetched: works offline
    assert page.count('class="chart"') >= 3


def test_pdf_where_a_browser_exists(hostile_store):
    export = event_export(hostile_store, "DEMO", team="Blue")
    if browser() is None:
        with pytest.raises(PdfUnavailable):
            documents.render_export(export, "pdf", Translator("en"))
        return
    data = documents.render_export(export, "pdf", Translator("en"))
    assert data.startswith(b"%PDF") and len(data) > 10_000
    assert documents.filename(export, "pdf") == "alliance-charter-DEMO-Blue.pdf"


def test_the_most_contested_list_names_governance_fields_and_choices_as_people_read_them(hostile_store):
    from widgets import demo
    from widgets.report.export import event_export

    demo.generate(hostile_store, "GOVDIFF", "medtech-distribution", teams=4, participants=4, seed=3)
    raw = {"consensus", "majority", "a_decides", "b_decides", "chair", "mediation", "arbitration", "ceos",
           "rotating", "monthly", "quarterly", "none"}
    seen = {}
    for lang in ("en", "es"):
        data = event_export(hostile_store, "GOVDIFF", lang=lang)
        items = [c for team in data["teams"] for c in team["contested"] if c["module"] == "governance"]
        assert items, "the demo teams disagree on their governance design"
        for c in items:
            assert "/" not in c["item"] and "_" not in c["item"], c  # no internal path or id
            values = {part.split(": ", 1)[1] for part in c["detail"].split(", ") if ": " in part}
            assert not values & raw, c
        seen[lang] = [(c["item"], c["detail"]) for c in items]
    assert len(seen["en"]) == len(seen["es"])
    assert all(en != es for en, es in zip(seen["en"], seen["es"], strict=True)), seen  # in the reader's language
