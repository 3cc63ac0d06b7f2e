"""The facilitator key's version and the registry of open dashboards (issue 39)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from widgets.model.access import hash_key
from widgets.model.dashboards import (
    OPEN_WITHIN,
    DashboardSession,
    browser_label,
    client_address,
    key_version,
    open_now,
    still_open,
)

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc)


def test_a_new_key_is_a_new_version_and_the_version_reveals_neither_key_nor_hash():
    old, new = hash_key("AAAA-BBBB-CCCC-DDDD"), hash_key("AAAA-BBBB-CCCC-DDDD")
    assert key_version(old) == key_version(old) and key_version(old) != key_version(new)  # new salt: new version
    assert len(key_version(old)) == 16 and key_version(old) not in old
    assert key_version(None) is None and key_version("") is None


def test_a_dashboard_stays_open_only_while_the_key_it_was_opened_with_is_the_events():
    old, new = hash_key("OLD-KEY"), hash_key("NEW-KEY")
    assert still_open(key_version(old), old)
    assert not still_open(key_version(old), new)
    assert not still_open(None, new) and not still_open(key_version(old), None)
    assert still_open(None, new, hub=True)  # the hub let that facilitator in, not the key
    assert still_open(None, None)  # no key then, none now: nothing changed


def test_browser_labels_and_addresses_from_untrusted_headers():
    chrome = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/120.0.0.0 Safari/537.36")
    assert browser_label(chrome) == "Chrome 120 · Linux"
    assert browser_label("Mozilla/5.0 (Windows NT 10.0; rv:121.0) Gecko/20100101 Firefox/121.0") == "Firefox 121 · Windows"
    assert browser_label("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) Version/17.1 Mobile Safari") \
        == "Safari 17 · iOS"
    assert browser_label(None) == "" and browser_label("   ") == "" and browser_label(42) == ""
    assert len(browser_label("Chrome/1" + "x" * 5000)) <= 80
    assert client_address("203.0.113.7, 10.0.0.1") == "203.0.113.7"
    assert client_address(None, "2001:db8::1") == "2001:db8::1"
    assert client_address("<script>", None) == "" and client_address("", "") == ""


def _session(sid, opened, seen, version, hub=""):
    return DashboardSession(sid, 1, version, NOW - timedelta(seconds=opened), NOW - timedelta(seconds=seen),
                            hub_user=hub)


def test_open_now_lists_recent_dashboards_holding_the_current_key_earliest_first():
    current = hash_key("NEW")
    now_version, old_version = key_version(current), key_version(hash_key("OLD"))
    sessions = [_session("late", 100, 1, now_version), _session("first", 900, 5, now_version),
                _session("gone", 2000, OPEN_WITHIN + 1, now_version), _session("old-key", 50, 1, old_version),
                _session("hub", 500, 2, None, hub="maria")]
    assert [s.id for s in open_now(sessions, current, NOW)] == ["first", "hub", "late"]
