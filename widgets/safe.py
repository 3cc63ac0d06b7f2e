"""The one path by which user text reaches HTML, chart labels and exports.

`ipywidgets.HTML` sets innerHTML unsanitised and plotly renders labels as HTML, so
every piece of user text goes through :func:`text` (escape) before it is placed in
markup. Trusted markup written by the kit is composed with :func:`html` so that the
interpolated values are escaped while the template is not.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata

# C0/C1 controls except tab and newline; DEL; bidi marks, overrides and isolates; characters
# that are invisible and have no use in this kit's languages (soft hyphen, zero-width space,
# word joiner and invisible operators, byte-order mark, Hangul fillers, Mongolian vowel
# separator, combining grapheme joiner, tag characters). Zero-width joiners stay (emoji).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u115f\u1160\u180e\u200b\u200e\u200f"
                      "\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\uffa0\ufeff\U000e0000-\U000e007f]")


def clean(value: object) -> str:
    """Text fit for storage: NFC-normalised, controls and bidi overrides removed."""
    s = unicodedata.normalize("NFC", str(value))
    return _CONTROL.sub("", s)


def text(value: object) -> str:
    """User text escaped for HTML content and attributes (quotes included)."""
    return _html.escape(clean(value), quote=True)


class Markup(str):
    """A string that is already safe HTML (built by the kit, not typed by a user)."""


def html(template: str, /, **values: object) -> Markup:
    """Format a trusted HTML template, escaping every interpolated value.

    Values wrapped in :class:`Markup` are inserted as they are (already safe); the result is
    Markup too, so a fragment built here can be placed in another template as it is.
    """
    return Markup(template.format(**{k: v if isinstance(v, Markup) else text(v) for k, v in values.items()}))


def join(parts: list[str] | tuple[str, ...], sep: str = "") -> Markup:
    """Join fragments that are already safe into one :class:`Markup`."""
    return Markup(sep.join(parts))


_SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """Neutralise text that a spreadsheet would read as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_SPREADSHEET_TRIGGERS):
        return "'" + value
    return value


LINE_BREAK = "<br>"  # plotly's line break inside a label


def _cut(s: str, limit: int) -> str:
    """``s`` shortened to at most ``limit`` characters at a word boundary, "…" marking the cut
    (a single word longer than that is cut where it must be)."""
    if len(s) <= limit:
        return s
    head = s[: limit - 1]
    space = head.rfind(" ")
    if space >= limit // 2:
        head = head[:space]
    return head.rstrip(" ·-/,;:") + "…"


def chart_label(value: object, limit: int = 60) -> str:
    """A user string for a plotly label: escaped (plotly renders a subset of HTML), shortened
    at a word boundary."""
    return _html.escape(_cut(" ".join(clean(value).split()), limit), quote=True)


def wrap_words(value: str, width: int, lines: int = 3) -> list[str]:
    """``value`` as lines of at most ``width`` characters, broken between words (a word longer
    than a line is split where it must be). Beyond ``lines`` lines, the first lines and the
    last one are kept with "…" where the middle was, so that both ends stay readable."""
    width = max(1, width)
    out: list[str] = []
    line = ""
    for word in value.split():
        while len(word) > width:
            if line:
                out.append(line)
                line = ""
            out.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    if len(out) > max(2, lines):
        keep = max(2, lines)
        out = [*out[: keep - 2], out[keep - 2] + " …", out[-1]]
    return out


def chart_labels(values, limit: int = 60, lines: int = 3) -> list[str]:
    """Labels for the categories of one chart axis: each escaped and, when longer than
    ``limit``, wrapped between words onto lines of at most ``limit`` characters (never cut in
    the middle of a word: "Patrocinador ejecutivo ·<br>Norvia Medical"), and never two alike
    (plotly would draw two equal categories as one and drop a column)."""
    out: list[str] = []
    for value in values:
        s = " ".join(clean(value).split())
        label, n = s, 2
        while (text := LINE_BREAK.join(_html.escape(line, quote=True) for line in wrap_words(label, limit, lines))) in out:
            label, n = f"{s} ({n})", n + 1
        out.append(text)
    return out
