"""Instructors validate these notebooks with ``pytest --nbval-lax notebooks/`` (or strict
``--nbval``). Whatever the notebooks enter while being validated goes to a temporary data
directory, removed afterwards, never into the repository's ``workshop-data/``; a directory
set with ``ALLIANCE_DATA_DIR`` is used as it is."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile


def pytest_configure(config) -> None:  # noqa: ARG001 - pytest's hook signature
    if os.environ.get("ALLIANCE_DATA_DIR"):
        return
    path = tempfile.mkdtemp(prefix="alliance-nbval-")
    os.environ["ALLIANCE_DATA_DIR"] = path  # the notebooks' kernels inherit it
    atexit.register(shutil.rmtree, path, ignore_errors=True)
