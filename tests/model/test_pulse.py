"""The perception pulse: sides, the three-per-side rule, gaps, flags, movement and health."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from widgets.model.problems import ModelError
from widgets.modules.pulse import model as pl

ALL = list(pl.STATEMENTS)


def scored(round_="start", **scores) -> pl.Entry:
    """An entry that answers every statement with ``default`` unless named."""
    default = scores.pop("default", 3)
    return pl.Entry.model_validate({"rounds": {round_: {s: {"score": scores.get(s, default)} for s in ALL}}})


def sides(**named) -> pl.Sides:
    return pl.Sides(sides=named)


def test_three_people_per_side_protect_each_person():
    """With two on a side, each could work out the other's score from the mean and their own."""
    assert pl.MIN_PER_SIDE == 3


def test_nothing_is_shown_until_three_people_on_each_side_have_answered():
    entries = {"Ana": scored(default=5), "Ben": scored(default=4), "Eli": scored(default=3),
               "Cal": scored(default=2, trust_other=3), "Dee": scored(default=1, trust_other=3)}
    s = sides(Ana="a", Ben="a", Eli="a", Cal="b", Dee="b", Fay="b")
    view = pl.aggregate(entries, s).rounds["start"]
    assert view.respondents == {"a": 3, "b": 2} and not view.visible and view.needed == {"a": 0, "b": 1}
    assert all(r.means == {"a": None, "b": None} and r.gap is None and r.comments == {"a": (), "b": ()}
               for r in view.rows)  # two on a side: each would know the other's answer
    entries["Fay"] = scored(default=3, trust_other=3)
    view = pl.aggregate(entries, s).rounds["start"]
    assert view.visible and view.needed == {"a": 0, "b": 0}
    assert view.row("resources_adequate").means == {"a": 4.0, "b": 2.0}
    assert view.row("resources_adequate").gap == pytest.approx(2.0) and view.row("resources_adequate").flagged
    assert view.rows[-1].statement == "trust_other" and view.row("trust_other").gap == pytest.approx(1.0)


def test_the_facilitator_sees_how_many_more_answers_each_side_needs():
    s = sides(Ana="a", Ben="a", Cal="b")
    assert pl.aggregate({}, s).rounds["start"].needed == {"a": 3, "b": 3}
    view = pl.aggregate({"Ana": scored(), "Cal": scored()}, s).rounds["start"]
    assert view.needed == {"a": 2, "b": 2}
    assert pl.aggregate({"Ana": scored(), "Cal": scored()}, s).rounds["end"].needed == {"a": 3, "b": 3}


def test_a_statement_fewer_than_three_on_a_side_answered_stays_hidden():
    dee = pl.Entry.model_validate({"rounds": {"start": {"trust_other": {"score": 1}}}})
    entries = {"Ana": scored(default=4), "Ben": scored(default=4), "Eli": scored(default=4),
               "Cal": scored(default=4), "Fay": scored(default=4), "Dee": dee}
    view = pl.aggregate(entries, sides(Ana="a", Ben="a", Eli="a", Cal="b", Dee="b", Fay="b")).rounds["start"]
    assert view.visible
    assert view.row("trust_other").means == {"a": 4, "b": 3} and view.row("trust_other").flagged
    assert view.row("kpis_used").means["b"] is None and view.row("kpis_used").gap is None


def test_the_gap_threshold_is_inclusive_and_answers_without_a_side_do_not_count():
    entries = {"Ana": scored(default=4), "Ben": scored(default=4), "Eli": scored(default=4),
               "Cal": scored(default=3), "Dee": scored(default=3), "Fay": scored(default=3), "Eve": scored(default=1)}
    six = sides(Ana="a", Ben="a", Eli="a", Cal="b", Dee="b", Fay="b")
    pulse = pl.aggregate(entries, six)
    assert pulse.unassigned == ["Eve"] and pulse.represented
    row = pulse.rounds["start"].row("strategy_clear")
    assert row.gap == pytest.approx(pl.GAP_FLAG) and row.flagged
    close = {**entries, "Cal": scored(default=4), "Dee": scored(default=4)}
    assert not pl.aggregate(close, six).rounds["start"].row("strategy_clear").flagged


def test_movement_between_the_rounds_and_the_latest_round():
    entries = {}
    for name, side_score in (("Ana", (5, 5)), ("Ben", (5, 4)), ("Eli", (5, 3)),
                             ("Cal", (1, 3)), ("Dee", (2, 4)), ("Fay", (3, 2))):
        start, end = side_score
        entries[name] = pl.Entry.model_validate({"rounds": {"start": {"resources_adequate": {"score": start}},
                                                            "end": {"resources_adequate": {"score": end}}}})
    six = sides(Ana="a", Ben="a", Eli="a", Cal="b", Dee="b", Fay="b")
    pulse = pl.aggregate(entries, six)
    [move] = pulse.movement()
    assert move["gap_start"] == pytest.approx(3.0) and move["gap_end"] == pytest.approx(1.0)
    assert move["change"] == {"a": pytest.approx(-1.0), "b": pytest.approx(1.0)}
    assert pl.latest_round(pulse).round == "end"
    only_start = {n: pl.Entry(rounds={"start": e.rounds["start"]}) for n, e in entries.items()}
    assert pl.aggregate(only_start, six).movement() == []


def test_a_crack_is_seen_sound_only_when_both_sides_rate_it_well_and_agree():
    s = sides(Ana="a", Ben="a", Eli="a", Cal="b", Dee="b", Fay="b")
    fine = {n: scored(default=4) for n in ("Ana", "Ben", "Eli", "Cal", "Dee", "Fay")}
    view = pl.aggregate(fine, s).rounds["start"]
    assert {c: pl.crack_seen(view, c) for c in set(pl.STATEMENTS.values())} == dict.fromkeys(set(pl.STATEMENTS.values()), True)
    low_b = {**fine, "Cal": scored(default=4, resources_adequate=2), "Dee": scored(default=4, resources_adequate=3),
             "Fay": scored(default=4, resources_adequate=2)}
    assert pl.crack_seen(pl.aggregate(low_b, s).rounds["start"], "resources") is False  # a 1.67 gap
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
    assert cleared == pl.Entry()  # clearing the only answer leaves nothing, not an empty round
    assert pl.answer(pl.Entry(), "start", "trust_other", None, "") == pl.Entry()
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
@given(st.dictionaries(st.sampled_from(["Ana", "Ben", "Cal", "Dee", "Eve", "Fay", "Gil"]),
                       st.tuples(st.sampled_from(pl.SIDES), st.lists(st.integers(1, 5), min_size=len(pl.STATEMENTS),
                                                                   max_size=len(pl.STATEMENTS))), max_size=7))
def test_no_side_view_ever_rests_on_fewer_than_three_people(people):
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


def _commenting(per_side: int, statement: str = "trust_other") -> tuple[dict[str, pl.Entry], pl.Sides]:
    """``per_side`` people on each side, each scoring ``statement`` with a comment that sorts
    against the order they joined (the last to join writes the first comment)."""
    entries, assigned = {}, {}
    for side in pl.SIDES:
        for i in range(per_side):
            name = f"{side.upper()}{i}"
            comment = f"{chr(ord('z') - i)} from side {side}"
            entries[name] = pl.Entry.model_validate({"rounds": {"start": {statement: {"score": 3, "comment": comment}}}})
            assigned[name] = side
    return entries, pl.Sides(sides=assigned)


def test_comments_follow_the_means_rule_and_say_nothing_of_who_wrote_them():
    n = pl.MIN_PER_SIDE  # the model's minimum, whatever it is set to
    entries, s = _commenting(n - 1)
    row = pl.aggregate(entries, s).rounds["start"].row("trust_other")
    assert row.comments == {"a": (), "b": ()}  # fewer than the minimum: hidden with the mean
    entries, s = _commenting(n)
    row = pl.aggregate(entries, s).rounds["start"].row("trust_other")
    for side in pl.SIDES:
        assert list(row.comments[side]) == sorted(f"{chr(ord('z') - i)} from side {side}" for i in range(n))
    # the order does not depend on who wrote first
    backwards = pl.aggregate(dict(reversed(list(entries.items()))), s).rounds["start"].row("trust_other")
    assert backwards.comments == row.comments


def test_a_higher_minimum_hides_the_comments_too(monkeypatch):
    entries, s = _commenting(pl.MIN_PER_SIDE)
    assert pl.aggregate(entries, s).rounds["start"].row("trust_other").comments["a"]
    monkeypatch.setattr(pl, "MIN_PER_SIDE", pl.MIN_PER_SIDE + 1)
    row = pl.aggregate(entries, s).rounds["start"].row("trust_other")
    assert row.comments == {"a": (), "b": ()} and row.means == {"a": None, "b": None}


def test_a_side_whose_statement_is_hidden_keeps_its_comments_hidden():
    entries, s = _commenting(pl.MIN_PER_SIDE)
    # side b answers every other statement too, but only one of them answers trust_other
    for i, name in enumerate(n for n, side in s.sides.items() if side == "b"):
        entries[name] = scored(default=3) if i else scored(default=3, trust_other=2)
        entries[name].rounds["start"]["trust_other"].comment = "only me" if i == 0 else ""
        if i:
            del entries[name].rounds["start"]["trust_other"]
    for name in (n for n, side in s.sides.items() if side == "a"):
        entries[name] = pl.answer(scored(default=4), "start", "trust_other", comment="from a")
    view = pl.aggregate(entries, s).rounds["start"]
    assert view.visible and view.row("trust_other").means["b"] is None
    assert view.row("trust_other").comments["b"] == ()  # one person on side b: never shown
