"""Every export format from one event export: JSON, Markdown, HTML, XLSX, PDF."""

from __future__ import annotations

import json
from dataclasses import dataclass

from widgets import cases
from widgets.i18n import Translator
from widgets.report import charter, render, spreadsheet
from widgets.report.pdf import html_to_pdf

FORMATS = ("json", "md", "html", "xlsx", "pdf")
MIME = {"json": "application/json", "md": "text/markdown", "html": "text/html",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}


@dataclass(frozen=True)
class EventInfo:
    """What the charter needs of the event (rebuilt from the export itself)."""

    code: str
    title: str
    case_id: str
    lang: str


def event_info(export: dict) -> EventInfo:
    e = export["event"]
    return EventInfo(e["code"], e.get("title") or e["code"], e["case"], e.get("lang", "en"))


def filename(export: dict, fmt: str) -> str:
    teams = export["teams"]
    base = export["event"]["code"] + (f"-{teams[0]['name']}" if len(teams) == 1 else "")
    safe_base = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in base)[:80]
    return f"alliance-charter-{safe_base}.{fmt}"


def render_export(export: dict, fmt: str, tr: Translator) -> bytes:
    """The export in ``fmt``; PDF raises :class:`widgets.report.pdf.PdfUnavailable` without a browser."""
    if fmt == "json":
        return json.dumps(export, ensure_ascii=False, indent=2, allow_nan=False).encode()
    if fmt == "xlsx":
        return spreadsheet.workbook(export, tr)
    info = event_info(export)
    case = cases.get(info.case_id)
    blocks = [charter.blocks(team, info, tr, case, charts=fmt in ("html", "pdf")) for team in export["teams"]]
    if fmt == "md":
        return render.markdown(blocks, tr).encode()
    page = render.html_page(blocks, tr, tr("charter.document_title", event=info.title), tr.lang)
    if fmt == "html":
        return page.encode()
    if fmt == "pdf":
        return html_to_pdf(page)
    raise ValueError(fmt)
