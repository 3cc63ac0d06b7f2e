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


def workbook(export: dict, tr: Translator) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    health = wb.active
    health.title = "health_check"
    health.append(_headers(["team", "crack", "status", "evidence", "question"], tr))
    for team in export["teams"]:
        for c in team["health_check"]:
            health.append([_cell(team["name"]), _cell(c["title"]), _cell(tr(f"health.status.{c['status']}")),
                           _cell("; ".join(e["text"] for e in c["evidence"])), _cell(c["question"])])
    ctx = CharterContext(tr, cases.get(export["event"]["case"]))
    for spec in registry.modules():
        ws = wb.create_sheet(spec.key)
        sheets = [(team["name"], spec.sheet(team["modules"].get(spec.key) or {}, ctx)) for team in export["teams"]]
        ws.append(_headers(["team", *(sheets[0][1][0] if sheets else spec.sheet({}, ctx)[0])], tr))  # as the first team's
        for name, (_, rows) in sheets:
            for row in rows:
                ws.append([_cell(name), *[_cell(v) for v in row]])
    for ws in wb.worksheets:
        for cell in ws[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
