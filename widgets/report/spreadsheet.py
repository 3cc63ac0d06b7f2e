"""The event export as an XLSX workbook: one sheet per module plus the health check.

Every string cell goes through :func:`widgets.safe.spreadsheet_cell`, so text typed by a
participant that starts with = + - @ is never read as a formula.
"""

from __future__ import annotations

import io
import json

from widgets import safe
from widgets.i18n import Translator

SHEETS = ("partner_selection", "goals_kpis", "roles", "risk", "governance")


def _cell(value):
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return safe.spreadsheet_cell(safe.clean(value))
    return value


def _rows_for(module: str, section: dict) -> tuple[list[str], list[list]]:
    if module == "partner_selection":
        return (["rank", "candidate", "score", "spread", "members"],
                [[r["rank"], r["candidate"], r["score"], r["spread"], r["members"]] for r in section.get("ranking", [])])
    if module == "goals_kpis":
        return (["name", "category", "kind", "baseline", "target", "unit", "horizon", "beneficiary", "owner",
                 "frequency", "proposed_by", "endorsed_by", "in_team_set"],
                [[k["name"], k["category"], k["kind"], k["baseline"], k["target"], k["unit"] or k["scale"], k["horizon"],
                  k["beneficiary"], k["owner"], k["frequency"], k["proposed_by"], ", ".join(k["endorsed_by"]),
                  k["in_team_set"]] for k in section.get("kpis", [])])
    if module == "roles":
        roles = section.get("roles", [])
        return (["activity"] + [r["label"] for r in roles],
                [[a["label"]] + [section.get("consensus", {}).get(a["id"], {}).get(r["column"], "") for r in roles]
                 for a in section.get("activities", [])])
    if module == "risk":
        return (["risk", "category", "likelihood", "impact", "score", "share_a", "mitigation", "owner", "contested"],
                [[r["risk"], r["category"], r["likelihood"], r["impact"], r["score"], r["share_a"], r["mitigation"],
                  r["owner"], r["contested"]] for r in section.get("risks", [])])
    return (["scenario", "decision", "who_decides", "worst_case_days", "deadlock"],
            [[t["scenario"], t["decision"], t["who_decides"], t["worst_case_days"], t["deadlock"]]
             for t in section.get("stress_test", [])])


def workbook(export: dict, tr: Translator) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    health = wb.active
    health.title = "health_check"
    health.append(["team", "crack", "status", "evidence", "question"])
    for team in export["teams"]:
        for c in team["health_check"]:
            health.append([_cell(team["name"]), c["crack"], c["status"],
                           _cell("; ".join(e["text"] for e in c["evidence"])), _cell(c["question"])])
    for module in SHEETS:
        ws = wb.create_sheet(module)
        first = True
        for team in export["teams"]:
            headers, rows = _rows_for(module, team["modules"].get(module) or {})
            if first:
                ws.append(["team", *headers])
                first = False
            for row in rows:
                ws.append([_cell(team["name"]), *[_cell(v) for v in row]])
    for ws in wb.worksheets:
        for cell in ws[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
