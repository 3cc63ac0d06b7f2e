"""``alliance-workshop``: serve the workshop, make demo data, export, check a case file.

Every failure a user can cause ends in one clear line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import random
import socket
import sys
import tempfile
from pathlib import Path

from widgets import cases
from widgets.config import (
    DB_URL_ENV,
    DEFAULT_EVENT_ENV,
    DEFAULT_LANG_ENV,
    FACILITATOR_KEY_ENV,
    default_db_url,
    project_root,
)
from widgets.i18n import Translator, describe
from widgets.model.access import generate_key, hash_key
from widgets.model.identity import clean_event_code
from widgets.model.problems import ModelError, Problem
from widgets.store import Store, StoreError, redact

DEFAULT_PORT = 8866
WORKSHOP_NOTEBOOK = "workshop.ipynb"
POOL_REFILL_DELAY = 20.0  # seconds (measured in docs/performance.md)


class CliError(Exception):
    """A user-facing failure: one line, exit status 2."""


def _tr() -> Translator:
    return Translator(os.environ.get(DEFAULT_LANG_ENV, "en"))


def _open_store(url: str | None, pool: int = 2) -> Store:
    try:
        return Store(url or default_db_url(), pool_size=pool)
    except StoreError as exc:
        raise CliError(_tr()(f"cli.{exc.code}", detail=exc.detail or redact(url or ""))) from None


def _event_code(raw: str) -> str:
    from pydantic_core import PydanticCustomError

    try:
        return clean_event_code(raw)
    except PydanticCustomError as exc:
        problem = Problem(exc.type, exc.context or {})
        raise CliError(_tr()("cli.event_invalid", detail=describe(_tr(), problem))) from None


def _case_id(raw: str | None) -> str:
    case_id = raw or cases.DEFAULT_CASE
    try:
        cases.get(case_id)
    except ModelError as exc:
        raise CliError(_tr()("cli.case_invalid", case=case_id,
                             detail="; ".join(describe(_tr(), p) for p in exc.problems))) from None
    return case_id


# -- serve ------------------------------------------------------------------------------
def _check_port(host: str, port: int) -> None:
    tr = _tr()
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise CliError(tr("cli.host_invalid", host=host, detail=exc.strerror)) from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CliError(tr("cli.port_in_use", port=port, host=host)) from None
            raise CliError(tr("cli.host_invalid", host=host, detail=exc.strerror)) from None


def _share_hosts(host: str) -> list[str]:
    if host not in ("0.0.0.0", "::", ""):  # noqa: S104 - recognising the wildcard, not binding
        return [host]
    found = []
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = info[4][0]
            if not address.startswith("127.") and address not in found:
                found.append(address)
    except OSError:
        pass
    return found or [socket.gethostname()]


def pool_for(expected: int) -> int:
    """Warm kernels for an expected room: about a third arrive in the same few seconds.

    Measured (docs/performance.md): a burst served from the pool costs about as much as one
    bare page; every arrival beyond the pool waits for a kernel start (about 5 s on 2 cores).
    """
    return max(2, min(60, -(-max(0, expected) // 3)))


def voila_config(host: str, port: int, pool: int, cull_idle: int) -> dict:
    """Voila settings: preheated pool for the workshop page only, no sources, no tracebacks,
    no files served, disconnected idle kernels culled."""
    config: dict = {
        "Voila": {"ip": host, "port": port, "port_retries": 0, "open_browser": False},
        "VoilaConfiguration": {
            "strip_sources": True,
            "show_tracebacks": False,
            "file_allowlist": [],
            "preheat_kernel": pool > 0,
        },
        "MappingKernelManager": {
            "cull_idle_timeout": cull_idle,
            "cull_interval": 60,
            "cull_connected": False,
        },
    }
    if pool > 0:
        config["VoilaKernelManager"] = {
            "kernel_pools_config": {"default": {"pool_size": 0},
                                    WORKSHOP_NOTEBOOK: {"pool_size": pool}},
            # refill after the arrival burst, not during it: new kernels compete for the CPU
            "fill_delay": POOL_REFILL_DELAY,
        }
    return config


def _write_voila_config(config: dict) -> Path:
    """Voila reads ``voila.json`` from its working directory: write one for this run."""
    run_dir = Path(tempfile.mkdtemp(prefix="alliance-voila-"))
    (run_dir / "voila.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    return run_dir


def cmd_serve(args: argparse.Namespace) -> int:
    tr = _tr()
    root = project_root()
    notebooks = (root / "notebooks") if root else Path("notebooks").resolve()
    if not (notebooks / WORKSHOP_NOTEBOOK).is_file():
        raise CliError(f"error: {notebooks / WORKSHOP_NOTEBOOK} not found")
    url = args.db or default_db_url()
    store = _open_store(url)
    _check_port(args.host, args.port)
    if args.event:
        code = _event_code(args.event)
        event = store.get_event(code) or store.create_event(code, _case_id(args.case), lang=args.lang)
    else:
        existing = store.list_events()
        event = existing[-1] if existing else store.create_event(
            _event_code(f"ALLY-{random.SystemRandom().randint(1000, 9999)}"), _case_id(args.case),
            lang=args.lang)
    env_key = os.environ.get(FACILITATOR_KEY_ENV, "").strip()
    key = env_key or generate_key()
    store.set_event_key(event.code, hash_key(key))
    store.close()

    print(tr("cli.serve_banner", event=event.code, case=event.case_id))
    for host in _share_hosts(args.host):
        shown = f"[{host}]" if ":" in host else host
        print(tr("cli.serve_link", url=f"http://{shown}:{args.port}/voila/render/{WORKSHOP_NOTEBOOK}?event={event.code}"))
    if args.host in ("127.0.0.1", "localhost", "::1"):
        print(tr("cli.serve_local_only"))
    print(tr("cli.serve_key_env") if env_key else tr("cli.serve_key", key=key))
    print(tr("cli.serve_data", db=redact(url)))
    sys.stdout.flush()

    env = dict(os.environ)
    env[DB_URL_ENV] = url
    env[DEFAULT_EVENT_ENV] = event.code
    env[DEFAULT_LANG_ENV] = args.lang
    env.pop(FACILITATOR_KEY_ENV, None)  # kernels check the stored hash, never the key
    pool = args.pool if args.expect is None else pool_for(args.expect)
    run_dir = _write_voila_config(voila_config(args.host, args.port, pool, args.cull_idle))
    os.chdir(run_dir)
    os.execve(sys.executable, [sys.executable, "-m", "voila", str(notebooks)], env)  # noqa: S606 - replace this process with voila
    return 0  # not reached


# -- demo ----------------------------------------------------------------------------------
def cmd_demo(args: argparse.Namespace) -> int:
    from widgets.demo import generate

    tr = _tr()
    if not 1 <= args.teams <= 200 or not 1 <= args.participants <= 12:
        raise CliError("error: --teams must be 1-200 and --participants 1-12")
    store = _open_store(args.db)
    code = _event_code(args.event)
    modules = generate(store, code, _case_id(args.case), args.teams, args.participants, seed=args.seed)
    print(tr("cli.demo_done", event=code, teams=args.teams, participants=args.participants,
             modules=", ".join(modules) or "-"))
    return 0


# -- export --------------------------------------------------------------------------------
def cmd_export(args: argparse.Namespace) -> int:
    from widgets.report.documents import render_export
    from widgets.report.export import event_export
    from widgets.report.pdf import PdfUnavailable

    tr = _tr()
    store = _open_store(args.db)
    code = _event_code(args.event)
    if store.get_event(code) is None:
        raise CliError(tr("cli.export_no_event", event=code, db=redact(store.url)))
    data = event_export(store, code, lang=args.lang)
    try:
        payload = render_export(data, args.format, Translator(args.lang or data["event"]["lang"]))
    except PdfUnavailable:
        raise CliError(tr("cli.pdf_unavailable")) from None
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_bytes(payload)
        os.replace(tmp, out)
    except OSError as exc:
        raise CliError(tr("cli.out_unwritable", path=out, detail=exc.strerror)) from None
    print(tr("cli.export_done", path=out, teams=len(data["teams"])))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from widgets.report.importer import import_event

    tr = _tr()
    try:
        data = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CliError(tr("cli.import_unreadable", path=args.file, detail=exc.strerror)) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise CliError(tr("cli.import_not_json", path=args.file, detail=str(exc)[:120])) from None
    store = _open_store(args.db)
    code = import_event(store, data, _event_code(args.event) if args.event else None)
    print(tr("cli.import_done", event=code, teams=len(data["teams"])))
    return 0


# -- check-case ----------------------------------------------------------------------------
def cmd_check_case(args: argparse.Namespace) -> int:
    from widgets.model.case import check_case, load_case

    tr = _tr()
    problems = check_case(args.file)
    if problems:
        print(tr("cli.case_problems", path=args.file, count=len(problems)))
        for p in problems:
            print(tr("cli.case_problem", where=p.where or "-", message=describe(tr, p)))
        return 1
    case = load_case(args.file)
    print(tr("cli.case_ok", path=args.file, case=case.id, candidates=len(case.candidates),
             criteria=len(case.criteria), scenarios=len(case.scenarios)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="alliance-workshop", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve the workshop with Voila")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: the room)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--db", help=f"SQLAlchemy URL (default: ${DB_URL_ENV} or SQLite under workshop-data/)")
    serve.add_argument("--pool", type=int, default=4, help="preheated kernels kept ready (default 4)")
    serve.add_argument("--expect", type=int, help="participants expected: sizes the pool for their arrival burst")
    serve.add_argument("--event", help="event code (created if needed; default: the latest event)")
    serve.add_argument("--case", help=f"case study for a new event (default {cases.DEFAULT_CASE})")
    serve.add_argument("--lang", default="en", choices=["en", "es"], help="default page language")
    serve.add_argument("--cull-idle", type=int, default=1800,
                       help="seconds after which a disconnected idle kernel is shut down")
    serve.set_defaults(func=cmd_serve)

    demo = sub.add_parser("demo", help="fill an event with plausible synthetic teams")
    demo.add_argument("--event", required=True)
    demo.add_argument("--teams", type=int, default=4)
    demo.add_argument("--participants", type=int, default=4)
    demo.add_argument("--db")
    demo.add_argument("--case")
    demo.add_argument("--seed", type=int, default=7)
    demo.set_defaults(func=cmd_demo)

    export = sub.add_parser("export", help="export an event's teams")
    export.add_argument("--event", required=True)
    export.add_argument("--format", choices=["json", "xlsx", "html", "md", "pdf"], default="json")
    export.add_argument("--out", required=True)
    export.add_argument("--db")
    export.add_argument("--lang", choices=["en", "es"], help="language of the document (default: the event's)")
    export.set_defaults(func=cmd_export)

    imp = sub.add_parser("import", help="load an event exported as JSON")
    imp.add_argument("file")
    imp.add_argument("--event", help="import under this code instead of the exported one")
    imp.add_argument("--db")
    imp.set_defaults(func=cmd_import)

    check = sub.add_parser("check-case", help="validate a case study file")
    check.add_argument("file")
    check.set_defaults(func=cmd_check_case)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CliError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except ModelError as exc:
        print("error: " + "; ".join(describe(_tr(), p) for p in exc.problems), file=sys.stderr)
        return 2
    except StoreError as exc:
        print(_tr()(f"cli.{exc.code}", detail=exc.detail), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
