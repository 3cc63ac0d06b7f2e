"""The kit's settings, in one place: where it keeps its data, the room's limits and its timing.

Every setting is a trait of :class:`KitConfig`, a traitlets ``Configurable`` (Voila's and
Jupyter's convention), with its default and its help. A setting is taken, from the strongest:

1. its environment variable, where it has one (``ALLIANCE_DB_URL``...: what `serve` hands its
   kernels, and what a JupyterHub administrator sets for the single-user servers);
2. the config file named by ``ALLIANCE_CONFIG`` (``alliance-workshop serve --config FILE``), a
   Python file in traitlets' format: ``c.KitConfig.free_after = 120``;
3. its default.

``alliance-workshop config`` prints every setting with its value and where it comes from, and
``alliance-workshop config --generate`` a commented config file; docs/configuration.md is
generated from the same traits (a test keeps it in step).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from traitlets import Bool, Float, Int, TraitError, Unicode, default
from traitlets.config import Config, Configurable, PyFileConfigLoader

CONFIG_ENV = "ALLIANCE_CONFIG"
DB_URL_ENV = "ALLIANCE_DB_URL"
DATA_DIR_ENV = "ALLIANCE_DATA_DIR"
EXERCISES_DIR_ENV = "ALLIANCE_EXERCISES_DIR"
FACILITATOR_KEY_ENV = "ALLIANCE_FACILITATOR_KEY"
DEFAULT_EVENT_ENV = "ALLIANCE_EVENT"
DEFAULT_LANG_ENV = "ALLIANCE_LANG"
ASSETS_ENV = "ALLIANCE_ASSETS_URL"  # set by serve: where pages load plotly.js (relative to the base URL)
HUB_NAMES_ENV = "ALLIANCE_NAME_FROM_HUB"  # "1": under JupyterHub a participant's name is their hub user's
HUB_FACILITATOR_ENV = "ALLIANCE_HUB_FACILITATOR"  # "1", set by the hub: this hub user facilitates
LIMIT_LOOPBACK_ENV = "ALLIANCE_LIMIT_LOOPBACK"  # "1": page-start limits apply to loopback clients too

PACKAGE_DIR = Path(__file__).resolve().parent
GROUPS = ("storage", "room", "timing")


def project_root() -> Path | None:
    """The source checkout holding this package, when the kit runs from one."""
    candidate = PACKAGE_DIR.parent
    if (candidate / "pyproject.toml").is_file() and (candidate / "exercises").is_dir():
        return candidate
    return None


def _env(name: str, group: str) -> dict:
    return {"env": name, "group": group}


class KitConfig(Configurable):
    """The Alliance Workshop Kit's settings."""

    # -- storage and the event --------------------------------------------------------------------
    data_dir = Unicode(help="Folder of the embedded SQLite store and the logs (default: workshop-data/ "
                            "beside the checkout, else in the current folder).").tag(
        config=True, **_env(DATA_DIR_ENV, "storage"))
    db_url = Unicode(help="SQLAlchemy URL of the store (default: an SQLite file in data_dir); "
                          "postgresql+psycopg://... for a room on several servers.").tag(
        config=True, **_env(DB_URL_ENV, "storage"))
    exercises_dir = Unicode(help="Folder of the case files and reference answers (default: exercises/ "
                                 "of the checkout).").tag(config=True, **_env(EXERCISES_DIR_ENV, "storage"))
    default_event = Unicode("", help="The event a page joins when its link names none (serve --event sets it)."
                            ).tag(config=True, **_env(DEFAULT_EVENT_ENV, "storage"))
    default_lang = Unicode("en", help="The language of a page whose link names none: en or es (serve --lang "
                                      "sets it).").tag(config=True, **_env(DEFAULT_LANG_ENV, "storage"))
    assets_url = Unicode("", help="Where pages load plotly.js, relative to the server's base URL (serve "
                                  "sets it; empty: from the kernel).").tag(config=True, **_env(ASSETS_ENV, "storage"))
    hub_names = Bool(False, help="Under JupyterHub: a participant's name is their hub user's.").tag(
        config=True, **_env(HUB_NAMES_ENV, "storage"))
    hub_facilitator = Bool(False, help="Under JupyterHub: set by the hub for a user who facilitates (no key "
                                       "is asked).").tag(config=True, **_env(HUB_FACILITATOR_ENV, "storage"))

    # -- the room's limits --------------------------------------------------------------------------
    expect = Int(30, min=1, help="People the room expects when serve has no --expect: the warm pool is "
                                 "kept at a share of it.").tag(config=True, group="room")
    free_after = Float(90.0, min=5.0, help="Seconds a page's kernel is kept after its last connection closed "
                                           "(a laptop asleep, a reload).").tag(config=True, group="room")
    starts_per_client = Int(8, min=1, help="Pages one client (one address) may open ...").tag(config=True, group="room")
    starts_window = Float(60.0, min=1.0, help="... within this many seconds.").tag(config=True, group="room")
    limit_loopback = Bool(False, help="The page-start limits apply to clients on this computer too (they "
                                      "do not by default: a facilitator's own tests).").tag(
        config=True, **_env(LIMIT_LOOPBACK_ENV, "room"))
    refill_at_once = Int(0, min=0, help="Pool kernels warming up together during a top-up (0: one per core, "
                                        "so a refill leaves the CPU to the participants).").tag(config=True, group="room")
    max_message_bytes = Int(64 * 1024, min=4096, help="The largest message a page may send (a legitimate one "
                                                      "is a few kilobytes).").tag(config=True, group="room")
    message_rate = Float(20.0, min=1.0, help="Messages per second, sustained, one page may send ...").tag(
        config=True, group="room")
    message_burst = Int(200, min=10, help="... after a burst of this many (a page opening sends a few dozen)."
                        ).tag(config=True, group="room")
    max_pending_bytes = Int(32 * 1024 * 1024, min=1024 * 1024, help="What the server holds for one page that "
                                                                   "does not read before it closes it.").tag(
        config=True, group="room")
    max_document_bytes = Int(512 * 1024, min=16 * 1024, help="The largest document the store accepts.").tag(
        config=True, group="room")

    # -- timing ---------------------------------------------------------------------------------------
    poll_seconds = Float(1.0, min=0.2, help="How often a participant's page and the dashboard look for the "
                                           "team's changes.").tag(config=True, group="timing")
    beat_seconds = Float(1.0, min=0.2, help="How often a page's kernel tells the page it is alive.").tag(
        config=True, group="timing")
    lost_after = Float(2.5, min=1.0, max=2.9, help="Seconds without a beat before the page says the connection is lost "
                                          "(the bar is 3 s).").tag(config=True, group="timing")
    typing_delay = Float(0.5, min=0.1, help="Seconds of quiet before typed text is saved.").tag(
        config=True, group="timing")
    identity_wait = Float(8.0, min=0.0, help="Seconds a page waits for its browser's tokens before it shows "
                                             "the join form.").tag(config=True, group="timing")
    heartbeat_seconds = Float(30.0, min=5.0, help="How often a page records that its participant is there.").tag(
        config=True, group="timing")
    recompute_min = Float(2.0, min=0.5, help="Seconds between the dashboard's recomputations while teams are "
                                            "busy.").tag(config=True, group="timing")
    recompute_idle = Float(15.0, min=1.0, help="The dashboard recomputes anyway after this many seconds.").tag(
        config=True, group="timing")
    monitor_seconds = Float(2.0, min=0.5, help="How often the server looks at the room's kernels.").tag(
        config=True, group="timing")
    reap_seconds = Float(5.0, min=1.0, help="How often the server frees the kernels of pages that left.").tag(
        config=True, group="timing")
    top_up_seconds = Float(5.0, min=1.0, help="How often the warm pool is brought back to the room's target "
                                              "(also after every free).").tag(config=True, group="timing")
    lag_warn = Float(1.0, min=0.1, help="An event-loop stall this long is logged.").tag(config=True, group="timing")
    iopub_timeout = Int(300, min=30, help="Seconds the server waits for a page's cell outputs.").tag(
        config=True, group="timing")
    pool_refill_delay = Float(2.0, min=0.0, help="Seconds after a burst's own requests before a late arrival "
                                                 "waits for a new kernel.").tag(config=True, group="timing")
    cull_interval = Int(60, min=10, help="Seconds between the server's checks for idle kernels.").tag(
        config=True, group="timing")

    @default("data_dir")
    def _data_dir(self) -> str:
        root = project_root()
        return str((root if root else Path.cwd()) / "workshop-data")

    @default("db_url")
    def _db_url(self) -> str:
        return f"sqlite:///{Path(self.data_dir).expanduser().resolve() / 'alliance.sqlite3'}"

    @default("exercises_dir")
    def _exercises_dir(self) -> str:
        root = project_root()
        return str(root / "exercises") if root else str(Path("exercises").resolve())

    def source(self, name: str) -> str:
        """Where setting ``name`` comes from now: its variable, the config file, or the default."""
        env = self.trait_metadata(name, "env")
        if env and os.environ.get(env, "").strip():
            return env
        return "config file" if name in self.config.get("KitConfig", {}) else "default"


@lru_cache(maxsize=8)
def _file_config(path: str) -> Config:
    if not path:
        return Config()
    file = Path(path).expanduser().resolve()
    if not file.is_file():
        raise ConfigError(f"{CONFIG_ENV}: no config file at {file}")
    try:
        return PyFileConfigLoader(file.name, path=str(file.parent)).load_config()
    except Exception as exc:  # noqa: BLE001 - a broken file is one clear message
        raise ConfigError(f"{file}: {type(exc).__name__}: {exc}") from None


class ConfigError(ValueError):
    """A config file or a variable the kit cannot use (one line, for the console)."""


def _flag(value: str) -> bool:
    """A yes/no variable: 1/0, true/false, yes/no (any case); anything else is refused."""
    word = value.strip().lower()
    if word in ("1", "true", "yes"):
        return True
    if word in ("0", "false", "no"):
        return False
    raise ValueError("expected 1 or 0 (true/false, yes/no)")


_ENV_NAMES = tuple(sorted({t.metadata["env"] for t in KitConfig.class_traits(config=True).values()
                           if t.metadata.get("env")}))


def config() -> KitConfig:
    """The settings as they are now: the environment is read on every call (serve and a test may
    change it), and the settings are built once per environment and config file (a page's
    poll loop and every save read them; treat the result as read-only)."""
    key = (os.environ.get(CONFIG_ENV, "").strip(), os.getcwd(), tuple(os.environ.get(n, "") for n in _ENV_NAMES))
    return _built(*key)


@lru_cache(maxsize=16)
def _built(path: str, _cwd: str, _env: tuple) -> KitConfig:
    loaded = _file_config(path)
    unknown = sorted(set(loaded.get("KitConfig", {})) - set(KitConfig.class_trait_names(config=True)))
    if unknown:
        raise ConfigError(f"{os.environ.get(CONFIG_ENV)}: unknown settings {', '.join(unknown)}")
    try:
        kit = KitConfig(config=loaded)
    except (TraitError, ValueError) as exc:
        raise ConfigError(f"{os.environ.get(CONFIG_ENV)}: {exc}") from None
    for name, trait in kit.traits(config=True).items():
        env = trait.metadata.get("env")
        value = os.environ.get(env, "").strip() if env else ""
        if not value:
            continue
        try:
            setattr(kit, name, _flag(value) if isinstance(trait, Bool) else trait.from_string(value))
        except (TraitError, ValueError) as exc:
            raise ConfigError(f"{env}={value!r}: {exc}") from None
    return kit


def data_dir() -> Path:
    """Directory for the embedded SQLite store and the logs."""
    return Path(config().data_dir).expanduser().resolve()


def default_db_url() -> str:
    """The store's URL: ``ALLIANCE_DB_URL``, the config file, else an SQLite file in the data folder."""
    return config().db_url


def exercises_dir() -> Path:
    return Path(config().exercises_dir).expanduser().resolve()


def markdown() -> str:
    """docs/configuration.md: every setting, by group, with its default, variable and help."""
    kit = KitConfig()
    out = ["# Configuration", "",
           "<!-- generated from widgets/config.py by `alliance-workshop config --markdown`; "
           "tests/test_config.py keeps it in step -->", "",
           (KitConfig.__doc__ or "").strip() + " Each is taken from its environment variable, where it has one, "
           "else from the config file named by `ALLIANCE_CONFIG` (`alliance-workshop serve --config FILE`, a "
           "Python file: `c.KitConfig.free_after = 120.0`), else its default. `alliance-workshop config` prints "
           "the values in force and where each comes from; `alliance-workshop config --generate` writes a "
           "commented config file.", ""]
    titles = {"storage": "Storage and the event", "room": "The room's limits", "timing": "Timing"}
    for group in GROUPS:
        out += [f"## {titles[group]}", "", "| Setting | Default | Variable | What it does |", "|---|---|---|---|"]
        for name, trait in kit.traits(config=True, group=group).items():
            value = trait.default_value if not trait.metadata.get("env") or name not in (
                "data_dir", "db_url", "exercises_dir") else "(see text)"
            shown = f"`{value!r}`" if value != "(see text)" else value
            env = f"`{trait.metadata['env']}`" if trait.metadata.get("env") else ""
            out.append(f"| `{name}` | {shown} | {env} | {trait.help} |")
        out.append("")
    return "\n".join(out)
