"""Upgrades of what earlier versions of the pulse stored (its ``data_steps``, applied once per
database by :func:`widgets.registry.upgrade_stored`). Released steps are never edited."""

from __future__ import annotations

from widgets.model.controls import KEY as CONTROLS
from widgets.modules.pulse.model import KEY
from widgets.store import DocRef

MOVED = ("round", "sides_assigned")


def settings_out_of_controls(store) -> None:
    """Kits before December 2026 kept the pulse's round and sides in the room's controls: each
    event's values move to the pulse's own settings document (unless it has one already), and
    the controls are saved again without them. Run twice, it changes nothing."""
    for event in store.list_events():
        ref = DocRef.of_event(event.id)
        controls = store.latest(ref, CONTROLS)
        if controls is None or not any(k in controls.data for k in MOVED):
            continue
        moved = {k: controls.data[k] for k in MOVED if k in controls.data}
        store.edit(ref, KEY, lambda current, moved=moved: current if current is not None else moved)
        store.edit(ref, CONTROLS, lambda current: {k: v for k, v in (current or {}).items() if k not in MOVED})
