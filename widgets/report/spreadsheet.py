"""The event export as an XLSX workbook: the health check, then one sheet per module (its
``sheet`` hook, :mod:`widgets.contract`).

Every string cell goes through :func:`widgets.safe.spreadsheet_cell`, so text typed by a
participant that starts with = + - @ is never read as a formula.
"""

from __future__ import annotations

import io
import json

from widgets import cases, registry, safe
from widgets.contract import CharterContext
from widgets.i18n import Translator


def _cell(value):
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return safe.spreadsheet_cell(safe.clean(value))
    return value


def _headers(names: list[str], tr: Translator) -> list:
    """Column names in the reader's language (``sheet.col.<name>``); a name with no message (a
    label already, or a column of a module shipped elsewhere) is kept as it is."""
    return [_cell(tr(f"sheet.col.{n}") if tr.has(f"sheet.col.{n}") else n) for n in names]


SHEET_TITLE_MAX = 31  # what Excel accepts
_NOT_IN_TITLE = str.maketrans({ch: " " for ch in "[]:*?/\\"})


def sheet_title(text: str, taken: set[str]) -> str:
    """A worksheet's name from a title in the reader's language: without the characters Excel
    refuses ([]:*?/\\), at most 31 characters, and not one already ``taken`` (case ignored)."""
    base = " ".join(safe.clean(text).translate(_NOT_IN_TITLE).split()).strip("'") or "?"
    title, n = base[:SHEET_TITLE_MAX], 1
    while title.casefold() in {t.casefold() for t in taken}:
        n += 1
        suffix = f" ({n})"
        title = base[:SHEET_TITLE_MAX - len(suffix)].rstrip() + suffix
    taken.add(title)
    return title


def _tables(result) -> list[tuple[list[str], list[list]]]:
    """A ``sheet`` hook's result as a list of tables: one ``(headers, rows)`` or a list of them."""
    return list(result) if isinstance(result, list) else [result]


def workbook(export: dict, tr: Translator) -> bytes:
    """The workbook: a sheet named by its title in the reader's language per module, after the
    health check. A module's ``sheet`` hook gives one table ``(headers, rows)`` or a list of
    them (risk: the balance, then the register); each table is written with its own header row,
    every team's rows under it, and an empty row between tables."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    taken: set[str] = set()
    health = wb.active
    health.title = sheet_title(tr("health.title"), taken)
    health.append(_headers(["team", "crack", "status", "evidence", "question"], tr))
    header_rows = {health.title: [1]}
    for team in export["teams"]:
        for c in team["health_check"]:
            health.append([_cell(team["name"]), _cell(c["title"]), _cell(tr(f"health.status.{c['status']}")),
                           _cell("; ".join(e["text"] for e in c["evidence"])), _cell(c["question"])])
    ctx = CharterContext(tr, cases.get(export["event"]["case"]))
    for spec in registry.modules():
        ws = wb.create_sheet(sheet_title(tr(spec.title), taken))
        header_rows[ws.title] = []
        teams = [(team["name"], _tables(spec.sheet(spec.typed(team["modules"].get(spec.key)), ctx))) for team in export["teams"]]
        shape = teams[0][1] if teams else _tables(spec.sheet(spec.typed(None), ctx))  # headers as the first team's
        for i, (headers, _) in enumerate(shape):
            if i:
                ws.append([])
            ws.append(_headers(["team", *headers], tr))
            header_rows[ws.title].append(ws.max_row)
            for name, tables in teams:
                for row in (tables[i][1] if i < len(tables) else []):
                    ws.append([_cell(name), *[_cell(v) for v in row]])
    for ws in wb.worksheets:
        for r in header_rows[ws.title]:
            for cell in ws[r]:
                cell.font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
