"""What a module view receives: the session, the translator and a way to report saves."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from widgets.i18n import Translator
from widgets.model.problems import ModelError, Problem
from widgets.registry import ModuleSpec
from widgets.session import ParticipantSession
from widgets.store import Revision

log = logging.getLogger("widgets.ui")


@dataclass
class ModuleContext:
    session: ParticipantSession
    tr: Translator
    spec: ModuleSpec
    report_saved: Callable[[Revision], None]
    report_problems: Callable[[list[Problem]], None]

    def save(self, data) -> Revision | None:
        """Validate and store this participant's document; report the outcome in the page."""
        try:
            revision = self.session.save(self.spec.key, data)
        except ModelError as exc:
            self.report_problems(exc.problems)
            return None
        except Exception:  # noqa: BLE001 - the store failed: nothing acknowledged
            log.exception("save failed for %s", self.spec.key)
            self.report_problems([Problem("store.save_failed")])
            return None
        self.report_saved(revision)
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
