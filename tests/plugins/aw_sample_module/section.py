"""The confidence vote's section: the team's typed state its hooks read."""

from __future__ import annotations

from widgets.contract import Section


class ConfidenceSection(Section):
    members: list[str] = []
    votes: dict[str, int | None] = {}  # member -> confidence (1-5), None when not given
    why: dict[str, str] = {}  # member -> why, where they said
    mean: float | None = None
    spread: int | None = None  # highest vote minus lowest
