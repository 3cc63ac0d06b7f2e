"""Shared fixtures for the headless view tests."""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Awaitable, Callable

import pytest

from widgets.config import config
from widgets.store import Store


@pytest.fixture
def ev1_store(sqlite_store):
    """An SQLite store with the event EV-1 on the medtech case and nobody in it (views' tests)."""
    sqlite_store.create_event("EV-1", "medtech-distribution")
    return sqlite_store


_BROWSERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def browser_of(store: Store, person: str) -> dict:
    """The browser storage of ``person`` in this store's tests: the same person reopening the
    page is the same browser (and resumes); another person is another browser."""
    return _BROWSERS.setdefault(store, {}).setdefault(person, {})


def open_step(store: Store, name: str, *, key: str, lang: str = "en", team: str = "Blue"):
    """``name`` of team ``team`` opens event EV-1's page in ``lang`` and goes to module ``key``:
    (the app, the module's view)."""
    from widgets.ui.app import WorkshopApp

    app = WorkshopApp(store, {"event": "EV-1", "team": team, "name": name, "lang": lang},
                      browser=browser_of(store, name))
    app.stepper.show(key)
    return app, app.stepper.current_view


def saved_doc(store: Store, app, *, key: str):
    """What the store holds now as ``app``'s participant's document of module ``key`` (None: nothing)."""
    from widgets.store import participant_doc

    doc = store.latest(participant_doc(app.session.participant.id), key)
    return doc.data if doc else None


def revisions(store: Store, app, *, key: str) -> tuple[int, int]:
    """How many revisions the store holds of ``app``'s participant's document and of their
    team's shared document of module ``key``: a page that only shows what is stored adds none."""
    from widgets.store import participant_doc, team_doc

    session = app.session
    return (len(store.history(participant_doc(session.participant.id), key)),
            len(store.history(team_doc(session.participant.team_id), key)))


def in_fresh_thread(fn: Callable[[], object]) -> None:
    """Run ``fn`` where no event loop runs (the session's Playwright keeps one in the main
    thread); what it raises is raised here."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def as_in_a_kernel(scenario: Callable[[], Awaitable[None]], *views) -> None:
    """Run the async ``scenario`` as a kernel runs the pages of ``views``: typed text waits for
    a pause on the scenario's event loop, and the run ends once every pause has passed (so the
    waiting saves have run)."""
    async def main() -> None:
        for view in views:
            view.ctx.defer = True
        try:
            await scenario()
            await asyncio.sleep(config().typing_delay + 0.3)
        finally:
            for view in views:
                view.ctx.defer = False

    in_fresh_thread(lambda: asyncio.run(main()))
