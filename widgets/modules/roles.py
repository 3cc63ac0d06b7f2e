"""Registers the role clarity module and its demo data."""

from __future__ import annotations

from widgets.contract import hooks_of
from widgets.demo import DemoRequest
from widgets.model import roles as rm
from widgets.registry import ModuleSpec, register
from widgets.report import roles as report


def _plausible(req: DemoRequest) -> dict[str, dict[str, str]]:
    """A reasonable grid: one Accountable per activity, Responsible work on both sides."""
    rng = req.rng
    roles = [r.id for r in req.case.roles]
    grid = {}
    for i, act in enumerate(a.id for a in req.case.activities):
        row = {}
        lead = rm.column("a" if i % 2 == 0 else "b", roles[(i + 1) % len(roles)])
        row[lead] = "A"
        for partner in rm.PARTNERS:
            col = rm.column(partner, rng.choice(roles))
            row.setdefault(col, "R")
        row.setdefault(rm.column(rng.choice(rm.PARTNERS), rng.choice(roles)), rng.choice("CI"))
        grid[act] = row
    for partner in rm.PARTNERS:  # sponsors advocate, managers run the alliance
        grid.setdefault("advocacy", {}).setdefault(rm.column(partner, rm.SPONSOR), "R")
        grid.setdefault("strategy", {}).setdefault(rm.column(partner, rm.MANAGER), "R")
    return grid


def demo(req: DemoRequest) -> dict:
    """Team 0 agrees; others disagree on some cells; every third team leaves partner B idle;
    every fourth has a member who gives two Accountables."""
    rng = req.rng
    truth = _plausible(req)
    if req.team_index % 3 == 2:
        truth = {a: {c: ("C" if x == "R" and c.startswith("b:") else x) for c, x in row.items()}
                 for a, row in truth.items()}
    members = {}
    activities = list(truth)
    for position, name in enumerate(req.members):
        grid = {a: dict(row) for a, row in truth.items()}
        if req.team_index:
            changes = rng.randint(6, 10) if req.team_index % 3 == 1 else rng.randint(1, 4)
            for _ in range(changes):
                act = rng.choice(activities)
                col = rm.column(rng.choice(rm.PARTNERS), rng.choice([r.id for r in req.case.roles]))
                grid[act][col] = rng.choice(rm.LETTERS)
        if req.team_index % 4 == 3 and position < 3:  # most of the team gives two Accountables
            act = activities[0]
            grid[act] = {**grid[act], rm.column("b", rm.MANAGER): "A", rm.column("a", rm.MANAGER): "A"}
        members[name] = {"grid": grid}
    return {"members": members}


SPEC = register(ModuleSpec(
    key=rm.KEY,
    order=30,
    title="module.roles.title",
    phase="align",
    entry_model=rm.Entry,
    team_model=rm.TeamRoles,
    view="widgets.ui.roles:RolesView",
    **hooks_of(report),
    demo=demo,
))
