"""The instructors' command from the README, ``pytest --nbval-lax notebooks/``, writes nothing
into the repository (the notebooks' kernels store into a temporary directory)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _state(path: Path) -> tuple:
    if not path.exists():
        return ()
    return tuple(sorted((str(p.relative_to(path)), p.stat().st_mtime_ns) for p in path.rglob("*")))


def test_the_instructors_nbval_run_writes_nothing_into_the_repository():
    data = ROOT / "workshop-data"
    before = _state(data)
    env = {k: v for k, v in os.environ.items() if k not in ("ALLIANCE_DATA_DIR", "ALLIANCE_DB_URL")}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
                             "notebooks/03_roles.ipynb"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert _state(data) == before
