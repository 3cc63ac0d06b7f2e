"""Small layout helpers shared by the module views: cards and headings (text escaped)."""

from __future__ import annotations

import ipywidgets as w

from widgets import safe


def card(*children, css: str = "aw-card") -> w.VBox:
    box = w.VBox(list(children))
    box.add_class(css)
    return box


def heading(title: str, help_text: str = "") -> w.HTML:
    if help_text:
        return w.HTML(safe.html("<h4>{t}</h4><p class='aw-muted'>{h}</p>", t=title, h=help_text))
    return w.HTML(safe.html("<h4>{t}</h4>", t=title))
