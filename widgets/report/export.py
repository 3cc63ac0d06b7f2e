"""The event export as JSON-ready data: every team, its members, each module's section, the
foundation health check, and the raw documents (so that ``import`` can restore the event).

The facilitator's event export carries every document, by name; a member's download of their
team (:func:`team_export`) leaves out the documents of confidential modules (the pulse's
answers), see ``docs/security.md``."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

from widgets import cases, registry
from widgets.i18n import Translator
from widgets.model import health
from widgets.model.problems import ModelError, Problem
from widgets.session import TeamData, team_data
from widgets.store import Store

EXPORT_SCHEMA_VERSION = 1


def team_section(data: TeamData, case, tr: Translator, typed: bool = False) -> dict:
    """One team's charter data: modules, health check, phases and the most contested items.
    The modules' sections are JSON (as exported), or with ``typed`` the sections themselves
    (for the facilitator's dashboard, whose hooks read them and which exports nothing)."""
    specs = registry.modules()
    modules = {spec.key: data.section(spec.key, case, tr.lang) for spec in specs}  # case text in the reader's language
    cracks = health.assess(modules, specs)
    return {
        "name": data.team_name,
        "participants": [name for _, name in data.members],
        "modules": modules if typed else {key: section.exported() for key, section in modules.items()},
        "health_check": [{
            "crack": c.crack, "status": c.status, "title": tr(f"health.crack.{c.crack}"),
            "assessed": sum(1 for e in c.evidence if e.passed is not None),
            "evidence": [{"code": e.code, "passed": e.passed, "source": e.source, "critical": e.critical,
                          "text": tr("health.evidence_line_critical" if e.critical else "health.evidence_line",
                                     label=tr(f"health.source.{e.source}") + " · " +
                                     tr(f"{e.module}.evidence.{e.code}", **e.params),
                                     outcome=tr(f"health.outcome.{_outcome(e.passed)}"))}
                         for e in c.evidence],
            "question": tr(f"health.question.{c.crack}"),
        } for c in cracks],
        "phases": health.phase_overview(modules, specs),
        "contested": [{"module": d.module, "item": d.item, "detail": d.detail, "level": round(d.level, 3)}
                      for d in health.contested(modules, case=case, tr=tr, specs=specs)],
        "documents": {key: dict(sorted(docs.items())) for key, docs in sorted(data.documents.items())},
        "shared": dict(sorted(data.shared.items())),
    }


def _outcome(passed: bool | None) -> str:
    return "missing" if passed is None else ("pass" if passed else "fail")


class SectionCache:
    """Team sections kept with what they were computed from, for a page that recomputes the
    whole room often (the facilitator's dashboard): a team whose members, documents, case and
    language are unchanged is not computed again. Its teams carry the typed sections (see
    :func:`team_section`), not JSON: the dashboard reads them, never exports them. Sections are
    shared: read them, never change them."""

    def __init__(self) -> None:
        self._by_team: dict[int, tuple[tuple, dict]] = {}

    def section(self, data: TeamData, docs: list, case, tr: Translator) -> dict:
        key = (tr.lang, case.id, tuple(data.members),
               tuple(sorted((d.doc, d.module, d.revision) for d in docs)))
        kept = self._by_team.get(data.team_id)
        if kept is not None and kept[0] == key:
            return kept[1]
        section = team_section(data, case, tr, typed=True)
        self._by_team[data.team_id] = (key, section)
        return section


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held for one computation of the room: the sections of
    a hundred teams allocate hundreds of thousands of small objects, none of them in a cycle,
    and each pass of the collector would walk the whole heap of the facilitator's kernel (its
    widgets, plotly, pandas). Measured on 100 teams × 6: 0.74 s with the collector, 0.62 s
    without. Reference counting still frees everything at once; the collector runs again after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def event_export(store: Store, code: str, lang: str | None = None, team: str | None = None,
                 cache: SectionCache | None = None) -> dict:
    """``{"schema_version", "event", "teams": [...]}`` for one event (``cache``: sections
    already computed, see :class:`SectionCache`; the teams' module sections are then typed,
    for the dashboard, not JSON)."""
    event = store.get_event(code)
    if event is None:
        raise ModelError(Problem("join.event_not_found", {"event": code}))
    case = cases.get(event.case_id)
    tr = Translator(lang or event.lang)
    only = team
    teams = []
    with collector_paused():
        overview = [t for t in store.event_overview(event.id) if only is None or t["name"] == only]
        # one team's export (a participant's charter) reads that team's documents only
        documents = store.latest_for_event(event.id) if only is None else \
            [d for t in overview for d in store.latest_for_team(t["id"])]
        by_team: dict[int, list] = {}
        for doc in documents:
            if doc.team_id is not None:
                by_team.setdefault(doc.team_id, []).append(doc)
        for team in overview:
            members = [(m["id"], m["name"]) for m in team["participants"]]
            docs = by_team.get(team["id"], [])
            data = team_data(store, event, team["id"], team["name"], members, docs)
            teams.append(cache.section(data, docs, case, tr) if cache is not None else team_section(data, case, tr))
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


def team_export(store: Store, code: str, team_name: str, lang: str | None = None) -> dict:
    """The export of a single team (what a participant downloads from the summary page), as
    its members may see it (:func:`for_members`)."""
    return for_members(event_export(store, code, lang, team=team_name))


def for_members(export: dict) -> dict:
    """``export`` as a team's members may download it: the participants' documents of every
    confidential module (``ModuleSpec.confidential``, e.g. the pulse, shown only per company)
    are left out, so nobody's answers reach a teammate; its sections (the aggregates the page
    shows) stay. The facilitator's event export keeps every document, so that ``import``
    restores the event. ``export`` is not changed (its sections may be shared by a cache)."""
    hidden = {spec.key for spec in registry.modules() if spec.confidential}
    return {**export, "teams": [{**team, "documents": {key: docs for key, docs in team.get("documents", {}).items()
                                                       if key not in hidden}}
                                for team in export["teams"]]}
