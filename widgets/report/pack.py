"""The printed pack: everything a room needs to run the workshop on paper, for one case in one
language, when the network fails or people think better with a pen.

It holds a cover with the case brief (the companies and the candidate partners), every
registered module's worksheet (its ``worksheet`` hook, laid out like its page, each box saying
which step and field it is typed into later) and the facilitator's tally sheets (the room's
sheet below and each module's ``tally`` hook). It is printable HTML (A4, one sheet per page,
large boxes), made a PDF with Chromium where the machine has one (:mod:`widgets.report.pdf`).
The pack names no module: it loops over the registry.
"""

from __future__ import annotations

import html as _html
from collections.abc import Iterable
from dataclasses import dataclass

from widgets import registry, safe
from widgets.contract import ModuleSpec
from widgets.i18n import Translator
from widgets.model.case import Case
from widgets.report import worksheet as ws
from widgets.report.pdf import PdfUnavailable, browser, html_to_pdf

MIME = {"pdf": "application/pdf", "html": "text/html"}

CSS = """
@page { size: A4; margin: 12mm 13mm; }
@page wide { size: A4 landscape; margin: 10mm 11mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 9.5pt; color: #111; margin: 0; line-height: 1.3; }
h1 { font-size: 20pt; color: #16324f; margin: 0 0 2mm; }
h2 { font-size: 14pt; color: #16324f; border-bottom: 2px solid #16324f; padding-bottom: 1mm; margin: 0 0 2mm; }
h3 { font-size: 11pt; color: #16324f; margin: 0 0 1mm; }
p { margin: 0 0 1.5mm; }
ul { margin: 0 0 2mm 5mm; padding: 0; }
.ws-sheet { break-before: page; }
.ws-cover { break-before: auto; }
.ws-landscape { page: wide; }
.ws-who { text-align: right; font-size: 10pt; margin-bottom: 2mm; white-space: pre; }
.ws-intro { font-size: 9.5pt; background: #eef3f8; padding: 1.5mm 2.5mm; border-left: 3px solid #16324f; }
.ws-part { margin: 3mm 0 2mm; break-inside: avoid; }
.ws-note { color: #333; font-size: 8.5pt; }
.ws-where { font-size: 8.5pt; font-weight: bold; color: #7a4a00; margin: 0.5mm 0 1.5mm; }
.ws-where::before { content: "\\2192  "; }
.ws-legend { font-size: 8.5pt; margin: 1mm 0; }
.ws-grid { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 1mm 0 2mm; }
.ws-grid caption { text-align: left; font-size: 8.5pt; color: #333; padding-bottom: 1mm; }
.ws-grid th, .ws-grid td { border: 1px solid #444; padding: 1mm 1.5mm; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
.ws-grid thead th { background: #e3eaf2; font-size: 8.5pt; vertical-align: bottom; }
.ws-grid tr { break-inside: avoid; }
.ws-grid th.ws-vertical { height: 40mm; padding: 1mm 0.5mm; text-align: center; }
.ws-grid th.ws-vertical span { writing-mode: vertical-rl; transform: rotate(180deg); display: inline-block;
  max-height: 38mm; text-align: left; }
.ws-blank { background: #fff; }
.ws-hint { color: #9aa5b1; font-size: 7pt; }
.ws-h1 { height: 9mm; } .ws-h2 { height: 15mm; } .ws-h3 { height: 21mm; } .ws-h4 { height: 27mm; }
.ws-h5 { height: 33mm; } .ws-h6 { height: 39mm; } .ws-h7 { height: 45mm; } .ws-h8 { height: 51mm; }
.ws-field { margin: 1mm 0 2mm; flex: 1; }
.ws-label { font-weight: bold; font-size: 9pt; margin-bottom: 0.5mm; }
.ws-how { font-weight: normal; color: #555; font-size: 8pt; }
.ws-box { border: 1px solid #444; padding: 0.5mm 1.5mm; }
.ws-row { display: flex; gap: 4mm; }
.ws-choices { display: flex; flex-wrap: wrap; gap: 1mm 5mm; font-size: 9pt; }
.ws-choice { white-space: nowrap; }
.ws-tick { display: inline-block; width: 3.6mm; height: 3.6mm; border: 1px solid #222; margin-right: 1.5mm;
  vertical-align: -0.6mm; }
.ws-screen { background: #fff4d6; border: 1px solid #e09100; padding: 2mm 3mm; margin-bottom: 3mm; }
@media print { .ws-screen { display: none; } }
@media screen { body { max-width: 190mm; margin: 8mm auto; } .ws-sheet { border-top: 4px dashed #b8c4d0;
  padding-top: 6mm; margin-top: 8mm; } }
"""


@dataclass(frozen=True)
class Pack:
    """The pack as delivered: a PDF, or the printable HTML when no PDF could be made
    (``missing`` then says why: ``"unavailable"``, no Chromium here; ``"failed"``, it failed)."""

    case_id: str
    lang: str
    fmt: str
    body: bytes
    missing: str = ""

    @property
    def mime(self) -> str:
        return MIME[self.fmt]

    @property
    def filename(self) -> str:
        return filename(self.case_id, self.lang, self.fmt)


def filename(case_id: str, lang: str, fmt: str) -> str:
    base = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in f"{case_id}-{lang}")[:80]
    return f"alliance-printed-pack-{base}.{fmt}"


def _with_sheets(specs: Iterable[ModuleSpec], hook: str) -> list[ModuleSpec]:
    return [s for s in specs if getattr(s, hook) is not None]


def cover(case: Case, tr: Translator, specs: list[ModuleSpec]) -> safe.Markup:
    """The first sheet: what the pack is, how the sheets come back into the kit, its contents."""
    lang = tr.lang
    sheets = [tr(s.title) for s in _with_sheets(specs, "worksheet")]
    without = [tr(s.title) for s in specs if s.worksheet is None]
    parts = [
        safe.html("<h1>{t}</h1><p><b>{c}</b> · {i}</p>", t=tr("pack.title"), c=case.title.get(lang),
                  i=case.industry.get(lang)),
        ws.part(tr("pack.howto_title"), ws.items([tr("pack.howto_print"), tr("pack.howto_write"),
                                                  tr("pack.howto_type"), tr("pack.howto_pulse")])),
        ws.part(tr("pack.contents"), ws.items([tr("pack.brief_title"), *sheets, tr("pack.facilitator_title")])),
    ]
    if without:
        parts.append(safe.html('<p class="ws-note">{t}</p>', t=tr("pack.no_worksheet", modules=", ".join(without))))
    return safe.html('<section class="ws-sheet ws-cover">{b}</section>', b=safe.join(parts))


def brief(case: Case, tr: Translator) -> safe.Markup:
    """The case brief: the situation, both companies and the candidate partners."""
    lang = tr.lang
    companies = [ws.part(c.name, ws.text_block(c.situation.get(lang))) for c in case.companies.values()]
    candidates = [ws.part(c.name, ws.text_block(c.profile.get(lang)), ws.items(f.get(lang) for f in c.facts))
                  for c in case.candidates]
    return ws.sheet(tr, tr("pack.brief_title") + " · " + case.title.get(lang), [
        ws.text_block(case.summary.get(lang)),
        safe.html("<h3>{t}</h3>", t=tr("pack.companies")), *companies,
        safe.html("<h3>{t}</h3>", t=tr("pack.candidates")), *candidates,
    ], kind=None)


def room_tally(tr: Translator, specs: list[ModuleSpec]) -> safe.Markup:
    """The facilitator's sheet for the room: which team handed in and typed in each module's
    sheets (one column per registered module)."""
    titles = [tr(s.title) for s in specs]
    rows = [[ws.BOX, *(ws.Blank(hint=tr("pack.tally_marks")) for _ in titles)] for _ in range(ws.TALLY_ROWS)]
    return ws.sheet(tr, tr("pack.facilitator_title"), [
        ws.grid([tr("pack.team"), *titles], rows, vertical=True,
                widths=("28%", *([f"{72 / max(1, len(titles)):.2f}%"] * len(titles)))),
    ], intro=tr("pack.room_tally_help"), kind="facilitator")


def pack_html(case: Case, tr: Translator, specs: list[ModuleSpec] | None = None) -> str:
    """The whole pack as one printable HTML page in ``tr``'s language."""
    specs = registry.or_registered(specs)
    sheets = [cover(case, tr, specs), brief(case, tr)]
    sheets += [safe.Markup(s.worksheet(case, tr)) for s in _with_sheets(specs, "worksheet")]
    sheets.append(room_tally(tr, specs))
    sheets += [safe.Markup(s.tally(case, tr)) for s in _with_sheets(specs, "tally")]
    title = tr("pack.document_title", case=case.title.get(tr.lang))
    screen = safe.html('<p class="ws-screen">{t}</p>', t=tr("pack.html_note"))
    return (f'<!DOCTYPE html><html lang="{_html.escape(tr.lang)}"><head><meta charset="utf-8">'
            f"<title>{safe.text(title)}</title><style>{CSS}</style></head><body>{screen}"
            + "\n".join(sheets) + "</body></html>")


def build(case: Case, tr: Translator, specs: list[ModuleSpec] | None = None) -> Pack:
    """The pack as a PDF where Chromium is installed, else as printable HTML (said in
    :attr:`Pack.missing`, so that the caller tells the person)."""
    page = pack_html(case, tr, specs)
    if browser() is None:
        return Pack(case.id, tr.lang, "html", page.encode(), missing="unavailable")
    try:
        return Pack(case.id, tr.lang, "pdf", html_to_pdf(page))
    except PdfUnavailable:
        return Pack(case.id, tr.lang, "html", page.encode(), missing="failed")
