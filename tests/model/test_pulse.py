"""The perception pulse: sides, the two-per-side rule, gaps, flags, movement and health."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from widgets.model import pulse as pl
from widgets.model.problems import ModelError

ALL = list(pl.STATEMENTS)


def scored(round_="start", **scores) -> pl.Entry:
    """An entry that answers every statement with ``default`` unless named."""
    default = scores.pop("default", 3)
    return pl.Entry.model_validate({"rounds": {round_: {s: {"score": scores.get(s, default)} for s in ALL}}})


def sides(**named) -> pl.Sides:
    return pl.Sides(sides=named)


def test_nothing_is_shown_until_two_people_on_each_side_have_answered():
    entries = {"Ana": scored(default=5), "Ben": scored(default=4), "Cal": scored(default=2)}
    s = sides(Ana="a", Ben="a", Cal="b", Dee="b")
    view = pl.aggregate(entries, s).rounds["start"]
    assert view.respondents == {"a": 2, "b": 1} and not view.visible
    assert all(r.means == {"a": None, "b": None} and r.gap is None for r in view.rows)  # never one person's answer
    entries["Dee"] = scored(default=1, trust_other=3)
    view = pl.aggregate(entries, s).rounds["start"]
    assert view.visible and view.row("resources_adequate").means == {"a": 4.5, "b": 1.5}
    assert view.row("resources_adequate").gap == pytest.approx(3.0) and view.row("resources_adequate").flagged
    assert view.rows[-1].statement == "trust_other" and view.row("trust_other").gap == pytest.approx(2.0)


def test_a_statement_fewer_than_two_on_a_side_answered_stays_hidden():
    dee = pl.Entry.model_validate({"rounds": {"start": {"trust_other": {"score": 1}}}})
    entries = {"Ana": scored(default=4), "Ben": scored(default=4), "Cal": scored(default=4), "Dee": dee}
    view = pl.aggregate(entries, sides(Ana="a", Ben="a", Cal="b", Dee="b")).rounds["start"]
    assert view.visible
    assert view.row("trust_other").means == {"a": 4, "b": 2.5} and view.row("trust_other").flagged
    assert view.row("kpis_used").means["b"] is None and view.row("kpis_used").gap is None


def test_the_gap_threshold_is_inclusive_and_answers_without_a_side_do_not_count():
    entries = {"Ana": scored(default=4), "Ben": scored(default=4), "Cal": scored(default=3), "Dee": scored(default=3),
               "Eve": scored(default=1)}
    pulse = pl.aggregate(entries, sides(Ana="a", Ben="a", Cal="b", Dee="b"))
    assert pulse.unassigned == ["Eve"] and pulse.represented
    row = pulse.rounds["start"].row("strategy_clear")
    assert row.gap == pytest.approx(pl.GAP_FLAG) and row.flagged
    close = {**entries, "Cal": scored(default=4), "Dee": scored(default=3)}
    assert not pl.aggregate(close, sides(Ana="a", Ben="a", Cal="b", Dee="b")).rounds["start"].row("strategy_clear").flagged


def test_movement_between_the_rounds_and_the_latest_round():
    entries = {}
    for name, side_score in (("Ana", (5, 5)), ("Ben", (5, 4)), ("Cal", (1, 3)), ("Dee", (2, 4))):
        start, end = side_score
        entries[name] = pl.Entry.model_validate({"rounds": {"start": {"resources_adequate": {"score": start}},
                                                            "end": {"resources_adequate": {"score": end}}}})
    pulse = pl.aggregate(entries, sides(Ana="a", Ben="a", Cal="b", Dee="b"))
    [move] = pulse.movement()
    assert move["gap_start"] == pytest.approx(3.5) and move["gap_end"] == pytest.approx(1.0)
    assert move["change"] == {"a": pytest.approx(-0.5), "b": pytest.approx(2.0)}
    assert pl.latest_round(pulse).round == "end"
    only_start = {n: pl.Entry(rounds={"start": e.rounds["start"]}) for n, e in entries.items()}
    assert pl.aggregate(only_start, sides(Ana="a", Ben="a", Cal="b", Dee="b")).movement() == []


def test_a_crack_is_seen_sound_only_when_both_sides_rate_it_well_and_agree():
    s = sides(Ana="a", Ben="a", Cal="b", Dee="b")
    fine = {n: scored(default=4) for n in ("Ana", "Ben", "Cal", "Dee")}
    view = pl.aggregate(fine, s).rounds["start"]
    assert {c: pl.crack_seen(view, c) for c in set(pl.STATEMENTS.values())} == dict.fromkeys(set(pl.STATEMENTS.values()), True)
    low_b = {**fine, "Cal": scored(default=4, resources_adequate=2), "Dee": scored(default=4, resources_adequate=3)}
    assert pl.crack_seen(pl.aggregate(low_b, s).rounds["start"], "resources") is False  # a 1.5 gap
    both_low = {n: scored(default=3) for n in fine}
    assert pl.crack_seen(pl.aggregate(both_low, s).rounds["start"], "trust") is False  # agreed, but not sound
    hidden = pl.aggregate({"Ana": scored()}, s).rounds["start"]
    assert pl.crack_seen(hidden, "trust") is None


def test_answers_and_sides_are_validated():
    e = pl.answer(pl.Entry(), "start", "trust_other", 4)
    e = pl.answer(e, "start", "trust_other", comment="They <b>delivered</b>")
    assert e.rounds["start"]["trust_other"].model_dump() == {"score": 4, "comment": "They <b>delivered</b>"}
    assert pl.answer(e, "start", "trust_other", None).rounds["start"]["trust_other"].score is None
    cleared = pl.answer(pl.answer(pl.Entry(), "end", "kpis_used", 2), "end", "kpis_used", None)
    assert cleared.rounds["end"] == {}
    for bad in ((("start", "trust_other", 6)), ("middle", "trust_other", 3), ("start", "no_such", 3)):
        with pytest.raises(ModelError):
            pl.answer(pl.Entry(), *bad)
    with pytest.raises(ModelError) as exc:
        pl.choose_side(pl.Sides(), "Ana", "a", assigned=True)
    assert exc.value.problems[0].code == "pulse.sides_assigned"
    assert pl.choose_side(pl.Sides(), "Ana", "b").sides == {"Ana": "b"}
    assert pl.choose_side(sides(Ana="b"), "Ana", None).sides == {}
    assert pl.assign_sides(sides(Ana="b"), {"Ana": "a", "Ben": "b"}).sides == {"Ana": "a", "Ben": "b"}
    with pytest.raises(ModelError):
        pl.choose_side(pl.Sides(), "Ana", "c")


@settings(max_examples=120, deadline=None)
@given(st.dictionaries(st.sampled_from(["Ana", "Ben", "Cal", "Dee", "Eve"]),
                       st.tuples(st.sampled_from(pl.SIDES), st.lists(st.integers(1, 5), min_size=len(pl.STATEMENTS),
                                                                   max_size=len(pl.STATEMENTS))), max_size=5))
def test_no_side_view_ever_rests_on_fewer_than_two_people(people):
    entries = {n: pl.Entry.model_validate({"rounds": {"start": {s: {"score": v} for s, v in zip(pl.STATEMENTS, vs,
                                                                                                  strict=True)}}})
               for n, (_, vs) in people.items()}
    view = pl.aggregate(entries, pl.Sides(sides={n: side for n, (side, _) in people.items()})).rounds["start"]
    for row in view.rows:
        for s in pl.SIDES:
            if row.means[s] is not None:
                assert row.counts[s] >= pl.MIN_PER_SIDE and view.respondents[s] >= pl.MIN_PER_SIDE
                if row.gap is not None:
                    assert row.flagged == (abs(row.gap) >= pl.GAP_FLAG - 1e-9)


def test_untrusted_documents_are_refused():
    for bad in ({"rounds": {"start": {"trust_other": {"score": 0}}}}, {"rounds": {"later": {}}},
                {"rounds": {"start": {"trust_other": {"score": "5"}}}}, {"extra": 1}):
        with pytest.raises(ValidationError):
            pl.Entry.model_validate(bad)
