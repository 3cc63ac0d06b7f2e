"""The foundation health check: the six "cracks in the foundation" of an alliance, each
green, amber or red, computed from the team's own data.

Each crack is judged on three pieces of evidence taken from the modules' results. A piece of
evidence passes, fails, or is missing (the module has no input yet; missing counts as not
passed). The rule is the same for every crack:

* green: all three pass;
* amber: all but one pass;
* red: fewer.

The evidence, per crack:

1. Senior management commitment: each partner's executive sponsor carries real work (RACI);
   the escalation ladder reaches the executive sponsors or ends with the CEOs; the loss of a
   sponsor is not an unmitigated high risk.
2. Clarity of strategy and scope: a vision is written; the team set has three or more goals;
   the chosen partner stays first under at least two thirds of the members' own weights.
3. A trusting working relationship: a relationship-health KPI is in the set; the risk balance
   is balanced for both partners; the health of the relationship is reviewed on a cadence.
4. Defined and understood goals and KPIs: every KPI is measurable, owned and time-bound; both
   partners benefit; short- and long-term horizons are both present.
5. A governance model in place: every decision that can deadlock has a breaker; the ladder
   ends in a final mechanism; no scenario card deadlocks in the stress test.
6. Adequate resources: the business case is filled in for both partners; both partners carry
   Responsible work; both partners' mean people contribution is at least 2.5 of 5.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

CRACKS = ("senior_commitment", "strategy_clarity", "trust", "goals_kpis", "governance", "resources")
STATUSES = ("green", "amber", "red")
ROBUST_SHARE = 2 / 3
PEOPLE_MIN = 2.5


@dataclass(frozen=True)
class Evidence:
    code: str
    passed: bool | None  # None: no data yet
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Crack:
    crack: str
    status: str
    evidence: tuple[Evidence, ...]

    @property
    def passed(self) -> int:
        return sum(1 for e in self.evidence if e.passed)


def status_for(evidence: list[Evidence]) -> str:
    passed = sum(1 for e in evidence if e.passed)
    if passed == len(evidence):
        return "green"
    if passed >= 1 and passed >= len(evidence) - 1:
        return "amber"
    return "red"


def _check(checks: list[dict] | None, code: str) -> bool | None:
    if not checks:
        return None
    for c in checks:
        if c.get("check") == code:
            return bool(c["ok"])
    return None


def assess(sections: dict[str, dict]) -> list[Crack]:
    """The six cracks from the modules' export sections (see each module's ``section``)."""
    ps = sections.get("partner_selection") or {}
    gk = sections.get("goals_kpis") or {}
    rl = sections.get("roles") or {}
    rk = sections.get("risk") or {}
    gv = sections.get("governance") or {}
    has = {k: bool((sections.get(k) or {}).get("members")) or bool((sections.get(k) or {}).get("kpis"))
           for k in sections}

    roles_checks = rl.get("checks") if has.get("roles") else None
    goals_checks = gk.get("checks") if (gk.get("kpis") or gk.get("goals") or gk.get("vision")) else None
    gov_checks = gv.get("checks") if has.get("governance") else None

    sponsor_risks = [r for r in rk.get("risks", []) if r.get("category") == "sponsor_loss"]
    sponsor_loss_ok = (None if not has.get("risk") else
                       not any(r["risk"] in rk.get("unmitigated", []) for r in sponsor_risks))
    levels = {lv["level"]: lv["days"] for lv in (gv.get("escalation") or {}).get("levels", [])}
    ladder_reaches = (None if not has.get("governance") else
                      levels.get("executive_sponsors", 0) > 0 or (gv.get("escalation") or {}).get("final") == "ceos")
    robust = ps.get("robustness") or {}
    robust_ok = (None if not robust.get("members") else
                 robust["stays_first"] / robust["members"] >= ROBUST_SHARE - 1e-9)
    balance = (rk.get("balance") or {}).get("balanced") if has.get("risk") else None
    health = ((gv.get("reporting") or {}).get("health_review") is not None) if has.get("governance") else None
    stress = gv.get("stress_test") if has.get("governance") else None
    deadlocks = None if not stress else not any(t["deadlock"] for t in stress)
    partners = (gk.get("business_case") or {}).get("partners", [])
    case_ok = (None if not partners else
               all(p.get("investment") is not None and p.get("annual_return") is not None for p in partners))
    people = (rk.get("contributions") or {}).get("people") if has.get("risk") else None
    people_ok = None if not people else all(v is not None and v >= PEOPLE_MIN for v in people.values())

    evidence = {
        "senior_commitment": [Evidence("sponsors_active", _check(roles_checks, "roles.sponsor_manager")),
                              Evidence("ladder_reaches_sponsors", ladder_reaches),
                              Evidence("sponsor_loss_covered", sponsor_loss_ok)],
        "strategy_clarity": [Evidence("vision_written", bool(gk.get("vision")) if gk else None),
                             Evidence("enough_goals", _check(goals_checks, "goals.enough_goals")),
                             Evidence("choice_robust", robust_ok,
                                      {"count": robust.get("stays_first", 0), "members": robust.get("members", 0)})],
        "trust": [Evidence("relationship_kpi", _check(goals_checks, "goals.relationship_kpi")),
                  Evidence("balanced", balance),
                  Evidence("health_reviewed", health)],
        "goals_kpis": [Evidence("kpis_sound", _check(goals_checks, "goals.kpis_sound")),
                       Evidence("both_benefit", _check(goals_checks, "goals.both_benefit")),
                       Evidence("both_horizons", _check(goals_checks, "goals.both_horizons"))],
        "governance": [Evidence("breakers", _check(gov_checks, "governance.deadlock_breaker")),
                       Evidence("ladder_final", _check(gov_checks, "governance.ladder_final")),
                       Evidence("no_deadlocks", deadlocks)],
        "resources": [Evidence("business_case", case_ok),
                      Evidence("both_pull", _check(roles_checks, "roles.both_pull")),
                      Evidence("people", people_ok, {"min": PEOPLE_MIN})],
    }
    return [Crack(name, status_for(items), tuple(items)) for name, items in evidence.items()]


PHASE_MODULES = {"imagine": ("partner_selection", "goals_kpis"), "align": ("roles", "risk"),
                 "execute": ("governance",)}


def phase_overview(sections: dict[str, dict]) -> dict[str, dict]:
    """Per phase: how many of its modules' checks pass (modules without checks count their
    robustness or balance instead)."""
    out = {}
    for phase, modules in PHASE_MODULES.items():
        passed = total = 0
        for key in modules:
            section = sections.get(key) or {}
            checks = section.get("checks") or []
            total += len(checks)
            passed += sum(1 for c in checks if c.get("ok"))
            if key == "partner_selection" and (section.get("robustness") or {}).get("members"):
                total += 1
                passed += 1 if (section["robustness"]["stays_first"] / section["robustness"]["members"]
                                >= ROBUST_SHARE - 1e-9) else 0
            if key == "risk" and section.get("balance", {}).get("balanced") is not None:
                total += 1
                passed += 1 if section["balance"]["balanced"] else 0
        out[phase] = {"passed": passed, "total": total}
    return out


@dataclass(frozen=True)
class Disagreement:
    module: str
    item: str
    detail: str
    level: float  # 0..1, higher = more disagreement


def contested(sections: dict[str, dict], limit: int = 10,
              governance_text: Callable[[dict], tuple[str, str]] | None = None) -> list[Disagreement]:
    """The most contested items across modules, ranked (each module's measure scaled to 0..1).

    ``governance_text`` turns a governance difference into the (field, choices) a person
    reads; without it, the field's path and raw values are shown.
    """
    out: list[Disagreement] = []
    for c in (sections.get("partner_selection") or {}).get("contested", []):
        out.append(Disagreement("partner_selection", f"{c['candidate']} · {c['criterion']}",
                                f"{c['low']}–{c['high']}", min(1.0, c["spread"] / 4)))
    for c in (sections.get("roles") or {}).get("contested", []):
        out.append(Disagreement("roles", f"{c['activity']} · {c['role']}",
                                ", ".join(f"{m}: {v or '–'}" for m, v in c["votes"].items()), 1 - c["agreement"]))
    for r in (sections.get("risk") or {}).get("risks", []):
        if r.get("contested"):
            spread = max(r["likelihood_spread"], r["impact_spread"])
            out.append(Disagreement("risk", r["risk"], f"±{spread}", min(1.0, spread / 4)))
    for d in (sections.get("governance") or {}).get("differences", []):
        values = [repr(v) for v in d["choices"].values()]
        top = max(values.count(v) for v in values)
        item, detail = (governance_text(d) if governance_text is not None else
                        (d["field"], ", ".join(f"{m}: {v}" for m, v in d["choices"].items())))
        out.append(Disagreement("governance", item, detail, 1 - top / len(values)))
    out.sort(key=lambda d: (-d.level, d.module, d.item))
    return out[:limit]
