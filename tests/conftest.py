"""Shared fixtures: temporary SQLite stores, a real PostgreSQL 15 server, free ports."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _required(env: str) -> bool:
    return os.environ.get(env, "") not in ("", "0")


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite3'}"


# -- PostgreSQL ----------------------------------------------------------------------------
def _pg_bin() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
    for path in reversed(candidates):
        if (path / "initdb").exists():
            return path
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


class PostgresServer:
    """A throwaway PostgreSQL cluster on a free port, owned by the postgres user."""

    def __init__(self, bin_dir: Path, max_connections: int = 200):
        self.bin = bin_dir
        self.max_connections = max_connections
        self.base = Path(tempfile.mkdtemp(prefix="alliance-pg-"))
        self.data = self.base / "data"
        self.port = free_port()
        os.chmod(self.base, 0o755)
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
        self._counter = itertools.count()

    def start(self) -> None:
        run = dict(check=True, capture_output=True, text=True)
        subprocess.run(_as_postgres([str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust",
                                     "-U", "postgres", "-E", "UTF8", "--no-instructions"]), **run)
        opts = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c max_connections={self.max_connections}"
        subprocess.run(_as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", opts,
                                     "-l", str(self.base / "log"), "-w", "-t", "60", "start"]), **run)

    def stop(self) -> None:
        subprocess.run(_as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                                     "stop"]), capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = f"alliance_{os.getpid()}_{next(self._counter)}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def postgres():
    bin_dir = _pg_bin()
    if bin_dir is None:
        if _required("ALLIANCE_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL is required (ALLIANCE_REQUIRE_POSTGRES) but initdb was not found")
        pytest.skip("PostgreSQL server binaries not installed (make test installs them)")
    server = PostgresServer(bin_dir)
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        server.stop()
        pytest.fail(f"could not start PostgreSQL: {exc.stderr or exc.stdout}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """The same suite runs on an SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def store(db_url):
    """An empty store, once on SQLite and once on PostgreSQL (the store's own tests)."""
    from widgets.store import Store

    s = Store(db_url)
    yield s
    s.close()


@pytest.fixture
def sqlite_store(tmp_path):
    """An empty store in an SQLite file (tests of what is built on the store, run once)."""
    from widgets.store import Store

    s = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    yield s
    s.close()


@pytest.fixture
def event(store):
    return store.create_event("TEST-1", "medtech-distribution", title="Test")


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


@pytest.fixture
def kit_config(tmp_path, monkeypatch):
    """``kit_config(free_after=20.0, ...)``: a config file of these settings becomes the kit's
    (``ALLIANCE_CONFIG``, read as `serve --config` reads it) for this test."""
    files = iter(range(1000))

    def use(**values) -> Path:
        path = tmp_path / f"kit_config_{next(files)}.py"
        path.write_text("".join(f"c.KitConfig.{k} = {v!r}\n" for k, v in values.items()), encoding="utf-8")
        monkeypatch.setenv("ALLIANCE_CONFIG", str(path))
        return path

    return use
