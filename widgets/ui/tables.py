"""HTML tables for the numbers behind every chart (all cell text escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from widgets import safe


@dataclass(frozen=True)
class Cell:
    """A table cell: text, an optional CSS class (e.g. ``aw-hot``) and a tooltip."""

    text: object
    css: str = ""
    title: str = ""


# a highlighted cell says so with a symbol as well as its colour (never by colour alone);
# the tables' captions and the guide name the symbols
MARKS = {"aw-top": "★", "aw-ok": "✓", "aw-hot": "⚑", "aw-bad": "✗"}
SYMBOLS = tuple(MARKS.values()) + ("⚠", "–")


def marked(text: str, css: str) -> str:
    """``text`` with the symbol of its highlight in front, unless it already starts with one."""
    mark = MARKS.get(css, "")
    if not mark or not text or text.lstrip().startswith(SYMBOLS):
        return text
    return f"{mark} {text}"


def _cell(value: object, tag: str) -> str:
    if isinstance(value, Cell):
        attrs = ""
        if value.css:
            attrs += safe.html(' class="{c}"', c=value.css)
        if value.title:
            attrs += safe.html(' title="{t}"', t=value.title)
        text = "" if value.text is None else str(value.text)
        return f"<{tag}{attrs}>{safe.text(marked(text, value.css))}</{tag}>"
    return f"<{tag}>{safe.text('' if value is None else value)}</{tag}>"


def table(headers: Sequence[object], rows: Sequence[Sequence[object]], caption: str = "",
          css: str = "aw-table") -> str:
    """An HTML table; the first column is a row header."""
    head = "".join(_cell(h, "th") for h in headers)
    body = []
    for row in rows:
        cells = [_cell(row[0], "th")] + [_cell(v, "td") for v in row[1:]] if row else []
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = safe.html("<caption>{c}</caption>", c=caption) if caption else ""
    return (safe.html('<table class="{css}">', css=css) + cap + f"<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")
