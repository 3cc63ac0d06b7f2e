"""Tables: every cell escaped, and a highlighted cell marked by a symbol, not by colour alone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from widgets.ui.tables import MARKS, Cell, marked, table


def test_each_highlight_carries_its_symbol_as_well_as_its_colour():
    html = table(["Candidate", "Score"], [[Cell("Norvia", "aw-top"), Cell("3.8", "aw-hot")],
                                          ["Andina", Cell("2.1", "aw-bad")], ["Vitalis", Cell("4", "aw-ok")]])
    assert '<th class="aw-top">★ Norvia</th>' in html
    assert '<td class="aw-hot">⚑ 3.8</td>' in html and '<td class="aw-bad">✗ 2.1</td>' in html
    assert '<td class="aw-ok">✓ 4</td>' in html


def test_a_cell_that_already_says_it_with_a_symbol_is_not_marked_twice_and_empty_cells_stay_empty():
    assert marked("✓", "aw-ok") == "✓" and marked("✗ missing", "aw-bad") == "✗ missing"
    assert marked("", "aw-hot") == "" and marked("plain", "") == "plain"


@given(st.text(max_size=40), st.sampled_from(["", *MARKS]))
def test_any_text_is_escaped_and_keeps_what_was_typed(text, css):
    html = table(["h"], [["row", Cell(text, css)]])
    assert "<script" not in html.lower() or "<script" not in text.lower()
    shown = marked(text, css)
    assert shown.endswith(text) and len(shown) <= len(text) + 2
