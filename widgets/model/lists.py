"""Helpers for the lists a team edits (criteria, candidates, activities, risks)."""

from __future__ import annotations

import re


def next_id(prefix: str, taken: set[str]) -> str:
    """The first free id ``prefix1``, ``prefix2``, ..."""
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def same_label(a: str, b: str) -> bool:
    """Labels that differ only in case and spacing are the same label."""
    return re.sub(r"\s+", " ", a).strip().casefold() == re.sub(r"\s+", " ", b).strip().casefold()
