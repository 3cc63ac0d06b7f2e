"""The room's rules: pool sizing, start limits, freeing kernels of pages that are gone."""

from __future__ import annotations

import json
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.serving.room import (
    MAX_V1_PARTS,
    CloseReasons,
    DisconnectReaper,
    LoopLag,
    RoomPlan,
    StartLimiter,
    client_of,
    kernel_cap,
    offers_v1,
    proxy_networks,
    spare_for,
    top_up,
    v1_header,
    v1_offsets,
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


def test_behind_a_trusted_proxy_each_browser_has_its_own_allowance():
    limiter = StartLimiter(per_client=1, trusted=proxy_networks(["10.0.0.5", "127.0.0.0/8"]))
    first = limiter.client("10.0.0.5", "192.168.1.20")
    second = limiter.client("10.0.0.5", "192.168.1.21")
    assert (first, second) == ("192.168.1.20", "192.168.1.21")
    assert limiter.admit(first, 0, 10) is None and limiter.admit(second, 0, 10) is None
    assert limiter.admit(limiter.client("10.0.0.5", "192.168.1.20"), 0, 10) == "too_many"


def test_a_forwarded_header_is_believed_only_from_a_trusted_proxy_and_read_from_the_right():
    trusted = proxy_networks(["10.0.0.0/24"])
    # a browser talking to the server directly cannot choose whose allowance it uses
    assert client_of("192.168.1.20", "1.2.3.4", trusted) == "192.168.1.20"
    # what the browser put first is ignored: the last untrusted hop is the one a proxy saw
    assert client_of("10.0.0.5", "6.6.6.6, 192.168.1.20", trusted) == "192.168.1.20"
    # a chain of trusted proxies is walked through
    assert client_of("10.0.0.5", "192.168.1.20, 10.0.0.7", trusted) == "192.168.1.20"
    # nothing usable: the proxy itself is counted, never a made-up client
    for header in (None, "", "garbage", "192.168.1.20, not-an-ip", "10.0.0.7"):
        assert client_of("10.0.0.5", header, trusted) == "10.0.0.5", header
    # a proxy on the same machine is trusted by default
    assert StartLimiter().client("127.0.0.1", "192.168.1.20") == "192.168.1.20"


@given(st.text(max_size=300))
def test_any_forwarded_header_gives_the_proxy_or_an_address_it_names(header):
    client = client_of("10.0.0.5", header, proxy_networks(["10.0.0.5"]))
    assert client == "10.0.0.5" or client in [part.strip() for part in header.split(",")]


def test_a_trusted_proxy_that_is_not_an_address_is_named_in_the_error():
    import pytest

    with pytest.raises(ValueError, match="proxy.example"):
        proxy_networks(["10.0.0.1", "proxy.example"])


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


# -- one client cannot stall the server (issue 33) -----------------------------------------

def _v1(msg_type: str = "comm_msg", buffers: tuple[bytes, ...] = ()) -> bytes:
    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

    parts = [json.dumps(part).encode() for part in (
        {"msg_id": "1", "msg_type": msg_type}, {}, {}, {"data": {"x": 1}})] + list(buffers)
    return serialize_msg_to_ws_v1(parts, "shell")


def test_only_requests_that_offer_the_v1_protocol_are_served():
    assert offers_v1("v1.kernel.websocket.jupyter.org")
    assert offers_v1("json, v1.kernel.websocket.jupyter.org")
    assert not offers_v1("") and not offers_v1("json") and not offers_v1("v1.kernel.websocket.jupyter.org.x")


def test_a_v1_frame_is_read_and_its_header_found():
    frame = _v1("execute_input", buffers=(b"\x00\x01binary",))
    assert v1_header(frame) == {"msg_id": "1", "msg_type": "execute_input"}
    assert v1_offsets(frame) is not None


def test_a_legacy_binary_frame_is_not_taken_for_a_v1_frame_and_is_refused_at_once():
    from jupyter_server.services.kernels.connection.base import serialize_binary_message

    legacy = serialize_binary_message({"header": {"msg_type": "comm_msg"}, "parent_header": {}, "metadata": {},
                                       "content": {}, "buffers": [b"x" * 1000]})
    assert int.from_bytes(legacy[:8], "little") > 10**9  # what Voila took for the number of offsets
    t0 = time.perf_counter()
    assert v1_offsets(legacy) is None and v1_header(legacy) is None
    assert time.perf_counter() - t0 < 0.01


@given(st.binary(max_size=4096))
@settings(max_examples=300, deadline=200)
def test_any_bytes_are_read_quickly_as_a_frame_or_refused(data):
    offsets = v1_offsets(data)
    header = v1_header(data)
    assert offsets is None or (len(offsets) <= MAX_V1_PARTS and offsets[-1] <= len(data))
    assert header is None or isinstance(header, dict)


@given(st.integers(min_value=0, max_value=2**64 - 1), st.binary(max_size=64))
@settings(max_examples=200, deadline=200)
def test_a_claimed_count_of_offsets_never_makes_the_reader_loop_that_long(count, rest):
    frame = count.to_bytes(8, "little") + rest
    assert v1_offsets(frame) is None or count <= MAX_V1_PARTS


def test_the_loop_watchdog_measures_how_late_each_tick_ran():
    now = [0.0]
    lag = LoopLag(every=0.1, window=60, clock=lambda: now[0])
    lag.tick()
    for _ in range(98):
        now[0] += 0.1
        lag.tick()
    now[0] += 2.1  # the loop answered nobody for two seconds
    assert abs(lag.tick() - 2.0) < 1e-9
    summary = lag.summary()
    assert summary["samples"] == 100 and abs(summary["max"] - 2.0) < 1e-9 and summary["p99"] < 2.0
    for _ in range(700):  # 70 quiet seconds: the stall leaves the window, the worst is remembered
        now[0] += 0.1
        lag.tick()
    summary = lag.summary()
    assert summary["samples"] <= 601 and summary["max"] < 1e-6 and abs(summary["worst"] - 2.0) < 1e-9


def test_after_a_break_the_pool_is_brought_back_to_the_room_a_few_kernels_at_a_time():
    """--expect 30: everyone arrived (3 warm spares), then every page went over lunch. The pool
    goes back to 30 warm kernels, never more than two warming at once, never past the cap."""
    plan = RoomPlan(30)
    warm, warming, in_use = plan.pool_target(30), [], 0  # the participants' kernels are all freed
    ticks = 0
    while warm < plan.pool_target(in_use):
        ticks += 1
        pooled = warm + len(warming)
        starts = top_up(plan.pool_target(in_use), pooled, len(warming), pooled + in_use, plan.cap, at_once=2)
        warming += [0] * starts
        assert len(warming) <= 2 and warm + len(warming) <= plan.pool_target(in_use)
        warming = [age + 1 for age in warming]
        done = [age for age in warming if age >= 3]  # a kernel warms in three ticks
        warm, warming = warm + len(done), [age for age in warming if age < 3]
        assert ticks < 100
    assert warm == 30 and top_up(30, 30, 0, 30, plan.cap) == 0


def test_no_top_up_while_the_room_is_in_or_the_server_is_at_its_cap():
    plan = RoomPlan(30)
    assert top_up(plan.pool_target(30), 3, 0, 33, plan.cap) == 0  # everyone is here: the spare is warm
    assert top_up(plan.pool_target(30), 1, 0, 31, plan.cap) == 2  # two reloads took spares
    assert top_up(30, 3, 0, plan.cap - 1, plan.cap) == 1  # one kernel below the cap
    assert top_up(30, 3, 0, plan.cap, plan.cap) == 0
    assert top_up(30, 3, 2, 5, plan.cap, at_once=2) == 0  # two are warming already


@given(st.integers(0, 200), st.integers(0, 200), st.integers(0, 10), st.integers(0, 400), st.integers(1, 400),
       st.integers(1, 8))
def test_a_top_up_never_overshoots_the_target_the_pace_or_the_cap(target, pooled, warming, running, cap, at_once):
    starts = top_up(target, pooled, warming, running, cap, at_once)
    assert starts >= 0
    assert starts == 0 or (pooled + starts <= target and warming + starts <= at_once and running + starts <= cap)
