"""Registers the governance design module and its demo data."""

from __future__ import annotations

from widgets.contract import hooks_of
from widgets.demo import DemoRequest
from widgets.modules.goals_kpis import model as gk
from widgets.modules.governance import model as gv
from widgets.modules.governance import report
from widgets.modules.governance.case import CaseSection, check_case
from widgets.modules.governance.case import of as case_of
from widgets.modules.governance.section import GovernanceSection
from widgets.modules.roles import model as rm
from widgets.registry import ModuleSpec, register


def demo(req: DemoRequest) -> dict:
    """Designs from the case with varied fixes: some teams add deadlock breakers and a full
    ladder, others leave consensus decisions without one; members differ on cadences."""
    rng, case = req.rng, req.case
    careful = req.team_index % 2 == 0
    members = {}
    for name in req.members:
        design = gv.default_entry(case).model_dump(mode="json")
        for d in design["decisions"].values():
            if careful or rng.random() < 0.3:
                d["breaker"] = rng.choice(["escalate", "escalate", "mediation", "chair"])
                d["last"] = rng.choice(["fallback", "status_quo", "arbitration"]) if careful else None
            d["days"] = rng.choice([14, 30, 45])
        for body in design["bodies"].values():
            body["chair"] = rng.choice(["a", "b", "rotating"])
            if rng.random() < 0.3:
                body["cadence"] = rng.choice(list(gv.CADENCES))
        if req.team_index % 3 == 2:
            design["bodies"][case_of(case).bodies[-1].id]["members_b"] = 0  # a body with one partner only
        # careful teams climb to the CEOs; some keep the sponsors, who already sit on the committee
        design["ladder"] = {"alliance_managers": 7, "steering_committee": 14,
                            "executive_sponsors": rng.choice([0, 14])} if careful else {"alliance_managers": 10}
        design["final"] = rng.choice(["ceos", "mediation"]) if careful else "none"
        design["health_review"] = rng.choice(["quarterly", "semiannual"])
        if careful:  # the goals demo proposes "<member>#k1" and "<member>#k2"
            design["reporting"] = {f"{m}#k{i}": rng.choice(["management", "steering"])
                                   for m in req.members for i in (1, 2)}
        design["exit_triggers"] = ["acquisition", "results_missed"] + (["cannot_work_together"] if careful else [])
        design["exit_plan"] = ["protect_customers", "communication"] if careful else ["communication"]
        design["succession"] = ["deputy", "partner_meets", "handover"] if careful else ["handover"]
        members[name] = design
    return {"members": members}


SPEC = register(ModuleSpec(
    key=gv.KEY,
    order=50,
    title="module.governance.title",
    phase="execute",
    entry_model=gv.Entry,
    view="widgets.modules.governance.view:GovernanceView",
    section_model=GovernanceSection,
    case_model=CaseSection,  # bodies, decision map, scenarios; who sits where; the disputes over rights or facts
    case_fields_v1=("bodies", "decisions", "scenarios"),
    check_case=check_case,  # bodies' roles and decisions' activities are the roles section's
    uses=(gk.KEY, rm.KEY),  # the reporting plan lists the team's KPIs; the decision map is compared with the RACI
    **hooks_of(report),
    demo=demo,
))
