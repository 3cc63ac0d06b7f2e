"""Helpers for the lists a team edits (criteria, candidates, activities, risks)."""

from __future__ import annotations


def next_id(prefix: str, taken: set[str]) -> str:
    """The first free id ``prefix1``, ``prefix2``, ..."""
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def same_label(a: str, b: str) -> bool:
    """Labels that differ only in case, spacing, compatibility forms or invisible characters
    are the same label."""
    from widgets.model.text import fold

    return fold(a) == fold(b)
