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


def test_the_tab_inside_a_step_is_resumed_only_when_it_is_one_of_its_tabs():
    from widgets.model.resume import resume_tab, tab_place

    place = {"step": "goals_kpis", "pending": [], "tabs": {"goals_kpis": 2, "partner_selection": 0, "x": 1}}
    assert resume_tab(place, "goals_kpis", 3) == 2 and resume_tab(place, "partner_selection", 3) == 0
    assert resume_tab(place, "goals_kpis", 2) is None  # out of range
    assert resume_tab(place, "summary", 3) is None
    for garbage in ({"tabs": {"goals_kpis": True}}, {"tabs": {"goals_kpis": 1.0}}, {"tabs": {"goals_kpis": "1"}},
                    {"tabs": {"goals_kpis": -1}}, {"tabs": {"goals_kpis": 10**12}}, {"tabs": [1]}, {}, None, "x"):
        assert resume_tab(garbage, "goals_kpis", 3) is None
    assert tab_place("roles", 1) == {"step": "roles", "index": 1}
    assert tab_place("roles", None) is None and tab_place("roles", True) is None and tab_place(1, 1) is None


@given(json_values, st.integers(min_value=0, max_value=8))
def test_any_reported_tab_is_a_valid_index_or_none(place, count):
    from widgets.model.resume import resume_tab

    index = resume_tab(place, "goals_kpis", count)
    assert index is None or (type(index) is int and 0 <= index < count)
