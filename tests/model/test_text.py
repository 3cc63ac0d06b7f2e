"""Invisible characters never make two labels or names look different to the kit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from widgets.model.identity import clean_name, name_key
from widgets.model.lists import same_label
from widgets.model.text import clean_text, fold

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u180e", "\u2061",
             "\U000e0041", "\u200e", "\u202e", "\u2066"]


@given(st.text(st.characters(categories=["L", "N", "Zs", "P"]), min_size=1, max_size=30), st.data())
def test_inserting_invisible_characters_never_changes_the_fold(text, data):
    spots = data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.sampled_from(INVISIBLE)), max_size=5))
    tampered = text
    for at, ch in sorted(spots, reverse=True):
        tampered = tampered[:at] + ch + tampered[at:]
    assert fold(tampered) == fold(text)
    assert same_label(tampered, text)


def test_fold_joins_compatibility_forms_spaces_and_case():
    assert same_label("Ｔｒｕｓｔ", "trust")  # full-width letters
    assert same_label("Market\u00a0 strength", "market strength")  # no-break space
    assert same_label("ﬁt", "FIT")  # ligature
    assert not same_label("Trust", "Trusts")


def test_stored_text_loses_invisible_characters_but_keeps_emoji_joiners():
    assert clean_text("Tr\u200bu\u00adst\ufeff", 80) == "Trust"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert clean_text(family, 80) == family


def test_names_with_invisible_characters_are_refused_or_the_same_person():
    for sneaky in ("Ana\u200b", "An\u00ada", "Ana\u3164", "A\U000e0041na"):
        with pytest.raises(PydanticCustomError):
            clean_name(sneaky)
    assert name_key(clean_name("ＡＮＡ")) == name_key(clean_name("ana"))
