"""Facilitator computations: controls, progress, comparisons across teams, the debrief board."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from widgets import demo
from widgets.model import dashboard
from widgets.model.controls import Controls, clock, start_timer
from widgets.model.problems import ModelError, validate
from widgets.report.export import event_export
from widgets.store import Store

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)


def test_controls_validate_and_time():
    c = start_timer(Controls(), 15, "Partner selection", now=NOW)
    assert c.remaining(NOW) == 900 and c.remaining(NOW + timedelta(minutes=20)) == 0
    assert Controls().remaining(NOW) is None and clock(65) == "01:05" and clock(3725) == "1:02:05"
    assert start_timer(Controls(), 10_000, now=NOW).remaining(NOW) == 240 * 60
    for bad in ({"locked": ["<b>"]}, {"broadcast": "x" * 2000}, {"reveal": "maybe"}, {"extra": 1}):
        with pytest.raises(ModelError):
            validate(Controls, bad)
    assert validate(Controls, {"broadcast": "  Back in 5\x07 "}).broadcast == "Back in 5"


@pytest.fixture
def export(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    demo.generate(s, "EV", "medtech-distribution", teams=6, participants=4)
    s.join("EV", "Late", "Newcomer")  # a team that has done nothing yet
    event = s.get_event("EV")
    yield s.event_overview(event.id), event_export(s, "EV")["teams"]
    s.close()


def test_progress_counts_members_and_inputs(export):
    overview, teams = export
    now = datetime.now(timezone.utc)
    grid = {p.team: p for p in dashboard.progress(overview, teams, ["partner_selection", "roles"], now=now)}
    assert grid["Blue"].members == 4 and grid["Blue"].done == {"partner_selection": 1.0, "roles": 1.0}
    assert grid["Late"].members == 1 and grid["Late"].done == {"partner_selection": 0.0, "roles": 0.0}
    assert grid["Late"].active == 1  # just joined
    later = {p.team: p for p in dashboard.progress(overview, teams, ["roles"], now=now + timedelta(minutes=5))}
    assert later["Late"].active == 0


def test_comparisons_and_board(export):
    _, teams = export
    comp = {c.team: c for c in dashboard.comparisons(teams)}
    assert comp["Late"].partner is None and comp["Late"].robustness == "–" and comp["Late"].balance is None
    assert comp["Blue"].partner is not None and comp["Blue"].kpis >= 0
    assert {c.balance for c in comp.values()} >= {"balanced", "lopsided"}
    assert any(c.deadlocks for c in comp.values()) and any(not c.deadlocks for c in comp.values() if c.team != "Late")
    assert len(comp["Blue"].health) == 6
    tallies = dashboard.tallies(dashboard.comparisons(teams))
    votes, stages = tallies["facilitator.col_partner"], tallies["initiatives.col_life_cycle"]
    assert set(stages) <= {"assess", "form", "operate", "evolve", "exit"} and sum(stages.values()) == 6
    assert sum(votes.values()) == 6 and list(votes.values()) == sorted(votes.values(), reverse=True)
    board = dashboard.debrief_board(teams, limit=5)
    modules = {c["module"] for t in teams for c in t["contested"]}
    assert len(board) == 5 and len({b.module for b in board}) == min(5, len(modules))  # one per module first


def _contested(module: str, level: float, team: str = "T1", item: str = "") -> dict:
    return {"module": module, "item": item or f"{module} {level}", "detail": "", "level": level}


def test_the_debrief_board_takes_turns_between_modules():
    """A room's board of 12 was almost all initiative scores: every module now has its turn,
    most contested items first, and a module that runs out leaves its places to the others."""
    teams = [{"name": "T1", "contested": [_contested("initiatives", 1.0 - i / 100) for i in range(20)]
              + [_contested("roles", 0.5), _contested("roles", 0.4), _contested("risk", 0.3)]},
             {"name": "T2", "contested": [_contested("initiatives", 0.995, "T2"), _contested("governance", 0.2, "T2"),
                                          _contested("partner_selection", 0.9, "T2")]}]
    board = dashboard.debrief_board(teams)
    assert len(board) == 12
    assert [b.module for b in board[:5]] == ["initiatives", "partner_selection", "roles", "risk", "governance"]
    assert [b.level for b in board[:2]] == [1.0, 0.9] and board[5].module == "initiatives" and board[5].team == "T2"
    assert board[6].module == "roles"  # round 2: initiatives and roles only
    assert [b.module for b in board[7:]] == ["initiatives"] * 5  # the others have run out
    assert sum(b.module == "initiatives" for b in board) == 7
    within = [b.level for b in board if b.module == "initiatives"]
    assert within == sorted(within, reverse=True)  # each module's most contested first
    assert dashboard.debrief_board(teams, limit=3) == board[:3] and dashboard.debrief_board([]) == []
