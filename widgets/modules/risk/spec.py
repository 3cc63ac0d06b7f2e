"""Registers the risk balancing module and its demo data."""

from __future__ import annotations

from widgets.contract import hooks_of
from widgets.demo import DemoRequest
from widgets.modules.risk import model as rk
from widgets.modules.risk import report
from widgets.modules.risk.case import CaseSection
from widgets.modules.risk.case import of as case_of
from widgets.modules.risk.section import RiskSection
from widgets.registry import ModuleSpec, register


def demo(req: DemoRequest) -> dict:
    """Estimates around the case's values; every other team loads the risk onto partner A,
    some teams disagree strongly; some mitigations are written, some are missing."""
    rng, case = req.rng, req.case
    lopsided = req.team_index % 2 == 1
    members = {}
    for name in req.members:
        spread = 2 if req.team_index % 3 == 2 else 1
        risks = {}
        for r in case_of(case).risks:
            risks[r.id] = {"likelihood": max(1, min(5, r.likelihood + rng.randint(-spread, spread))),
                           "impact": max(1, min(5, r.impact + rng.randint(-spread, spread))),
                           "share_a": 85 if lopsided else max(0, min(100, r.share_a + rng.randint(-15, 15)))}
        contributions = {c: {"a": rng.randint(2, 5), "b": rng.randint(1 if lopsided else 2, 3 if lopsided else 5)}
                         for c in rk.CONTRIBUTIONS}
        benefits = {c: {"a": rng.randint(1, 3) if lopsided else rng.randint(2, 5), "b": rng.randint(2, 5)}
                    for c in rk.BENEFITS}
        members[name] = {"contributions": contributions, "benefits": benefits, "risks": risks}
    register_ = rk.default_register(case)
    for i, item in enumerate(register_.risks):
        if (i + req.team_index) % 3 != 0:
            register_ = rk.set_treatment(register_, item.id, mitigation=req.tr("demo.mitigation"),
                                         owner=req.tr("demo.owner.alliance_managers") if i % 2 else "")
    return {"members": members, "team": register_.model_dump()}


SPEC = register(ModuleSpec(
    key=rk.KEY,
    order=40,
    title="module.risk.title",
    phase="align",
    entry_model=rk.Entry,
    team_model=rk.Register,
    view="widgets.modules.risk.view:RiskView",
    section_model=RiskSection,
    case_model=CaseSection,  # the risks a team's register starts with
    case_fields_v1=("risks",),
    **hooks_of(report),
    demo=demo,
))
