"""Where a participant resumes after a reload: only the page's own steps, edits first."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from widgets.model.resume import resume_step

KEYS = ["intro", "partner_selection", "goals_kpis", "summary"]


def test_a_step_with_edits_to_restore_comes_before_the_step_they_were_in():
    assert resume_step({"step": "summary", "pending": ["goals_kpis"]}, KEYS) == "goals_kpis"
    assert resume_step({"step": "summary", "pending": []}, KEYS) == "summary"
    assert resume_step({"step": "summary", "pending": ["nope", "partner_selection"]}, KEYS) == "partner_selection"


def test_nothing_known_gives_no_step():
    assert resume_step({}, KEYS) is None
    assert resume_step({"step": "../etc", "pending": ["x"]}, KEYS) is None
    assert resume_step(None, KEYS) is None
    assert resume_step({"step": ["goals_kpis"], "pending": "goals_kpis"}, KEYS) is None


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                         max_size=4), max_leaves=12)


@given(st.one_of(json_values, st.fixed_dictionaries({"step": json_values, "pending": json_values})))
def test_whatever_the_browser_sends_the_answer_is_a_step_of_the_page_or_none(place):
    assert resume_step(place, KEYS) in [*KEYS, None]
