"""The pieces a charter is made of (numbers are written by ``Translator.number`` and ``percent``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from widgets.contract import Check
from widgets.i18n import Translator


@dataclass
class Block:
    kind: str  # "h1", "h2", "p", "table", "chart", "health", "list"
    text: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    figure: Any = None
    items: list[Any] = field(default_factory=list)


def checks_block(checks: list[Check], tr: Translator) -> Block:
    """✓ / ✗ per check; "–" for a check with nothing to judge yet (:meth:`Check.judged`)."""
    return Block("list", items=[("– " if not c.judged() else "✓ " if c.ok else "✗ ") + tr(f"charter.check.{c.check}")
                                for c in checks])


def assessed_note(crack: dict, tr: Translator) -> str:
    """"2 of 3 pieces of evidence assessed" for an exported crack judged on part of its
    evidence; empty when all of it was assessed."""
    total = len(crack["evidence"])
    count = crack.get("assessed", total)
    return "" if count >= total else tr("health.assessed", count=count, total=total)
