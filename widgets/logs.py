"""Where a kernel's errors go: ``<data dir>/logs/kernels.log``, one line per event with the
participant and the module it happened in, and the traceback.

Each participant has their own kernel, so the context (event, team, participant, module) is
kept per process: the page sets it when somebody joins and when they open a step.
"""

from __future__ import annotations

import logging
from pathlib import Path

CONTEXT: dict[str, str] = {"event": "-", "team": "-", "participant": "-", "module": "-"}
FORMAT = ("%(asctime)s %(levelname)s pid=%(process)d event=%(event)s team=%(team)s "
          "participant=%(participant)s module=%(module)s %(name)s: %(message)s")
_configured: Path | None = None


class _Context(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in CONTEXT.items():
            setattr(record, key, value)
        return True


def set_context(**values: object) -> None:
    for key, value in values.items():
        if key in CONTEXT:
            CONTEXT[key] = str(value).replace(" ", "_")[:64] if value not in (None, "") else "-"


def kernel_log_file() -> Path:
    from widgets.config import data_dir

    return data_dir() / "logs" / "kernels.log"


def kernel_logging() -> Path | None:
    """Send the kit's log records (warnings and errors) from this kernel to the shared kernel
    log. Idempotent; a log that cannot be written is skipped (the page must still open)."""
    global _configured
    if _configured is not None:
        return _configured
    path = kernel_log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(_Context())
    handler.setLevel(logging.WARNING)
    for name in ("widgets", "Comm"):  # "Comm": an exception in any widget callback (comm package)
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(min(logger.level or logging.INFO, logging.INFO))
    _configured = path
    return path
