"""Where a participant resumes after a reload, from what their browser reports (untrusted).

The browser keeps, per participant, the step they were in and the steps holding edits typed
just before the connection was lost. A step with edits to restore comes first (the edits are
typed again only where their fields are on screen); otherwise the step they were in. Anything
that is not one of the page's own step keys is ignored.

It also keeps, per step, the tab that was selected inside it (``{"tabs": {step: index}}``): the
step opens on that tab again, if the index is one of the step's tabs.
"""

from __future__ import annotations

from collections.abc import Sequence


def resume_step(place: object, keys: Sequence[str]) -> str | None:
    """The step to open for ``place`` (``{"step": key, "pending": [keys]}``), or None."""
    if not isinstance(place, dict):
        return None
    pending = place.get("pending")
    if isinstance(pending, list):
        for key in pending:
            if isinstance(key, str) and key in keys:
                return key
    step = place.get("step")
    return step if isinstance(step, str) and step in keys else None


MAX_TABS = 64  # no step has more tabs: a larger index is not one of the page's


def resume_tab(place: object, step: str, count: int) -> int | None:
    """The tab to select in ``step`` (which has ``count`` tabs) for ``place``, or None: a whole
    number from ``0`` to ``count - 1`` stored under ``place["tabs"][step]``; anything else
    (text, a fraction, a flag, another step's key, an index out of range) is ignored."""
    if not isinstance(place, dict) or not isinstance(step, str):
        return None
    tabs = place.get("tabs")
    if not isinstance(tabs, dict):
        return None
    index = tabs.get(step)
    if isinstance(index, bool) or not isinstance(index, int):
        return None
    return index if 0 <= index < min(count, MAX_TABS) else None


def tab_place(step: str, index: object) -> dict | None:
    """What the page tells the browser to keep when the tab ``index`` of ``step`` is selected
    (``{"step": step, "index": index}``), or None for no tab (ipywidgets' None, or garbage)."""
    if not isinstance(step, str) or isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < MAX_TABS:
        return None
    return {"step": step, "index": index}
