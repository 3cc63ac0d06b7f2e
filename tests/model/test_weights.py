"""Integer weights always sum to 100 and follow the participant's intent."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from widgets.model.weights import TOTAL, apportion, even, normalise, rebalance

keys = st.lists(st.text("abcdefgh", min_size=1, max_size=4), min_size=1, max_size=20, unique=True)


@given(keys, st.data())
def test_apportion_sums_to_total_and_stays_close(names, data):
    shares = {k: data.draw(st.floats(allow_nan=True, allow_infinity=True)) for k in names}
    out = apportion(shares)
    assert sum(out.values()) == TOTAL and set(out) == set(names)
    assert all(v >= 0 for v in out.values())
    clean = {k: v if math.isfinite(v) and v > 0 else 0 for k, v in shares.items()}
    mass = sum(clean.values())
    if mass > 0 and math.isfinite(mass):
        for k in names:  # largest remainder: never more than one point from the exact share
            assert abs(out[k] - clean[k] / mass * TOTAL) < 1 + 1e-6


@given(keys, st.data())
def test_rebalance_keeps_the_moved_value_and_the_total(names, data):
    start = apportion({k: data.draw(st.floats(0, 10)) for k in names})
    key = data.draw(st.sampled_from(names))
    value = data.draw(st.integers(-50, 150))
    out = rebalance(start, key, value)
    assert sum(out.values()) == TOTAL
    assert out[key] == (max(0, min(TOTAL, value)) if len(names) > 1 else TOTAL)


def test_rebalance_keeps_the_others_in_proportion():
    out = rebalance({"a": 50, "b": 30, "c": 20}, "a", 0)
    assert out == {"a": 0, "b": 60, "c": 40}
    assert rebalance({"a": 100, "b": 0, "c": 0}, "a", 40) == {"a": 40, "b": 30, "c": 30}


def test_even_split_and_normalise():
    assert even(["a", "b", "c"]) == {"a": 34, "b": 33, "c": 33}
    assert even([]) == {}
    assert normalise({"a": 3, "b": 1}, ["a", "b", "c"]) == {"a": 0.75, "b": 0.25, "c": 0.0}
    assert normalise({}, ["a", "b"]) == {"a": 0.5, "b": 0.5}
