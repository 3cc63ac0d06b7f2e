"""The facilitator's section cache: a team is recomputed only when its members, documents or the
reader's language changed, and the cached export equals a fresh one."""

from widgets import demo
from widgets.report.export import SectionCache, event_export
from widgets.store import participant_doc


def _without_time(data: dict) -> dict:
    """The export without its time, its teams' typed sections (a cache's) dumped as JSON."""
    teams = [{**t, "modules": {k: (s if isinstance(s, dict) else s.exported()) for k, s in t["modules"].items()}}
             for t in data["teams"]]
    return {**data, "teams": teams, "event": {k: v for k, v in data["event"].items() if k != "exported_at"}}


def test_only_the_team_that_changed_is_recomputed_and_the_result_is_the_same(sqlite_store):
    demo.generate(sqlite_store, "C-1", "medtech-distribution", teams=3, participants=3)
    cache = SectionCache()
    first = event_export(sqlite_store, "C-1", cache=cache)
    again = event_export(sqlite_store, "C-1", cache=cache)
    assert all(a is b for a, b in zip(first["teams"], again["teams"], strict=True))  # nothing recomputed

    event = sqlite_store.get_event("C-1")
    [blue, *_] = sqlite_store.list_teams(event.id)
    ana = sqlite_store.team_members(blue.id)[0][0]
    doc = sqlite_store.latest(participant_doc(ana), "risk").data
    doc["contributions"]["capital"]["a"] = 5 - doc["contributions"]["capital"]["a"]
    sqlite_store.save(participant_doc(ana), "risk", doc, event_id=event.id, team_id=blue.id, participant_id=ana)
    after = event_export(sqlite_store, "C-1", cache=cache)
    changed = [t["name"] for t, before in zip(after["teams"], again["teams"], strict=True) if t is not before]
    assert changed == [blue.name]
    assert _without_time(after) == _without_time(event_export(sqlite_store, "C-1"))

    sqlite_store.join("C-1", blue.name, "Newcomer")  # a member joins: the team's section changes
    joined = event_export(sqlite_store, "C-1", cache=cache)
    assert "Newcomer" in next(t for t in joined["teams"] if t["name"] == blue.name)["participants"]
    spanish = event_export(sqlite_store, "C-1", lang="es", cache=cache)
    assert all(a is not b for a, b in zip(joined["teams"], spanish["teams"], strict=True))  # another language


def test_one_teams_export_reads_only_that_team_and_equals_its_part_of_the_event(sqlite_store):
    import gc

    from widgets.report.export import for_members, team_export

    demo.generate(sqlite_store, "C-2", "medtech-distribution", teams=3, participants=3)
    whole = event_export(sqlite_store, "C-2", lang="es")
    for team in for_members(whole)["teams"]:  # as members see it: no confidential documents
        one = team_export(sqlite_store, "C-2", team["name"], lang="es")
        assert one["teams"] == [team] and "pulse" not in team["documents"]
    assert team_export(sqlite_store, "C-2", "Nobody")["teams"] == []
    assert gc.isenabled()  # the collector, held while the room is computed, runs again after


def test_the_goals_team_set_is_computed_once_per_team_for_the_goals_and_governance_sections(sqlite_store,
                                                                                         monkeypatch):
    """Governance reads the team's KPIs from the goals module: one computation per snapshot."""
    from widgets.modules.goals_kpis import model as gk

    demo.generate(sqlite_store, "C-2", "medtech-distribution", teams=2, participants=3)
    calls = []
    real = gk.team_set
    monkeypatch.setattr(gk, "team_set", lambda *a, **k: calls.append(1) or real(*a, **k))
    data = event_export(sqlite_store, "C-2")
    assert len(data["teams"]) == 2 and len(calls) == 2
    kpis = {k["ref"] for k in data["teams"][0]["modules"]["goals_kpis"]["kpis"]}
    assert kpis  # governance reviewed the same KPIs the goals section lists


def test_the_dashboards_cached_teams_carry_the_typed_sections_of_the_export(sqlite_store):
    """The dashboard's hooks read the typed sections (not the JSON validated again); dumped, they
    are the export's sections."""
    from widgets import registry
    from widgets.model import dashboard

    demo.generate(sqlite_store, "C-3", "medtech-distribution", teams=2, participants=3)
    cached = event_export(sqlite_store, "C-3", cache=SectionCache())["teams"]
    exported = event_export(sqlite_store, "C-3")["teams"]
    for typed, team in zip(cached, exported, strict=True):
        for spec in registry.modules():
            assert isinstance(typed["modules"][spec.key], spec.section_model)
            assert typed["modules"][spec.key].exported() == team["modules"][spec.key]
        assert {k: v for k, v in typed.items() if k != "modules"} == {k: v for k, v in team.items() if k != "modules"}

    def values(rows):
        return [(r.team, [(c.name, c.value) for c in r.columns], r.health) for r in rows]
    assert values(dashboard.comparisons(cached)) == values(dashboard.comparisons(exported))
