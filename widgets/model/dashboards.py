"""Who holds the facilitator's dashboard: the key's version, the dashboards open now, and
when one of them must lock itself.

Every ``alliance-workshop new-key`` stores a new salted hash, so the hash itself is the key's
version: a dashboard remembers the version it was opened with (:func:`key_version`) and,
at every poll, compares it with the event's stored hash (:func:`still_open`). The moment they
differ, the dashboard locks itself and asks for the new key. A dashboard opened by a
JupyterHub facilitator holds no key (``None``) and is not locked by a new key: the hub, not
the key, let that person in.

The registry of open dashboards (``widgets.store``, table ``dashboards``) lets the
facilitator see every page that holds the dashboard, so that a stranger's is noticed: when it
was opened, from which browser and address, and when it was last seen.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

SEEN_EVERY = 10.0  # seconds between two "still here" writes of one dashboard
OPEN_WITHIN = 60.0  # a dashboard not seen for this long is no longer listed as open
MAX_BROWSER_CHARS = 80
MAX_ADDRESS_CHARS = 64


def key_version(key_hash: str | None) -> str | None:
    """A short, stable name of the stored key (its hash's SHA-256, 16 hex digits); ``None``
    when the event has no key. Never the key nor its hash."""
    if not key_hash:
        return None
    return hashlib.sha256(key_hash.encode()).hexdigest()[:16]


def still_open(opened_with: str | None, current_hash: str | None, *, hub: bool = False) -> bool:
    """Whether a dashboard opened with key version ``opened_with`` may stay open while the
    event's stored hash is ``current_hash``: only while the event's key is the one it was
    opened with (an event that had no key and still has none is unchanged too; a hub
    facilitator's dashboard holds no key and stays open)."""
    if hub:
        return True
    return opened_with == key_version(current_hash)


def new_session_id() -> str:
    return secrets.token_urlsafe(12)


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
             ("Chromium/", "Chromium"), ("Version/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def browser_label(user_agent: object) -> str:
    """``Chrome 120 · Linux`` from a User-Agent header (untrusted: anything unknown gives ``""``,
    the page then says it does not know)."""
    if not isinstance(user_agent, str) or not user_agent.strip():
        return ""
    agent = user_agent[:512]
    name = ""
    for token, label in _BROWSERS:
        match = re.search(re.escape(token) + r"(\d+)", agent)
        if match:
            name = f"{label} {match.group(1)}"
            break
    if "HeadlessChrome/" in agent:
        name = "Headless " + (name or "Chrome")
    system = next((label for token, label in _SYSTEMS if token in agent), "")
    return " · ".join(part for part in (name, system) if part)[:MAX_BROWSER_CHARS]


def client_address(forwarded_for: object, real_ip: object = None) -> str:
    """The address a proxy reports for the browser (``X-Forwarded-For``'s first entry, else
    ``X-Real-IP``), checked to look like an IPv4 or IPv6 address; ``""`` when unknown."""
    for value in (forwarded_for, real_ip):
        if not isinstance(value, str):
            continue
        first = value.split(",")[0].strip()[:MAX_ADDRESS_CHARS]
        if re.fullmatch(r"[0-9A-Fa-f:.]{2,64}", first) and any(c.isdigit() for c in first):
            return first
    return ""


@dataclass(frozen=True)
class DashboardSession:
    """One page that opened the dashboard."""

    id: str
    event_id: int
    key_version: str | None  # None: a hub facilitator's
    opened_at: datetime
    last_seen: datetime
    browser: str = ""
    address: str = ""
    hub_user: str = ""


def open_now(sessions: list[DashboardSession], current_hash: str | None, now: datetime) -> list[DashboardSession]:
    """The dashboards that are open now: seen within :data:`OPEN_WITHIN` seconds and holding
    the current key (or opened through the hub), the earliest opened first."""
    recent = now - timedelta(seconds=OPEN_WITHIN)
    return sorted((s for s in sessions if s.last_seen >= recent
                   and still_open(s.key_version, current_hash, hub=bool(s.hub_user))),
                  key=lambda s: (s.opened_at, s.id))
