"""The event export as JSON-ready data: every team, its members and each module's section."""

from __future__ import annotations

from datetime import datetime, timezone

from widgets import cases, registry
from widgets.model.problems import ModelError, Problem
from widgets.session import team_data
from widgets.store import Store

EXPORT_SCHEMA_VERSION = 1


def event_export(store: Store, code: str) -> dict:
    """``{"schema_version", "event", "teams": [...]}`` for one event (see DESIGN.md)."""
    event = store.get_event(code)
    if event is None:
        raise ModelError(Problem("join.event_not_found", {"event": code}))
    case = cases.get(event.case_id)
    specs = registry.modules()
    documents = store.latest_for_event(event.id)
    by_team: dict[int, list] = {}
    for doc in documents:
        if doc.team_id is not None:
            by_team.setdefault(doc.team_id, []).append(doc)
    teams = []
    for team in store.event_overview(event.id):
        members = [(m["id"], m["name"]) for m in team["participants"]]
        data = team_data(store, event, team["id"], team["name"], members, by_team.get(team["id"], []))
        teams.append({
            "name": team["name"],
            "participants": [m["name"] for m in team["participants"]],
            "modules": {spec.key: spec.export(data, case) for spec in specs},
        })
    return {
        "schema_version": EXPORT_SCHEMA_VERSION,
        "event": {
            "code": event.code,
            "title": event.title,
            "case": event.case_id,
            "lang": event.lang,
            "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        },
        "teams": teams,
    }
