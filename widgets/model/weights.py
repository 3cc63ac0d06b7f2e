"""Weights as a budget of 100 points (constant-sum allocation).

A participant distributes up to 100 points over the criteria. A number once set is never
changed by setting another: a change that would take more points than are left is capped at
what is left, and the caller says so. Rankings use the points in proportion
(``normalise``), so 30/10 weighs like 75/25; no points at all weighs every criterion equally.
``apportion`` turns any shares into whole points that sum exactly to 100
(largest-remainder rounding), for the even split and for showing team weights;
``shown_shares`` does the same for shares read side by side (92 % / 8 %, never 92 % / 7 %).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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


def shown_shares(shares: dict[str, float | None], digits: int = 0) -> dict[str, float | None]:
    """Shares (fractions of 1) as they are shown together, rounded to ``digits`` decimals of a
    percent so that the shown percentages add up to exactly 100 (largest remainder): the same
    values a slider of whole points shows (:func:`apportion`). Where a share is unknown (None)
    or none is positive, nothing adds up to 100: each share is rounded on its own."""
    unit = 100 * 10 ** digits
    known = {k: v for k, v in shares.items() if v is not None and math.isfinite(v)}
    if len(known) != len(shares) or not any(v > 0 for v in known.values()):
        return {k: None if v is None else (round(v * unit) / unit if math.isfinite(v) else v) for k, v in shares.items()}
    return {k: n / unit for k, n in apportion(known, unit).items()}


def even(keys: list[str], total: int = TOTAL) -> dict[str, int]:
    return apportion({k: 1.0 for k in keys}, total)


def points_left(weights: dict[str, int], keys: list[str], total: int = TOTAL) -> int:
    """Points not yet distributed over ``keys`` (weights of other keys do not count)."""
    return total - sum(int(weights.get(k, 0) or 0) for k in keys)


@dataclass(frozen=True)
class Allocation:
    """The weights after one change, and whether the change was capped."""

    weights: dict[str, int]
    asked: int
    given: int

    @property
    def capped(self) -> bool:
        """True when fewer points were left than asked for."""
        return self.given < self.asked


def allocate(weights: dict[str, int], keys: list[str], key: str, value: int,
             total: int = TOTAL) -> Allocation:
    """Set ``key`` to ``value`` points over the active ``keys``, leaving every other weight
    as it is. A value above what is left (its own points plus the undistributed ones) is
    capped there; below zero it is zero. Weights of keys no longer active are dropped.
    """
    if key not in keys:
        raise KeyError(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("a weight is a whole number of points")
    current = {k: max(0, min(total, int(weights.get(k, 0) or 0))) for k in keys}
    room = current[key] + points_left(current, keys, total)
    room = max(0, room)
    wanted = max(0, min(total, value))
    given = min(wanted, room)
    current[key] = given
    return Allocation(current, wanted, given)


def normalise(weights: dict[str, float], keys: list[str]) -> dict[str, float]:
    """Fractions summing to 1 over ``keys`` (missing keys weigh 0; all zero -> even)."""
    if not keys:
        return {}
    raw = {k: max(0.0, float(weights.get(k, 0) or 0)) for k in keys}
    mass = sum(raw.values())
    if mass <= 0:
        return {k: 1.0 / len(keys) for k in keys}
    return {k: v / mass for k, v in raw.items()}
