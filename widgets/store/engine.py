"""Engines for any SQLAlchemy URL, tuned for many small clients (one per kernel).

SQLite: WAL journal, a busy timeout, ``synchronous=FULL`` (a save is on disk before it
is acknowledged), and ``BEGIN IMMEDIATE`` for write transactions so that concurrent
writers queue on the busy timeout instead of failing on a lock upgrade.
PostgreSQL (or any server): a small pool with pre-ping.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

BUSY_TIMEOUT_MS = 30_000
WRITE_OPTION = "alliance_write"


class StoreError(RuntimeError):
    """The store cannot be used: ``code`` names why (translated by the CLI and UI)."""

    def __init__(self, code: str, detail: str = ""):
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else code)


def redact(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown as given
        return url


def make_engine(url: str, pool_size: int = 2) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError("db_url_invalid", str(url)) from exc
    try:
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed)
        return sa.create_engine(
            parsed,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_pre_ping=True,
            pool_recycle=1800,
            connect_args=_connect_args(parsed),
        )
    except NoSuchModuleError as exc:
        raise StoreError("db_driver_missing", parsed.drivername) from exc
    except ModuleNotFoundError as exc:
        raise StoreError("db_driver_missing", str(exc.name)) from exc


def _connect_args(parsed) -> dict:
    if parsed.get_backend_name() == "postgresql":
        return {"connect_timeout": 10}
    return {}


def _sqlite_engine(parsed) -> Engine:
    database = parsed.database or ""
    memory = database in ("", ":memory:") or database.startswith("file::memory:")
    if memory:
        engine = sa.create_engine(parsed, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        path = Path(database).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError("db_unreachable", f"{path.parent}: {exc.strerror}") from exc
        engine = sa.create_engine(
            parsed,
            pool_size=2,
            max_overflow=4,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )

    @sa_event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @sa_event.listens_for(engine, "begin")
    def _on_begin(conn):
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
