"""The workshop server: Voila with the room's rules applied.

- Only the participant page and the facilitator page are served, each from warm kernels
  when possible; a client cannot make the server start kernels without bound.
- The page's unload request frees its kernel at once (Voila's own handler refuses it for a
  missing ``_xsrf``, voila issue 1458), and any kernel whose page lost its connection is
  freed after ``free_after`` seconds.
- The pool is sized for the room and says on the console when the room is ready; whatever
  frees participants' kernels (unloads, the reaper, the idle cull), it is brought back to the
  room's target, a few kernels at a time (``room.top_up``).
- The console shows no known-harmless tracebacks or warnings: a warm kernel is stopped at
  once, tornado's own websocket pings are off (jupyter_server's keep the socket alive).
- Pages load nothing from outside the server: the template drops Voila's CDN links and
  plotly.js is served from the installed plotly package.
"""

from __future__ import annotations

import asyncio
import html
import inspect
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

import tornado.web
from jupyter_server.utils import url_path_join
from tornado.ioloop import PeriodicCallback
from tornado.iostream import StreamBufferFullError
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from widgets.config import config
from widgets.serving.guide_handler import ROUTE as GUIDE_ROUTE
from widgets.serving.guide_handler import GuideHandler
from widgets.serving.room import (
    LAG_EVERY,
    CloseReasons,
    DisconnectReaper,
    LoopLag,
    MessageGate,
    RoomPlan,
    StartLimiter,
    offers_v1,
    top_up,
    v1_header,
    v1_offsets,
)
from widgets.serving.room import (
    refill_at_once as rooms_refill_at_once,
)

log = logging.getLogger("widgets.serving")
# the page template, laid out as a Jupyter data directory so that a JupyterHub user server
# finds it too (JUPYTER_PATH=.../share, VoilaConfiguration.template=alliance: deploy/)
SHARE_DIR = Path(__file__).resolve().parent / "share"
TEMPLATE_DIR = SHARE_DIR / "voila" / "templates" / "alliance"
HUB_CONFIG_DIR = Path(__file__).resolve().parent / "config"  # voila.json for Voila as a server extension
ASSETS_URL = "voila/aw-assets/"
WORKSHOP = "workshop.ipynb"
FACILITATOR = "facilitator.ipynb"
PAGES = (WORKSHOP, FACILITATOR)
# known-harmless records kept off the facilitator's console (they stay in server.log)
QUIET_ON_CONSOLE = (
    "is not trusted",  # Voila: every notebook it serves; the room's pages are the kit's own
    # jupyter_server closing the socket of a page that stopped answering pings for 90 s: a
    # laptop asleep, a lost Wi-Fi. The room's reaper frees its kernel (server.log says so).
    "WebSocket ping timeout after",
)


def asset_files() -> dict[str, Path]:
    """Files the pages load from this server (name -> path)."""
    import plotly

    return {"plotly.min.js": Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"}


class AssetHandler(tornado.web.StaticFileHandler):
    """plotly.js and nothing else, from the installed package; cached by the browser."""

    def initialize(self, files: dict[str, Path]) -> None:  # type: ignore[override]
        self.files = files
        super().initialize(path=str(next(iter(files.values())).parent))

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        if Path(absolute_path).name not in self.files:
            raise tornado.web.HTTPError(404)
        return super().validate_absolute_path(root, absolute_path)

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "public, max-age=86400")


class UnloadShutdownHandler(VoilaShutdownKernelHandler):
    """Frees the kernel of a page that is closed or reloaded.

    The browser's unload request carries no ``_xsrf`` token. The kernel id in the URL is the
    capability here: it is a random UUID that only the page holding the kernel knows, and that
    page can already do anything with its kernel through the websocket.
    """

    def check_xsrf_cookie(self) -> None:
        return None

    async def post(self, kernel_id: str) -> None:
        if kernel_id not in self.kernel_manager:
            self.set_status(404)
            self.finish()
            return
        self.settings["aw_room"].forget(kernel_id)
        await super().post(kernel_id)


class RoomPageHandler(TornadoVoilaHandler):
    """A page render, admitted by the room's limits; other templates and themes are ignored."""

    def get_argument(self, name, default=None, strip=True):  # type: ignore[override]
        if name in ("template", "theme"):
            return default
        return super().get_argument(name, default, strip)

    async def get(self, path=None):
        room: Room = self.settings["aw_room"]
        name = (path or "").strip("/")
        if name not in PAGES:
            raise tornado.web.HTTPError(404)
        client = room.limiter.client(self.request.remote_ip or "", self.request.headers.get("X-Forwarded-For"))
        refusal = room.admit(client)
        if refusal:
            self._refuse(refusal, room.retry_after(client))
            return
        await super().get(path)

    def _refuse(self, reason: str, retry: int) -> None:
        """A page the room cannot start now says why in the reader's language (the page's
        ``lang``, else the room's) and comes back by itself after ``retry`` seconds."""
        from widgets.config import config
        from widgets.i18n import Translator, normalize_lang

        lang = normalize_lang(self.get_query_argument("lang", "") or config().default_lang)
        text = Translator(lang)(f"room.refused.{reason}", seconds=retry)
        self.set_status(429 if reason == "too_many" else 503)
        self.set_header("Retry-After", str(retry))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(REFUSAL_PAGE.format(lang=lang, retry=retry, text=html.escape(text)))


REFUSAL_PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="{retry}"><title>Alliance Workshop</title>
<style>body{{font-family:sans-serif;max-width:36em;margin:15vh auto;padding:0 1em;color:#1f2a37}}</style>
</head><body><p role="status">{text}</p></body></html>"""


class Room:
    """The live state of a served room: its plan, its limits, and what it prints."""

    def __init__(self, plan: RoomPlan, limiter: StartLimiter, reaper: DisconnectReaper,
                 announce: Callable[[str], None], messages: dict[str, Callable[..., str]],
                 on_ready: Callable[[], None] = lambda: None, at_once: int | None = None):
        self.plan = plan
        self.at_once = at_once or rooms_refill_at_once()  # pool kernels warming together
        self.stopping = False
        self.limiter = limiter
        self.reaper = reaper
        self.announce = announce
        self.messages = messages
        self.on_ready = on_ready
        self.km = None
        self.ready = False
        self._last_progress = (-1, 0.0)
        self._freed = 0
        self.closed = CloseReasons()
        self.lag = LoopLag()
        self._lag_logged = 0.0

    # -- counts -----------------------------------------------------------------------
    def pool_ids(self) -> set[str]:
        ids = set()
        for pool in getattr(self.km, "_pools", {}).values():
            for task in pool:
                if task.done() and not task.cancelled() and task.exception() is None:
                    ids.add(task.result()["kernel_id"])
        return ids

    def pool_pending(self) -> int:
        return sum(1 for pool in getattr(self.km, "_pools", {}).values()
                   for task in pool if not task.done())

    def warm(self) -> int:
        """Pool kernels that have run the page up to the request and wait for a participant."""
        waiting = RequestInfoSocketHandler._waiters
        return sum(1 for kid in self.pool_ids() if kid in waiting)

    def running(self) -> int:
        return len(self.km.list_kernel_ids()) + self.pool_pending()

    def in_use(self) -> int:
        return len(set(self.km.list_kernel_ids()) - self.pool_ids())

    # -- rules --------------------------------------------------------------------------
    def admit(self, client: str) -> str | None:
        return self.limiter.admit(client, self.running(), self.plan.cap)

    def retry_after(self, client: str) -> int:
        return self.limiter.retry_after(client)

    def forget(self, kernel_id: str) -> None:
        self.reaper.forget(kernel_id)

    def pool_target(self) -> int:
        return self.plan.pool_target(self.in_use())

    def _starts(self, pool: list) -> int:
        """Kernels to start now for the workshop page's pool (``room.top_up``)."""
        if self.stopping:
            return 0
        failed = sum(1 for task in pool if task.done() and (task.cancelled() or task.exception() is not None))
        pooled = len(pool) - failed
        return top_up(self.pool_target(), pooled, max(0, pooled - self.warm()), self.running(), self.plan.cap,
                      self.at_once)

    def top_up(self) -> int:
        """Bring the pool back to the room's target, whatever freed kernels (unloads, the reaper,
        the idle cull): called after every free and every ``top_up_seconds`` (widgets.config). Returns the
        kernels started."""
        km = self.km
        pool = getattr(km, "_pools", {}).get(WORKSHOP)
        if pool is None or getattr(km, "kernel_pools_config", None) is None:
            return 0
        starts = self._starts(pool)
        if starts:
            km.fill_if_needed(delay=0, notebook_name=WORKSHOP)
        return starts

    def attach(self, km) -> None:
        """Size the pool by the room: Voila refills to ``pool_size``, read at each refill; a
        refill starts what ``room.top_up`` allows. Every shutdown of a kernel tops the pool up;
        a warm kernel is stopped at once (``_release_warm``)."""
        self.km = km
        original = km.fill_if_needed

        def fill_if_needed(delay=None, notebook_name=None, **kwargs):
            if notebook_name == WORKSHOP and getattr(km, "kernel_pools_config", None) is not None:
                pool = km._pools.get(WORKSHOP, [])
                km.kernel_pools_config.setdefault(WORKSHOP, {})["pool_size"] = len(pool) + self._starts(pool)
            return original(delay=delay, notebook_name=notebook_name, **kwargs)

        km.fill_if_needed = fill_if_needed

        def stopping(shutdown):
            async def shutdown_kernel(kernel_id, now=False, restart=False, **kwargs):
                warm = not restart and self._release_warm(kernel_id)
                result = await shutdown(kernel_id, now=now or warm, restart=restart, **kwargs)
                if not restart:
                    self.top_up()
                return result
            return shutdown_kernel

        # the page's unload request, the reaper and the idle cull call ``shutdown_kernel``;
        # stopping the server calls ``_async_shutdown_kernel`` for every kernel
        km.shutdown_kernel = stopping(km.shutdown_kernel)
        km._async_shutdown_kernel = stopping(km._async_shutdown_kernel)
        shutdown_all = km.shutdown_all

        async def stop_all(*args, **kwargs):  # Voila runs it with run_sync: a coroutine function
            self.stopping = True  # no more top-ups: the server is stopping
            result = shutdown_all(*args, **kwargs)
            return await result if inspect.isawaitable(result) else result

        km.shutdown_all = stop_all

    def _release_warm(self, kernel_id: str) -> bool:
        """Whether ``kernel_id`` is a warm pool kernel, whose page Voila is rendering: then that
        render is cancelled and the kernel is to be stopped at once.

        A warm kernel is blocked in the page's cell that waits for a request
        (``widgets.ui.request``), so it cannot follow the polite shutdown: jupyter_client
        interrupts it after a few seconds, the cell then ends after the kernel closed its
        sockets, and the kernel printed ``ZMQError: Socket operation on non-socket`` tracebacks
        on the facilitator's console. A warm kernel holds nobody's work. Voila's render of its
        page then ends with "Kernel died" (nbclient turns the cancelled wait into that error);
        for this render, which the server stopped itself, those records go to server.log only."""
        for pool in getattr(self.km, "_pools", {}).values():
            for task in pool:
                if task.done() and not task.cancelled() and task.exception() is None \
                        and task.result().get("kernel_id") == kernel_id:
                    renderer = task.result().get("renderer")
                    quiet = log.getChild("warm")  # the server log's handler, not the console's
                    for owner in (renderer, getattr(renderer, "executor", None)):
                        if owner is not None:
                            owner.log = quiet
                    render = task.result().get("task")
                    if render is not None and not render.done():
                        render.cancel()
                    return True
        return False

    # -- periodic work --------------------------------------------------------------------
    def monitor(self) -> None:
        """Report warm-up progress until the room is ready."""
        if self.ready:
            return
        warm, target = self.warm(), self.plan.initial_pool
        now = time.monotonic()
        if warm >= target:
            self.ready = True
            self.announce(self.messages["ready"](count=self.plan.expected))
            self.on_ready()
            return
        last, at = self._last_progress
        if warm != last and now - at >= 5:
            self._last_progress = (warm, now)
            self.announce(self.messages["warming"](warm=warm, target=target))

    def watch_lag(self) -> None:
        """The watchdog: record how late this tick ran; a stall of ``lag_warn`` seconds (widgets.config) or more
        (nobody in the room was answered) goes to the log, at most once a minute."""
        late = self.lag.tick()
        now = time.monotonic()
        if late >= config().lag_warn and now - self._lag_logged >= 60:
            self._lag_logged = now
            log.warning("the server answered nobody for %.1f s (event loop stalled)", late)

    async def reap(self) -> None:
        """Free the kernels of pages that closed without saying so (crash, lost network)."""
        km = self.km
        connections = {kid: km._kernel_connections.get(kid, 0) for kid in km.list_kernel_ids()}
        for kernel_id in self.reaper.due(connections, keep=self.pool_ids()):
            self.reaper.forget(kernel_id)
            try:
                await km.shutdown_kernel(kernel_id)
                self._freed += 1
                log.info("freed kernel %s: its page has been gone for %.0f s", kernel_id,
                         self.reaper.free_after)
            except Exception:  # noqa: BLE001 - already gone, or shutting down
                log.debug("could not free kernel %s", kernel_id, exc_info=True)


class GuardedKernelWebsocketHandler(VoilaKernelWebsocketHandler):
    """A page's kernel websocket with limits, so that one client cannot stall the server or
    take its memory. Each limit closes only that client's socket; the page then shows its
    connection banner and can ask why (``voila/aw-why/<kernel id>``); the server log says why.

    - Only the v1 kernel protocol (``v1.kernel.websocket.jupyter.org``), which the pages
      speak, is accepted; a request that does not offer it is answered 400 before it is a
      websocket ("old_protocol"). Voila reads every binary frame it sends as v1, and the
      legacy protocol's binary frames read that way made it build a list of billions of
      offsets on the event loop: the room stopped answering and the server grew by gigabytes.
    - The header of a frame the server sends is read with every offset checked (``v1_header``).
    - A frame from the page that is not a well-formed v1 frame (``v1_offsets``) closes the
      socket before anything parses it ("bad_frame"): jupyter_server trusts the frame's own
      count of offsets, and eight bytes could claim billions of them.
    - A message above ``max_message_bytes`` (widgets.config) closes the connection before it reaches the kernel
      (tornado, code 1009, "too_large"); so does a flood beyond ``MessageGate`` (1008, "flood").
    - At most ``max_pending_bytes`` wait to be sent to a client that does not read what it is
      sent; past that its socket is closed (1008, "backlog") and what waited is dropped.
    """

    @property
    def max_message_size(self) -> int:
        return config().max_message_bytes

    def _closed_because(self, reason: str) -> None:
        kernel_id = getattr(self, "kernel_id", "") or ""
        log.warning("closed the websocket of kernel %s: %s", kernel_id or "?", reason)
        self.settings["aw_room"].closed.note(kernel_id, reason)

    async def get(self, kernel_id: str, *args, **kwargs):
        if not offers_v1(self.request.headers.get("Sec-WebSocket-Protocol", "")):
            self.kernel_id = kernel_id
            self._closed_because("old_protocol")
            raise tornado.web.HTTPError(400, reason="Only the v1.kernel.websocket.jupyter.org protocol is served")
        return await super().get(kernel_id, *args, **kwargs)

    def open(self, *args, **kwargs):
        stream = getattr(self.ws_connection, "stream", None)
        if stream is not None:
            stream.max_write_buffer_size = config().max_pending_bytes
        return super().open(*args, **kwargs)

    def get_websocket_protocol(self):
        protocol = super().get_websocket_protocol()
        if protocol is not None:  # tornado closes an oversized message's socket itself (1009)
            close = protocol.close

            def closing(code=None, reason=None):
                if code == 1009:
                    self._closed_because("too_large")
                return close(code, reason)

            protocol.close = closing
            # jupyter_server's WebSocketMixin keeps the socket alive itself (a ping every 30 s,
            # closed after 90 s without an answer) with ``ping_interval``/``ping_timeout`` in
            # milliseconds; tornado reads the same two names, in seconds, for pings of its own
            # (every 30000 s) and warned at every start that 90000 exceeds 30000 (jupyter_server
            # issue 1612). Tornado's pings are off; the mixin's are the keep-alive.
            protocol.params.ping_interval = None
            protocol.params.ping_timeout = None
        return protocol

    def write_message(self, message, binary=False):
        """Voila's filter (a page is never shown the notebook's ``execute_input``) with the
        frame's header read safely, and the client's backlog bounded."""
        if isinstance(message, bytes):
            header = v1_header(message)
        else:
            header = message.get("header") if isinstance(message, dict) else None
        if isinstance(header, dict) and header.get("msg_type") == "execute_input":
            return None
        try:
            return super(VoilaKernelWebsocketHandler, self).write_message(message, binary)
        except StreamBufferFullError:
            self._backlogged()
            return None

    def _backlogged(self) -> None:
        stream = getattr(self.ws_connection, "stream", None)
        if stream is not None:
            stream.max_write_buffer_size = None  # room for the close frame; the stream goes in 5 s
        self._closed_because("backlog")
        self.close(1008, "not reading")

    def on_message(self, ws_message):
        connection = self.ws_connection
        if connection is None or connection.is_closing():
            # frames still queued when the socket closes: jupyter_server no longer knows the
            # socket's protocol then, and would read them as legacy frames
            return None
        gate = self.__dict__.setdefault("_aw_gate", MessageGate())
        if not gate.allow():
            self._closed_because("flood")
            self.close(1008, "too many messages")
            return None
        if v1_offsets(ws_message) is None:
            self._closed_because("bad_frame")
            self.close(1008, "not a v1 kernel message")
            return None
        return super().on_message(ws_message)


class LagHandler(tornado.web.RequestHandler):
    """``GET voila/aw-lag``: the event loop's lag over the last minutes (p99, max, in seconds),
    as the watchdog measured it; ``?seconds=N`` for the last N seconds only. The benchmarks and
    tests read it."""

    def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        try:
            seconds = float(self.get_query_argument("seconds", "0")) or None
        except ValueError:
            raise tornado.web.HTTPError(400) from None
        self.finish(self.settings["aw_room"].lag.summary(seconds))


class PoolHandler(tornado.web.RequestHandler):
    """``GET voila/aw-pool``: the warm pool against the room's target (counts only):
    {"warm", "warming", "in_use", "target"}. The benchmarks and tests read it."""

    def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        room: Room = self.settings["aw_room"]
        pool = getattr(room.km, "_pools", {}).get(WORKSHOP, [])
        warm = room.warm()
        self.finish({"warm": warm, "warming": max(0, len(pool) - warm), "in_use": room.in_use(),
                     "target": room.pool_target()})


class CloseReasonHandler(tornado.web.RequestHandler):
    """``GET voila/aw-why/<kernel id>``: why the server closed that page's socket, if it did
    ({"reason": "too_large" | "flood" | "backlog" | "bad_frame" | "old_protocol" | ""}). The page asks when it
    loses its connection."""

    def get(self, kernel_id: str) -> None:
        self.set_header("Cache-Control", "no-store")
        self.finish({"reason": self.settings["aw_room"].closed.reason(kernel_id)})


class TemplateFilesHandler(TemplateStaticFileHandler):
    """Voila's template files, with a malformed path answered 404 instead of a 500 (Voila's
    handler asserts on the path's shape)."""

    def parse_url_path(self, path):
        parts = path.split("/", 2)
        if len(parts) < 3 or parts[1] != "static" or ".." in path.split("/"):
            raise tornado.web.HTTPError(404)
        return super().parse_url_path(path)


class WorkshopVoila(Voila):
    """Voila serving the workshop's pages under the room's rules."""

    room: Room | None = None

    def initialize(self, argv=None):
        super().initialize(argv)
        self._log_to_file()

    def _log_to_file(self) -> None:
        """Everything to ``<data dir>/logs/server.log``; the console keeps warnings and errors."""
        from widgets.config import data_dir

        folder = data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        self.log_file = folder / "server.log"
        handler = logging.FileHandler(self.log_file, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        handler.setLevel(logging.INFO)
        for logger in (self.log, log):
            logger.addHandler(handler)
        self.log.setLevel(logging.INFO)
        log.setLevel(logging.INFO)
        for console in self.log.handlers:
            if console is not handler:
                console.setLevel(logging.WARNING)
                console.addFilter(lambda record: not any(text in record.getMessage() for text in QUIET_ON_CONSOLE))

    def setup_template_dirs(self):
        super().setup_template_dirs()
        self.template_paths.insert(0, str(TEMPLATE_DIR))

    def init_settings(self):
        settings = super().init_settings()
        settings["aw_room"] = self.room
        self.room.attach(self.kernel_manager)
        return settings

    def init_handlers(self):
        handlers = super().init_handlers()
        base = self.server_url
        ours = [
            (url_path_join(base, r"/api/kernels/(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)/channels"),
             GuardedKernelWebsocketHandler),
            (f"{base}voila/api/shutdown/(.*)", UnloadShutdownHandler),
            (f"{base}voila/aw-why/([0-9a-f-]{{36}})", CloseReasonHandler),
            (f"{base}voila/aw-lag", LagHandler),
            (f"{base}voila/aw-pool", PoolHandler),
            (f"{base}{GUIDE_ROUTE}", GuideHandler),
            (f"{base}voila/templates/(.*)", TemplateFilesHandler),
            (f"{base}{ASSETS_URL}(.*)", AssetHandler, {"files": asset_files()}),
            (f"{base}voila/render/(.*)", RoomPageHandler, {
                "template_paths": self.template_paths, "config": self.config,
                "voila_configuration": self.voila_configuration}),
        ]
        return ours + handlers

    def start(self):
        settings = config()
        PeriodicCallback(self.room.monitor, settings.monitor_seconds * 1000).start()
        PeriodicCallback(lambda: asyncio.ensure_future(self.room.reap()), settings.reap_seconds * 1000).start()
        PeriodicCallback(self.room.watch_lag, LAG_EVERY * 1000).start()
        PeriodicCallback(self.room.top_up, settings.top_up_seconds * 1000).start()
        super().start()


def run(argv: list[str], room: Room) -> None:
    """Start the server (blocks until it stops)."""
    WorkshopVoila.room = room
    app = WorkshopVoila.instance()
    app.initialize(argv)
    app.start()
    sys.exit(0)
