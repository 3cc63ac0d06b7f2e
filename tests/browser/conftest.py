"""A real `alliance-workshop serve` (Voila) and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS, free_port

CHROMIUM = "/usr/bin/chromium"
FACILITATOR_KEY = "TEST-KEY-1234"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]


def _chromium_or_skip() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("ALLIANCE_REQUIRE_BROWSER", "") not in ("", "0"):
        pytest.fail("Chromium is required (ALLIANCE_REQUIRE_BROWSER) but /usr/bin/chromium is missing")
    pytest.skip("Debian's chromium is not installed (make test installs it)")



def _die_with_parent() -> None:
    """In the child before it runs: the kernel sends it SIGTERM when the process that started it
    dies (Linux), so an aborted run (a timeout, a killed pytest) leaves no server and no kernels."""
    import ctypes

    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG

class WorkshopServer:
    def __init__(self, tmp: Path, event: str, pool: int = 2, lang: str = "en",
                 extra: list[str] | None = None, env_extra: dict | None = None, port: int | None = None,
                 db_url: str | None = None):
        """``db_url``: the store (``--db``; default: an SQLite file under ``tmp``)."""
        self.port = port or free_port()
        self.event = event
        self.data = tmp / "data"
        self.log_path = tmp / "serve.log"
        env = dict(os.environ, ALLIANCE_DATA_DIR=str(self.data), ALLIANCE_FACILITATOR_KEY=FACILITATOR_KEY,
                   **(env_extra or {}))
        env.pop("ALLIANCE_DB_URL", None)
        self.db_url = db_url or f"sqlite:///{self.data / 'alliance.sqlite3'}"
        extra = [*(extra or []), *(["--db", db_url] if db_url else [])]
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "widgets.cli", "serve", "--port", str(self.port), "--event", event,
             "--pool", str(pool), "--lang", lang, *(extra or [])],
            stdout=self._log, stderr=subprocess.STDOUT, env=env, start_new_session=True, preexec_fn=_die_with_parent)
        self._wait_ready()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, **query: str) -> str:
        from urllib.parse import urlencode

        return f"{self.base}/voila/render/workshop.ipynb?{urlencode({'event': self.event, **query})}"

    def _wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve exited: {self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.base}/voila/tree", timeout=2) as resp:  # noqa: S310
                    log = self.log_path.read_text()
                    if resp.status == 200 and ("Ready for" in log or "Listo para" in log):  # the room's language
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"serve not ready: {self.log_path.read_text()}")

    def log(self) -> str:
        return self.log_path.read_text()

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self._log.close()


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory):
    """One `serve` for every browser test that needs no server of its own (each test has its
    own event on it: see ``server``)."""
    _chromium_or_skip()
    # a room of 40, two kernels warm: the tests' pages come and go all session; a closed page's
    # kernel is freed after 15 s (not 90), so the room never fills with pages the tests closed
    srv = WorkshopServer(tmp_path_factory.mktemp("serve"), event="BROWSER",
                         extra=["--expect", "40", "--free-after", "15"])
    yield srv
    srv.stop()


class EventOnServer:
    """A test's own event on the session's server: the server's address, store and logs, and
    links that open this event (what `WorkshopServer` offers a test)."""

    def __init__(self, server: WorkshopServer, event: str):
        self.shared, self.event = server, event
        self.port, self.data, self.db_url, self.proc = server.port, server.data, server.db_url, server.proc
        kernels = self.data / "logs" / "kernels.log"
        self._kernels_from = kernels.stat().st_size if kernels.exists() else 0

    @property
    def base(self) -> str:
        return self.shared.base

    def url(self, **query: str) -> str:
        from urllib.parse import urlencode

        return f"{self.base}/voila/render/workshop.ipynb?{urlencode({'event': self.event, **query})}"

    def kernel_log(self) -> str:
        """What the kernels logged since this test began (the server is shared)."""
        kernels = self.data / "logs" / "kernels.log"
        if not kernels.exists():
            return ""
        with kernels.open("rb") as f:
            f.seek(self._kernels_from)
            return f.read().decode("utf-8", "replace")


_EVENTS = itertools.count(1)


@pytest.fixture
def server(shared_server):
    """This test's own event (``T001``, ``T002``...) on the shared server, on the default case,
    with the facilitator key the server was started with: tests never see each other's teams."""
    from widgets.cases import DEFAULT_CASE
    from widgets.model.access import hash_key
    from widgets.store import Store

    code = f"T{next(_EVENTS):03d}"
    store = Store(shared_server.db_url)
    try:
        store.create_event(code, DEFAULT_CASE, title=code, key_hash=hash_key(FACILITATOR_KEY))
    finally:
        store.close()
    return EventOnServer(shared_server, code)


LOCAL_PREFIXES = ("http://127.0.0.1:", "http://localhost:", "ws://127.0.0.1:", "ws://localhost:",
                  "data:", "blob:", "about:")


def _watch(page) -> None:
    """Record what makes a browser test fail whatever it asserts: an uncaught exception, a
    console error, or a request that leaves the server (a room's Wi-Fi may have no internet)."""
    page.errors, page.console_errors, page.outside = [], [], []
    page.allowed_console = []  # regexes a test expects (e.g. the 429 of a refused start)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: page.console_errors.append(f"{msg.text} @ {msg.location.get('url', '')}")
            if msg.type == "error" else None)
    page.on("request", lambda req: None if req.url.startswith(LOCAL_PREFIXES) else page.outside.append(req.url))
    page.on("websocket", lambda ws: None if ws.url.startswith(LOCAL_PREFIXES) else page.outside.append(ws.url))


def page_problems(page) -> list[str]:
    import re

    console = [m for m in page.console_errors if not any(re.search(p, m) for p in page.allowed_console)]
    return ([f"page error: {e}" for e in page.errors] + [f"console error: {m}" for m in console]
            + [f"request left the server: {u}" for u in page.outside])


@pytest.fixture
def new_page(browser):
    contexts, pages = [], []

    def make(viewport=(1200, 900), **options):
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        _watch(page)
        pages.append(page)
        return page

    yield make
    problems = [p for page in pages for p in page_problems(page)]
    for context in contexts:
        context.close()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def screenshot(page, name: str) -> Path:
    """The whole page: Voila scrolls inside a container, so the viewport grows to fit it."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate("(() => { const app = document.querySelector('.aw-app, .aw-facilitator');"
                           " return app ? Math.ceil(app.getBoundingClientRect().bottom) + 40 : 0; })()")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 8000)})
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)
    return path


def have_chromium() -> bool:
    return shutil.which("chromium") is not None
