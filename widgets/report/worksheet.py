"""The parts of a printed worksheet: a module's ``worksheet`` and ``tally`` hooks compose them,
and :mod:`widgets.report.pack` puts the sheets into one printable document.

A sheet is laid out like the module's page: its sections follow the page's tabs and each box
says where it is typed in later ("Partner selection › Your scoring › 2. Score each
candidate"). Every value placed here is escaped (``widgets.safe.html``); the labels come from
the module's own message ids, so the paper and the page use the same words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from widgets.i18n import Translator
from widgets.safe import Markup, html, join


@dataclass(frozen=True)
class Blank:
    """An empty box to write in; ``lines`` sets its height, ``hint`` is printed small inside
    (what to write: "1–5", "% of 100")."""

    lines: int = 1
    hint: str = ""


BOX = Blank()


def where(tr: Translator, *path: str) -> Markup:
    """The line that tells the team where a box is typed in: step › tab › field."""
    return html('<p class="ws-where">{t}</p>', t=tr("pack.goes_to", where=" › ".join(p for p in path if p)))


def sheet(tr: Translator, title: str, parts: Iterable[str], intro: str = "", landscape: bool = False,
          kind: str | None = "team") -> Markup:
    """One worksheet: a page (or more) that starts on a new sheet of paper, with the lines to
    fill in at the top: the team and member (``kind="team"``), the team only for an anonymous
    questionnaire (``"person"``), the event for the facilitator's sheets (``"facilitator"``), or
    none (None)."""
    who = tr(f"pack.who.{kind}") if kind else ""
    return html('<section class="ws-sheet{land}"><div class="ws-who">{who}</div><h2>{title}</h2>{intro}{body}</section>',
                land=Markup(" ws-landscape" if landscape else ""), who=who, title=title,
                intro=html('<p class="ws-intro">{t}</p>', t=intro) if intro else Markup(""),
                body=join(list(parts)))


def part(title: str, *content: str, note: str = "") -> Markup:
    """A section of a sheet (one card of the page): a heading, an optional note, its boxes."""
    return html('<div class="ws-part"><h3>{t}</h3>{n}{c}</div>', t=title,
                n=html('<p class="ws-note">{n}</p>', n=note) if note else Markup(""), c=join(list(content)))


def cell(value: object) -> Markup:
    if isinstance(value, Blank):
        hint = html('<span class="ws-hint">{h}</span>', h=value.hint) if value.hint else Markup("")
        return html('<td class="ws-blank ws-h{n}">{h}</td>', n=str(max(1, min(value.lines, 8))), h=hint)
    if isinstance(value, Markup):
        return Markup(f"<td>{value}</td>")
    return html("<td>{v}</td>", v="" if value is None else value)


def grid(headers: Sequence[str], rows: Iterable[Sequence[object]], caption: str = "", vertical: bool = False,
         widths: Sequence[str] = ()) -> Markup:
    """A table to fill in: text cells are printed, :class:`Blank` cells are boxes to write in.
    ``vertical`` turns the headers after the first on their side (a wide grid such as the RACI)."""
    cols = join([html('<col style="width:{w}">', w=w) for w in widths]) if widths else Markup("")
    head = join([html('<th{v}><span>{h}</span></th>', v=Markup(' class="ws-vertical"' if vertical and i else ""), h=h)
                 for i, h in enumerate(headers)])
    body = join(["<tr>" + join([cell(v) for v in row]) + "</tr>" for row in rows])
    cap = html("<caption>{c}</caption>", c=caption) if caption else Markup("")
    return Markup(f'<table class="ws-grid">{cap}<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
                  f"<tbody>{body}</tbody></table>")


def field(label: str, lines: int = 1, hint: str = "") -> Markup:
    """A labelled box: the label as on the page, a box of ``lines`` written lines."""
    return html('<div class="ws-field"><div class="ws-label">{l}</div><div class="ws-box ws-h{n}">{h}</div></div>',
                l=label, n=str(max(1, min(lines, 8))),
                h=html('<span class="ws-hint">{h}</span>', h=hint) if hint else Markup(""))


def fields(*items: str) -> Markup:
    """Fields side by side (as a row of inputs on the page)."""
    return Markup('<div class="ws-row">' + join(list(items)) + "</div>")


def choices(tr: Translator, label: str, options: Sequence[str], many: bool = False) -> Markup:
    """A drop-down or a set of check boxes on paper: a box to tick beside each option, with
    "tick one" or "tick all that apply"."""
    ticks = join([html('<span class="ws-choice"><span class="ws-tick"></span>{o}</span>', o=o) for o in options])
    return html('<div class="ws-field"><div class="ws-label">{l} <span class="ws-how">({how})</span></div>'
                '<div class="ws-choices">{t}</div></div>', l=label,
                how=tr("pack.tick_many" if many else "pack.tick_one"), t=ticks)


def text_block(*paragraphs: str) -> Markup:
    return join([html("<p>{p}</p>", p=p) for p in paragraphs if p])


def items(values: Iterable[str]) -> Markup:
    return Markup("<ul>" + join([html("<li>{v}</li>", v=v) for v in values]) + "</ul>")


def scale(low: int, high: int) -> str:
    """The values a box takes, as printed inside it: "1 2 3 4 5" to circle."""
    return " ".join(str(n) for n in range(low, high + 1))


TALLY_ROWS = 10  # teams a tally sheet has lines for


def legend(label: str, options: Sequence[str]) -> Markup:
    """The options of a drop-down that a grid's boxes take by number: "Rule: 1 = Consensus ·
    2 = Majority vote ..."; the team writes the number and picks that option on the page."""
    listed = " · ".join(f"{n} = {o}" for n, o in enumerate(options, 1))
    return html('<p class="ws-legend"><b>{l}</b>: {o}</p>', l=label, o=listed)


def numbered(options: Sequence[str]) -> Blank:
    """A box for one option of a :func:`legend`, hinted with the numbers it may hold."""
    return Blank(hint=f"1–{len(options)}")
