"""The facilitator key: generated readable, stored only as a salted scrypt hash,
checked in constant time."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
_N, _R, _P = 2**14, 8, 1


def generate_key(groups: int = 3, size: int = 4) -> str:
    """A key people can read out and type: ``K7QX-M2PD-HT9A`` (about 74 bits)."""
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
