"""Many kernels write at once: 20 processes x 100 saves, every revision present, no error."""

from __future__ import annotations

import multiprocessing as mp

import pytest
import sqlalchemy as sa

from widgets.store import Store, participant_doc, schema

PROCESSES = 20
SAVES = 100


def _writer(url: str, code: str, index: int, start, results) -> None:
    store = Store(url)
    p = store.join(code, f"Team {index % 5}", f"Writer {index}")
    start.wait()
    errors = 0
    for k in range(SAVES):
        try:
            store.save(participant_doc(p.id), "load", {"k": k, "writer": index}, event_id=p.event_id,
                       team_id=p.team_id, participant_id=p.id)
        except Exception:  # noqa: BLE001 - counted, and the test fails on any
            errors += 1
    store.close()
    results.put((index, p.id, errors))


def _hammer(url: str) -> None:
    store = Store(url)
    store.create_event("LOAD", "medtech-distribution")
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    results = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(url, "LOAD", i, start, results)) for i in range(PROCESSES)]
    for proc in procs:
        proc.start()
    start.set()
    outcomes = [results.get(timeout=240) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    assert sum(errors for _, _, errors in outcomes) == 0
    with store.engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(schema.entries)).scalar()
    assert total == PROCESSES * SAVES
    for _, pid, _ in outcomes:  # every revision, in order, with its own payload
        history = store.history(participant_doc(pid), "load")
        assert [d.revision for d in history] == list(range(1, SAVES + 1))
        assert [d.data["k"] for d in history] == list(range(SAVES))
    store.close()


@pytest.mark.slow
def test_concurrent_writers_on_sqlite(tmp_path):
    _hammer(f"sqlite:///{tmp_path / 'load.sqlite3'}")


@pytest.mark.slow
@pytest.mark.postgres
def test_concurrent_writers_on_postgresql(postgres):
    _hammer(postgres.new_database())
