"""What every module view shares: one route for refused values, the code-change guard, the
debrief card."""

from __future__ import annotations

from types import SimpleNamespace

from widgets.i18n import Translator
from widgets.model.problems import ModelError, Problem
from widgets.ui.messages import MessageArea
from widgets.ui.view import REFUSED, ModuleView


def _view(reported: list):
    ctx = SimpleNamespace(tr=Translator("es"), session=SimpleNamespace(case=None),
                          report_problems=reported.extend, spec=SimpleNamespace(key="roles"))
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


def test_changes_made_by_code_are_quiet_even_when_nested_and_the_debrief_card_is_translated():
    view = _view([])
    assert not view.quiet
    with view.setting():
        with view.setting():
            assert view.quiet
        assert view.quiet
    assert not view.quiet
    card = view.debrief_card().value
    assert card.count("<li>") == 3 and "Aprobadores" in card
