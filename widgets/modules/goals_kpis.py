"""Registers the goals and KPIs module and its demo data."""

from __future__ import annotations

from widgets.demo import DemoRequest
from widgets.model import goals_kpis as gk
from widgets.registry import ModuleSpec, register
from widgets.report import goals_kpis as report

GOALS = ["Win the first 40 key accounts together", "Cut the time to go live for a customer to 30 days",
         "Build a joint team that customers trust", "Reach break-even on the alliance in year two",
         "Launch the next product generation together"]
KPIS = [
    ("Joint bookings", "revenue", "quantitative", 0, 6_000_000, "USD", "long", "both", "Alliance manager", "quarterly"),
    ("Signed customer commitments", "sales_commitments", "quantitative", 0, 40, "customers", "short", "both",
     "Sales lead B", "monthly"),
    ("Installation lead time", "cost_savings", "quantitative", 75, 30, "days", "short", "a", "Service lead", "monthly"),
    ("Partner satisfaction survey", "relationship", "qualitative", None, None, "", "short", "both",
     "Alliance managers", "semiannual"),
    ("Certified field engineers", "capability", "quantitative", 2, 25, "engineers", "long", "b", "", "quarterly"),
    ("Clinician uptime rating", "customer", "qualitative", None, None, "", None, "both", "Product lead", None),
]


def demo(req: DemoRequest) -> dict:
    """Every member proposes; endorsement varies by team; some sets are one-sided or incomplete."""
    rng = req.rng
    members = {}
    pool = list(range(len(KPIS)))
    if req.team_index % 3 == 1:  # a one-sided team: no relationship KPI, benefits to A only
        pool = [0, 2, 4]
    for position, name in enumerate(req.members):
        goals = [{"id": f"g{i + 1}", "text": GOALS[(position + i + req.team_index) % len(GOALS)]}
                 for i in range(1 if position else 2)]
        kpis = []
        for i in range(rng.randint(1, 2)):
            n, cat, kind, base, target, unit, horizon, side, owner, freq = KPIS[pool[(position * 2 + i) % len(pool)]]
            if req.team_index % 3 == 1:
                side = "a"
            kpis.append({"id": f"k{i + 1}", "name": n, "goal": f"{name}#g1", "category": cat, "kind": kind,
                         "baseline": base, "target": target, "unit": unit,
                         "scale": "" if kind == "quantitative" else "1-5 survey of both teams",
                         "horizon": horizon, "beneficiary": side, "owner": owner, "frequency": freq})
        members[name] = {"goals": goals, "kpis": kpis, "endorse": []}
    refs = [gk.ref(m, item["id"]) for m, doc in members.items() for item in doc["goals"] + doc["kpis"]]
    for name, doc in members.items():
        doc["endorse"] = [r for r in refs if not r.startswith(name + "#") and rng.random() < 0.45]
    team = {
        "vision": f"{req.case.companies['a'].name} and {req.case.companies['b'].name} win together the "
                  "customers neither could win alone, with service those customers trust.",
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
    view="widgets.ui.goals_kpis:GoalsKpisView",
    section=report.section,
    charter=report.charter,
    sheet=report.sheet,
    facts=report.facts,
    comparison=report.comparison,
    reference_points=report.reference_points,
    messages="goals",
    demo=demo,
))
