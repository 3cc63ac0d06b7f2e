"""Integer percentage weights that always sum to 100 (largest-remainder rounding)."""

from __future__ import annotations

import math

TOTAL = 100


def apportion(shares: dict[str, float], total: int = TOTAL) -> dict[str, int]:
    """Integers proportional to ``shares`` that sum exactly to ``total``.

    Non-positive or non-finite shares count as zero; if all are zero the split is even.
    Ties in the remainders go to the earlier key, so the result is deterministic.
    """
    keys = list(shares)
    if not keys:
        return {}
    clean = {k: (v if isinstance(v, (int, float)) and math.isfinite(v) and v > 0 else 0.0)
             for k, v in shares.items()}
    peak = max(clean.values())
    if peak > 0:  # scale to at most 1 so that huge shares cannot overflow
        clean = {k: v / peak for k, v in clean.items()}
    mass = sum(clean.values())
    if mass <= 0:
        clean = {k: 1.0 for k in keys}
        mass = float(len(keys))
    exact = {k: clean[k] * total / mass for k in keys}
    out = {k: int(math.floor(exact[k])) for k in keys}
    short = total - sum(out.values())
    order = sorted(keys, key=lambda k: (-(exact[k] - out[k]), keys.index(k)))
    for k in order[:short]:
        out[k] += 1
    return out


def even(keys: list[str], total: int = TOTAL) -> dict[str, int]:
    return apportion({k: 1.0 for k in keys}, total)


def rebalance(weights: dict[str, int], changed: str, value: int, total: int = TOTAL) -> dict[str, int]:
    """Set one weight and scale the others so that the whole still sums to ``total``.

    The others keep their proportions; if they were all zero they share the rest evenly.
    """
    if changed not in weights:
        raise KeyError(changed)
    value = max(0, min(total, int(value)))
    others = [k for k in weights if k != changed]
    if not others:
        return {changed: total}
    rest = apportion({k: float(weights[k]) for k in others}, total - value)
    return {k: (value if k == changed else rest[k]) for k in weights}


def normalise(weights: dict[str, float], keys: list[str]) -> dict[str, float]:
    """Fractions summing to 1 over ``keys`` (missing keys weigh 0; all zero -> even)."""
    if not keys:
        return {}
    raw = {k: max(0.0, float(weights.get(k, 0) or 0)) for k in keys}
    mass = sum(raw.values())
    if mass <= 0:
        return {k: 1.0 / len(keys) for k in keys}
    return {k: v / mass for k, v in raw.items()}
