"""Messages shown to participants: problems, confirmations, the save status."""

from __future__ import annotations

import ipywidgets as w

from widgets import safe
from widgets.i18n import Translator, describe


def box(kind: str, lines: list[str]) -> str:
    """Escaped message lines in a styled box (kind: error, ok, info)."""
    if not lines:
        return ""
    body = "<br>".join(safe.text(line) for line in lines)
    return f'<div class="aw-msg-{kind}" role="{"alert" if kind == "error" else "status"}">{body}</div>'


def problems_html(tr: Translator, problems) -> str:
    return box("error", [describe(tr, p) for p in problems])


class MessageArea:
    """An HTML widget that shows one message at a time."""

    def __init__(self):
        self.widget = w.HTML("")
        self.kind = ""  # what it shows: "error", "ok", "info", or "" (nothing)

    def error(self, tr: Translator, problems) -> None:
        self.widget.value = problems_html(tr, problems)
        self.kind = "error" if self.widget.value else ""

    def show(self, kind: str, *lines: str) -> None:
        self.widget.value = box(kind, list(lines))
        self.kind = kind if self.widget.value else ""

    def clear(self) -> None:
        self.widget.value = ""
        self.kind = ""

    def clear_error(self) -> None:
        """Take a refusal away once the value it was about validates (a confirmation stays)."""
        if self.kind == "error":
            self.clear()


def describe_all(tr: Translator, problems) -> str:
    return " ".join(describe(tr, p) for p in problems)
