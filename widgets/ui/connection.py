"""Connection state in the page: the participant sees at once when their page has lost the
workshop server, and cannot type into a page whose edits would go nowhere.

The kernel sends a heartbeat every second from a small thread (so that a kernel busy with an
export is not mistaken for a dead one). The browser watches it: when no beat has come for
``LOST_AFTER`` seconds (the kernel died, the network dropped, the server is down), the page
shows a banner in the participant's language, hides "Saved at", and makes the workshop inert
(no typing, no clicks) until the beats come back. A reload resumes the participant exactly:
every acknowledged save is in the store, and the browser's resume token says who they are.
"""

from __future__ import annotations

import threading
import time

import anywidget
import traitlets

BEAT_SECONDS = 1.0
LOST_AFTER = 2.5  # seconds without a beat before the page says so (the bar is 3 s)

_ESM = r"""
function render({ model, el }) {
  el.style.display = "none";
  let last = performance.now();
  let lostAt = null;
  const banner = document.createElement("div");
  banner.className = "aw-connection-lost";
  banner.setAttribute("role", "alert");
  banner.hidden = true;
  const text = document.createElement("p");
  const button = document.createElement("button");
  button.type = "button";
  button.addEventListener("click", () => window.location.reload());
  banner.append(text, button);
  document.body.appendChild(banner);
  const app = () => el.closest(".aw-app") || document.querySelector(".aw-app, .aw-facilitator");

  const show = () => {
    const target = app();
    const at = new Date(lostAt).toLocaleTimeString(model.get("locale") || undefined);
    text.textContent = (model.get("lost_text") || "").replace("{time}", at);
    button.textContent = model.get("reload_label") || "Reload";
    banner.hidden = false;
    document.body.classList.add("aw-offline");
    if (target) {
      target.inert = true;  // no typing or clicking into a page whose edits would be lost
      if (document.activeElement && target.contains(document.activeElement)) document.activeElement.blur();
    }
  };
  const hide = () => {
    const target = app();
    banner.hidden = true;
    document.body.classList.remove("aw-offline");
    if (target) target.inert = false;
  };
  model.on("msg:custom", (msg) => {
    if (!msg || msg.type !== "beat") return;
    last = performance.now();
    if (lostAt !== null) { lostAt = null; hide(); }
  });
  const lostAfter = Number(model.get("lost_after")) * 1000;
  const timer = setInterval(() => {
    if (lostAt === null && performance.now() - last > lostAfter) {
      lostAt = Date.now() - (performance.now() - last);
      show();
    }
  }, 250);
  return () => { clearInterval(timer); banner.remove(); hide(); };
}
export default { render };
"""


class ConnectionWatch(anywidget.AnyWidget):
    """Put one in the page; call :meth:`start` in a live kernel."""

    _esm = _ESM
    lost_text = traitlets.Unicode("").tag(sync=True)
    reload_label = traitlets.Unicode("").tag(sync=True)
    lost_after = traitlets.Float(LOST_AFTER).tag(sync=True)
    locale = traitlets.Unicode("").tag(sync=True)  # the time in the banner, as the reader writes it

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.beats = 0

    def set_language(self, tr) -> None:
        self.lost_text = tr("app.connection_lost", time="{time}")  # the browser fills in the time
        self.reload_label = tr("app.reload")
        self.locale = tr.lang

    def beat(self) -> None:
        self.beats += 1
        self.send({"type": "beat", "n": self.beats})

    def start(self, interval: float = BEAT_SECONDS) -> None:
        if self._thread is not None:
            return

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
