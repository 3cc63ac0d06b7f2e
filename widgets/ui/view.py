"""What every module's view shares: its context, the participant's typed document, one route for
problems, one way to save, and the debrief card.

A view changes its widgets from code (loading the document, redrawing after a teammate's save)
and those changes reach the same observers as the participant's input. There is no flag to tell
them apart: an observer builds the document the widgets now say and :meth:`ModuleView.commit`
stores it only when it differs from the stored one, so a widget set from the document changes
nothing. Several changes to one widget go to the browser as one message with ipywidgets'
``hold_sync``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w
from pydantic import BaseModel

from widgets import safe
from widgets.model.problems import ModelError
from widgets.ui.context import ModuleContext, guarded
from widgets.ui.messages import MessageArea

DEBRIEF_QUESTIONS = 3
REFUSED = object()  # what ModuleView.attempt returns when the model refused the values


class ModuleView:
    """Base of a module's view (see :class:`widgets.contract.ModuleView` for what the app needs).

    ``self.doc`` is the participant's document as stored, an instance of the module's
    ``entry_model``; ``self.report(fn)`` wraps a widget callback so that a refused value or a
    failure reaches the page as a message (the one route for problems).
    """

    def __init__(self, ctx: ModuleContext):
        self.ctx = ctx
        self.tr = ctx.tr
        self.case = ctx.session.case
        self.report = guarded(ctx.report_problems)
        self.doc: BaseModel = ctx.entry()

    def attempt(self, action: Callable[[], Any], near: MessageArea | None = None,
                undo: Callable[[], None] | None = None) -> Any:
        """Run ``action`` (a model call on values from the browser) on the one route for
        problems: a refusal (``ModelError``) is shown beside the field (``near``) or in the
        page's status line, ``undo`` puts the widgets back, and ``REFUSED`` is returned. Once
        the values validate, a refusal still shown beside the field is taken away."""
        try:
            result = action()
        except ModelError as exc:
            if near is not None:
                near.error(self.tr, exc.problems)
            else:
                self.ctx.report_problems(exc.problems)
            if undo is not None:
                undo()
            return REFUSED
        if near is not None:
            near.clear_error()
        return result

    def commit(self, entry: BaseModel, undo: Callable[[], None] | None = None) -> bool:
        """Save ``entry`` (an instance of the module's ``entry_model``, built by its rule) as
        this member's document and keep it as the view's ``doc``. An entry equal to the stored
        one is not saved again (a widget set from the document proposes what is already there).
        When the save is refused or fails, the document before is kept and ``undo`` puts the
        widgets back. True when the entry is stored."""
        if entry == self.doc:
            return True
        before, self.doc = self.doc, entry
        if self.ctx.save(entry) is None:
            self.doc = before
            if undo is not None:
                undo()
            return False
        return True

    def debrief_card(self) -> w.HTML:
        """The module's debrief questions (``<key>.debrief_title`` and ``_1`` to ``_3``)."""
        key, tr = self.ctx.spec.key, self.tr
        items = safe.join([safe.html("<li>{q}</li>", q=tr(f"{key}.debrief_{i}"))
                           for i in range(1, DEBRIEF_QUESTIONS + 1)])
        return w.HTML(safe.html("<h4>{t}</h4><ul>{items}</ul>", t=tr(f"{key}.debrief_title"), items=items))

    def refresh_team(self) -> None:
        """Redraw what depends on teammates (called when the team's data changed)."""
