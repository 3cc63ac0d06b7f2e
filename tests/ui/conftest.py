"""Shared fixtures for the headless view tests."""

from __future__ import annotations

import weakref

import pytest

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
