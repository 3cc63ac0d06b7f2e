"""What every module view shares: one route for refused values, one save that stores only a
changed document, the debrief card."""

from __future__ import annotations

from types import SimpleNamespace

from widgets.i18n import Translator
from widgets.model.problems import ModelError, Problem
from widgets.modules.roles import model as rm
from widgets.ui.messages import MessageArea
from widgets.ui.view import REFUSED, ModuleView


def _view(reported: list, saves: list | None = None):
    def save(entry):
        saves.append(entry)
        return None if entry.grid.get("refused") else "revision"

    ctx = SimpleNamespace(tr=Translator("es"), session=SimpleNamespace(case=None), entry=rm.Entry,
                          report_problems=reported.extend, spec=SimpleNamespace(key="roles"), save=save)
    return ModuleView(ctx)


def test_a_refusal_goes_beside_the_field_or_to_the_status_line_and_the_widgets_are_put_back():
    reported, undone = [], []
    view = _view(reported)

    def refuse():
        raise ModelError(Problem("join.event_not_found", {"event": "X-1"}))

    near = MessageArea()
    assert view.attempt(refuse, near=near, undo=lambda: undone.append(1)) is REFUSED
    assert "X-1" in near.widget.value and reported == [] and undone == [1]
    assert view.attempt(refuse) is REFUSED and reported[0].code == "join.event_not_found"
    assert view.attempt(lambda: 42) == 42


def test_only_a_changed_document_is_saved_and_a_failed_save_keeps_the_one_before():
    saves, undone = [], []
    view = _view([], saves)
    assert view.doc == rm.Entry()
    assert view.commit(rm.Entry()) and saves == []  # what the widgets show when set from the document
    mine = rm.Entry(grid={"plan": {"a:lead": "A"}})
    assert view.commit(mine) and saves == [mine] and view.doc is mine
    assert view.commit(rm.Entry(grid={"plan": {"a:lead": "A"}})) and len(saves) == 1
    refused = rm.Entry(grid={"refused": {"a:lead": "R"}})
    assert not view.commit(refused, undo=lambda: undone.append(1))
    assert view.doc is mine and undone == [1] and saves[-1] is refused


def test_the_debrief_card_is_translated():
    view = _view([])
    card = view.debrief_card().value
    assert card.count("<li>") == 3 and "Aprobadores" in card
