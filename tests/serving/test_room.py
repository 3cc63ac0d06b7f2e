"""The room's rules: pool sizing, start limits, freeing kernels of pages that are gone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from widgets.serving.room import (
    CloseReasons,
    DisconnectReaper,
    RoomPlan,
    StartLimiter,
    kernel_cap,
    spare_for,
)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_room_of_thirty_starts_with_thirty_warm_kernels_and_keeps_a_spare():
    plan = RoomPlan(30)
    assert plan.initial_pool == 30
    assert plan.pool_target(0) == 30
    assert plan.pool_target(10) == 20  # one warm kernel per participant still to come
    assert plan.pool_target(30) == 3  # everyone is in: 10 % spare for reloads
    assert plan.pool_target(45) == 3


def test_an_explicit_pool_caps_the_warm_kernels():
    plan = RoomPlan(30, pool=4)
    assert plan.initial_pool == 4 and plan.pool_target(0) == 4 and plan.pool_target(29) == 3


@given(st.integers(0, 500), st.integers(0, 800))
def test_warm_plus_in_use_never_exceeds_the_room_plus_its_spare(expected, in_use):
    plan = RoomPlan(expected)
    target = plan.pool_target(in_use)
    assert spare_for(expected) <= target <= plan.initial_pool
    assert in_use + target <= max(expected, in_use) + spare_for(expected)
    assert plan.cap > expected + spare_for(expected) - 1


def test_kernel_cap_leaves_room_for_latecomers():
    assert kernel_cap(30) == 30 + 3 + 16
    assert kernel_cap(100) == 100 + 10 + 50


def test_one_client_is_limited_but_others_are_not():
    clock = Clock()
    limiter = StartLimiter(per_client=3, window=60, clock=clock)
    assert [limiter.admit("10.0.0.5", running=0, cap=100) for _ in range(3)] == [None] * 3
    assert limiter.admit("10.0.0.5", running=0, cap=100) == "too_many"
    assert limiter.admit("10.0.0.6", running=0, cap=100) is None
    assert 1 <= limiter.retry_after("10.0.0.5") <= 60
    clock.now += 61
    assert limiter.admit("10.0.0.5", running=0, cap=100) is None


def test_loopback_is_trusted_unless_told_otherwise_but_the_cap_holds_for_everyone():
    limiter = StartLimiter(per_client=1)
    assert limiter.admit("127.0.0.1", 0, 10) is None and limiter.admit("127.0.0.1", 0, 10) is None
    assert limiter.admit("::1", 10, 10) == "busy"
    strict = StartLimiter(per_client=1, limit_loopback=True)
    assert strict.admit("127.0.0.1", 0, 10) is None and strict.admit("127.0.0.1", 0, 10) == "too_many"


def test_a_garbage_client_address_is_limited_like_any_other():
    limiter = StartLimiter(per_client=1)
    assert limiter.admit("not-an-ip", 0, 10) is None
    assert limiter.admit("not-an-ip", 0, 10) == "too_many"


def test_a_disconnected_kernel_is_freed_after_the_grace_period_a_connected_one_never():
    clock = Clock()
    reaper = DisconnectReaper(free_after=90, clock=clock)
    assert reaper.due({"gone": 0, "reading": 1, "pool": 0}, keep={"pool"}) == []
    clock.now += 89
    assert reaper.due({"gone": 0, "reading": 1, "pool": 0}, keep={"pool"}) == []
    clock.now += 1
    assert reaper.due({"gone": 0, "reading": 1, "pool": 0}, keep={"pool"}) == ["gone"]
    clock.now += 10_000
    assert "reading" not in reaper.due({"reading": 1}, keep=())


def test_a_reconnect_restarts_the_grace_period():
    clock = Clock()
    reaper = DisconnectReaper(free_after=90, clock=clock)
    reaper.due({"k": 0})
    clock.now += 80
    reaper.due({"k": 1})  # the page came back
    clock.now += 20
    assert reaper.due({"k": 0}) == []
    clock.now += 90
    assert reaper.due({"k": 0}) == ["k"]


def test_message_gate_lets_a_person_through_and_stops_a_flood():
    from widgets.serving.room import MessageGate

    now = [0.0]
    gate = MessageGate(rate=20, burst=200, clock=lambda: now[0])
    assert all(gate.allow() for _ in range(200))  # a page opening, a burst of clicks
    assert not gate.allow()  # the 201st in the same instant
    now[0] += 1.0
    assert sum(gate.allow() for _ in range(100)) == 20  # a second later: 20 more
    person = MessageGate(rate=20, burst=200, clock=lambda: now[0])
    for _ in range(600):  # ten minutes of a busy participant: 1 message a second
        now[0] += 1.0
        assert person.allow()


def test_the_reason_a_socket_was_closed_is_kept_for_a_while_per_kernel():
    now = [0.0]
    reasons = CloseReasons(keep=600, clock=lambda: now[0])
    reasons.note("k1", "flood")
    now[0] = 10
    reasons.note("k2", "too_large")
    assert (reasons.reason("k1"), reasons.reason("k2"), reasons.reason("k3")) == ("flood", "too_large", "")
    now[0] = 605
    assert (reasons.reason("k1"), reasons.reason("k2")) == ("", "too_large")
    reasons.note("k3", "flood")  # old reasons are dropped as new ones come
    assert "k1" not in reasons._reasons
