"""What every module's view shares: its context, one route for problems, the debrief card, and
a way to change widgets from code without the change being taken for the participant's input."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import ipywidgets as w
from pydantic import BaseModel

from widgets import safe
from widgets.model.problems import ModelError
from widgets.ui.context import ModuleContext, guarded
from widgets.ui.messages import MessageArea

DEBRIEF_QUESTIONS = 3
REFUSED = object()  # what ModuleView.attempt returns when the model refused the values


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

    def commit(self, entry: Any, undo: Callable[[], None] | None = None) -> bool:
        """Save ``entry`` as this member's document (a model instance, validated where the rule
        built it, or a dict the gate validates) and keep it as the view's ``doc``; when the save
        is refused or fails, the document before is kept and ``undo`` puts the widgets back."""
        doc = entry.model_dump(mode="json") if isinstance(entry, BaseModel) else entry
        before, self.doc = getattr(self, "doc", None), doc
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
