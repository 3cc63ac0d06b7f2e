"""Start real servers for the benchmarks: the workshop (alliance-workshop serve) and plain Voila."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


def _cpu(process: psutil.Process) -> float:
    try:
        return process.cpu_percent(None)
    except psutil.Error:
        return 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]



def _die_with_parent() -> None:
    """In the child before it runs: the kernel sends it SIGTERM when the process that started it
    dies (Linux), so an aborted run (a timeout, a killed pytest) leaves no server and no kernels."""
    import ctypes

    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG

class Server:
    def __init__(self, cmd: list[str], port: int, cwd: Path, env: dict, log: Path, ready_text: str | None,
                 timeout: float = 240):
        self.port = port
        self.log_path = log
        log.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(log, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True, preexec_fn=_die_with_parent)
        started = time.monotonic()
        self._wait(ready_text, timeout)
        self.ready_seconds = time.monotonic() - started

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _wait(self, ready_text: str | None, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(self.log_path.read_text()[-2000:])
            try:
                with urllib.request.urlopen(self.base + "/voila/tree", timeout=2):  # noqa: S310
                    pass
                if ready_text is None or ready_text in self.log_path.read_text():
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("server not ready: " + self.log_path.read_text()[-2000:])

    def kernels(self) -> list[psutil.Process]:
        """Live kernel processes (processes that start or exit meanwhile are skipped)."""
        out = []
        for p in psutil.Process(self.proc.pid).children(recursive=True):
            try:
                if p.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(p.cmdline()):
                    out.append(p)
            except psutil.Error:
                continue
        return out

    def wait_pool(self, size: int, timeout: float = 300) -> None:
        """Wait until ``size`` kernels are up and idle (the pool is warm)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.kernels()) < size:
            time.sleep(0.5)
        # warm means: every kernel has run the notebook up to the request and is idle
        while time.monotonic() < deadline:
            procs = [psutil.Process(self.proc.pid), *self.kernels()]
            for p in procs:
                _cpu(p)
            time.sleep(1.0)
            if sum(_cpu(p) for p in procs) < 10:
                return

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self._log.close()


def workshop(tmp: Path, event: str, expect: int | None = None, pool: int | None = None,
             db: str | None = None) -> Server:
    """``alliance-workshop serve`` as the README tells a facilitator: ``--expect N`` (or the
    default), ready when it prints its own "Ready for" line; ``db``: the store's URL (default:
    SQLite under ``tmp``)."""
    port = free_port()
    env = dict(os.environ, ALLIANCE_DATA_DIR=str(tmp / "data"), ALLIANCE_FACILITATOR_KEY="BENCH-KEY-0000")
    env.pop("ALLIANCE_DB_URL", None)
    sizing = (["--expect", str(expect)] if expect is not None else []) + (["--pool", str(pool)] if pool else [])
    store = ["--db", db] if db else []
    return Server([sys.executable, "-m", "widgets.cli", "serve", "--port", str(port), "--event", event, *sizing,
                   *store], port, ROOT, env, tmp / f"workshop-{port}.log", "Ready for", timeout=900)


HAPROXY_CONFIG = ROOT / "deploy" / "haproxy.cfg"
STICKY_COOKIE = "AWSERVER"


def haproxy_binary() -> str | None:
    import shutil

    return shutil.which("haproxy") or next((p for p in ("/usr/sbin/haproxy",) if Path(p).exists()), None)


class Proxy:
    """HAProxy running ``deploy/haproxy.cfg`` as it is, in front of two servers (``s1``, ``s2``
    in the file) given as ``127.0.0.1:port``; sticky by the cookie ``AWSERVER``."""

    def __init__(self, tmp: Path, backends: list[int], binary: str | None = None):
        binary = binary or haproxy_binary()
        if binary is None:
            raise RuntimeError("haproxy is not installed (apt-get install haproxy; make test installs it)")
        if len(backends) != 2:
            raise ValueError("deploy/haproxy.cfg names two servers")
        self.port = free_port()
        env = dict(os.environ, AW_PROXY_BIND=f"127.0.0.1:{self.port}",
                   AW_SERVER_1=f"127.0.0.1:{backends[0]}", AW_SERVER_2=f"127.0.0.1:{backends[1]}")
        tmp.mkdir(parents=True, exist_ok=True)
        self.log_path = tmp / f"haproxy-{self.port}.log"
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen([binary, "-f", str(HAPROXY_CONFIG), "-db"], env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("haproxy exited: " + self.log_path.read_text()[-2000:])
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("haproxy not listening: " + self.log_path.read_text()[-2000:])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @staticmethod
    def cookie(server: str) -> str:
        """The header that sends a browser to ``server`` ("s1" or "s2")."""
        return f"{STICKY_COOKIE}={server}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self._log.close()


def plain_voila(tmp: Path, notebook: Path, env_extra: dict | None = None) -> Server:
    """``voila`` as a user would run it: no pool, default settings, serving one directory."""
    port = free_port()
    env = dict(os.environ, **(env_extra or {}))
    return Server([sys.executable, "-m", "voila", str(notebook.parent), "--no-browser", f"--port={port}",
                   "--Voila.ip=127.0.0.1"], port, notebook.parent, env, tmp / f"voila-{port}.log", None)


def bare_notebook(folder: Path) -> Path:
    """The baseline page: one IntSlider."""
    folder.mkdir(parents=True, exist_ok=True)
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "bare", "metadata": {}, "outputs": [],
                     "source": ["import ipywidgets as w\n", "w.IntSlider()"]}],
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    path = folder / "bare.ipynb"
    path.write_text(json.dumps(nb))
    return path
