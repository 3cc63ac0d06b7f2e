"""How a room is served: pool sizing, limits on kernel starts, freeing kernels of closed tabs.

Pure logic with an injectable clock, so each rule is unit-tested without a server;
``widgets.serving.app`` applies it to Voila's kernel manager.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from ipaddress import ip_address, ip_network

from widgets.config import config


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


def top_up(target: int, pooled: int, warming: int, running: int, cap: int,
           at_once: int | None = None) -> int:
    """Kernels to start now so that the pool gets back to ``target`` warm kernels.

    ``pooled`` kernels are in the pool (warm or still warming), ``warming`` of them still run
    the page up to its request, ``running`` kernels run in all (the server's ``cap`` holds).
    Whatever freed the participants' kernels (their pages' unload requests, the reaper, the
    idle cull), the pool is brought back to the room's target; at most ``at_once`` kernels warm
    up together (``refill_at_once``, widgets.config), so that a refill leaves the CPU to the
    participants who are still working.
    """
    at_once = at_once if at_once is not None else refill_at_once()
    return max(0, min(target - pooled, cap - running, at_once - warming))


def refill_at_once() -> int:
    """Pool kernels warming up together: the setting, else one per core."""
    return config().refill_at_once or max(1, os.cpu_count() or 1)


def is_loopback(client: str) -> bool:
    try:
        return ip_address(client).is_loopback
    except ValueError:
        return False


LOOPBACK_PROXIES = ("127.0.0.0/8", "::1/128")  # a reverse proxy on the server's own machine


def proxy_networks(values: Iterable[str]) -> tuple:
    """The networks whose requests carry a trustworthy ``X-Forwarded-For`` (``serve --trusted-proxy``).

    Raises ValueError, naming the value, for anything that is not an address or a network.
    """
    networks = []
    for value in values:
        try:
            networks.append(ip_network(str(value).strip(), strict=False))
        except ValueError:
            raise ValueError(f"not an address or network: {value!r}") from None
    return tuple(networks)


def client_of(peer: str, forwarded_for: str | None, trusted: tuple = ()) -> str:
    """The address a page request counts against: the browser's, not a proxy's.

    Only when the connection comes from a trusted proxy is ``X-Forwarded-For`` read, from the
    right (each proxy appends the address it saw), skipping further trusted proxies; the first
    address that is not a trusted proxy is the client. Anything a browser could forge (a header
    from an untrusted peer, an entry that is not an address) is ignored, so a participant cannot
    escape the start limit by sending the header, nor take another's allowance.
    """
    def trusted_address(value: str) -> bool:
        try:
            address = ip_address(value)
        except ValueError:
            return False
        return any(address in network for network in trusted)

    if not trusted_address(peer) or not forwarded_for:
        return peer
    for entry in reversed(str(forwarded_for)[:2000].split(",")):
        entry = entry.strip()
        try:
            ip_address(entry)
        except ValueError:
            return peer  # a malformed chain: count the proxy, never a made-up client
        if not trusted_address(entry):
            return entry
    return peer


@dataclass
class StartLimiter:
    """Limits the pages (kernels) one client may open, and the kernels of the whole server.

    Loopback clients are trusted unless ``limit_loopback``: the facilitator's own machine.
    Behind a trusted proxy (``trusted``; a proxy on the same host by default) each browser is
    counted by the address the proxy reports (:func:`client_of`), so a room behind one proxy
    does not share one allowance.
    """

    per_client: int = field(default_factory=lambda: config().starts_per_client)
    window: float = field(default_factory=lambda: config().starts_window)
    limit_loopback: bool = False
    clock: Callable[[], float] = time.monotonic
    trusted: tuple = field(default_factory=lambda: proxy_networks(LOOPBACK_PROXIES))
    _starts: dict[str, deque] = field(default_factory=dict)

    def client(self, peer: str, forwarded_for: str | None) -> str:
        return client_of(peer, forwarded_for, self.trusted)

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

    free_after: float = field(default_factory=lambda: config().free_after)
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




@dataclass
class MessageGate:
    """Token bucket for one page's websocket: ``allow`` is False once a page sends faster than
    ``rate`` per second for longer than ``burst`` messages (a flood, not a person)."""

    rate: float = field(default_factory=lambda: config().message_rate)  # messages per second, sustained
    burst: float = field(default_factory=lambda: config().message_burst)  # ... after a burst of this many
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


PROTOCOL_V1 = "v1.kernel.websocket.jupyter.org"  # the only kernel websocket protocol the pages speak
MAX_V1_PARTS = 1024  # a kernel message has a channel, 4 JSON parts and a few buffers


def offers_v1(header: str) -> bool:
    """Whether a websocket request's ``Sec-WebSocket-Protocol`` header offers the v1 kernel
    protocol. Pages that do not (the legacy JSON protocol) are refused: Voila reads every
    binary frame as v1, and a legacy frame read that way stalls the whole server."""
    return PROTOCOL_V1 in (part.strip() for part in (header or "").split(","))


def v1_offsets(frame: bytes) -> list[int] | None:
    """The offsets of a v1 kernel websocket frame, or None when the frame is not one.

    The frame starts with the number of offsets and the offsets themselves (64-bit little
    endian), then the channel, the header, parent header, metadata, content and buffers, each
    from its offset to the next. Every count and offset is checked against the frame's own
    length before it is used: jupyter_server and Voila trust the count and build a list that
    long, so that eight bytes claiming billions of offsets stall the server."""
    if not isinstance(frame, bytes | bytearray) or len(frame) < 8:
        return None
    count = int.from_bytes(frame[:8], "little")
    if count < 6 or count > MAX_V1_PARTS or 8 * (count + 1) > len(frame):
        return None
    offsets = [int.from_bytes(frame[8 * (i + 1): 8 * (i + 2)], "little") for i in range(count)]
    if offsets[0] != 8 * (count + 1) or any(b < a for a, b in zip(offsets, offsets[1:], strict=False)) \
            or offsets[-1] > len(frame):
        return None
    return offsets


def v1_header(frame: bytes) -> dict | None:
    """The header of a v1 kernel websocket frame (a dict), or None when the frame is not one."""
    offsets = v1_offsets(frame)
    if offsets is None:
        return None
    try:
        header = json.loads(bytes(frame[offsets[1]:offsets[2]]).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return header if isinstance(header, dict) else None


LAG_EVERY = 0.1  # seconds between the watchdog's ticks
LAG_WINDOW = 300.0  # seconds of ticks the watchdog keeps for its p99


@dataclass
class LoopLag:
    """The event loop's lag: how late each periodic tick ran, over the last ``window`` seconds.

    Every page, save and kernel message of the room goes through one event loop; a lag is time
    in which the server answered nobody. ``tick`` is called every ``every`` seconds by the
    loop itself and returns the lateness it recorded."""

    every: float = LAG_EVERY
    window: float = LAG_WINDOW
    clock: Callable[[], float] = time.monotonic
    _last: float = -1.0
    _samples: deque = field(default_factory=deque)
    worst: float = 0.0

    def tick(self) -> float:
        now = self.clock()
        late = 0.0 if self._last < 0 else max(0.0, now - self._last - self.every)
        self._last = now
        self._samples.append((now, late))
        while self._samples and now - self._samples[0][0] > self.window:
            self._samples.popleft()
        self.worst = max(self.worst, late)
        return late

    def summary(self, seconds: float | None = None) -> dict:
        """p99 and max lateness over the window (or its last ``seconds``), and the worst ever."""
        since = self.clock() - seconds if seconds is not None else float("-inf")
        lates = sorted(late for at, late in self._samples if at >= since)
        if not lates:
            return {"samples": 0, "p99": 0.0, "max": 0.0, "worst": round(self.worst, 3)}
        p99 = lates[min(len(lates) - 1, math.ceil(0.99 * len(lates)) - 1)]
        return {"samples": len(lates), "p99": round(p99, 3), "max": round(lates[-1], 3),
                "worst": round(self.worst, 3)}
