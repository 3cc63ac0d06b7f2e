"""Registers the partner selection module and its demo data."""

from __future__ import annotations

from widgets.contract import hooks_of
from widgets.demo import DemoRequest
from widgets.model.weights import apportion
from widgets.modules.partner_selection import model as ps
from widgets.modules.partner_selection import report
from widgets.modules.partner_selection.case import CaseSection
from widgets.modules.partner_selection.case import of as case_of
from widgets.modules.partner_selection.section import PartnerSelectionSection
from widgets.registry import ModuleSpec, register

DEMO_NOTES = 4  # demo.note.1 ... demo.note.4 in the event's language


def demo(req: DemoRequest) -> dict:
    """Plausible scores: each candidate has a 'true' profile; members see it with noise.

    Team 0 mostly agrees; every third team disagrees strongly; every fourth team has a
    member whose own weights favour another candidate (robustness below full); some teams
    add a criterion of their own.
    """
    rng, case = req.rng, req.case
    criteria = [c.id for c in case_of(case).criteria]
    candidates = [c.id for c in case.candidates]
    truth = {c: {k: rng.randint(2, 5) for k in criteria} for c in candidates}
    noise = 0 if req.team_index == 0 else (2 if req.team_index % 3 == 1 else 1)
    members = {}
    for position, name in enumerate(req.members):
        raw = {k: rng.uniform(0.5, 2.0) for k in criteria}
        if req.team_index % 4 == 3 and position == len(req.members) - 1:
            favourite = candidates[-1]
            raw = {k: (6.0 if truth[favourite][k] >= 4 else 0.2) for k in criteria}
        scores, notes = {}, {}
        for c in candidates:
            row = {}
            for k in criteria:
                if req.team_index % 5 == 4 and position == 0 and rng.random() < 0.4:
                    continue  # an unfinished grid
                row[k] = max(1, min(5, truth[c][k] + rng.randint(-noise, noise)))
            scores[c] = row
            if rng.random() < 0.2:
                notes[c] = {rng.choice(criteria): req.tr(f"demo.note.{rng.randint(1, DEMO_NOTES)}")}
        members[name] = {"weights": apportion(raw), "scores": scores, "notes": notes}
    team = None
    if req.team_index % 4 == 2:
        lists = ps.default_lists(case)
        lists = ps.add_criterion(lists, req.tr("demo.criterion"), {})
        team = lists.model_dump()
    return {"members": members, "team": team}


SPEC = register(ModuleSpec(
    key=ps.KEY,
    order=10,
    title="module.partner_selection.title",
    phase="imagine",
    entry_model=ps.Entry,
    team_model=ps.TeamLists,
    view="widgets.modules.partner_selection.view:PartnerSelectionView",
    section_model=PartnerSelectionSection,
    case_model=CaseSection,  # the criteria the candidates are scored on
    case_fields_v1=("criteria",),
    **hooks_of(report),
    demo=demo,
))
