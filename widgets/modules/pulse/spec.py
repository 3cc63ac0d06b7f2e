"""Registers the perception pulse and its demo data."""

from __future__ import annotations

from widgets.contract import hooks_of
from widgets.demo import DemoRequest
from widgets.modules.pulse import model as pl
from widgets.modules.pulse import report, upgrades
from widgets.modules.pulse.section import PulseSection
from widgets.registry import ModuleSpec, register

# how each company's people tend to see the alliance in the demo: A (the bigger company) is
# content with its own commitment and resources; B doubts them, and both trust each other
LEAN = {"a": {"sponsors_engaged": 1, "resources_adequate": 1, "decisions_timely": 0},
        "b": {"sponsors_engaged": -1, "resources_adequate": -2, "decisions_timely": -1}}


def demo(req: DemoRequest) -> dict:
    """Members split between the two companies (every fourth team has only one side); everyone
    answers the start round, every other team the end round as well, where the gaps narrow."""
    rng = req.rng
    one_sided = req.team_index % 4 == 3
    sides = {name: ("a" if one_sided or i % 2 == 0 else "b") for i, name in enumerate(req.members)}
    members = {}
    for name, side in sides.items():
        rounds = {}
        for round_ in pl.ROUNDS if req.team_index % 2 == 0 else ("start",):
            narrow = 0.5 if round_ == "end" else 1.0
            rounds[round_] = {
                s: {"score": max(1, min(5, round(3.5 + narrow * LEAN[side].get(s, 0) + rng.choice((-0.5, 0, 0.5))))),
                    "comment": req.tr("pulse.demo_comment") if s == "resources_adequate" and side == "b" else ""}
                for s in pl.STATEMENTS}
        members[name] = {"rounds": rounds}
    return {"members": members, "team": {"sides": sides}}


SPEC = register(ModuleSpec(
    key=pl.KEY,
    order=58,
    title="module.pulse.title",
    phase="execute",
    entry_model=pl.Entry,
    team_model=pl.Sides,
    view="widgets.modules.pulse.view:PulseView",
    section_model=PulseSection,
    facilitator="widgets.modules.pulse.facilitator:PulsePanel",
    settings_model=pl.Settings,
    data_steps=(upgrades.settings_out_of_controls,),
    confidential=True,  # answers are shown only per company: never in a teammate's download
    **hooks_of(report),
    demo=demo,
))
