"""Render charter blocks as Markdown or as a standalone HTML page (charts embedded, plotly.js
inline: the file opens offline, with no CDN). All user text is escaped."""

from __future__ import annotations

import html as _html
import re

from widgets import safe
from widgets.i18n import Translator
from widgets.report.blocks import assessed_note
from widgets.report.charter import Block

STATUS_COLOURS = {"green": "#2e7d32", "amber": "#e09100", "red": "#c0392b", "grey": "#7b8794"}
# characters that are Markdown wherever they stand: escapes, code, emphasis, links, raw HTML and
# autolinks (both angle brackets), strikethrough, entities; "_" only where it can open or close
# emphasis (not inside a word: snake_case)
_MD_INLINE = re.compile(r"([\\`*\[\]<>~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])|&(?=#?[0-9A-Za-z]+;))")
# what only the start of a block makes Markdown: a heading, a quote, a list item ("- ", "+ ",
# "1. ", "1) "), a rule or setext line ("---", "==="); a "." after digits anywhere else is text
_MD_START = re.compile(r"^(#|[-+](?=\s|$)|[=-]+$|\d{1,9}(?=[.)](?:\s|$)))")
_MD_CLOSING = re.compile(r"(?<= )#+$")  # a heading's closing sequence


def md_text(value: object, cell: bool = False) -> str:
    """User text made inert in Markdown where it stands (the start of a block, or a table
    ``cell``): controls removed, whitespace made one space, and only what Markdown reads there
    escaped, so that "3.883" stays "3.883" and "1. First" becomes "1\\. First"."""
    text = _MD_INLINE.sub(r"\\\1", " ".join(safe.clean(value).split()))
    if cell:
        return text.replace("|", "\\|")
    text = _MD_CLOSING.sub(lambda m: "\\" + m.group(0), text)
    match = _MD_START.match(text)
    if not match:
        return text
    if match.group(0)[0].isdigit():  # "1. " -> "1\\. "
        end = match.end()
        return text[:end] + "\\" + text[end:]
    return "\\" + text


def markdown(all_blocks: list[list[Block]], tr: Translator) -> str:
    lines: list[str] = []
    for team_blocks in all_blocks:
        for b in team_blocks:
            if b.kind == "h1":
                lines += [f"# {md_text(b.text)}", ""]
            elif b.kind == "h2":
                lines += [f"## {md_text(b.text)}", ""]
            elif b.kind == "p":
                lines += [md_text(b.text), ""]
            elif b.kind == "list":
                lines += [f"- {md_text(item)}" for item in b.items] + [""]
            elif b.kind == "table":
                if not b.rows:
                    continue
                lines.append("| " + " | ".join(md_text(h, cell=True) for h in b.headers) + " |")
                lines.append("|" + "---|" * len(b.headers))
                lines += ["| " + " | ".join(md_text(c, cell=True) for c in row) + " |" for row in b.rows]
                lines.append("")
            elif b.kind == "health":
                for c in b.items:
                    note = assessed_note(c, tr)
                    lines.append(f"- **{md_text(c['title'])}**: {md_text(tr('health.status.' + c['status']))}"
                                 + (f" ({md_text(note)})" if note else ""))
                    lines += [f"  - {md_text(e['text'])}" for e in c["evidence"]]
                    lines.append(f"  - *{md_text(c['question'])}*")
                lines.append("")
        lines += ["---", ""]
    return "\n".join(lines)


CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; max-width: 1100px; margin: 24px auto; color: #1d2733;
  padding: 0 16px; }
h1 { color: #16324f; border-bottom: 3px solid #16324f; padding-bottom: 6px; }
h2 { color: #16324f; margin-top: 28px; border-bottom: 1px solid #d5dde5; }
table { border-collapse: collapse; margin: 8px 0 14px; font-size: 13px; }
th, td { border: 1px solid #d5dde5; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #eef3f8; }
.crack { border-left: 6px solid; padding: 6px 12px; margin: 8px 0; background: #f7f9fb; }
.crack b { font-size: 15px; } .crack ul { margin: 4px 0; } .q { font-style: italic; color: #3b4b5b; }
.team { page-break-after: always; }
@media print { .chart { page-break-inside: avoid; } }
"""


def html_page(all_blocks: list[list[Block]], tr: Translator, title: str, lang: str) -> str:
    from plotly.offline import get_plotlyjs

    parts = []
    for team_blocks in all_blocks:
        body = []
        for b in team_blocks:
            if b.kind in ("h1", "h2"):
                body.append(safe.html(f"<{b.kind}>{{t}}</{b.kind}>", t=b.text))
            elif b.kind == "p":
                body.append(safe.html("<p>{t}</p>", t=b.text))
            elif b.kind == "list":
                body.append("<ul>" + "".join(safe.html("<li>{t}</li>", t=i) for i in b.items) + "</ul>")
            elif b.kind == "table" and b.rows:
                head = "".join(safe.html("<th>{t}</th>", t=h) for h in b.headers)
                rows = "".join("<tr>" + "".join(safe.html("<td>{t}</td>", t=c) for c in row) + "</tr>"
                               for row in b.rows)
                body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
            elif b.kind == "health":
                for c in b.items:
                    evidence = "".join(safe.html("<li>{t}</li>", t=e["text"]) for e in c["evidence"])
                    body.append(safe.html(
                        '<div class="crack" style="border-color:{colour}"><b>{title}: {status}</b> {basis}<ul>{ev}</ul>'
                        '<div class="q">{q}</div></div>', colour=STATUS_COLOURS[c["status"]], title=c["title"],
                        status=tr("health.status." + c["status"]), basis=assessed_note(c, tr), ev=safe.Markup(evidence),
                        q=c["question"]))
            elif b.kind == "chart":
                body.append('<div class="chart">' + b.figure.to_html(full_html=False, include_plotlyjs=False,
                                                                      config={"displaylogo": False}) + "</div>")
        parts.append('<section class="team">' + "\n".join(body) + "</section>")
    return (f'<!DOCTYPE html><html lang="{_html.escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{safe.text(title)}</title><style>{CSS}</style>"
            f'<script type="text/javascript">{get_plotlyjs()}</script></head><body>'
            + "\n".join(parts) + "</body></html>")
