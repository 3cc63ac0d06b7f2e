"""The XLSX workbook: every sheet name and column header is a translated word, and the risk
sheet carries each partner's shares, balance index and verdict."""

from __future__ import annotations

import io
import re

import pytest

from widgets import demo, registry
from widgets.i18n import Translator
from widgets.report import documents
from widgets.report.export import event_export
from widgets.report.spreadsheet import SHEET_TITLE_MAX, sheet_title

RAW_ID = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")  # partner_selection, mean_a, due_months
LOWER_WORD = re.compile(r"^[a-z0-9_]+$")  # a bare id of one word ("gap", "round") is not a header either


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from widgets.store import Store

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('xlsx')}/aw.db")
    demo.generate(store, "DEMO", "medtech-distribution", teams=2, participants=4)
    return event_export(store, "DEMO")


def book(export, lang):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(documents.render_export(export, "xlsx", Translator(lang))))


def header_rows(ws):
    """Every header row: the first, and each row that follows an empty row."""
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    heads = [r for i, r in enumerate(rows) if i == 0 or (not any(v is not None for v in rows[i - 1]) and any(r))]
    return [r[:max(i + 1 for i, v in enumerate(r) if v is not None)] for r in heads]  # without the padding


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_sheet_name_and_header_is_a_translated_word(exported, lang):
    tr = Translator(lang)
    wb = book(exported, lang)
    assert wb.sheetnames == [tr("health.title"), *[tr(spec.title) for spec in registry.modules()]]
    for ws in wb.worksheets:
        assert len(ws.title) <= SHEET_TITLE_MAX and not set(ws.title) & set("[]:*?/\\")
        assert not RAW_ID.match(ws.title) and not LOWER_WORD.match(ws.title), ws.title
        for headers in header_rows(ws):
            for h in headers:
                assert isinstance(h, str) and h.strip(), (ws.title, headers)
                assert not RAW_ID.match(h) and not LOWER_WORD.match(h) and not h.startswith("sheet.col."), (ws.title, h)


@pytest.mark.parametrize(("lang", "index_head", "verdict_head", "verdicts"), [
    ("en", "Balance index", "Verdict", {"Balanced", "Gives more than it gets", "Gets more than it gives", "Not known yet"}),
    ("es", "Índice de equilibrio", "Veredicto", None),
])
def test_the_risk_sheet_holds_the_shares_the_index_and_the_verdict(exported, lang, index_head, verdict_head, verdicts):
    tr = Translator(lang)
    wb = book(exported, lang)
    ws = wb[tr("module.risk.title")]
    first = header_rows(ws)[0]
    assert first == [tr("sheet.col.team"), tr("sheet.col.partner"), tr("sheet.col.contribution_share"),
                     tr("sheet.col.benefit_share"), tr("sheet.col.risk_share"), index_head, verdict_head]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2, max_row=1 + 2 * len(exported["teams"]))]
    for team in exported["teams"]:
        section = team["modules"]["risk"]
        mine = [r for r in rows if r[0] == team["name"]]
        assert [r[1] for r in mine] == list(section["shares"])
        for r in mine:
            partner = section["balance"]["partners"][r[1]]
            assert r[6] == tr(f"risk.verdict_short.{partner['verdict']}")
            if partner["index"] is not None:
                assert r[5] == pytest.approx(partner["index"], abs=0.01)
        for k in (2, 3, 4):  # the partners' shares of each kind add up to 100
            if all(r[k] is not None for r in mine):
                assert sum(r[k] for r in mine) == 100
    if verdicts:
        assert {r[6] for r in rows} <= verdicts
    register = header_rows(ws)[1]
    assert register[1] == tr("sheet.col.risk")


def test_a_sheet_title_is_cleaned_cut_to_31_characters_and_never_taken_twice():
    taken: set[str] = set()
    assert sheet_title("Risk: who/what? [draft]*", taken) == "Risk who what draft"
    long = sheet_title("A very long module title that Excel would refuse", taken)
    assert len(long) == 31 and sheet_title("a very long module title that excel would refuse", taken).endswith(" (2)")
    assert len(taken) == 3
