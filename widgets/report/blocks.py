"""The pieces a charter is made of, and the small formatters every module's charter uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from widgets.i18n import Translator


@dataclass
class Block:
    kind: str  # "h1", "h2", "p", "table", "chart", "health", "list"
    text: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    figure: Any = None
    items: list[Any] = field(default_factory=list)


def pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f}%"


def num(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def checks_block(checks: list[dict], tr: Translator) -> Block:
    return Block("list", items=[("✓ " if c["ok"] else "✗ ") + tr(f"charter.check.{c['check']}") for c in checks])


def check_counts(checks: list[dict]) -> str:
    return f"{sum(1 for c in checks if c['ok'])}/{len(checks)}"
