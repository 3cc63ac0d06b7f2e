"""alliance-workshop: serve the workshop, create events, make demo data, export, check a case file.

Every failure a user can cause ends in one clear line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import random
import shutil
import socket
import sys
import tempfile
from pathlib import Path

from widgets import cases, registry
from widgets.config import (
    ASSETS_ENV,
    CONFIG_ENV,
    DB_URL_ENV,
    DEFAULT_EVENT_ENV,
    DEFAULT_LANG_ENV,
    FACILITATOR_KEY_ENV,
    ConfigError,
    KitConfig,
    config,
    data_dir,
    default_db_url,
    markdown,
    project_root,
)
from widgets.i18n import Translator, describe
from widgets.model.access import generate_key, hash_key
from widgets.model.identity import clean_event_code
from widgets.model.problems import ModelError, Problem
from widgets.store import Store, StoreError, redact

DEFAULT_PORT = 8866
WORKSHOP_NOTEBOOK = "workshop.ipynb"
FACILITATOR_NOTEBOOK = "facilitator.ipynb"


class CliError(Exception):
    """A user-facing failure: one line, exit status 2."""


def _tr() -> Translator:
    try:
        return Translator(config().default_lang)
    except ConfigError:
        return Translator("en")


def _open_store(url: str | None, pool: int = 2) -> Store:
    try:
        store = Store(url or default_db_url(), pool_size=pool)
    except StoreError as exc:
        raise CliError(_tr()(f"cli.{exc.code}", detail=exc.detail or redact(url or ""))) from None
    registry.upgrade_stored(store)  # what an earlier version of a module stored, as it reads now
    return store


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


def voila_config(host: str, port: int, pool: int, free_after: float, settings: KitConfig | None = None) -> dict:
    """Voila settings: preheated pool for the workshop page only, no sources, no tracebacks,
    no files served, nothing from a CDN; kernels of closed pages are freed by the room
    (``widgets.serving``), and the idle cull is only a backstop."""
    settings = settings or config()
    voila: dict = {
        "Voila": {"ip": host, "port": port, "port_retries": 0, "open_browser": False},
        "VoilaConfiguration": {
            "strip_sources": True,
            "show_tracebacks": False,
            "file_allowlist": [],
            "preheat_kernel": pool > 0,
            # only the widget manager is needed in the page: no mixed front-end versions
            "extension_denylist": ["jupyterlab-plotly", "@voila-dashboards/jupyterlab-preview",
                                   "jupyterlab_pygments"],
            # which browser (and, behind a proxy, which address) opened a facilitator's dashboard:
            # listed on the dashboard so that a stranger's is seen (widgets.model.dashboards)
            "http_header_envs": ["User-Agent", "X-Forwarded-For", "X-Real-IP"],
        },
        # kernels talk to the server over Unix sockets, not TCP ports other local users could reach
        "KernelManager": {"transport": "ipc"},
        # while a large pool warms up on a small machine, the server may take longer than the
        # default 4 s to read a cell's outputs; a page rendered without them would stay blank
        "VoilaExecutor": {"iopub_timeout": settings.iopub_timeout},
        "MappingKernelManager": {
            "cull_idle_timeout": max(int(free_after) * 4, 600),
            "cull_interval": settings.cull_interval,
            "cull_connected": False,
        },
    }
    if pool > 0:
        voila["VoilaKernelManager"] = {
            "kernel_pools_config": {"default": {"pool_size": 0},
                                    WORKSHOP_NOTEBOOK: {"pool_size": pool}},
            # refill after the arrival burst, not during it: new kernels compete for the CPU
            "fill_delay": settings.pool_refill_delay,
        }
    return voila


def _run_dir(notebooks: Path, config: dict) -> Path:
    """A folder holding only the pages a room needs and this run's ``voila.json``.

    Voila reads ``voila.json`` from its working directory and serves (and pre-heats) every
    notebook of the folder it is given: the module notebooks are for JupyterLab, not the room.
    """
    run_dir = Path(tempfile.mkdtemp(prefix="alliance-voila-"))
    pages = run_dir / "pages"
    pages.mkdir()
    for name in (WORKSHOP_NOTEBOOK, FACILITATOR_NOTEBOOK):
        shutil.copyfile(notebooks / name, pages / name)
    (run_dir / "voila.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    return run_dir


def cmd_serve(args: argparse.Namespace) -> int:
    from widgets.serving import room as rooms

    tr = Translator(args.lang)  # the console speaks the room's language (below: the event's)
    if args.config:  # the kit's settings for this server and its kernels (widgets.config)
        os.environ[CONFIG_ENV] = str(Path(args.config).expanduser().resolve())
    settings = config()
    root = project_root()
    notebooks = (root / "notebooks") if root else Path("notebooks").resolve()
    if not (notebooks / WORKSHOP_NOTEBOOK).is_file():
        raise CliError(f"error: {notebooks / WORKSHOP_NOTEBOOK} not found")
    expected = args.expect if args.expect is not None else (
        args.pool if args.pool is not None else settings.expect)
    if not 0 <= expected <= 500 or (args.pool is not None and not 0 <= args.pool <= 500):
        raise CliError(tr("cli.expect_invalid"))
    args.starts_per_client = args.starts_per_client if args.starts_per_client is not None else \
        settings.starts_per_client
    args.free_after = args.free_after if args.free_after is not None else settings.free_after
    if args.starts_per_client < 1:
        raise CliError(tr("cli.starts_invalid"))
    if args.free_after < 10:
        raise CliError(tr("cli.free_after_invalid"))
    try:
        trusted = rooms.proxy_networks([*rooms.LOOPBACK_PROXIES, *(args.trusted_proxy or [])])
    except ValueError as exc:
        raise CliError(f"error: --trusted-proxy {exc}") from None
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
    tr = Translator(event.lang)
    env_key = os.environ.get(FACILITATOR_KEY_ENV, "").strip()
    key = env_key or generate_key()
    store.set_event_key(event.code, hash_key(key))
    store.close()

    plan = rooms.RoomPlan(expected, pool=args.pool)
    pool = plan.initial_pool
    print(tr("cli.serve_banner", event=event.code, case=event.case_id))
    print(tr("cli.serve_key_env") if env_key else tr("cli.serve_key", key=key))
    print(tr("cli.serve_data", db=redact(url)))
    print(tr("cli.serve_log", path=data_dir() / "logs"))
    if pool:
        print(tr("cli.serve_warming_start", count=expected, pool=pool))
    sys.stdout.flush()

    links = []
    for host in _share_hosts(args.host):
        shown = f"[{host}]" if ":" in host else host
        links.append(tr("cli.serve_link", url=f"http://{shown}:{args.port}/voila/render/"
                                             f"{WORKSHOP_NOTEBOOK}?event={event.code}"))
    if args.host in ("127.0.0.1", "localhost", "::1"):
        links.append(tr("cli.serve_local_only"))
    links.append(tr("cli.serve_facilitator", url=f"http://{args.host}:{args.port}/voila/render/"
                                                f"{FACILITATOR_NOTEBOOK}?event={event.code}"))

    def announce(line: str) -> None:
        print(line, flush=True)

    def on_ready() -> None:
        for link in links:
            print(link, flush=True)

    messages = {"ready": lambda count: tr("cli.serve_ready", count=count),
                "warming": lambda warm, target: tr("cli.serve_warming", warm=warm, target=target)}

    os.environ[DB_URL_ENV] = url
    os.environ[DEFAULT_EVENT_ENV] = event.code
    os.environ[DEFAULT_LANG_ENV] = args.lang
    os.environ[ASSETS_ENV] = "voila/aw-assets/"
    os.environ.pop(FACILITATOR_KEY_ENV, None)  # kernels check the stored hash, never the key
    run_dir = _run_dir(notebooks, voila_config(args.host, args.port, pool, args.free_after, settings))
    os.chdir(run_dir)
    from widgets.serving.app import Room, run

    limiter = rooms.StartLimiter(per_client=args.starts_per_client,
                                 limit_loopback=settings.limit_loopback,
                                 trusted=trusted)
    room = Room(plan, limiter, rooms.DisconnectReaper(free_after=args.free_after), announce, messages,
                on_ready)
    run([str(run_dir / "pages")], room)
    return 0  # not reached


# -- demo ----------------------------------------------------------------------------------
def cmd_demo(args: argparse.Namespace) -> int:
    from widgets.demo import generate

    tr = _tr()
    if not 1 <= args.teams <= 200 or not 1 <= args.participants <= 12:
        raise CliError("error: --teams must be 1-200 and --participants 1-12")
    store = _open_store(args.db)
    code = _event_code(args.event)
    modules = generate(store, code, _case_id(args.case), args.teams, args.participants, seed=args.seed,
                       lang=args.lang)
    print(tr("cli.demo_done", event=code, teams=args.teams, participants=args.participants,
             modules=", ".join(modules) or "-"))
    return 0


# -- new-key -------------------------------------------------------------------------------
def cmd_new_key(args: argparse.Namespace) -> int:
    """A new facilitator key for an event, also while it is being served: pages check the
    stored hash at every attempt, so the old key stops working at once, and every dashboard
    opened with the old key compares the stored hash at its next poll (every second) and locks
    itself (``widgets.model.dashboards.still_open``)."""
    tr = _tr()
    store = _open_store(args.db)
    code = _event_code(args.event)
    if store.get_event(code) is None:
        raise CliError(tr("cli.export_no_event", event=code, db=redact(store.url)))
    key = generate_key()
    store.set_event_key(code, hash_key(key))
    print(tr("cli.new_key", event=code, key=key))
    if os.environ.get(FACILITATOR_KEY_ENV, "").strip():
        print(tr("cli.new_key_env", var=FACILITATOR_KEY_ENV), file=sys.stderr)
    return 0


def cmd_create_event(args: argparse.Namespace) -> int:
    """An event made before any server runs (under JupyterHub each user's server opens it):
    prints its facilitator key once; the store keeps only its hash."""
    tr = _tr()
    store = _open_store(args.db)
    code = _event_code(args.event)
    if store.get_event(code) is not None:
        raise CliError(tr("cli.create_exists", event=code))
    event = store.create_event(code, _case_id(args.case), title=args.title, lang=args.lang)
    key = generate_key()
    store.set_event_key(event.code, hash_key(key))
    print(tr("cli.created", event=event.code, case=event.case_id, db=redact(store.url)))
    print(tr("cli.serve_key", key=key))
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


# -- print -------------------------------------------------------------------------------
def cmd_print(args: argparse.Namespace) -> int:
    """The printed pack of a case in one language: a PDF where Chromium is installed, else the
    printable HTML (said on stderr, and the file is named .html)."""
    from widgets.i18n import SUPPORTED
    from widgets.report import pack

    tr = _tr()
    if args.lang not in SUPPORTED:
        raise CliError(tr("cli.print_unknown_lang", lang=args.lang, known=", ".join(SUPPORTED)))
    if args.case not in cases.available():
        raise CliError(tr("cli.print_unknown_case", case=args.case, known=", ".join(cases.available())))
    case = cases.get(_case_id(args.case))
    out_tr = Translator(args.lang)
    result = pack.build(case, out_tr)
    out = Path(args.out) if args.out else Path(result.filename)
    if result.fmt != "pdf":
        out = out.with_suffix(".html")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_bytes(result.body)
        os.replace(tmp, out)
    except OSError as exc:
        raise CliError(tr("cli.out_unwritable", path=out, detail=exc.strerror)) from None
    if result.missing:
        print(tr(f"cli.print_html.{result.missing}", path=out), file=sys.stderr)
    print(tr("cli.print_done", case=case.id, lang=args.lang, path=out))
    return 0


# -- config ----------------------------------------------------------------------------------
def cmd_config(args: argparse.Namespace) -> int:
    """The kit's settings in force (value and source), a commented config file, or the
    Markdown of docs/configuration.md."""
    if args.config:
        os.environ[CONFIG_ENV] = str(Path(args.config).expanduser().resolve())
    if args.generate:
        print(KitConfig.class_config_section())
        return 0
    if args.markdown:
        print(markdown(), end="")
        return 0
    settings = config()
    for name in sorted(settings.trait_names(config=True)):
        value = getattr(settings, name)
        shown = redact(value) if name == "db_url" else value
        print(f"{name} = {shown!r}  ({settings.source(name)})")
    return 0


# -- check-case ----------------------------------------------------------------------------
def cmd_check_case(args: argparse.Namespace) -> int:
    tr = _tr()
    problems = cases.check(args.file)
    if problems:
        print(tr("cli.case_problems", path=args.file, count=len(problems)))
        for p in problems:
            print(tr("cli.case_problem", where=p.where or "-", message=describe(tr, p)))
        return 1
    case = cases.load(args.file)
    sections = [tr(s.title) for s in registry.modules() if s.case_model is not None and s.key in case.modules]
    print(tr("cli.case_ok", path=args.file, case=case.id, candidates=len(case.candidates),
             modules=", ".join(sections) or "–"))
    return 0


EXAMPLES = """examples:
  alliance-workshop serve --expect 30                 a room of 30 on this computer only
  alliance-workshop serve --host 0.0.0.0 --expect 60  a room of 60 on the local network
  alliance-workshop create-event --event SPRING-26 --case bank-fintech
  alliance-workshop new-key --event SPRING-26         a new facilitator key, also while serving
  alliance-workshop export --event SPRING-26 --format xlsx --out charter.xlsx
  alliance-workshop print --case bank-fintech --lang es   worksheets to run the workshop on paper
"""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("alliance-workshop-kit")
    except PackageNotFoundError:  # a source tree that was never installed
        return "unknown"


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Defaults shown after each option's help, except where there is none to show."""

    def _get_help_string(self, action):
        if action.default in (None, False) or action.default is argparse.SUPPRESS:
            return action.help
        return super()._get_help_string(action)


def build_parser() -> argparse.ArgumentParser:
    formatter = _HelpFormatter
    parser = argparse.ArgumentParser(prog="alliance-workshop", description=__doc__.splitlines()[0],
                                     epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    case_ids = cases.available()
    db_help = f"SQLAlchemy URL of the store (default: ${DB_URL_ENV}, else SQLite under workshop-data/)"

    serve = sub.add_parser("serve", help="serve the workshop with Voila", formatter_class=formatter)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: the room's network)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to listen on")
    serve.add_argument("--db", help=db_help)
    serve.add_argument("--expect", type=int,
                       help="participants expected (default 30, or --pool when only that is given): that many "
                            "warm kernels are ready before the link is shown, so the whole room can arrive at once")
    serve.add_argument("--pool", type=int,
                       help="warm kernels at start (default: one per expected participant; 0: none)")
    serve.add_argument("--event", help="event code (created if needed; default: the latest event)")
    serve.add_argument("--case", default=cases.DEFAULT_CASE, choices=case_ids, help="case study for a new event")
    serve.add_argument("--lang", default="en", choices=["en", "es"], help="default page language")
    serve.add_argument("--starts-per-client", type=int,
                       help="pages one device may open per minute; the facilitator's own machine is not limited "
                            "(default: the setting starts_per_client, 8)")
    serve.add_argument("--free-after", type=float,
                       help="seconds a page's kernel is kept after its tab closed or lost its connection "
                            "(default: the setting free_after, 90)")
    serve.add_argument("--config", metavar="FILE",
                       help="a config file of the kit's settings (c.KitConfig.free_after = 120.0; see "
                            "`alliance-workshop config` and docs/configuration.md)")
    serve.add_argument("--trusted-proxy", action="append", metavar="ADDRESS",
                       help="a reverse proxy (address or network, repeatable) whose X-Forwarded-For names the "
                            "device for the start limit; a proxy on this machine is always trusted")
    serve.set_defaults(func=cmd_serve)

    create = sub.add_parser("create-event", help="create an event and print its facilitator key (for a hub or a "
                                                 "server started elsewhere)", formatter_class=formatter)
    create.add_argument("--event", required=True, help="event code, e.g. SPRING-26")
    create.add_argument("--case", default=cases.DEFAULT_CASE, choices=case_ids, help="case study")
    create.add_argument("--lang", default="en", choices=["en", "es"], help="the event's default language")
    create.add_argument("--title", default="", help="a title shown to participants")
    create.add_argument("--db", help=db_help)
    create.set_defaults(func=cmd_create_event)

    demo = sub.add_parser("demo", help="fill an event with plausible synthetic teams", formatter_class=formatter)
    demo.add_argument("--event", required=True, help="event code (created if needed)")
    demo.add_argument("--teams", type=int, default=4, help="teams to create")
    demo.add_argument("--participants", type=int, default=4, help="participants per team")
    demo.add_argument("--db", help=db_help)
    demo.add_argument("--case", choices=case_ids, help="case study for a new event (default: the event's)")
    demo.add_argument("--seed", type=int, default=7, help="random seed (the same seed gives the same teams)")
    demo.add_argument("--lang", default="en", choices=["en", "es"],
                      help="language of a new event: what its members write (an existing event keeps its own)")
    demo.set_defaults(func=cmd_demo)

    new_key = sub.add_parser("new-key", help="give an event a new facilitator key (also while it is served)",
                             formatter_class=formatter)
    new_key.add_argument("--event", required=True, help="event code")
    new_key.add_argument("--db", help=db_help)
    new_key.set_defaults(func=cmd_new_key)

    export = sub.add_parser("export", help="export an event's teams", formatter_class=formatter)
    export.add_argument("--event", required=True, help="event code")
    export.add_argument("--format", choices=["json", "xlsx", "html", "md", "pdf"], default="json",
                        help="document format (json can be imported again)")
    export.add_argument("--out", required=True, help="file to write")
    export.add_argument("--db", help=db_help)
    export.add_argument("--lang", choices=["en", "es"], help="language of the document (default: the event's)")
    export.set_defaults(func=cmd_export)

    imp = sub.add_parser("import", help="load an event exported as JSON", formatter_class=formatter)
    imp.add_argument("file", help="a JSON export")
    imp.add_argument("--event", help="import under this code instead of the exported one")
    imp.add_argument("--db", help=db_help)
    imp.set_defaults(func=cmd_import)

    printed = sub.add_parser("print", help="the printed pack of a case: case brief, every module's worksheet and "
                                           "the facilitator's tally sheets (PDF, or HTML without Chromium)",
                             formatter_class=formatter)
    printed.add_argument("--case", required=True, help=f"case study ({', '.join(case_ids)})")
    printed.add_argument("--lang", default="en", help="language of the pack (en or es)")
    printed.add_argument("--out", help="file to write (default: alliance-printed-pack-<case>-<lang>.pdf here)")
    printed.set_defaults(func=cmd_print)

    conf = sub.add_parser("config", help="the kit's settings: values in force and where each comes from",
                          formatter_class=formatter)
    conf.add_argument("--config", metavar="FILE", help="read this config file (as serve --config does)")
    shown = conf.add_mutually_exclusive_group()
    shown.add_argument("--generate", action="store_true", help="print a commented config file of every setting")
    shown.add_argument("--markdown", action="store_true", help="print docs/configuration.md")
    conf.set_defaults(func=cmd_config)

    check = sub.add_parser("check-case", help="validate a case study file", formatter_class=formatter)
    check.add_argument("file", help="a case YAML file")
    check.set_defaults(func=cmd_check_case)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except ConfigError as exc:  # the parser lists the cases, which are found through the settings
        print(f"error: {exc}", file=sys.stderr)
        return 2
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
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
