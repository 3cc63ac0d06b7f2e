"""The facilitator's view of the room, computed from the event export: progress per team and
module, comparisons across teams, and the debrief board."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from widgets import registry
from widgets.contract import Column, ModuleSpec
from widgets.model.health import by_module_rounds

ACTIVE_WITHIN = timedelta(minutes=2)


@dataclass(frozen=True)
class Progress:
    team: str
    members: int
    active: int  # seen within the last two minutes
    done: dict[str, float]  # module -> share of members who have saved something (0..1)


def progress(overview: list[dict], export_teams: list[dict], modules: list[str],
             now: datetime | None = None) -> list[Progress]:
    """``overview``: teams with participants and ``last_seen`` (from the store)."""
    now = now or datetime.now(timezone.utc)
    docs = {t["name"]: t.get("documents", {}) for t in export_teams}
    out = []
    for team in overview:
        people = team["participants"]
        names = {p["name"] for p in people}
        active = sum(1 for p in people if p.get("last_seen") and now - _utc(p["last_seen"]) <= ACTIVE_WITHIN)
        team_docs = docs.get(team["name"], {})
        done = {m: (len(names & set(team_docs.get(m, {}))) / len(names) if names else 0.0) for m in modules}
        out.append(Progress(team["name"], len(people), active, done))
    return out


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Comparison:
    """One team's row: each module's columns (``comparison`` hook) and the health check.

    A column's value is also an attribute: ``comparison.partner``."""

    team: str
    columns: tuple[Column, ...]
    health: dict[str, str]  # crack -> status

    def __getattr__(self, name: str):
        if name.startswith("_") or name == "columns":
            raise AttributeError(name)
        for column in self.columns:
            if column.name == name:
                return column.value
        raise AttributeError(name)


def columns(export_team: dict | None, specs: Iterable[ModuleSpec] | None = None) -> tuple[Column, ...]:
    """Every module's comparison columns for one exported team (``None``: the empty columns)."""
    sections = (export_team or {}).get("modules", {})
    return tuple(c for spec in registry.or_registered(specs) if spec.comparison is not None
                 for c in spec.comparison(spec.typed(sections.get(spec.key))))


def comparisons(export_teams: list[dict], specs: Iterable[ModuleSpec] | None = None) -> list[Comparison]:
    specs = registry.or_registered(specs)
    return [Comparison(t["name"], columns(t, specs), {c["crack"]: c["status"] for c in t.get("health_check", [])})
            for t in export_teams]


def tallies(rows: list[Comparison]) -> dict[str, dict]:
    """For each column marked ``tally``: how many teams chose each value, most chosen first."""
    out: dict[str, dict] = {}
    for comparison in rows:
        for column in comparison.columns:
            if column.tally:
                counts = out.setdefault(column.label, {})
                if column.value is not None:
                    counts[column.value] = counts.get(column.value, 0) + 1
    return {label: dict(sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))) for label, counts in out.items()}


@dataclass(frozen=True)
class BoardItem:
    team: str
    module: str
    item: str
    detail: str
    level: float


def debrief_board(export_teams: list[dict], limit: int = 12) -> list[BoardItem]:
    """The most contested items across all teams, balanced across modules
    (:func:`widgets.model.health.by_module_rounds`): each module puts its most contested items
    first, one per round, so one module with many items cannot fill the board alone."""
    items = [BoardItem(t["name"], c["module"], c["item"], c["detail"], c["level"])
             for t in export_teams for c in t.get("contested", [])]
    return by_module_rounds(items, limit)
