"""Integer weights always sum to 100 and follow the participant's intent."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.model import weights as wt
from widgets.model.weights import TOTAL, allocate, apportion, even, normalise, points_left

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
def test_allocate_never_moves_another_weight_and_never_overspends(names, data):
    start = {k: 0 for k in names}
    for _ in range(data.draw(st.integers(1, 12))):
        key = data.draw(st.sampled_from(names))
        value = data.draw(st.integers(-50, 150))
        out = allocate(start, names, key, value)
        assert {k: v for k, v in out.weights.items() if k != key} == {k: v for k, v in start.items() if k != key}
        assert 0 <= out.weights[key] == out.given <= max(0, min(TOTAL, value))
        assert sum(out.weights.values()) <= TOTAL and points_left(out.weights, names) >= 0
        assert out.capped == (out.given < max(0, min(TOTAL, value)))
        if not out.capped:
            assert out.given == max(0, min(TOTAL, value))
        start = out.weights


def test_allocate_caps_at_what_is_left_and_drops_inactive_keys():
    out = allocate({"a": 50, "b": 30, "gone": 20}, ["a", "b", "c"], "c", 40)
    assert out.weights == {"a": 50, "b": 30, "c": 20} and out.capped and out.asked == 40
    assert allocate({"a": 50, "b": 30}, ["a", "b"], "a", 70).weights == {"a": 70, "b": 30}
    assert points_left({"a": 50, "b": 30, "gone": 20}, ["a", "b"]) == 20
    with pytest.raises(KeyError):
        allocate({}, ["a"], "z", 1)
    with pytest.raises(TypeError):
        allocate({}, ["a"], "a", 1.5)


def test_even_split_and_normalise():
    assert even(["a", "b", "c"]) == {"a": 34, "b": 33, "c": 33}
    assert even([]) == {}
    assert normalise({"a": 3, "b": 1}, ["a", "b", "c"]) == {"a": 0.75, "b": 0.25, "c": 0.0}
    assert normalise({}, ["a", "b"]) == {"a": 0.5, "b": 0.5}


# -- shares shown side by side add up to 100 -----------------------------------------------------
def test_shares_shown_together_add_up_to_100_and_match_the_sliders_points():
    assert wt.shown_shares({"a": 0.925, "b": 0.075}) == {"a": 0.93, "b": 0.07}
    assert wt.shown_shares({"a": 0.9246, "b": 0.0754}) == {"a": 0.92, "b": 0.08}  # never 92 % / 7 %
    assert wt.shown_shares({"x": 1 / 3, "y": 1 / 3, "z": 1 / 3}) == {"x": 0.34, "y": 0.33, "z": 0.33}
    assert wt.shown_shares({"a": None, "b": 0.3}) == {"a": None, "b": 0.3}  # unknown: nothing to add up


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=12),
       st.integers(min_value=0, max_value=2))
def test_any_shares_shown_together_add_up_to_exactly_100(values, digits):
    shares = {f"k{i}": v for i, v in enumerate(values)}
    shown = wt.shown_shares(shares, digits)
    if not any(v > 0 for v in values):
        assert all(v == 0 for v in shown.values())
        return
    unit = 100 * 10 ** digits
    assert sum(round(v * unit) for v in shown.values()) == unit
    total = sum(values)
    assert all(abs(shown[k] - shares[k] / total) <= 1 / unit + 1e-9 for k in shares)  # within one step of exact
    if digits == 0:
        assert {k: round(v * 100) for k, v in shown.items()} == wt.apportion(shares)  # what a slider shows
