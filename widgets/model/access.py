"""The facilitator key: generated readable, stored only as a salted scrypt hash,
checked in constant time; wrong attempts slow the page that makes them down, and never
lock the right key out."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
_N, _R, _P = 2**14, 8, 1


def generate_key(groups: int = 4, size: int = 4) -> str:
    """A key people can read out and type: ``K7QX-M2PD-HT9A-W3RB``: 16 symbols from 31, about
    79 bits. At the pace the gate below allows, guessing it would take longer than the universe
    has existed; offline, every guess costs an scrypt."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(size)) for _ in range(groups))


def _normalise(key: str) -> bytes:
    return "".join(str(key).split()).upper().encode()


def hash_key(key: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(_normalise(key), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    enc = base64.b64encode
    return f"scrypt${enc(salt).decode()}${enc(digest).decode()}"


def verify_key(key: object, stored: str | None) -> bool:
    """True when ``key`` matches the stored hash; constant time in the comparison."""
    if not stored or not isinstance(key, str) or not key or len(key) > 256:
        return False
    try:
        scheme, salt_b64, digest_b64 = stored.split("$")
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    actual = hashlib.scrypt(_normalise(key), salt=salt, n=_N, r=_R, p=_P, dklen=len(expected))
    return hmac.compare_digest(actual, expected)


def key_bits(groups: int = 4, size: int = 4) -> float:
    """The entropy of a generated key, in bits."""
    import math

    return groups * size * math.log2(len(_ALPHABET))


class AttemptGate:
    """Wrong keys from one page: the first ``free`` are answered at once, then each next
    attempt waits twice as long as the last (``first_wait`` seconds, up to ``max_wait``).

    The gate belongs to one page (one kernel); new pages per client are limited by the
    server (``widgets.serving.room.StartLimiter``). Nothing here is event-wide, so a stranger's
    wrong keys never lock the facilitator out, and nothing is written to the store, so
    failed attempts do not wake participants' pages.
    """

    def __init__(self, free: int = 3, first_wait: float = 5.0, max_wait: float = 60.0):
        self.free, self.first_wait, self.max_wait = free, first_wait, max_wait
        self.failures = 0
        self.not_before = 0.0

    def wait(self, now: float) -> int:
        """Whole seconds to wait before the next attempt (0: go ahead)."""
        import math

        return max(0, math.ceil(self.not_before - now))

    def failed(self, now: float) -> None:
        self.failures += 1
        extra = self.failures - self.free
        if extra > 0:
            self.not_before = now + min(self.max_wait, self.first_wait * 2 ** (extra - 1))

    def succeeded(self) -> None:
        self.failures, self.not_before = 0, 0.0


def hub_facilitator(hub_user: str | None, flag: str | None) -> bool:
    """Whether a page opens the dashboard without the key: only inside a JupyterHub user's
    server (``hub_user``) whose hub set the flag for that user (an admin, or a member of the
    facilitators' group; see deploy/jupyterhub_config.py). The hub has authenticated them."""
    return bool(hub_user and hub_user.strip()) and (flag or "").strip() == "1"
