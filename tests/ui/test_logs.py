"""A kernel's errors reach the kernel log with who and where, and the participant sees a
message, not a traceback."""

from __future__ import annotations

import logging

from widgets import logs
from widgets.ui.context import guarded


def test_errors_are_logged_with_participant_module_and_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("ALLIANCE_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(logs, "_configured", None)
    before = {name: list(logging.getLogger(name).handlers) for name in ("widgets", "Comm")}
    try:
        path = logs.kernel_logging()
        assert path == tmp_path / "logs" / "kernels.log"
        logs.set_context(event="EV-1", team="Blue Team", participant="Ana", module="partner_selection")
        shown = []

        @guarded(shown.append)
        def add_criterion():
            raise RuntimeError("boom in add")

        add_criterion()
        logging.getLogger("Comm").error("Exception in comm_msg for %s", "abc", exc_info=False)
        for handler in logging.getLogger("widgets").handlers:
            handler.flush()
        text = path.read_text()
        assert "event=EV-1 team=Blue_Team participant=Ana module=partner_selection" in text
        assert "callback add_criterion failed" in text and "RuntimeError: boom in add" in text
        assert "Traceback" in text and "Exception in comm_msg" in text
        assert [p.code for p in shown[0]] == ["ui.unexpected"]
    finally:
        for name, handlers in before.items():
            logging.getLogger(name).handlers = handlers
        logs.set_context(event="", team="", participant="", module="")
