"""The store's registry of open dashboards (issue 39), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timezone

from widgets.model.access import hash_key
from widgets.model.dashboards import key_version, open_now


def test_dashboards_are_recorded_seen_listed_and_closed(store, event):
    old = hash_key("OLD-KEY")
    store.set_event_key(event.code, old)
    first = store.open_dashboard(event.id, key_version(old), browser="Chrome 120 · Linux", address="203.0.113.7")
    second = store.open_dashboard(event.id, key_version(old), browser="Firefox 121 · Windows")
    other = store.create_event("OTHER-1", "medtech-distribution")
    store.open_dashboard(other.id, None, hub_user="maria")
    before = store.change_marker(event.id)
    store.dashboard_seen(first.id)
    assert store.change_marker(event.id) == before  # a dashboard's heartbeat wakes no participant

    listed = store.dashboards(event.id)
    assert [d.id for d in listed] == [first.id, second.id]
    assert listed[0].browser == "Chrome 120 · Linux" and listed[0].address == "203.0.113.7"
    assert listed[0].last_seen >= listed[0].opened_at and listed[0].last_seen.tzinfo is not None
    now = datetime.now(timezone.utc)
    assert len(open_now(listed, store.get_event(event.code).key_hash, now)) == 2

    new = hash_key("NEW-KEY")
    store.set_event_key(event.code, new)  # alliance-workshop new-key
    assert open_now(store.dashboards(event.id), store.get_event(event.code).key_hash, now) == []
    store.close_dashboard(second.id)
    assert [d.id for d in store.dashboards(event.id)] == [first.id]
