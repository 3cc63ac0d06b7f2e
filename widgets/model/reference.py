"""Compare a team's work with the reference answer, module by module, and say what differs."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Point:
    code: str  # message id suffix: "reference.point.<code>"
    same: bool
    params: dict = field(default_factory=dict)


def _checks(section: dict) -> dict[str, bool]:
    return {c["check"]: c["ok"] for c in section.get("checks", [])}


def compare(team: dict, reference: dict) -> dict[str, list[Point]]:
    """``team`` and ``reference``: module sections (as in the export) -> points per module."""
    out: dict[str, list[Point]] = {}
    ps_t, ps_r = team.get("partner_selection") or {}, reference.get("partner_selection") or {}
    top_t = next((r["candidate_id"] for r in ps_t.get("ranking", []) if r.get("rank") == 1 and r.get("score") is not None),
                 None)
    top_r = next((r["candidate_id"] for r in ps_r.get("ranking", []) if r.get("rank") == 1), None)
    names = {r["candidate_id"]: r["candidate"] for r in ps_r.get("ranking", []) + ps_t.get("ranking", [])}
    heavy_r = [c["label"] for c in sorted(ps_r.get("criteria", []), key=lambda c: -c["weight"])[:3]]
    heavy_t = [c["label"] for c in sorted(ps_t.get("criteria", []), key=lambda c: -c["weight"])[:3]]
    out["partner_selection"] = [
        Point("same_partner" if top_t == top_r else "other_partner", top_t == top_r,
              {"team": names.get(top_t, "–"), "reference": names.get(top_r, "–")}),
        Point("weights", len(set(heavy_t) & set(heavy_r)) >= 2,
              {"team": ", ".join(heavy_t) or "–", "reference": ", ".join(heavy_r)}),
    ]
    for key in ("goals_kpis", "roles", "governance"):
        t, r = _checks(team.get(key) or {}), _checks(reference.get(key) or {})
        missing = [code for code, ok in r.items() if ok and not t.get(code, False)]
        out[key] = [Point("checks_missing" if missing else "checks_match", not missing,
                          {"count": len(missing), "checks": missing})]
    rl_t, rl_r = team.get("roles") or {}, reference.get("roles") or {}
    owners_r = {a: next((c for c, x in row.items() if x == "A"), None) for a, row in rl_r.get("consensus", {}).items()}
    owners_t = {a: next((c for c, x in row.items() if x == "A"), None) for a, row in rl_t.get("consensus", {}).items()}
    labels = {a["id"]: a["label"] for a in rl_r.get("activities", [])}
    differ = [labels.get(a, a) for a, owner in owners_r.items() if owners_t.get(a) != owner]
    out["roles"].append(Point("accountable_same" if not differ else "accountable_differs", not differ,
                              {"count": len(differ), "activities": ", ".join(differ)}))
    rk_t, rk_r = team.get("risk") or {}, reference.get("risk") or {}
    bal_t, bal_r = (rk_t.get("balance") or {}).get("balanced"), (rk_r.get("balance") or {}).get("balanced")
    out["risk"] = [Point("balance_same" if bal_t == bal_r else "balance_differs", bal_t == bal_r,
                         {"team": bal_t, "reference": bal_r}),
                   Point("unmitigated", not rk_t.get("unmitigated"), {"count": len(rk_t.get("unmitigated", []))})]
    dead_t = [s["scenario"] for s in (team.get("governance") or {}).get("stress_test", []) if s["deadlock"]]
    out["governance"].append(Point("no_deadlocks" if not dead_t else "deadlocks", not dead_t,
                                   {"count": len(dead_t), "scenarios": ", ".join(dead_t)}))
    return out
