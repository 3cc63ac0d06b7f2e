"""Registers the goals and KPIs module and its demo data."""

from __future__ import annotations

from widgets.contract import hooks_of
from widgets.demo import DemoRequest
from widgets.modules.goals_kpis import model as gk
from widgets.modules.goals_kpis import report
from widgets.modules.goals_kpis.section import GoalsKpisSection
from widgets.registry import ModuleSpec, register

GOALS = 5  # demo.goal.1 ... demo.goal.5 in the event's language
# (name, category, kind, baseline, target, unit, horizon, beneficiary, owner, frequency); texts are message ids
DUE = {"short": 9, "long": 30}  # a demo KPI with a rhythm gets a date that matches its horizon
KPIS = [
    ("demo.kpi.1", "revenue", "quantitative", 0, 6_000_000, "USD", "long", "both", "alliance_manager", "quarterly"),
    ("demo.kpi.2", "sales_commitments", "quantitative", 0, 40, "customers", "short", "both", "sales_lead_b",
     "monthly"),
    ("demo.kpi.3", "cost_savings", "quantitative", 75, 30, "days", "short", "a", "service_lead", "monthly"),
    ("demo.kpi.4", "relationship", "qualitative", None, None, "", "short", "both", "alliance_managers", "semiannual"),
    ("demo.kpi.5", "capability", "quantitative", 2, 25, "engineers", "long", "b", "", "quarterly"),
    ("demo.kpi.6", "customer", "qualitative", None, None, "", None, "both", "product_lead", None),
]


def demo(req: DemoRequest) -> dict:
    """Every member proposes; endorsement varies by team; some sets are one-sided or incomplete."""
    rng, tr = req.rng, req.tr
    members = {}
    pool = list(range(len(KPIS)))
    if req.team_index % 3 == 1:  # a one-sided team: no relationship KPI, benefits to A only
        pool = [0, 2, 4]
    for position, name in enumerate(req.members):
        goals = [{"id": f"g{i + 1}", "text": tr(f"demo.goal.{(position + i + req.team_index) % GOALS + 1}")}
                 for i in range(1 if position else 2)]
        kpis = []
        for i in range(rng.randint(1, 2)):
            n, cat, kind, base, target, unit, horizon, side, owner, freq = KPIS[pool[(position * 2 + i) % len(pool)]]
            if req.team_index % 3 == 1:
                side = "a"
            kpis.append({"id": f"k{i + 1}", "name": tr(n), "goal": f"{name}#g1", "category": cat, "kind": kind,
                         "baseline": base, "target": target,
                         "unit": tr(f"demo.unit.{unit}") if unit and unit != "USD" else unit,
                         "scale": "" if kind == "quantitative" else tr("demo.scale"),
                         "horizon": horizon, "beneficiary": side, "owner": tr(f"demo.owner.{owner}") if owner else "",
                         "frequency": freq, "due_months": DUE.get(horizon) if freq else None})
        members[name] = {"goals": goals, "kpis": kpis, "endorse": []}
    refs = [gk.ref(m, item["id"]) for m, doc in members.items() for item in doc["goals"] + doc["kpis"]]
    for name, doc in members.items():
        doc["endorse"] = [r for r in refs if not r.startswith(name + "#") and rng.random() < 0.45]
    team = {
        "vision": tr("demo.vision", a=req.case.companies["a"].name, b=req.case.companies["b"].name),
        # every other team writes its scope, in and out; the others leave it open
        "scope_in": tr("demo.scope_in") if req.team_index % 2 == 0 else "",
        "scope_out": tr("demo.scope_out") if req.team_index % 2 == 0 else "",
        "horizon_years": 3 + req.team_index % 3,
        "a": {"investment": 1_200_000 + 100_000 * req.team_index, "annual_return": 650_000},
        "b": {"investment": 400_000, "annual_return": 90_000 if req.team_index % 2 else 240_000},
    }
    return {"members": members, "team": team}


SPEC = register(ModuleSpec(
    key=gk.KEY,
    order=20,
    title="module.goals_kpis.title",
    phase="imagine",
    entry_model=gk.Entry,
    team_model=gk.TeamPlan,
    view="widgets.modules.goals_kpis.view:GoalsKpisView",
    section_model=GoalsKpisSection,
    **hooks_of(report),
    demo=demo,
))
