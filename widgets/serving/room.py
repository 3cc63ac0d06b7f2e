"""How a room is served: pool sizing, limits on kernel starts, freeing kernels of closed tabs.

Pure logic with an injectable clock, so each rule is unit-tested without a server;
``widgets.serving.app`` applies it to Voila's kernel manager.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from ipaddress import ip_address

DEFAULT_EXPECT = 30  # a typical workshop room; `serve --expect N` changes it
FREE_AFTER = 90.0  # seconds a page's kernel is kept after its last connection closed
STARTS_PER_CLIENT = 8  # pages one client may open ...
STARTS_WINDOW = 60.0  # ... within this many seconds


def spare_for(expected: int) -> int:
    """Warm kernels kept once the room has arrived: for reloads and latecomers (10 %, at least 2)."""
    return max(2, math.ceil(max(0, expected) / 10))


def kernel_cap(expected: int) -> int:
    """Most kernels the server runs at once: the room, its spare, and half as many again.

    Each participant kernel takes about 100 MB; the cap keeps a runaway client (or a
    room twice the announced size) from exhausting the machine's memory.
    """
    expected = max(1, expected)
    return expected + spare_for(expected) + max(16, expected // 2)


@dataclass(frozen=True)
class RoomPlan:
    """Sizing for a room of ``expected`` participants.

    The pool holds one warm kernel per participant who has not arrived yet, never fewer
    than ``spare`` (for reloads and latecomers): a burst of arrivals is served from warm
    kernels, and the pool never grows past what the room still needs.
    """

    expected: int
    pool: int | None = None  # warm kernels at start, when set explicitly (`serve --pool N`)

    @property
    def spare(self) -> int:
        return spare_for(self.expected)

    @property
    def cap(self) -> int:
        return kernel_cap(self.expected)

    @property
    def initial_pool(self) -> int:
        return self.pool if self.pool is not None else max(self.expected, self.spare)

    def pool_target(self, in_use: int) -> int:
        """Warm kernels to keep when ``in_use`` kernels serve open pages."""
        return min(self.initial_pool, max(self.spare, self.expected - max(0, in_use)))


def is_loopback(client: str) -> bool:
    try:
        return ip_address(client).is_loopback
    except ValueError:
        return False


@dataclass
class StartLimiter:
    """Limits the pages (kernels) one client may open, and the kernels of the whole server.

    Loopback clients are trusted unless ``limit_loopback``: the facilitator's own machine,
    and a reverse proxy on the same host through which every participant would appear as one.
    """

    per_client: int = STARTS_PER_CLIENT
    window: float = STARTS_WINDOW
    limit_loopback: bool = False
    clock: Callable[[], float] = time.monotonic
    _starts: dict[str, deque] = field(default_factory=dict)

    def admit(self, client: str, running: int, cap: int) -> str | None:
        """None when the client may open a page now; otherwise why not (``busy`` / ``too_many``)."""
        if running >= cap:
            return "busy"
        if is_loopback(client) and not self.limit_loopback:
            return None
        now = self.clock()
        starts = self._starts.setdefault(client, deque())
        while starts and now - starts[0] >= self.window:
            starts.popleft()
        if len(starts) >= self.per_client:
            return "too_many"
        starts.append(now)
        if len(self._starts) > 10_000:  # forget idle clients so the table stays small
            for key in [k for k, v in self._starts.items() if not v or now - v[-1] >= self.window]:
                del self._starts[key]
        return None

    def retry_after(self, client: str) -> int:
        """Seconds until ``client`` may open another page."""
        starts = self._starts.get(client)
        if not starts:
            return 5
        return max(1, math.ceil(self.window - (self.clock() - starts[0])))


@dataclass
class DisconnectReaper:
    """Finds kernels whose page has gone: no connection for ``free_after`` seconds.

    A connected page is never freed, however idle its participant; warm pool kernels are
    passed in ``keep`` and never freed either.
    """

    free_after: float = FREE_AFTER
    clock: Callable[[], float] = time.monotonic
    _since: dict[str, float] = field(default_factory=dict)

    def due(self, connections: dict[str, int], keep: Iterable[str] = ()) -> list[str]:
        now = self.clock()
        keep = set(keep)
        for kernel_id in list(self._since):
            if kernel_id not in connections or connections[kernel_id] > 0 or kernel_id in keep:
                del self._since[kernel_id]
        due = []
        for kernel_id, count in connections.items():
            if count > 0 or kernel_id in keep:
                continue
            since = self._since.setdefault(kernel_id, now)
            if now - since >= self.free_after:
                due.append(kernel_id)
        return due

    def forget(self, kernel_id: str) -> None:
        self._since.pop(kernel_id, None)


MAX_MESSAGE_BYTES = 64 * 1024  # the largest legitimate page message is a few kilobytes
MESSAGE_RATE = 20.0  # messages per second, sustained, from one page
MESSAGE_BURST = 200  # ... after a burst of this many (a page opening sends a few dozen)


@dataclass
class MessageGate:
    """Token bucket for one page's websocket: ``allow`` is False once a page sends faster than
    ``rate`` per second for longer than ``burst`` messages (a flood, not a person)."""

    rate: float = MESSAGE_RATE
    burst: float = MESSAGE_BURST
    clock: Callable[[], float] = time.monotonic
    _tokens: float = -1.0
    _at: float = 0.0

    def allow(self) -> bool:
        now = self.clock()
        if self._tokens < 0:
            self._tokens, self._at = self.burst, now
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True


REASON_KEEP = 600.0  # seconds the server remembers why it closed a page's socket


@dataclass
class CloseReasons:
    """Why the server closed a page's websocket itself ("too_large", "flood"), kept for a few
    minutes by kernel id so that the page can tell its participant (``/voila/aw-why/<id>``)."""

    keep: float = REASON_KEEP
    clock: Callable[[], float] = time.monotonic
    _reasons: dict[str, tuple[str, float]] = field(default_factory=dict)

    def note(self, kernel_id: str, reason: str) -> None:
        now = self.clock()
        self._reasons = {k: v for k, v in self._reasons.items() if now - v[1] <= self.keep}
        self._reasons[kernel_id] = (reason, now)

    def reason(self, kernel_id: str) -> str:
        found = self._reasons.get(kernel_id)
        return found[0] if found and self.clock() - found[1] <= self.keep else ""
