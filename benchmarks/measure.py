"""The individual measurements. Each adds rows to the report; none asserts a time."""

from __future__ import annotations

import multiprocessing as mp
import statistics
import time
from pathlib import Path

from benchmarks import servers

EVENT = "BENCH"


def _kernel_of(shop, page):
    """The kernel process serving a browser page (its id is in the page's HTML)."""
    import re

    match = re.search(r'kernelId"?\s*[:=]\s*"([0-9a-f-]{36})"', page.content())
    if not match:
        return None
    return next((k for k in shop.kernels() if match.group(1) in " ".join(k.cmdline())), None)


def browser(tmp: Path, sizes, report) -> None:
    """Moving between modules, and a teammate's save reaching the others, in Chromium."""
    from pathlib import Path as _P

    if not _P("/usr/bin/chromium").exists():
        report.notes.append("Browser measures skipped: no Chromium.")
        return
    from playwright.sync_api import sync_playwright

    from benchmarks.stats import pct

    shop = servers.workshop(tmp / "browser", EVENT)  # the default room, as `make workshop`
    try:
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            page = b.new_page(viewport={"width": 1250, "height": 900})
            page.goto(shop.base + f"/voila/render/workshop.ipynb?event={EVENT}&team=Nav&name=Ana", timeout=120_000)
            page.wait_for_selector(".aw-nav", timeout=120_000)
            steps = page.locator(".aw-nav button")
            names = [steps.nth(i).inner_text() for i in range(steps.count())]
            marks = {"1.": "How much does each criterion matter?", "2.": "Business case", "3.": "Who does what?",
                     "4.": "What each partner puts in", "5.": "Governance bodies",
                     "6.": "How will you judge an initiative?", "7.": "Which company do you speak for?",
                     "8.": "Foundation health check"}
            for name in names[1:]:  # first visits build the views
                steps.filter(has_text=name).first.click()
                page.get_by_text(marks[name[:2]]).first.wait_for(timeout=60_000)
            times = []
            for i in range(sizes.switches):
                name = names[1 + i % (len(names) - 1)]
                t0 = time.monotonic()
                steps.filter(has_text=name).first.click()
                page.get_by_text(marks[name[:2]]).first.wait_for(state="visible", timeout=30_000)
                times.append(time.monotonic() - t0)
            med = statistics.median(times)
            report.add("Moving between modules (views already built), median", f"{med * 1000:.0f} ms", "< 300 ms",
                       "met" if med < 0.3 else "NOT met")
            kernel = _kernel_of(shop, page)
            if kernel is not None:
                rss, uss = kernel.memory_info().rss / 2**20, kernel.memory_full_info().uss / 2**20
                report.add("Kernel memory with every module opened in Chromium (charts drawn): RSS / USS",
                           f"{rss:.0f} MB / {uss:.0f} MB", "≤ 120 MB RSS", "met" if rss <= 120 else "NOT met")

            ben = b.new_page(viewport={"width": 1250, "height": 900})
            ben.goto(shop.base + f"/voila/render/workshop.ipynb?event={EVENT}&team=Nav&name=Ben", timeout=120_000)
            ben.wait_for_selector(".aw-nav", timeout=120_000)
            ben.locator(".aw-nav button").filter(has_text="1.").first.click()
            ben.get_by_role("tab", name="Team view").click()
            page.locator(".aw-nav button").filter(has_text="1.").first.click()
            delays = []
            for value in [("2", "4", "3", "5", "1")[i % 5] for i in range(sizes.saves)]:
                page.locator(".widget-toggle-buttons", has=page.locator("label", has_text="Trust and reputation")
                             ).first.get_by_role("button", name=value, exact=True).click()
                t0 = time.monotonic()
                ben.wait_for_function(
                    "v => [...document.querySelectorAll('table.aw-table td')].some(td => td.offsetParent !== null && "
                    f"td.innerText.trim() === '{value}.0 ({value}–{value})')", arg=value, timeout=30_000)
                delays.append(time.monotonic() - t0)
            report.add(f"A teammate's save visible to the others ({len(delays)} saves): median / p95 / max",
                       f"{statistics.median(delays):.2f} / {pct(delays, 0.95):.2f} / {max(delays):.2f} s", "max ≤ 3 s",
                       "met" if max(delays) <= 3 else "NOT met")
            b.close()
    finally:
        shop.stop()


def _dashboard_after_saves(store, event, sizes, saves: int = 10) -> list[float]:
    """What the live dashboard does between polls: one team saved, the room is recomputed with
    the dashboard's section cache (only that team's sections are computed again)."""
    from widgets import registry
    from widgets.model import dashboard
    from widgets.report.export import SectionCache, event_export
    from widgets.store import participant_doc

    cache = SectionCache()
    event_export(store, EVENT, cache=cache)
    teams = store.list_teams(event.id)
    times = []
    for i in range(saves):
        team = teams[(i * 7) % len(teams)]
        member = store.team_members(team.id)[0][0]
        doc = store.latest(participant_doc(member), "risk").data
        doc["contributions"]["capital"]["a"] = (doc["contributions"]["capital"]["a"] + 1) % 6
        store.save(participant_doc(member), "risk", doc, event_id=event.id, team_id=team.id, participant_id=member)
        t0 = time.monotonic()
        data = event_export(store, EVENT, cache=cache)
        dashboard.progress(store.event_overview(event.id), data["teams"], [s.key for s in registry.modules()])
        dashboard.comparisons(data["teams"])
        dashboard.debrief_board(data["teams"])
        times.append(time.monotonic() - t0)
    return times


def computations(tmp: Path, sizes, report) -> None:
    from widgets import demo, registry
    from widgets.model import dashboard
    from widgets.report.export import SectionCache, event_export, team_export
    from widgets.store import Store

    store = Store(f"sqlite:///{tmp / 'compute.sqlite3'}")
    try:
        demo.generate(store, EVENT, "medtech-distribution", sizes.teams, sizes.per_team)
        event = store.get_event(EVENT)
        times = []
        for _ in range(3):
            t0 = time.monotonic()
            cache = SectionCache()  # as the facilitator's page opens: nothing computed yet
            data = event_export(store, EVENT, cache=cache)
            overview = store.event_overview(event.id)
            dashboard.progress(overview, data["teams"], [s.key for s in registry.modules()])
            dashboard.comparisons(data["teams"])
            dashboard.debrief_board(data["teams"])
            times.append(time.monotonic() - t0)
        med, worst = statistics.median(times), max(times)
        report.add(f"Facilitator dashboard, {sizes.teams} teams × {sizes.per_team} (3 runs): median / max",
                   f"{med:.2f} / {worst:.2f} s", "< 1 s", "met" if worst < 1 else "NOT met")
        live = _dashboard_after_saves(store, event, sizes)
        med, worst = statistics.median(live), max(live)
        report.add(f"Facilitator dashboard refresh after one team's save, {sizes.teams} teams "
                   f"({len(live)} saves): median / max", f"{med:.2f} / {worst:.2f} s", "< 1 s",
                   "met" if worst < 1 else "NOT met")
        t0 = time.monotonic()
        team_export(store, EVENT, "Blue")
        one = time.monotonic() - t0
        report.add("One team's summary (charter data) in that event", f"{one * 1000:.0f} ms", "< 1 s",
                   "met" if one < 1 else "NOT met")
    finally:
        store.close()


def _writer(url: str, seconds: float, index: int, out) -> None:
    from widgets.store import Store, participant_doc

    store = Store(url)
    event = store.get_event(EVENT)
    p = store.join(EVENT, f"W{index % 20}", f"Writer{index}")
    doc = {"weights": {"trust": 100}, "scores": {"andina": {"trust": 3}}, "notes": {}}
    n = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        store.save(participant_doc(p.id), "partner_selection", doc, event_id=event.id, team_id=p.team_id,
                   participant_id=p.id)
        n += 1
    store.close()
    out.put(n)


def _writes(url: str, sizes) -> float:
    from widgets.store import Store

    store = Store(url)
    if store.get_event(EVENT) is None:
        store.create_event(EVENT, "medtech-distribution")
    store.close()
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(url, sizes.write_seconds, i, out)) for i in range(sizes.writers)]
    for p in procs:
        p.start()
    counts = [out.get(timeout=sizes.write_seconds + 120) for _ in procs]
    for p in procs:
        p.join()
    return sum(counts) / sizes.write_seconds


def store_writes(tmp: Path, sizes, report) -> None:
    rate = _writes(f"sqlite:///{tmp / 'writes.sqlite3'}", sizes)
    report.add(f"Store saves/s, SQLite, {sizes.writers} writer processes", f"{rate:.0f}", "≥ 500",
               "met" if rate >= 500 else ("smoke" if sizes.writers < 40 else "NOT met"))
    try:
        from tests.conftest import PostgresServer, _pg_bin

        bin_dir = _pg_bin()
        if bin_dir is None:
            raise RuntimeError("initdb not found")
        pg = PostgresServer(bin_dir)
        pg.start()
    except Exception as exc:  # noqa: BLE001 - report, do not fail the run
        report.notes.append(f"PostgreSQL measure skipped: {exc}"[:200])
        return
    try:
        rate = _writes(pg.new_database(), sizes)
        report.add(f"Store saves/s, PostgreSQL 15, {sizes.writers} writer processes", f"{rate:.0f}", "(reported)", "")
    finally:
        pg.stop()
