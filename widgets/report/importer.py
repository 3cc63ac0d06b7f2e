"""Load an event export (JSON) back into a store: event, teams, participants, documents."""

from __future__ import annotations

from widgets import cases, documents, registry
from widgets.model.problems import ModelError, Problem
from widgets.report.export import EXPORT_SCHEMA_VERSION
from widgets.store import DocRef, Store


def import_event(store: Store, data: object, code: str | None = None) -> str:
    """Create the event described by ``data`` (under ``code`` if given); return its code.

    Every document is validated by its module's model before anything is written; an event
    that already exists is refused, so nothing is overwritten.
    """
    if not isinstance(data, dict) or data.get("schema_version") != EXPORT_SCHEMA_VERSION:
        raise ModelError(Problem("import.not_an_export", {"version": EXPORT_SCHEMA_VERSION}))
    event = data.get("event") or {}
    code = code or event.get("code")
    if not code or not isinstance(data.get("teams"), list):
        raise ModelError(Problem("import.not_an_export", {"version": EXPORT_SCHEMA_VERSION}))
    if store.get_event(code) is not None:
        raise ModelError(Problem("import.event_exists", {"event": code}))
    cases.get(event.get("case", cases.DEFAULT_CASE))  # the case must be known here
    specs = {s.key: s for s in registry.modules()}
    plan = []
    for team in data["teams"]:
        members = [str(m) for m in team.get("participants", [])]
        docs = []
        for module, by_member in (team.get("documents") or {}).items():
            spec = specs.get(module)
            if spec is None:
                raise ModelError(Problem("module.unknown", {"module": module}))
            for member, doc in by_member.items():
                if member not in members:
                    raise ModelError(Problem("import.unknown_member", {"name": member, "team": team.get("name")}))
                docs.append((member, module, documents.clean(spec.entry_model, doc)))
        shared = []
        for module, doc in (team.get("shared") or {}).items():
            spec = specs.get(module)
            if spec is None or spec.team_model is None:
                raise ModelError(Problem("module.unknown", {"module": module}))
            shared.append((module, documents.clean(spec.team_model, doc)))
        plan.append((str(team.get("name")), members, docs, shared))
    created = store.create_event(code, event.get("case", cases.DEFAULT_CASE), title=event.get("title") or code,
                                 lang=event.get("lang", "en"))
    for name, members, docs, shared in plan:
        joined = {m: store.join(code, name, m) for m in members}
        for member, module, doc in docs:
            p = joined[member]
            store.save(DocRef.of_participant(p), module, doc)
        if shared and joined:  # a team exists only through its members
            team_id = next(iter(joined.values())).team_id
            for module, doc in shared:
                store.save(DocRef.of_team(created.id, team_id), module, doc)
    return code
