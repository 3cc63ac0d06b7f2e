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

from benchmarks import cluster, hostile, measure, room
from benchmarks.servers import ROOT

DOC = ROOT / "docs" / "performance.md"


@dataclass
class Sizes:
    burst: int = 30           # `--expect 30`, 30 arrivals within 1 s
    big_expect: int = 100     # `--expect 100`, ...
    big_burst: int = 60       # ... 60 arrivals within 5 s
    connected: int = 100      # a full room, each opening every step
    churn_people: int = 50
    churn_reloads: int = 5
    churn_minutes: float = 10.0
    teams: int = 100
    per_team: int = 6
    writers: int = 40
    write_seconds: float = 10.0
    switches: int = 20
    saves: int = 50
    quiet_seconds: float = 20.0
    hostile_seconds: float = 60.0
    break_seconds: float = 180.0  # the room leaves (lunch) and returns this long after
    cluster_per_server: int = 50  # two `serve` processes on one PostgreSQL behind HAProxy
    savers: int = 300             # Stores saving against one PostgreSQL ...
    saver_procs: int = 6          # ... in this many processes (threads in each)
    save_every: float = 1.0       # seconds between one saver's saves


SMOKE = Sizes(burst=3, big_expect=4, big_burst=3, connected=4, churn_people=3, churn_reloads=2, churn_minutes=0.5,
              teams=5, per_team=3, writers=4, write_seconds=1.5, switches=4, saves=3, quiet_seconds=3,
              hostile_seconds=10, break_seconds=20, cluster_per_server=2, savers=6, saver_procs=2, save_every=0.5)


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




def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--out", default=str(DOC))
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--only", nargs="*",
                        help="bursts, return, room, churn, browser, hostile, cluster, savers (default: all)")
    args = parser.parse_args(argv)
    sizes = SMOKE if args.smoke else Sizes()
    report = Report()
    tmp = Path(tempfile.mkdtemp(prefix="aw-bench-"))
    started = time.monotonic()
    parser_only = set(args.only or [])
    steps = {"bursts": lambda: room.bursts(tmp, sizes, report),
             "return": lambda: room.break_and_return(tmp, sizes, report),
             "room": lambda: room.full_room(tmp, sizes, report),
             "churn": lambda: room.churn(tmp, sizes, report), "browser": lambda: measure.browser(tmp, sizes, report),
             "hostile": lambda: hostile.hostile(tmp, sizes, report),
             "cluster": lambda: cluster.two_servers(tmp, sizes, report),
             "savers": lambda: cluster.postgres_savers(tmp, sizes, report)}
    try:
        for name, step in steps.items():
            if (not parser_only or name in parser_only) and not (args.skip_browser and name in ("bursts", "return", "browser")):
                step()
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
              "- *Server start*: `alliance-workshop serve --expect N` exactly as the README tells a facilitator "
              "(no other flags); the benchmark waits only for the server's own \"Ready for N participants\" line.",
              "- *Protocol client*: fetches the page, opens the page's kernel websocket and requests the widget "
              "state (`jupyter.widget.control`, `request_states`) as the browser's widget manager does (a page whose HTML holds no widget counts as failed: a browser would show it blank); the time "
              "runs until the state arrives. *Chromium*: Debian's Chromium opens the page in a fresh tab; the time "
              "runs until the join form's button is visible and enabled (for the bare page: the slider).",
              f"- *Bursts*: {sizes.burst} arrivals within 1 s on `--expect {sizes.burst}`, and {sizes.big_burst} "
              f"within 5 s on `--expect {sizes.big_expect}`; the Chromium tab arrives last. The bare page is "
              "plain `voila` serving one IntSlider, measured the same two ways in the same run.",
              f"- *Full room*: {sizes.connected} participants join (waves of 20) and click through every step "
              "over their websocket as the widget manager sends a click; memory is read with psutil from every "
              "kernel process (RSS, and USS = memory unique to the process) and the server.",
              f"- *The room leaves and returns*: {sizes.burst} arrivals within 1 s on `--expect {sizes.burst}` "
              "(the Chromium tab last); then every page goes, half the tabs closed (their unload request), half "
              "the laptops asleep (only the reaper frees those, 90 s after their socket went); "
              f"{sizes.break_seconds:g} s later the same {sizes.burst} return within 1 s. Both arrivals against the "
              "bare page measured in the same step; the warm kernels before each arrival come from `voila/aw-pool`.",
              f"- *Churn*: {sizes.churn_people} participants on `--expect {sizes.churn_people}` each reload "
              f"{sizes.churn_reloads} times at random moments over {sizes.churn_minutes:g} minutes; a reload sends "
              "the page's unload shutdown request, except one in five (a crashed or frozen tab), which only the "
              "room's reaper can free.",
              "- *Module switch* and *teammate's save*: Debian's Chromium driven by Playwright against the real "
              "server.",
              f"- *Computations*: `alliance-workshop demo` data for {sizes.teams} teams x {sizes.per_team} "
              "participants, timed in process.",
              f"- *Store*: {sizes.writers} writer processes each saving documents for {sizes.write_seconds} s.",
              f"- *Hostile client*: `serve` with the README's defaults and one bystander page asking for its "
              f"widget state twice a second; {sizes.quiet_seconds:g} s quiet, then one client tries the legacy "
              "kernel protocol five times, sends a frame claiming 2^62 offsets, a legacy binary frame on a v1 "
              "socket, a flood and an oversized message, and asks for the whole widget state every 0.08 s for "
              f"up to {sizes.hostile_seconds:g} s without reading the answers. The lag is the server's own "
              "watchdog (`voila/aw-lag`: how late a 0.1 s tick of the event loop ran).",
              f"- *Two servers*: two `serve --expect {sizes.cluster_per_server} --db postgresql+psycopg://...` "
              "on one PostgreSQL 15, behind HAProxy running `deploy/haproxy.cfg` as it is (sticky cookie "
              f"`AWSERVER`); {2 * sizes.cluster_per_server} protocol clients join through the proxy, alternating "
              "servers by cookie, in teams of five that span both, and stay connected. CPU is the user + system "
              "time of the server and its kernels (psutil), per warm kernel after the \"Ready for\" line and per "
              "arrival; connections are PostgreSQL's `pg_stat_activity` for the event's database. Then Chromium: "
              f"Ana on s1 saves {sizes.saves} scores, Ben's team view on s2 is timed until it shows each.",
              f"- *PostgreSQL savers*: {sizes.savers} savers, each a thread with its own `widgets.store.Store` "
              "(its own connection pool, as each kernel has: `pool_size=2`, `max_overflow=2`), in "
              f"{sizes.saver_procs} processes, each saving a participant document every {sizes.save_every:g} s "
              f"for {sizes.write_seconds:g} s; the latency is one `Store.save` as the saver sees it; the peak is "
              "sampled from `pg_stat_activity` every 0.5 s.",
              "", *[f"- {n}" for n in report.notes], ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
