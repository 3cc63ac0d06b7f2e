"""Shared fixtures for the headless view tests."""

from __future__ import annotations

import pytest

from widgets.store import Store


@pytest.fixture
def store(tmp_path):
    """A fresh SQLite store with the event EV-1 on the medtech case (modules' view tests)."""
    s = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    s.create_event("EV-1", "medtech-distribution")
    yield s
    s.close()
