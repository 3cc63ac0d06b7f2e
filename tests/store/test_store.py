"""The store's API on SQLite and on a real PostgreSQL server (same tests, both backends)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from widgets.model.identity import MAX_MEMBERS_PER_TEAM
from widgets.model.problems import ModelError
from widgets.store import Conflict, DocRef, Store, StoreError, participant_doc, schema, team_doc
from widgets.store.migrations import STEPS, current_version, upgrade


def test_schema_is_at_the_current_version(store):
    with store.engine.connect() as conn:
        assert current_version(conn) == len(STEPS) == schema.SCHEMA_VERSION


def test_create_event_is_idempotent(store):
    first = store.create_event("EV-1", "medtech-distribution", title="One")
    again = store.create_event("EV-1", "other-case", title="Two")
    assert again.id == first.id and again.case_id == "medtech-distribution"
    assert [e.code for e in store.list_events()] == ["EV-1"]


def test_join_creates_team_and_participant_then_resumes(store, event):
    ana = store.join(event.code, "Blue", "Ana")
    assert ana.created and ana.team_name == "Blue" and ana.event_code == event.code
    again = store.join(event.code, "blue", "ana")  # same team and person, other case
    assert again.id == ana.id and not again.created
    assert again.name == "Ana" and again.team_name == "Blue"  # first spelling kept
    ben = store.join(event.code, "Blue", "Ben")
    assert ben.team_id == ana.team_id and ben.id != ana.id
    teams = store.list_teams(event.id)
    assert [(t.name, t.members) for t in teams] == [("Blue", 2)]


def test_join_unknown_event_or_team_is_refused_with_a_reason(store, event):
    with pytest.raises(ModelError) as exc:
        store.join("NOPE", "Blue", "Ana")
    assert exc.value.problems[0].code == "join.event_not_found"
    with pytest.raises(ModelError) as exc:
        store.join(event.code, "Nowhere", "Ana", create_team=False)
    assert exc.value.problems[0].code == "join.team_not_found"


def test_team_capacity_is_enforced(store, event):
    for k in range(MAX_MEMBERS_PER_TEAM):
        store.join(event.code, "Full", f"Person {k}")
    with pytest.raises(ModelError) as exc:
        store.join(event.code, "Full", "One too many")
    assert exc.value.problems[0].code == "join.team_full"
    # an existing member can still come back
    assert not store.join(event.code, "Full", "person 3").created


def test_every_save_is_a_new_revision_and_latest_wins(store, event):
    p = store.join(event.code, "Blue", "Ana")
    doc = participant_doc(p.id)
    revs = [store.save(doc, "m", {"v": k}, event_id=event.id, team_id=p.team_id, participant_id=p.id)
            for k in range(3)]
    assert [r.revision for r in revs] == [1, 2, 3]
    assert store.latest(doc, "m").data == {"v": 2}
    assert [d.data["v"] for d in store.history(doc, "m")] == [0, 1, 2]
    with store.engine.connect() as conn:  # nothing overwritten in place
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.entries)).scalar() == 3


def test_documents_keep_unicode_and_nesting(store, event):
    p = store.join(event.code, "Équipe Ñandú", "Zoë 李")
    data = {"text": "naïve — «quoted» 🚀", "nested": {"list": [1, 2.5, None, True]}}
    store.save(participant_doc(p.id), "m", data, event_id=event.id, team_id=p.team_id,
               participant_id=p.id)
    assert store.latest(participant_doc(p.id), "m").data == data


def test_team_documents_detect_concurrent_edits(store, event):
    p = store.join(event.code, "Blue", "Ana")
    doc = team_doc(p.team_id)
    first = store.save(doc, "lists", {"items": ["a"]}, event_id=event.id, team_id=p.team_id,
                       base_revision=0)
    store.save(doc, "lists", {"items": ["a", "b"]}, event_id=event.id, team_id=p.team_id,
               base_revision=first.revision)
    with pytest.raises(Conflict) as exc:  # somebody saved revision 2 meanwhile
        store.save(doc, "lists", {"items": ["c"]}, event_id=event.id, team_id=p.team_id,
                   base_revision=first.revision)
    assert exc.value.latest == 2
    assert store.latest(doc, "lists").data == {"items": ["a", "b"]}


def test_an_edit_is_applied_again_on_a_teammates_version(store, event):
    p = store.join(event.code, "Blue", "Ana")
    ref = DocRef.of_team(event.id, p.team_id)
    seen = []

    def add_c(data):
        seen.append(data)
        if len(seen) == 1:  # a teammate saves between this edit's read and its save
            store.save(ref, "lists", {"items": ["b"]}, base_revision=0)
        return {"items": [*(data or {"items": []})["items"], "c"]}

    assert store.edit(ref, "lists", add_c).revision == 2
    assert seen == [None, {"items": ["b"]}] and store.latest(ref, "lists").data == {"items": ["b", "c"]}

    def always_beaten(data):
        store.save(ref, "lists", {"items": ["x"]})
        return {"items": ["mine"]}

    with pytest.raises(Conflict):
        store.edit(ref, "lists", always_beaten, retries=3)
    assert store.latest(ref, "lists").data == {"items": ["x"]} and store.latest(ref, "lists").revision == 5


def test_latest_for_team_and_event_and_the_change_marker(store, event):
    ana = store.join(event.code, "Blue", "Ana")
    ben = store.join(event.code, "Blue", "Ben")
    cy = store.join(event.code, "Green", "Cy")
    marker = store.change_marker(event.id, ana.team_id)
    for p, value in ((ana, 1), (ben, 2), (ana, 3), (cy, 9)):
        store.save(participant_doc(p.id), "m", {"v": value}, event_id=event.id, team_id=p.team_id,
                   participant_id=p.id)
    blue = {d.participant_id: d.data["v"] for d in store.latest_for_team(ana.team_id, "m")}
    assert blue == {ana.id: 3, ben.id: 2}
    assert len(store.latest_for_event(event.id)) == 3
    assert store.change_marker(event.id, ana.team_id) > marker
    blue_marker = store.change_marker(event.id, ana.team_id)
    store.save(participant_doc(cy.id), "m", {"v": 10}, event_id=event.id, team_id=cy.team_id,
               participant_id=cy.id)
    assert store.change_marker(event.id, ana.team_id) == blue_marker  # other team: no change


def test_oversized_documents_are_refused_and_not_stored(store, event):
    p = store.join(event.code, "Blue", "Ana")
    with pytest.raises(ModelError) as exc:
        store.save(participant_doc(p.id), "m", {"text": "x" * (600 * 1024)}, event_id=event.id,
                   team_id=p.team_id, participant_id=p.id)
    assert exc.value.problems[0].code == "store.too_large"
    assert store.latest(participant_doc(p.id), "m") is None


def test_event_overview_lists_teams_and_members(store, event):
    store.join(event.code, "Blue", "Ana")
    store.join(event.code, "Blue", "Ben")
    store.join(event.code, "Amber", "Cy")
    overview = store.event_overview(event.id)
    assert [(t["name"], [m["name"] for m in t["participants"]]) for t in overview] == [
        ("Amber", ["Cy"]), ("Blue", ["Ana", "Ben"])]


def test_a_second_store_on_the_same_database_sees_everything(store, event, db_url):
    p = store.join(event.code, "Blue", "Ana")
    store.save(participant_doc(p.id), "m", {"v": 1}, event_id=event.id, team_id=p.team_id,
               participant_id=p.id)
    other = Store(db_url)
    try:
        assert other.latest(participant_doc(p.id), "m").data == {"v": 1}
        assert other.join(event.code, "Blue", "Ana").id == p.id
    finally:
        other.close()


def test_upgrade_path_carries_data_forward(db_url):
    """A database made at version 1 gains a later step's change and keeps its rows."""
    old = Store(db_url)
    ev = old.create_event("OLD-1", "medtech-distribution")
    p = old.join("OLD-1", "Blue", "Ana")
    old.save(participant_doc(p.id), "m", {"v": 1}, event_id=ev.id, team_id=p.team_id,
             participant_id=p.id)

    def step_next(conn):
        conn.execute(sa.text("ALTER TABLE teams ADD COLUMN colour VARCHAR(16) DEFAULT 'grey'"))

    target = len(STEPS) + 1
    assert upgrade(old.engine, steps=[*STEPS, step_next]) == target
    with old.engine.connect() as conn:
        assert current_version(conn) == target
        assert conn.execute(sa.text("SELECT colour FROM teams")).scalar() == "grey"
    assert old.latest(participant_doc(p.id), "m").data == {"v": 1}
    assert upgrade(old.engine, steps=[*STEPS, step_next]) == target  # idempotent
    old.close()


def test_a_version_1_database_gains_claims_and_keeps_its_participants(db_url):
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:  # version 1, as its step made it (later tables came later)
        STEPS[0](conn)
        conn.execute(schema.meta.insert().values(key="schema_version", value="1"))
    with engine.begin() as conn:
        conn.execute(sa.text("ALTER TABLE participants DROP COLUMN claim"))  # as version 1 made it
    engine.dispose()
    s = Store(db_url)
    try:
        s.create_event("V1-1", "medtech-distribution")
        ana = s.join("V1-1", "Blue", "Ana")
        with s.engine.connect() as conn:
            assert current_version(conn) == len(STEPS)
        # an unclaimed participant is taken by the first browser, then held by it
        assert s.join("V1-1", "Blue", "Ana", claim="t:one").id == ana.id
        with pytest.raises(ModelError) as exc:
            s.join("V1-1", "Blue", "Ana", claim="t:two")
        assert exc.value.problems[0].code == "join.name_taken"
        assert s.find_claimed("V1-1", "t:one").id == ana.id and s.find_claimed("V1-1", "t:two") is None
        assert s.release(ana.id) and s.join("V1-1", "Blue", "Ana", claim="t:two").id == ana.id
    finally:
        s.close()


def test_a_database_newer_than_the_kit_is_refused(db_url):
    s = Store(db_url)
    with s.engine.begin() as conn:
        conn.execute(schema.meta.update().values(value="99"))
    s.close()
    with pytest.raises(StoreError) as exc:
        Store(db_url)
    assert exc.value.code == "db_schema_newer"


def test_bad_urls_fail_with_a_code():
    with pytest.raises(StoreError) as exc:
        Store("not a url")
    assert exc.value.code == "db_url_invalid"
    with pytest.raises(StoreError) as exc:
        Store("nosuchdb+driver://x/y")
    assert exc.value.code == "db_driver_missing"
    with pytest.raises(StoreError) as exc:
        Store("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert exc.value.code == "db_unreachable"


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_url):
    s = Store(sqlite_url)
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    s.close()


def test_a_garbage_version_is_refused_and_left_alone(db_url):
    s = Store(db_url)
    with s.engine.begin() as conn:
        conn.execute(schema.meta.update().values(value="banana"))
    s.close()
    with pytest.raises(StoreError) as exc:
        Store(db_url)
    assert exc.value.code == "db_schema_garbage" and "banana" in exc.value.detail
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(sa.select(schema.meta.c.value)).scalar() == "banana"  # never stamped
    engine.dispose()


def test_someone_elses_database_is_refused_and_not_stamped(db_url):
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)"))
    with pytest.raises(StoreError) as exc:
        Store(db_url)
    assert exc.value.code == "db_not_ours" and "invoices" in exc.value.detail
    with engine.connect() as conn:
        assert not sa.inspect(conn).has_table(schema.meta.name)
    engine.dispose()


def test_a_kit_database_missing_a_column_is_refused(db_url):
    s = Store(db_url)
    s.close()
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE entries"))
    engine.dispose()
    with pytest.raises(StoreError) as exc:
        Store(db_url)
    assert exc.value.code == "db_schema_unknown" and "entries" in exc.value.detail


def test_team_and_room_markers_move_apart(store, event):
    from widgets.store import event_doc, team_doc

    ana = store.join(event.code, "Blue", "Ana")
    cy = store.join(event.code, "Green", "Cy")
    assert store.change_markers(event.id, ana.team_id) == (0, 0)
    store.save(event_doc(event.id), "controls", {"reveal": True}, event_id=event.id)
    team, room = store.change_markers(event.id, ana.team_id)
    assert team == 0 and room > 0
    store.save(team_doc(ana.team_id), "m", {"x": 1}, event_id=event.id, team_id=ana.team_id)
    assert store.change_markers(event.id, ana.team_id)[0] > room
    assert store.change_markers(event.id, ana.team_id)[1] == room
    blue = store.change_markers(event.id, ana.team_id)
    store.save(participant_doc(cy.id), "m", {"v": 1}, event_id=event.id, team_id=cy.team_id, participant_id=cy.id)
    assert store.change_markers(event.id, ana.team_id) == blue  # another team's save is not ours


def test_own_saves_do_not_move_the_team_marker_of_whoever_saved_them(store, event):
    from widgets.store import participant_doc

    ana = store.join(event.code, "Blue", "Ana")
    ben = store.join(event.code, "Blue", "Ben")
    first = store.save(participant_doc(ben.id), "m", {"x": 1}, event_id=event.id, team_id=ben.team_id,
                       participant_id=ben.id)
    mine = store.save(participant_doc(ana.id), "m", {"x": 2}, event_id=event.id, team_id=ana.team_id,
                      participant_id=ana.id)
    assert store.change_markers(event.id, ana.team_id, own={mine.id}) == (first.id, 0)  # Ben's, not hers
    assert store.change_markers(event.id, ana.team_id) == (mine.id, 0)
    assert store.change_markers(event.id, ana.team_id, own={first.id, mine.id}) == (0, 0)


def test_a_document_reference_carries_the_ids_it_is_filed_under(store, event):
    from widgets.store import DocRef

    ana = store.join(event.code, "Blue", "Ana")
    own, team = DocRef.of_participant(ana), DocRef.of_team(event.id, ana.team_id)
    assert (own.name, own.team_id, own.participant_id) == (f"p:{ana.id}", ana.team_id, ana.id)
    store.save(own, "m", {"v": 1})
    store.save(team, "m", {"shared": True})
    by_doc = {d.doc: d for d in store.latest_for_team(ana.team_id, "m")}
    assert by_doc[own.name].participant_id == ana.id and by_doc[team.name].participant_id is None
    assert store.latest(own, "m").data == {"v": 1} and store.latest(team.name, "m").data == {"shared": True}
    with pytest.raises(TypeError):
        store.save(own.name, "m", {"v": 2})  # a bare name needs its ids
