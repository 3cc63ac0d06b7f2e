"""A room as a facilitator runs it: `serve --expect N` started as the README says, a burst of
arrivals (Chromium for one, protocol clients for the rest), a full room opening every module,
and reload churn. Each adds rows to the report; none asserts a time."""

from __future__ import annotations

import random
import statistics
import threading
import time
from pathlib import Path

import psutil

from benchmarks import servers
from benchmarks.clients import PageResult, keep_alive, open_page, unload, walk_modules

EVENT = "ROOM"
CHROMIUM = "/usr/bin/chromium"


def _pct(values: list[float], q: float) -> float:
    from benchmarks.stats import pct

    return pct(values, q)


def _chromium_interactive(browser, url: str, selector: str) -> float:
    """Seconds from navigation until ``selector`` is visible and enabled in a fresh tab."""
    context = browser.new_context(viewport={"width": 1250, "height": 900})
    try:
        page = context.new_page()
        t0 = time.monotonic()
        page.goto(url, wait_until="commit", timeout=300_000)
        page.wait_for_selector(selector, state="visible", timeout=300_000)
        return time.monotonic() - t0
    finally:
        context.close()


def _arrivals(base: str, paths: list[str], within: float, keep: bool = False,
              browser_url: str | None = None, browser=None) -> tuple[list[PageResult], float | None]:
    """One protocol client per path, evenly spread over ``within`` seconds; the Chromium
    arrival (if any) comes last, at ``within`` seconds, in this thread."""
    results: list[PageResult | None] = [None] * len(paths)
    start = time.monotonic()

    def run(i: int, path: str) -> None:
        time.sleep(max(0.0, start + i * within / max(1, len(paths)) - time.monotonic()))
        results[i] = open_page(base, path, timeout=300, keep=keep)

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(paths)]
    for t in threads:
        t.start()
    chromium = None
    if browser is not None and browser_url:
        time.sleep(max(0.0, start + within - time.monotonic()))
        chromium = _chromium_interactive(browser, browser_url, ".aw-join button:not([disabled])")
    for t in threads:
        t.join()
    return [r for r in results if r is not None], chromium


def _kernel_memory(shop) -> tuple[list[float], list[float], float]:
    rss, uss = [], []
    for k in shop.kernels():
        try:
            rss.append(k.memory_info().rss / 2**20)
            uss.append(k.memory_full_info().uss / 2**20)
        except psutil.Error:
            continue
    server = psutil.Process(shop.proc.pid).memory_info().rss / 2**20
    return rss, uss, server


def _close(results) -> None:
    for r in results:
        if r.ws is not None:
            try:
                r.ws.close()
            except Exception:  # noqa: BLE001, S110 - closing what may be gone
                pass


def _bare_page(folder: Path, browser) -> tuple[float, float]:
    """The baseline: plain `voila` serving one IntSlider, median of three arrivals measured by a
    protocol client and by Chromium (seconds)."""
    bare = servers.plain_voila(folder.parent, servers.bare_notebook(folder))
    try:
        open_page(bare.base, "/voila/render/bare.ipynb")  # warm the disk cache
        protocol = statistics.median(open_page(bare.base, "/voila/render/bare.ipynb").seconds for _ in range(3))
        chromium = statistics.median(
            _chromium_interactive(browser, bare.base + "/voila/render/bare.ipynb", ".widget-slider")
            for _ in range(3))
    finally:
        bare.stop()
    return protocol, chromium


def bursts(tmp: Path, sizes, report) -> None:
    """Baseline (bare Voila page) and the workshop under arrival bursts, measured the same way."""
    if not Path(CHROMIUM).exists():
        report.notes.append("Burst measures skipped: no Chromium.")
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        bare_protocol, bare_chromium = _bare_page(tmp / "bare", browser)
        report.add("Bare Voila page (one IntSlider), one arrival: protocol / Chromium",
                   f"{bare_protocol:.2f} s / {bare_chromium:.2f} s", "baseline", "")

        for expect, arrivals, within in ((sizes.burst, sizes.burst, 1.0),
                                         (sizes.big_expect, sizes.big_burst, 5.0)):
            shop = servers.workshop(tmp / f"burst-{expect}", EVENT, expect=expect)
            try:
                report.add(f"`serve --expect {expect}`: start until its \"Ready for\" line",
                           f"{shop.ready_seconds:.0f} s ({len(shop.kernels())} kernels warm)", "", "")
                url = f"/voila/render/workshop.ipynb?event={EVENT}"
                results, chromium = _arrivals(shop.base, [url] * (arrivals - 1), within,
                                              browser_url=shop.base + url, browser=browser)
                times = [r.seconds for r in results if r.ok]
                failed = sum(1 for r in results if not r.ok)
                p95 = _pct(times, 0.95)
                ratio = p95 / bare_protocol
                report.add(f"`--expect {expect}`, {arrivals} arrivals within {within:.0f} s: protocol clients "
                           "median / p95 / max", f"{statistics.median(times):.2f} / {p95:.2f} / {max(times):.2f} s "
                           f"({failed} failed)", "p95 ≤ 2 × bare",
                           f"{ratio:.2f} × bare: {'met' if ratio <= 2 and not failed else 'NOT met'}")
                cratio = chromium / bare_chromium
                report.add(f"`--expect {expect}`, the Chromium arrival in that burst (last to arrive)",
                           f"{chromium:.2f} s", "≤ 2 × bare", f"{cratio:.2f} × bare: {'met' if cratio <= 2 else 'NOT met'}")
            finally:
                shop.stop()
        browser.close()


def full_room(tmp: Path, sizes, report) -> None:
    """`--expect 100`: everyone joins and opens every module; memory of the whole room."""
    shop = servers.workshop(tmp / "room", EVENT, expect=sizes.connected)
    pages: list[PageResult] = []
    got_failed: list[PageResult] = []
    stop = threading.Event()
    keep_alive(pages, stop)
    try:
        paths = [f"/voila/render/workshop.ipynb?event={EVENT}&team=T{i // 5}&name=P{i}" for i in range(sizes.connected)]
        for start in range(0, len(paths), 20):  # arrivals in waves of twenty
            got, _ = _arrivals(shop.base, paths[start:start + 20], within=4.0, keep=True)
            pages += [r for r in got if r.ok]
            got_failed += [r for r in got if not r.ok]
        walked = [0] * len(pages)

        def walk(i: int) -> None:
            walked[i] = walk_modules(pages[i])

        for start in range(0, len(pages), 10):  # ten participants click through at a time
            threads = [threading.Thread(target=walk, args=(i,)) for i in range(start, min(start + 10, len(pages)))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        steps = max(walked) if walked else 0
        everyone = sum(1 for n in walked if n == steps and steps > 0)
        import collections

        problems = collections.Counter(page.error for page, n in zip(pages, walked, strict=True) if n != steps)
        problems.update(f"not opened: {r.error}" for r in got_failed)
        if problems:
            report.notes.append("Full room, participants who did not open every step: "
                                + "; ".join(f"{n} × {e}" for e, n in problems.most_common(5)))
        report.add("Participants connected, each opening every step", f"{everyone} of {sizes.connected} "
                   f"({steps} steps each)", str(sizes.connected),
                   "met" if everyone == sizes.connected else "NOT met")
        time.sleep(5)
        rss, uss, server = _kernel_memory(shop)
        total = (sum(rss) + server) / 1024
        report.add("Kernel memory, every step opened and drawn: median / max RSS; median USS",
                   f"{statistics.median(rss):.0f} / {max(rss):.0f} MB; {statistics.median(uss):.0f} MB",
                   "≤ 120 MB RSS", "met" if max(rss) <= 120 else "NOT met")
        report.add(f"Server + {len(rss)} kernels (participants and warm pool), sum of RSS",
                   f"{total:.1f} GB (USS sum {(sum(uss) + server) / 1024:.1f} GB)", "≤ 14 GB",
                   "met" if total <= 14 else "NOT met")
    finally:
        stop.set()
        _close(pages)
        shop.stop()


def churn(tmp: Path, sizes, report) -> None:
    """Participants reload again and again; the kernels of old pages must be freed."""
    people, reloads, minutes = sizes.churn_people, sizes.churn_reloads, sizes.churn_minutes
    shop = servers.workshop(tmp / "churn", EVENT, expect=people)
    rng = random.Random(5)
    current: list[PageResult | None] = [None] * people
    peak = [0]
    lock = threading.Lock()
    alive: list[PageResult] = []
    stop = threading.Event()
    keep_alive(alive, stop)
    try:
        paths = [f"/voila/render/workshop.ipynb?event={EVENT}&team=C{i // 5}&name=R{i}" for i in range(people)]
        got, _ = _arrivals(shop.base, paths, within=5.0, keep=True)
        for i, r in enumerate(got):
            current[i] = r
        alive[:] = [r for r in current if r is not None]
        # every participant reloads `reloads` times at random moments; one reload in five
        # loses its unload request (a crashed or frozen tab), so only the room's reaper frees it
        schedule = sorted((rng.uniform(0, minutes * 60), i) for i in range(people) for _ in range(reloads))
        start = time.monotonic()
        lost = 0

        def reload(i: int) -> None:
            nonlocal lost
            old = current[i]
            if old is not None and old.ok:
                if rng.random() < 0.8:
                    unload(shop.base, old.kernel_id)
                else:
                    with lock:
                        lost += 1
                _close([old])
            # the same browser reloads: it reports the token it was given, and resumes
            current[i] = open_page(shop.base, paths[i], timeout=300, keep=True,
                                   tokens=old.tokens if old is not None else None)
            alive[:] = [r for r in current if r is not None]

        threads = []
        for at, i in schedule:
            time.sleep(max(0.0, start + at - time.monotonic()))
            t = threading.Thread(target=reload, args=(i,))
            t.start()
            threads.append(t)
            peak[0] = max(peak[0], len(shop.kernels()))
        for t in threads:
            t.join()
        last = time.monotonic()
        from widgets.serving.room import RoomPlan

        target = people + RoomPlan(people).pool_target(people)
        settled = None
        timeline = []
        while time.monotonic() - last < 300:
            count = len(shop.kernels())
            timeline.append(f"{time.monotonic() - last:.0f}s:{count}")
            peak[0] = max(peak[0], count)
            if count <= target:
                settled = time.monotonic() - last
                break
            time.sleep(5)
        failed = sum(1 for r in current if r is None or not r.ok)
        report.notes.append("Churn, kernels after the last reload: " + " ".join(timeline))
        report.add(f"Churn: {people} participants × {reloads} reloads over {minutes:g} min "
                   f"({lost} unload requests lost): kernels back to participants + pool ({target})",
                   f"{f'after {settled:.0f} s' if settled is not None else 'not within 5 min'} "
                   f"(peak {peak[0]} kernels, {failed} reloads failed)", "≤ 2 min",
                   "met" if settled is not None and settled <= 120 and not failed else "NOT met")
    finally:
        stop.set()
        _close([r for r in current if r is not None])
        shop.stop()


def _pool_state(base: str) -> dict:
    """The server's warm pool against the room's target (``voila/aw-pool``)."""
    import json
    import urllib.request

    try:
        with urllib.request.urlopen(base + "/voila/aw-pool", timeout=30) as resp:  # noqa: S310 - loopback
            return json.loads(resp.read())
    except OSError:
        return {}


def break_and_return(tmp: Path, sizes, report) -> None:
    """`--expect N`: the room arrives within 1 s, every page goes (half the tabs closed with their
    unload request, half the laptops asleep, which only the reaper frees after 90 s), and after
    ``sizes.break_seconds`` the same N return within 1 s; both arrivals against the bare page."""
    if not Path(CHROMIUM).exists():
        report.notes.append("Break-and-return measures skipped: no Chromium.")
        return
    from playwright.sync_api import sync_playwright

    people = sizes.burst
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        bare_protocol, bare_chromium = _bare_page(tmp / "bare-return", browser)
        shop = servers.workshop(tmp / "return", EVENT, expect=people)
        try:
            url = f"/voila/render/workshop.ipynb?event={EVENT}"
            rows = []
            for arrival in ("first arrival", f"return after a {sizes.break_seconds:g} s break"):
                pool = _pool_state(shop.base)
                results, chromium = _arrivals(shop.base, [url] * (people - 1), 1.0, keep=True,
                                              browser_url=shop.base + url, browser=browser)
                times = [r.seconds for r in results if r.ok]
                rows.append((arrival, pool, times, sum(1 for r in results if not r.ok), chromium))
                if arrival == "first arrival":
                    for i, page in enumerate(results):  # every page goes
                        if page.ok and i % 2 == 0:
                            unload(shop.base, page.kernel_id)
                    _close(results)
                    time.sleep(sizes.break_seconds)
                else:
                    _close(results)
            console = shop.log_path.read_text(errors="replace")
        finally:
            shop.stop()
        browser.close()
    noise = [line for line in console.splitlines() if "Traceback" in line or "WARNING" in line or "ERROR" in line]
    report.notes.append(f"The room leaves and returns: the server's console showed {len(noise)} traceback, warning or "
                        "error lines" + (f" (first: {noise[0][:160]})" if noise else "") + ".")
    report.add("Bare Voila page (one IntSlider), baseline of the leave-and-return step: protocol / Chromium",
               f"{bare_protocol:.2f} s / {bare_chromium:.2f} s", "baseline", "")
    for arrival, pool, times, failed, chromium in rows:
        p95 = _pct(times, 0.95) if times else float("nan")
        ratio = p95 / bare_protocol
        warm = f"{pool.get('warm', '?')} of {pool.get('target', '?')} kernels warm before"
        report.add(f"`--expect {people}`, the room leaves and returns: {arrival}, {people} arrivals within 1 s "
                   "(protocol clients median / p95 / max)",
                   f"{statistics.median(times) if times else float('nan'):.2f} / {p95:.2f} / "
                   f"{max(times) if times else float('nan'):.2f} s ({failed} failed; {warm})", "p95 ≤ 2 × bare",
                   f"{ratio:.2f} × bare: {'met' if ratio <= 2 and not failed else 'NOT met'}")
        cratio = chromium / bare_chromium
        report.add(f"`--expect {people}`, the room leaves and returns: {arrival}, the Chromium arrival (last)",
                   f"{chromium:.2f} s", "≤ 2 × bare", f"{cratio:.2f} × bare: {'met' if cratio <= 2 else 'NOT met'}")
