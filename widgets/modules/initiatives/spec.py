"""Registers the initiatives and launch module and its demo data."""

from __future__ import annotations

from widgets.contract import hooks_of
from widgets.demo import DemoRequest
from widgets.model.weights import apportion
from widgets.modules.initiatives import gates as gt
from widgets.modules.initiatives import model as ini
from widgets.modules.initiatives import report
from widgets.modules.initiatives.case import CaseSection
from widgets.modules.initiatives.case import of as case_of
from widgets.modules.initiatives.section import InitiativesSection
from widgets.registry import ModuleSpec, register

# people each company can assign, by team: one fits its plan, one overloads Norvia's side,
# the others have not said yet
CAPACITY = [{"a": 15, "b": 15}, {"a": None, "b": None}, {"a": 4, "b": 12}, {"a": None, "b": None}]


def demo(req: DemoRequest) -> dict:
    """Members weight the criteria (some teams far apart), propose the case's ideas and score
    them; every third team proposes only what one company gains; capacity is stated by some
    teams and exceeded by some; the top initiative has its concept evidence in some teams."""
    rng, tr = req.rng, req.tr
    ideas = case_of(req.case).ideas
    one_sided = req.team_index % 3 == 1
    members = {}
    taken = 0  # each idea is proposed once in a team: members take the case's ideas in turn
    for position, name in enumerate(req.members):
        entry = ini.Entry()
        for _ in range(2 if position < 2 else 1):
            if taken >= len(ideas):
                break
            data = ideas[(taken + req.team_index) % len(ideas)].initiative(tr.lang)
            taken += 1
            if one_sided:
                data["gain_b"] = ""
                data["gain_a"] = data["gain_a"] or tr("initiatives.demo_initiative_gain")
            entry = ini.put_initiative(entry, data)
        members[name] = entry
    refs = [ini.ref(m, i.id) for m, e in members.items() for i in e.initiatives]
    docs = {}
    for name, entry in members.items():
        # members judge near a shared view of each initiative; one cell per team is contested
        scores = {r: {k: max(1, min(5, 2 + (n + j) % 3 + rng.randint(0, 1))) for j, k in enumerate(ini.CRITERIA)}
                  for n, r in enumerate(refs)}
        if refs and req.members.index(name) == 0:
            scores[refs[-1]]["financial_return"] = 5
        elif refs:
            scores[refs[-1]]["financial_return"] = 2
        docs[name] = {**entry.model_dump(mode="json"), "weights": weights_of(req, name), "scores": scores}
    board = {"plan_size": 3, "capacity": CAPACITY[req.team_index % len(CAPACITY)],
             "gates": {}, "narrow_to": tr("initiatives.demo_narrow_to") if req.team_index % 4 == 0 else "", "exiting": False}
    plan = ini.aggregate({m: ini.Entry.model_validate(d) for m, d in docs.items()}, ini.Board()).plan
    if plan and req.team_index % 2 == 0:  # the top initiative has its concept evidence
        board["gates"][plan[0]] = {q: tr("initiatives.demo_evidence") for q in gt.GATES["concept"]}
    return {"members": docs, "team": board}


def weights_of(req: DemoRequest, name: str) -> dict[str, int]:
    """Every third team weights the criteria far apart (each member on one criterion)."""
    position = req.members.index(name)
    if req.team_index % 3 == 2:
        focus = ini.CRITERIA[position % len(ini.CRITERIA)]
        return {k: (60 if k == focus else 10) for k in ini.CRITERIA}
    return apportion({k: 18 + (position + i + req.team_index) % 3 * 2 for i, k in enumerate(ini.CRITERIA)})


SPEC = register(ModuleSpec(
    key=ini.KEY,
    order=55,
    title="module.initiatives.title",
    phase="execute",
    entry_model=ini.Entry,
    team_model=ini.Board,
    case_model=CaseSection,
    view="widgets.modules.initiatives.view:InitiativesView",
    section_model=InitiativesSection,
    uses=report.OTHERS,
    **hooks_of(report),
    demo=demo,
))
