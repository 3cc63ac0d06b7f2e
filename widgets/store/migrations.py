"""Schema versions and the upgrade path.

The version lives in ``alliance_meta``. :func:`upgrade` applies, in one transaction,
every step from the database's version to the target; a database newer than the kit
is refused rather than touched. Add a step by appending a function to ``STEPS``
(step *n* takes a database from version *n-1* to *n*) and never edit an old step.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from widgets.store import schema
from widgets.store.engine import WRITE_OPTION, StoreError


def _step_1(conn: Connection) -> None:
    """Version 1: events, teams, participants and the revision log of entries."""
    schema.metadata.create_all(
        conn,
        tables=[schema.meta, schema.events, schema.teams, schema.participants, schema.entries],
    )


STEPS: list[Callable[[Connection], None]] = [_step_1]


def current_version(conn: Connection) -> int:
    if not sa.inspect(conn).has_table(schema.meta.name):
        return 0
    row = conn.execute(
        sa.select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
    ).first()
    return int(row[0]) if row else 0


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(715517)")


def upgrade(engine: Engine, steps: list[Callable[[Connection], None]] | None = None) -> int:
    """Bring the database to the newest version in ``steps``; return that version."""
    steps = STEPS if steps is None else steps
    target = len(steps)
    with engine.connect() as check:
        if current_version(check) == target:
            return target
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        _lock(conn)
        version = current_version(conn)
        if version > target:
            raise StoreError("db_schema_newer", f"database at v{version}, kit knows v{target}")
        for number in range(version + 1, target + 1):
            steps[number - 1](conn)
            _set_version(conn, number)
    return target


def _set_version(conn: Connection, number: int) -> None:
    table = schema.meta
    updated = conn.execute(
        table.update().where(table.c.key == "schema_version").values(value=str(number))
    ).rowcount
    if not updated:
        conn.execute(table.insert().values(key="schema_version", value=str(number)))
