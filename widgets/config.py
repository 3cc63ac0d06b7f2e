"""Where the kit keeps its data and how it finds its settings (environment variables)."""

from __future__ import annotations

import os
from pathlib import Path

DB_URL_ENV = "ALLIANCE_DB_URL"
DATA_DIR_ENV = "ALLIANCE_DATA_DIR"
FACILITATOR_KEY_ENV = "ALLIANCE_FACILITATOR_KEY"
DEFAULT_EVENT_ENV = "ALLIANCE_EVENT"
DEFAULT_LANG_ENV = "ALLIANCE_LANG"
ASSETS_ENV = "ALLIANCE_ASSETS_URL"  # set by serve: where pages load plotly.js (relative to the base URL)
HUB_NAMES_ENV = "ALLIANCE_NAME_FROM_HUB"  # "1": under JupyterHub a participant's name is their hub user's
HUB_FACILITATOR_ENV = "ALLIANCE_HUB_FACILITATOR"  # "1", set by the hub: this hub user facilitates
LIMIT_LOOPBACK_ENV = "ALLIANCE_LIMIT_LOOPBACK"  # "1": page-start limits apply to loopback clients too

PACKAGE_DIR = Path(__file__).resolve().parent
POLL_SECONDS = 1.0  # how often a participant's page and the dashboard look for the team's changes


def project_root() -> Path | None:
    """The source checkout holding this package, when the kit runs from one."""
    candidate = PACKAGE_DIR.parent
    if (candidate / "pyproject.toml").is_file() and (candidate / "exercises").is_dir():
        return candidate
    return None


def data_dir() -> Path:
    """Directory for the embedded SQLite store: `workshop-data/` beside the checkout."""
    explicit = os.environ.get(DATA_DIR_ENV)
    if explicit:
        return Path(explicit).expanduser().resolve()
    root = project_root()
    return (root if root else Path.cwd()) / "workshop-data"


def default_db_url() -> str:
    """`ALLIANCE_DB_URL` when set, else an SQLite file under `workshop-data/`."""
    url = os.environ.get(DB_URL_ENV, "").strip()
    if url:
        return url
    return f"sqlite:///{data_dir() / 'alliance.sqlite3'}"


def exercises_dir() -> Path:
    root = project_root()
    if root:
        return root / "exercises"
    return Path(os.environ.get("ALLIANCE_EXERCISES_DIR", "exercises")).resolve()
