"""Beyond one machine: two `serve` processes on one PostgreSQL behind HAProxy running
`deploy/haproxy.cfg` (the tested recipe of docs/deploy.md), and PostgreSQL under a room of
savers. Each adds rows to the report; none asserts a time. Without PostgreSQL or HAProxy the
rows say so instead of failing the run."""

from __future__ import annotations

import multiprocessing as mp
import statistics
import threading
import time
from pathlib import Path

import psutil

from benchmarks import servers
from benchmarks.clients import keep_alive, open_page
from benchmarks.stats import pct

EVENT = "CLUSTER"
CHROMIUM = "/usr/bin/chromium"


def _postgres(max_connections: int):
    """A throwaway PostgreSQL 15 cluster, or the reason there is none."""
    try:
        from tests.conftest import PostgresServer, _pg_bin

        bin_dir = _pg_bin()
        if bin_dir is None:
            return None, "PostgreSQL not available in this environment (initdb not found)"
        pg = PostgresServer(bin_dir, max_connections=max_connections)
        pg.start()
        return pg, ""
    except Exception as exc:  # noqa: BLE001 - report, do not fail the run
        return None, f"PostgreSQL not available in this environment ({type(exc).__name__}: {exc})"[:200]


def _connections(pg, database: str | None = None) -> int:
    """Client connections PostgreSQL holds now (to ``database``, or to every database)."""
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 port={pg.port} user=postgres dbname=postgres", autocommit=True) as conn:
        query = "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
        if database:
            return conn.execute(query + " AND datname = %s", (database,)).fetchone()[0]
        return conn.execute(query).fetchone()[0]


def _cpu_seconds(shop: servers.Server) -> float:
    """CPU time (user + system) of the server and every live kernel it started."""
    total = 0.0
    for proc in (psutil.Process(shop.proc.pid), *shop.kernels()):
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue
    return total


def _memory(shop: servers.Server) -> tuple[list[float], float]:
    rss = []
    for kernel in shop.kernels():
        try:
            rss.append(kernel.memory_info().rss / 2**20)
        except psutil.Error:
            continue
    return rss, psutil.Process(shop.proc.pid).memory_info().rss / 2**20


def two_servers(tmp: Path, sizes, report) -> None:
    """2 servers x ``sizes.cluster_per_server`` participants on one PostgreSQL behind the proxy:
    memory and CPU per participant on each server, PostgreSQL's connections, and a teammate's
    save on one server seen by a teammate on the other, in Chromium."""
    per = sizes.cluster_per_server
    label = f"Two servers × {per} participants, one PostgreSQL, behind HAProxy"
    binary = servers.haproxy_binary()
    if binary is None:
        report.add(label, "not measured: HAProxy not installed (make system-deps installs it)", "", "")
        return
    pg, why = _postgres(max_connections=max(200, 8 * per + 50))
    if pg is None:
        report.add(label, f"not measured: {why}", "", "")
        return
    shops: list[servers.Server] = []
    proxy = None
    pages = []
    stop = threading.Event()
    try:
        db = pg.new_database()
        database = db.rsplit("/", 1)[1]
        for name in ("s1", "s2"):  # the first creates the event
            shops.append(servers.workshop(tmp / f"cluster-{name}", EVENT, expect=per, db=db))
        warm_cpu = [_cpu_seconds(s) / max(1, len(s.kernels())) for s in shops]
        report.add(f"{label}: CPU per warm kernel (server start included, `--expect {per}`), s1 / s2",
                   " / ".join(f"{c:.2f} s" for c in warm_cpu) + f" ({len(shops[0].kernels())} / "
                   f"{len(shops[1].kernels())} kernels)", "(reported)", "")
        proxy = servers.Proxy(tmp / "cluster-proxy", [s.port for s in shops], binary)
        before = [_cpu_seconds(s) for s in shops]
        failed = 0
        for i in range(2 * per):  # alternate servers; teams of 5 span both
            server = ("s1", "s2")[i % 2]
            page = open_page(proxy.base, f"/voila/render/workshop.ipynb?event={EVENT}&team=K{i // 5}&name=Q{i}",
                             timeout=300, keep=True, cookie=proxy.cookie(server))
            failed += not page.ok
            pages.append(page)
        keep_alive(pages, stop)
        joined_cpu = [(_cpu_seconds(s) - b) / per for s, b in zip(shops, before, strict=True)]
        time.sleep(3)  # every page polls the store once a second
        rss = [_memory(s) for s in shops]
        for name, (kernels, server_rss) in zip(("s1", "s2"), rss, strict=True):
            report.add(f"{label}: server {name}, kernel RSS median / max; server + kernels",
                       f"{statistics.median(kernels):.0f} / {max(kernels):.0f} MB; "
                       f"{(sum(kernels) + server_rss) / 1024:.2f} GB ({len(kernels)} kernels)", "(reported)", "")
        report.add(f"{label}: CPU per arriving participant (join, page built), s1 / s2",
                   " / ".join(f"{c:.2f} s" for c in joined_cpu) + f" ({failed} of {2 * per} arrivals failed)",
                   "(reported)", "")
        held = _connections(pg, database)
        kernels = sum(len(s.kernels()) for s in shops)
        report.add(f"{label}: PostgreSQL connections held, all joined and idle",
                   f"{held} for {kernels} kernels ({held / max(1, kernels):.2f} per kernel; pool per kernel: "
                   "2 + 2 overflow)", "(reported)", "")
        delays = _across_servers(proxy, sizes.saves)
        if delays is None:
            report.notes.append("Teammate visibility across servers not measured: no Chromium.")
        else:
            report.add(f"{label}: a teammate's save on s1 seen on s2 ({len(delays)} saves): median / p95 / max",
                       f"{statistics.median(delays):.2f} / {pct(delays, 0.95):.2f} / {max(delays):.2f} s",
                       "max ≤ 3 s", "met" if max(delays) <= 3 else "NOT met")
        report.add(f"{label}: PostgreSQL connections at the end (Chromium pages included)",
                   f"{_connections(pg, database)}", "(reported)", "")
    finally:
        stop.set()
        for page in pages:
            if page.ws is not None:
                try:
                    page.ws.close()
                except Exception:  # noqa: BLE001, S110 - closing what is already gone
                    pass
        if proxy is not None:
            proxy.stop()
        for shop in shops:
            shop.stop()
        pg.stop()


def _across_servers(proxy: servers.Proxy, saves: int) -> list[float] | None:
    """Ana on s1 scores trust; seconds until Ben's team view on s2 shows it."""
    if not Path(CHROMIUM).exists():
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            people = {}
            for name, server in (("Ana", "s1"), ("Ben", "s2")):
                context = browser.new_context(viewport={"width": 1250, "height": 900})
                context.add_cookies([{"name": servers.STICKY_COOKIE, "value": server, "url": proxy.base}])
                page = context.new_page()
                page.goto(f"{proxy.base}/voila/render/workshop.ipynb?event={EVENT}&team=Across&name={name}",
                          timeout=300_000)
                page.wait_for_selector(".aw-nav", timeout=300_000)
                page.locator(".aw-nav button").filter(has_text="1.").first.click()
                people[name] = page
            ana, ben = people["Ana"], people["Ben"]
            ben.get_by_role("tab", name="Team view").click()
            delays = []
            for value in [("2", "4", "3", "5", "1")[i % 5] for i in range(saves)]:
                ana.locator(".widget-toggle-buttons", has=ana.locator("label", has_text="Trust and reputation")
                            ).first.get_by_role("button", name=value, exact=True).click()
                t0 = time.monotonic()
                ben.wait_for_function(
                    "v => [...document.querySelectorAll('table.aw-table td')].some(td => td.offsetParent !== null "
                    "&& td.innerText.trim() === `${v}.0 (${v}–${v})`)", arg=value, timeout=30_000)
                delays.append(time.monotonic() - t0)
            return delays
        finally:
            browser.close()


# -- PostgreSQL under a room of savers -----------------------------------------------------
def _savers(url: str, first: int, count: int, seconds: float, every: float, out) -> None:
    """``count`` savers in one process, one thread and one Store (its own pool, as a kernel
    has) each; each saves once every ``every`` seconds and records how long each save took."""
    from widgets.store import Store, participant_doc

    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    start = threading.Barrier(count + 1)

    def run(index: int) -> None:
        store = Store(url)
        try:
            event = store.get_event(EVENT)
            p = store.join(EVENT, f"S{index // 5}", f"Saver{index}")
            doc = {"weights": {"trust": 100}, "scores": {"andina": {"trust": 3}}, "notes": {}}
            start.wait()
            end = time.monotonic() + seconds
            next_at = time.monotonic() + (index % 10) * every / 10  # spread over the interval
            mine = []
            while next_at < end:
                time.sleep(max(0.0, next_at - time.monotonic()))
                t0 = time.monotonic()
                try:
                    doc["scores"]["andina"]["trust"] = 1 + len(mine) % 5
                    store.save(participant_doc(p.id), "partner_selection", doc, event_id=event.id,
                               team_id=p.team_id, participant_id=p.id)
                    mine.append(time.monotonic() - t0)
                except Exception:  # noqa: BLE001 - a failed save is counted
                    with lock:
                        failures[0] += 1
                next_at += every
            with lock:
                latencies.extend(mine)
        finally:
            store.close()

    threads = [threading.Thread(target=run, args=(first + i,)) for i in range(count)]
    for t in threads:
        t.start()
    start.wait()
    for t in threads:
        t.join()
    out.put((latencies, failures[0]))


def postgres_savers(tmp: Path, sizes, report) -> None:
    """``sizes.savers`` participants saving once every ``sizes.save_every`` seconds through
    widgets.store.Store against one PostgreSQL: saves/s, latency, connections."""
    from widgets.store import Store

    n = sizes.savers
    label = f"PostgreSQL 15, {n} savers (one Store each, as a kernel) saving every {sizes.save_every:g} s"
    pg, why = _postgres(max_connections=n + 100)
    if pg is None:
        report.add(label, f"not measured: {why}", "", "")
        return
    try:
        url = pg.new_database()
        database = url.rsplit("/", 1)[1]
        store = Store(url)
        store.create_event(EVENT, "medtech-distribution")
        store.close()
        ctx = mp.get_context("spawn")
        out = ctx.Queue()
        per = -(-n // sizes.saver_procs)
        procs = [ctx.Process(target=_savers, args=(url, i * per, min(per, n - i * per), sizes.write_seconds,
                                                   sizes.save_every, out))
                 for i in range(sizes.saver_procs) if i * per < n]
        for p in procs:
            p.start()
        peak = 0
        results = []
        deadline = time.monotonic() + sizes.write_seconds + 300
        while len(results) < len(procs) and time.monotonic() < deadline:
            peak = max(peak, _connections(pg, database))
            try:
                results.append(out.get(timeout=0.5))
            except Exception:  # noqa: BLE001, S112 - nothing yet (queue.Empty)
                continue
        for p in procs:
            p.join(timeout=30)
        latencies = [x for lat, _ in results for x in lat]
        failed = sum(f for _, f in results)
        if not latencies:
            report.add(label, f"no save completed ({failed} failed)", "", "NOT met")
            return
        report.add(f"{label}: saves/s over {sizes.write_seconds:g} s; failed",
                   f"{len(latencies) / sizes.write_seconds:.0f} (asked {n / sizes.save_every:.0f}); {failed} failed",
                   "(reported)", "")
        report.add(f"{label}: save latency median / p95 / max",
                   f"{statistics.median(latencies) * 1000:.0f} / {pct(latencies, 0.95) * 1000:.0f} / "
                   f"{max(latencies) * 1000:.0f} ms", "(reported)", "")
        report.add(f"{label}: PostgreSQL connections, peak",
                   f"{peak} (max_connections {pg.max_connections}; Debian's default 100)", "(reported)", "")
    finally:
        pg.stop()
