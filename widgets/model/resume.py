"""Where a participant resumes after a reload, from what their browser reports (untrusted).

The browser keeps, per participant, the step they were in and the steps holding edits typed
just before the connection was lost. A step with edits to restore comes first (the edits are
typed again only where their fields are on screen); otherwise the step they were in. Anything
that is not one of the page's own step keys is ignored.
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
