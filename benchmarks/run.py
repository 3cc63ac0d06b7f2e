"""Run every benchmark against real servers and write docs/performance.md.

    python -m benchmarks.run            # the full run (about 15 minutes on 2 cores)
    python -m benchmarks.run --smoke    # a small run that checks the machinery (CI)
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import measure
from benchmarks.servers import ROOT

DOC = ROOT / "docs" / "performance.md"


@dataclass
class Sizes:
    burst: int = 30
    connected: int = 100
    teams: int = 100
    per_team: int = 6
    writers: int = 40
    write_seconds: float = 10.0
    switches: int = 20
    plain_burst: int = 30


SMOKE = Sizes(burst=3, connected=5, teams=5, per_team=3, writers=4, write_seconds=1.5, switches=4, plain_burst=2)


@dataclass
class Row:
    measure: str
    value: str
    bar: str = ""
    verdict: str = ""


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *args) -> None:
        self.rows.append(Row(*args))
        print(" | ".join(str(a) for a in args), flush=True)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--out", default=str(DOC))
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args(argv)
    sizes = SMOKE if args.smoke else Sizes()
    report = Report()
    tmp = Path(tempfile.mkdtemp(prefix="aw-bench-"))
    started = time.monotonic()
    try:
        measure.pages(tmp, sizes, report)
        measure.memory_and_connected(tmp, sizes, report)
        if not args.skip_browser:
            measure.browser(tmp, sizes, report)
        measure.computations(tmp, sizes, report)
        measure.store_writes(tmp, sizes, report)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report.notes.append(f"Run took {time.monotonic() - started:.0f} s; mode: {'smoke' if args.smoke else 'full'}.")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(render(report, sizes, args.smoke), encoding="utf-8")
    (Path(args.out).with_suffix(".json")).write_text(json.dumps([r.__dict__ for r in report.rows], indent=2))
    print(f"wrote {args.out}")
    return 0


def render(report: Report, sizes: Sizes, smoke: bool) -> str:
    import os
    import platform

    import psutil

    lines = ["# Performance", "",
             "Measured by `make bench` (`python -m benchmarks.run`) on this machine: "
             f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB RAM, Python "
             f"{platform.python_version()}. Every figure comes from real servers and real clients started "
             "in the same run; ratios compare against baselines measured in that run.", ""]
    if smoke:
        lines += ["**Smoke run**: small sizes that only check the benchmark machinery; not a measurement.", ""]
    lines += ["| Measure | Result | Bar | Verdict |", "|---|---|---|---|"]
    lines += [f"| {r.measure} | {r.value} | {r.bar} | {r.verdict} |" for r in report.rows]
    lines += ["", "## How it is measured", "",
              "- *Page interactive*: the client fetches the Voila page, opens the page's kernel websocket and "
              "requests the widget state (`jupyter.widget.control`, `request_states`), as the browser's widget "
              "manager does; the time runs until the state arrives.",
              f"- *Burst*: {sizes.burst} clients start within one second against `alliance-workshop serve` with a "
              "warm pool; *bare page*: one client on plain `voila` serving a notebook with one IntSlider; "
              "*plain workshop*: the workshop notebook on plain `voila` with no pool.",
              f"- *Connected*: {sizes.connected} participants joined with their pages' websockets open; memory "
              "is read with psutil from every kernel process (RSS, and USS = memory unique to the process).",
              "- *Module switch* and *teammate's save*: Debian's Chromium driven by Playwright against the real "
              "server.",
              f"- *Computations*: `alliance-workshop demo` data for {sizes.teams} teams x {sizes.per_team} "
              "participants, timed in process.",
              f"- *Store*: {sizes.writers} writer processes each saving documents for {sizes.write_seconds} s.",
              "", *[f"- {n}" for n in report.notes], ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
