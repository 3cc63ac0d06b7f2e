"""The benchmarks run end to end in a small smoke mode (CI checks the machinery, not times)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_smoke_run_writes_every_measure(tmp_path):
    out = tmp_path / "performance.md"
    result = subprocess.run([sys.executable, "-m", "benchmarks.run", "--smoke", "--out", str(out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    rows = json.loads(out.with_suffix(".json").read_text())
    measures = " ".join(r["measure"] for r in rows)
    for needle in ("Bare Voila page", "arrivals within", "Chromium arrival", "each opening every step",
                   "Kernel memory", "Churn", "the room leaves and returns: first arrival",
                   "the room leaves and returns: return after", "Moving between modules", "teammate's save", "Facilitator dashboard",
                   "SQLite"):
        assert needle in measures, needle
    assert all(r["value"] and "nan" not in r["value"] for r in rows)
    text = out.read_text()
    assert text.startswith("# Performance") and "Smoke run" in text
