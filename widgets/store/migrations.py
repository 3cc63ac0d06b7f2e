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


def _step_2(conn: Connection) -> None:
    """Version 2: participants.claim (who may resume a participant: a browser or a hub user).

    Step 1 builds its tables from the current schema, so a new database has the column already.
    """
    columns = {c["name"] for c in sa.inspect(conn).get_columns(schema.participants.name)}
    if "claim" not in columns:
        conn.execute(sa.text("ALTER TABLE participants ADD COLUMN claim VARCHAR(100)"))


def _step_3(conn: Connection) -> None:
    """Version 3: the dashboards table (which pages hold the facilitator's dashboard)."""
    schema.metadata.create_all(conn, tables=[schema.dashboards])


STEPS: list[Callable[[Connection], None]] = [_step_1, _step_2, _step_3]


def current_version(conn: Connection) -> int:
    """The database's schema version: 0 for a database the kit has never used; a version
    that is not a whole number is refused (``db_schema_garbage``), never overwritten."""
    if not sa.inspect(conn).has_table(schema.meta.name):
        return 0
    row = conn.execute(
        sa.select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
    ).first()
    if row is None:
        return 0
    value = str(row[0]).strip()
    if not value.isdigit() or len(value) > 6:
        raise StoreError("db_schema_garbage", f"schema_version is {value[:40]!r}")
    return int(value)


def _foreign_tables(conn: Connection) -> list[str]:
    """Tables of a database that has no kit version: any at all means it is somebody else's."""
    return sorted(t for t in sa.inspect(conn).get_table_names() if not t.startswith("sqlite_"))


def check_shape(conn: Connection) -> None:
    """Every table and column the kit uses is there (extra ones are allowed); otherwise the
    database is refused (``db_schema_unknown``) rather than used or altered."""
    inspector = sa.inspect(conn)
    present = set(inspector.get_table_names())
    problems = []
    for table in schema.metadata.sorted_tables:
        if table.name not in present:
            problems.append(f"table {table.name} missing")
            continue
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        problems += [f"{table.name}.{c.name} missing" for c in table.columns if c.name not in columns]
    if problems:
        raise StoreError("db_schema_unknown", "; ".join(problems[:5]))


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(715517)")


def upgrade(engine: Engine, steps: list[Callable[[Connection], None]] | None = None) -> int:
    """Bring the database to the newest version in ``steps``; return that version."""
    steps = STEPS if steps is None else steps
    target = len(steps)
    with engine.connect() as check:
        if current_version(check) == target:
            check_shape(check)
            return target
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        _lock(conn)
        version = current_version(conn)
        if version > target:
            raise StoreError("db_schema_newer", f"database at v{version}, kit knows v{target}")
        if version == 0 and _foreign_tables(conn):
            raise StoreError("db_not_ours", ", ".join(_foreign_tables(conn)[:8]))
        for number in range(version + 1, target + 1):
            steps[number - 1](conn)
            _set_version(conn, number)
        check_shape(conn)  # a failure rolls every step back: nothing is stamped
    return target


def _set_version(conn: Connection, number: int) -> None:
    table = schema.meta
    updated = conn.execute(
        table.update().where(table.c.key == "schema_version").values(value=str(number))
    ).rowcount
    if not updated:
        conn.execute(table.insert().values(key="schema_version", value=str(number)))
