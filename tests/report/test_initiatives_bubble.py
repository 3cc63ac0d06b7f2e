"""The portfolio chart: no bubble hides another, and the numbers inside stay readable."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from widgets.i18n import Translator
from widgets.modules.initiatives import report
from widgets.modules.initiatives.section import Initiative, InitiativesSection


def _item(rank: int, people: tuple[int, int], score: float, horizon: str = "short") -> Initiative:
    return Initiative(ref=f"Ana#i{rank}", title=f"Idea {rank}", author="Ana", customers="", gain_a="more sales",
                      gain_b="reach" if rank % 2 == 0 else "", horizon=horizon, people_a=people[0],
                      people_b=people[1], score=score, spread=0.0, rank=rank, scored_by=2, in_plan=rank < 3,
                      reached=None, next_gate=None, missing=[], evidence={})


def _markers(fig) -> list[tuple[float, float]]:
    return [(x, y) for trace in fig.data for x, y in zip(trace.x, trace.y, strict=True)]


def test_initiatives_on_the_same_spot_are_drawn_side_by_side():
    """A room saw four initiatives needing 3 people and scored 3.5 as one bubble."""
    items = [_item(1, (1, 2), 3.5), _item(2, (2, 1), 3.5, "long"), _item(3, (3, 0), 3.5), _item(4, (0, 3), 3.55),
             _item(5, (2, 2), 3.5), _item(6, (1, 1), 2.0)]
    fig = report.bubble(InitiativesSection(initiatives=items), Translator("es"))
    points = _markers(fig)
    assert len(points) == 6 and len(set(points)) == 6
    crowded = sorted(x for x, y in points if abs(y - 3.5) < 0.1 and round(x) == 3)
    assert len(crowded) == 4 and all(abs(x - 3) < 0.5 for x in crowded)  # still read as 3 people
    assert min(b - a for a, b in zip(crowded, crowded[1:], strict=False)) >= 0.2
    assert (4, 3.5) in points and (2, 2.0) in points  # alone: drawn where it is
    assert sorted(t for trace in fig.data for t in trace.text) == ["1", "2", "3", "4", "5", "6"]
    assert fig.layout.xaxis.dtick == 1
    assert _markers(report.bubble(InitiativesSection(initiatives=items), Translator("en"))) == points  # deterministic


@given(st.lists(st.tuples(st.integers(0, 6), st.sampled_from([1.0, 2.5, 3.0, 3.05, 3.1, 4.0, 5.0])), max_size=30))
def test_no_two_markers_share_coordinates(points):
    spread = report.spread_positions(points)
    assert len(set(spread)) == len(spread)
    for (x, y), (sx, sy) in zip(points, spread, strict=True):
        assert sy == y and abs(sx - x) < 0.5
