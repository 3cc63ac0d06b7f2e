"""Compare a team's work with the reference answer, module by module, and say what differs.

Each module says how its part differs (its ``reference_points`` hook, :mod:`widgets.contract`);
the checks every module shares are compared here.
"""

from __future__ import annotations

from collections.abc import Iterable

from widgets import registry
from widgets.contract import ModuleSpec, Point, Section, checks_of

__all__ = ["Point", "checks_point", "compare", "message_id"]

SHARED = ("checks_match", "checks_missing")  # the points of checks_point, which every module may give


def _checks(section: Section) -> dict[str, bool]:
    return {c.check: c.ok for c in checks_of(section)}


def checks_point(team: Section, reference: Section) -> Point:
    """Which of the checks the reference passes the team does not."""
    t, r = _checks(team), _checks(reference)
    missing = [code for code, ok in r.items() if ok and not t.get(code, False)]
    return Point(SHARED[1] if missing else SHARED[0], not missing, {"count": len(missing), "checks": missing})


def message_id(module: str, code: str) -> str:
    """The message that says a point: the shared catalog's for the checks every module compares
    (``reference.point.<code>``), the module's own otherwise (``<module>.point.<code>``)."""
    return f"reference.point.{code}" if code in SHARED else f"{module}.point.{code}"


def compare(team: dict, reference: dict, specs: Iterable[ModuleSpec] | None = None) -> dict[str, list[Point]]:
    """``team`` and ``reference``: module sections, typed or as exported -> points per module."""
    return {spec.key: spec.reference_points(spec.typed(team.get(spec.key)), spec.typed(reference.get(spec.key)))
            for spec in registry.or_registered(specs) if spec.reference_points is not None}
