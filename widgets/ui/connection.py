"""Connection state in the page: the participant sees at once when their page has lost the
workshop server, and cannot type into a page whose edits would go nowhere.

The kernel sends a heartbeat every second from a small thread (so that a kernel busy with an
export is not mistaken for a dead one). The browser watches it: when no beat has come for
``lost_after`` seconds (widgets.config) (the kernel died, the network dropped, the server is down), the page
shows a banner in the participant's language, hides "Saved at", and makes the workshop inert
(no typing, no clicks) until the beats come back. A reload resumes the participant exactly:
every acknowledged save is in the store, and the browser's resume token says who they are.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import anywidget
import traitlets

from widgets.config import config

# why the server itself may close a page's socket (widgets.serving.app.GuardedKernelWebsocketHandler)
CLOSE_REASONS = ("too_large", "flood", "backlog", "bad_frame")
MAX_VALUE_CHARS = 10000  # the page sends no longer value (connection.js MAX_VALUE)

_ESM = Path(__file__).with_name("js") / "connection.js"


class ConnectionWatch(anywidget.AnyWidget):
    """Put one in the page; call :meth:`start` in a live kernel."""

    _esm = _ESM
    lost_text = traitlets.Unicode("").tag(sync=True)
    reload_label = traitlets.Unicode("").tag(sync=True)
    lost_after = traitlets.Float().tag(sync=True)  # seconds without a beat (widgets.config)
    locale = traitlets.Unicode("").tag(sync=True)  # the time in the banner, as the reader writes it
    why_texts = traitlets.Dict().tag(sync=True)  # why the server closed the page's socket, by reason
    restored_text = traitlets.Unicode("").tag(sync=True)
    # kernel -> browser: whose edits this page journals ("" before joining)
    scope = traitlets.Unicode("").tag(sync=True)
    # browser -> kernel (untrusted): the step the participant was in, and steps with edits to restore
    place = traitlets.Dict().tag(sync=True)
    restored = traitlets.Int(0).tag(sync=True)  # browser -> kernel: edits typed again after a reload
    # kernel -> browser: the tab just selected inside a step ({"step", "index"}), kept per step by
    # the browser and reported back in ``place["tabs"]`` after a reload
    tab = traitlets.Dict().tag(sync=True)
    # kernel -> browser: confidential steps (``ModuleSpec.confidential``): their edits are kept in
    # the tab's sessionStorage only, and dropped as soon as they are saved
    private_steps = traitlets.List(traitlets.Unicode()).tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.beats = 0

    def set_language(self, tr) -> None:
        self.lost_text = tr("app.connection_lost", time="{time}")  # the browser fills in the time
        self.reload_label = tr("app.reload")
        self.locale = tr.lang
        self.restored_text = tr("app.edits_restored", count="{count}")
        self.why_texts = {**{reason: tr(f"app.closed_{reason}") for reason in CLOSE_REASONS},
                          "too_long": tr("app.too_long", count=str(MAX_VALUE_CHARS))}

    def journal_for(self, event: str, team: str, participant_id: str) -> None:
        """Journal this participant's typing in the browser (the key is not a secret: the
        journal only holds what this browser typed)."""
        self.scope = f"{event}/{team}/{participant_id}"

    def saved(self, step: str) -> None:
        """Tell the browser that ``step``'s values are stored: its journal drops them at once."""
        self.send({"type": "saved", "step": step})

    def forget(self) -> None:
        """Leave this computer: the browser drops this participant's journal, and journals no more."""
        self.send({"type": "forget"})  # before the scope changes: the browser still knows whose journal
        self.scope = ""

    def beat(self) -> None:
        self.beats += 1
        self.send({"type": "beat", "n": self.beats})

    @traitlets.default("lost_after")
    def _lost_after(self) -> float:
        return config().lost_after

    def start(self, interval: float | None = None) -> None:
        if self._thread is not None:
            return
        interval = interval if interval is not None else config().beat_seconds

        def run() -> None:
            while not self._stop.wait(interval):
                try:
                    self.beat()
                except Exception:  # noqa: BLE001 - the comm is gone: the kernel is shutting down
                    return

        self._thread = threading.Thread(target=run, name="aw-heartbeat", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def close(self) -> None:
        self.stop()
        super().close()


def wait_for_beats(watch: ConnectionWatch, count: int, timeout: float = 5.0) -> bool:
    """For tests: True once ``watch`` has sent ``count`` beats."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if watch.beats >= count:
            return True
        time.sleep(0.05)
    return False
