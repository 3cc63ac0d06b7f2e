"""The facilitator's view of the room, computed from the event export: progress per team and
module, comparisons across teams, and the debrief board."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

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


def _check(section: dict, code: str) -> bool | None:
    for c in section.get("checks", []):
        if c["check"] == code:
            return c["ok"]
    return None


@dataclass(frozen=True)
class Comparison:
    team: str
    partner: str | None
    robustness: str
    kpis: int
    goals_checks: tuple[int, int]  # passed, total
    raci_problems: int
    balance: str | None  # "balanced" / "lopsided" / None
    governance_checks: tuple[int, int]
    deadlocks: int
    health: dict[str, str]  # crack -> status


def comparisons(export_teams: list[dict]) -> list[Comparison]:
    out = []
    for t in export_teams:
        m = t["modules"]
        ps, gk, rl, rk, gv = (m.get(k) or {} for k in ("partner_selection", "goals_kpis", "roles", "risk",
                                                      "governance"))
        top = next((r["candidate"] for r in ps.get("ranking", []) if r.get("rank") == 1), None)
        rob = ps.get("robustness") or {}
        goals = [c["ok"] for c in gk.get("checks", [])]
        gov = [c["ok"] for c in gv.get("checks", [])]
        balanced = (rk.get("balance") or {}).get("balanced") if rk.get("members") else None
        out.append(Comparison(
            team=t["name"], partner=top if ps.get("members") else None,
            robustness=f"{rob.get('stays_first', 0)}/{rob.get('members', 0)}" if rob.get("members") else "–",
            kpis=sum(1 for k in gk.get("kpis", []) if k.get("in_team_set")),
            goals_checks=(sum(goals), len(goals)),
            raci_problems=sum(len(c["items"]) or 1 for c in rl.get("checks", []) if not c["ok"]) if rl.get("members")
            else 0,
            balance=None if balanced is None else ("balanced" if balanced else "lopsided"),
            governance_checks=(sum(gov), len(gov)) if gv.get("members") else (0, 0),
            deadlocks=sum(1 for s in gv.get("stress_test", []) if s["deadlock"]) if gv.get("members") else 0,
            health={c["crack"]: c["status"] for c in t.get("health_check", [])},
        ))
    return out


@dataclass(frozen=True)
class BoardItem:
    team: str
    module: str
    item: str
    detail: str
    level: float


def debrief_board(export_teams: list[dict], limit: int = 12) -> list[BoardItem]:
    """The most contested items across all teams, most contested first."""
    items = [BoardItem(t["name"], c["module"], c["item"], c["detail"], c["level"])
             for t in export_teams for c in t.get("contested", [])]
    items.sort(key=lambda i: (-i.level, i.module, i.team, i.item))
    return items[:limit]


def partner_votes(export_teams: list[dict]) -> dict[str, int]:
    """How many teams chose each candidate (for the across-teams chart)."""
    out: dict[str, int] = {}
    for c in comparisons(export_teams):
        if c.partner:
            out[c.partner] = out.get(c.partner, 0) + 1
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))
