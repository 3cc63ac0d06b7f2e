"""What a module view receives: the session, the translator and a way to report saves."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from pydantic import BaseModel

from widgets.config import config
from widgets.i18n import Translator
from widgets.model.problems import ModelError, Problem, validate
from widgets.registry import ModuleSpec
from widgets.session import ParticipantSession
from widgets.store import Conflict, Revision

log = logging.getLogger("widgets.ui")


@dataclass
class ModuleContext:
    session: ParticipantSession
    tr: Translator
    spec: ModuleSpec
    report_saved: Callable[[Revision], None]
    report_problems: Callable[[list[Problem]], None]
    defer: bool = False  # True in a kernel: typed text is saved after a pause, on its event loop
    redraw: Callable[[], None] | None = None  # the view's team part; the app sets it to refresh_team
    _pending: dict = field(default_factory=dict, repr=False)  # key -> timer of a save waiting for a pause
    _redraw_due: bool = field(default=False, repr=False)

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def settings(self):
        """The module's room settings as the facilitator set them (``spec.settings_model``;
        None for a module without any)."""
        return self.session.settings(self.spec.key) if self.spec.settings_model is not None else None

    def save(self, data) -> Revision | None:
        """Store this participant's document (an ``entry_model`` instance, or data the gate
        validates); report the outcome in the page."""
        try:
            revision = self.session.save(self.spec.key, data)
        except ModelError as exc:
            self.report_problems(exc.problems)
            return None
        except Exception:  # noqa: BLE001 - the store failed: nothing acknowledged
            log.exception("save failed for %s", self.spec.key)
            self.report_problems([Problem("store.save_failed")])
            return None
        self.saved(revision)
        return revision

    def saved(self, revision: Revision) -> None:
        """Acknowledge a durable save and redraw the view's team part: the page that saved
        redraws itself, because its own saves do not wake it (``ParticipantSession``). In a
        kernel the redraw runs once the current callback has finished (so the view has
        taken in what it saved); without an event loop, at once."""
        self.report_saved(revision)
        if self.redraw is None or self._redraw_due:
            return
        try:
            loop = asyncio.get_running_loop() if self.defer else None
        except RuntimeError:
            loop = None
        if loop is None:
            self.redraw()
            return
        self._redraw_due = True

        def run() -> None:
            self._redraw_due = False
            self.redraw()

        loop.call_soon(run)

    def soon(self, action: Callable[[], Any], key: str) -> None:
        """Run ``action`` after a short pause in typing (now when there is no event loop).

        ``key`` names the field the action stores: a newer action with the same key replaces a
        pending one; actions with other keys are never dropped, so typing in one field and then
        quickly in another keeps both. The action builds its document when it runs, from the
        document as it is then, so a click saved meanwhile is kept too.
        """
        self.cancel_pending(key)
        try:
            loop = asyncio.get_running_loop() if self.defer else None
        except RuntimeError:
            loop = None
        if loop is None:
            action()
            return

        def run() -> None:
            self._pending.pop(key, None)
            action()

        self._pending[key] = loop.call_later(config().typing_delay, run)

    def cancel_pending(self, key: str) -> None:
        handle = self._pending.pop(key, None)
        if handle is not None:
            handle.cancel()

    def typing(self, key: str | None = None) -> bool:
        """True while a save (of ``key``, or of anything) waits for a pause in typing."""
        return bool(self._pending) if key is None else key in self._pending

    def load(self) -> Any | None:
        return self.session.load(self.spec.key)

    def entry(self) -> BaseModel:
        """This participant's document as stored, typed by the module's ``entry_model`` (the
        empty model when nothing is stored yet)."""
        saved = self.load()
        return validate(self.spec.entry_model, {} if saved is None else saved)

    def load_team(self):
        return self.session.load_team(self.spec.key)

    def edit_team(self, change: Callable[[Any], Any], default: Callable[[], Any]) -> Revision | None:
        """Apply ``change`` to the team's shared document and store it.

        ``change`` receives the latest document (or ``default()``) and returns the new one.
        If a teammate saved in between, the change is re-applied to their version, so
        two people editing the same list never overwrite each other. A :class:`ModelError`
        from ``change`` or from validation propagates to the caller, which shows it.
        """
        session, key = self.session, self.spec.key
        try:
            revision = session.store.edit(
                session.team_doc, key, lambda data: change(default() if data is None else data),
                save=lambda data, base: session.save_team(key, data, base_revision=base))
        except Conflict:
            self.report_problems([Problem("store.busy_team")])
            return None
        except ModelError:
            raise
        except Exception:  # noqa: BLE001
            log.exception("team save failed for %s", key)
            self.report_problems([Problem("store.save_failed")])
            return None
        self.saved(revision)
        return revision


def guarded(report: Callable[[list[Problem]], None]):
    """Decorate a widget callback so that a failure is reported, never shown as a traceback."""

    def decorate(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except ModelError as exc:
                report(exc.problems)
            except Exception:  # noqa: BLE001
                log.exception("callback %s failed", fn.__name__)
                report([Problem("ui.unexpected")])
            return None

        return wrapper

    return decorate
