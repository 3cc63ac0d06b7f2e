"""Saves that wait for a pause in typing: typing in one field and then quickly in another keeps
both; a newer value of the same field replaces the waiting one."""

from __future__ import annotations

import asyncio

from tests.ui.conftest import in_fresh_thread
from widgets.config import config
from widgets.ui.context import ModuleContext


def _context() -> ModuleContext:
    return ModuleContext(session=None, tr=None, spec=None, report_saved=lambda _r: None,  # type: ignore[arg-type]
                         report_problems=lambda _p: None, defer=True)


def test_a_quick_edit_of_another_field_never_drops_the_first_one():
    ran: list[str] = []

    async def scenario() -> None:
        ctx = _context()
        ctx.soon(lambda: ran.append("vision"), key="plan")
        ctx.soon(lambda: ran.append("owner A, first"), key="owner:A")
        ctx.soon(lambda: ran.append("owner A"), key="owner:A")  # replaces its own field's value
        ctx.soon(lambda: ran.append("notes, dropped"), key="notes")
        assert ctx.typing() and ctx.typing("plan") and not ctx.typing("owner:B")
        ctx.cancel_pending("notes")  # a field emptied before the pause ended
        await asyncio.sleep(config().typing_delay + 0.3)
        assert not ctx.typing()

    in_fresh_thread(lambda: asyncio.run(scenario()))
    assert sorted(ran) == ["owner A", "vision"]


def test_without_an_event_loop_a_save_runs_at_once():
    ran: list[str] = []
    ctx = _context()
    in_fresh_thread(lambda: ctx.soon(lambda: ran.append("now"), key="plan"))
    assert ran == ["now"] and not ctx.typing()
