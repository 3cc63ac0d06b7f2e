"""What every module's view shares: its context, one route for problems, the debrief card, and
a way to change widgets from code without the change being taken for the participant's input."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import ipywidgets as w

from widgets import safe
from widgets.ui.context import ModuleContext, guarded

DEBRIEF_QUESTIONS = 3


class SetsWidgets:
    """``with self.setting():`` changes widgets from code (loading a document, redrawing after a
    teammate's save) while callbacks see ``self.quiet`` and do not act, as ipywidgets'
    ``hold_sync`` holds a model's messages."""

    _setting = 0

    @contextmanager
    def setting(self) -> Iterator[None]:
        self._setting += 1
        try:
            yield
        finally:
            self._setting -= 1

    @property
    def quiet(self) -> bool:
        """True while code, not the person, is changing the widgets."""
        return self._setting > 0


class ModuleView(SetsWidgets):
    """Base of a module's view (see :class:`widgets.contract.ModuleView` for what the app needs).

    ``self.report(fn)`` wraps a widget callback so that a refused value or a failure reaches the
    page as a message (the one route for problems).
    """

    def __init__(self, ctx: ModuleContext):
        self.ctx = ctx
        self.tr = ctx.tr
        self.case = ctx.session.case
        self.report = guarded(ctx.report_problems)

    def debrief_card(self) -> w.HTML:
        """The module's debrief questions (``<prefix>.debrief_title`` and ``_1`` to ``_3``)."""
        prefix, tr = self.ctx.spec.prefix, self.tr
        items = safe.join([safe.html("<li>{q}</li>", q=tr(f"{prefix}.debrief_{i}"))
                           for i in range(1, DEBRIEF_QUESTIONS + 1)])
        return w.HTML(safe.html("<h4>{t}</h4><ul>{items}</ul>", t=tr(f"{prefix}.debrief_title"), items=items))

    def refresh_team(self) -> None:
        """Redraw what depends on teammates (called when the team's data changed)."""
