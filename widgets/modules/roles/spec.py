"""Registers the role clarity module and its demo data."""

from __future__ import annotations

from widgets.contract import hooks_of
from widgets.demo import DemoRequest
from widgets.modules.roles import model as rm
from widgets.modules.roles import report
from widgets.modules.roles.case import CaseSection
from widgets.modules.roles.case import of as case_of
from widgets.modules.roles.section import RolesSection
from widgets.registry import ModuleSpec, register


def _plausible(req: DemoRequest) -> dict[str, dict[str, str]]:
    """A reasonable grid: one Accountable per activity (now and then doing the work too, A/R),
    Responsible work on both sides."""
    rng = req.rng
    columns = rm.columns_for(req.case)
    sides = {p: [c for c in columns if c.startswith(p + ":")] for p in rm.PARTNERS}
    grid = {}
    for i, act in enumerate(a.id for a in case_of(req.case).activities):
        row = {}
        # the joint committee owns the first activity (the strategy): a decision both take together
        lead = columns[0] if i == 0 and columns[0].startswith(rm.JOINT + ":") else columns[(i * 5 + 1) % len(columns)]
        row[lead] = "AR" if i % 5 == 4 else "A"
        for partner in rm.PARTNERS:
            row.setdefault(rng.choice(sides[partner]), "R")
        row.setdefault(rng.choice(columns), rng.choice("CI"))
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
                grid[act][rng.choice(rm.columns_for(req.case))] = rng.choice(rm.LETTERS)
        if req.team_index % 4 == 3 and position < 3:  # most of the team gives two Accountables
            act = activities[0]
            grid[act] = {**grid[act], rm.column("b", rm.MANAGER): "A", rm.column("a", rm.MANAGER): "A"}
        members[name] = {"grid": grid}
    # where the sponsors sit: every fourth team (from the second) has a director sponsoring on one side
    levels = {"a": "director" if req.team_index % 4 == 1 else "executive", "b": "ceo"}
    team = rm.set_sponsor_level(rm.set_sponsor_level(rm.default_team(req.case), "a", levels["a"]), "b", levels["b"])
    # how the joint committee decides: every third team (from the third) never says
    if req.team_index % 3 != 2:
        for role in (r for r in case_of(req.case).roles if r.joint):
            team = rm.set_joint_rule(team, role.id, rng.choice(["consensus", "consensus", "company_vote"]))
    return {"members": members, "team": team.model_dump()}


SPEC = register(ModuleSpec(
    key=rm.KEY,
    order=30,
    title="module.roles.title",
    phase="align",
    entry_model=rm.Entry,
    team_model=rm.TeamRoles,
    view="widgets.modules.roles.view:RolesView",
    section_model=RolesSection,
    case_model=CaseSection,  # the RACI grid's activities and roles
    case_fields_v1=("activities", "roles"),
    **hooks_of(report),
    demo=demo,
))
