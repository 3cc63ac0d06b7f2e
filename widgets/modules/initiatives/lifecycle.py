"""The alliance life cycle: where the alliance stands, and what each stage needs.

An alliance moves through the stages of its life cycle (the seed's six): assess (choose the
partner), form (the joint business plan: goals and KPIs both agree, and a fair balance of what
each puts in, gets and risks), incubate (the governance framework that says how the companies
will collaborate, communicate and decide: the alliance management's roles and the governance
model), operate (run a plan of initiatives judged by agreed criteria, and launch one), evolve
(take the alliance to its next level: renew the portfolio after a launch so both companies keep
winning, and review the relationship) and exit. Exit is not a failure: it
may be narrowing to a simpler commercial relationship, and it goes well only when it was
designed while things were good. So the exit stage's needs are shown from the start, and the
alliance *is* in exit only when the team says the partners have decided to narrow or end it.

The alliance stands at the first of assess, form, operate and evolve whose needs are not all
met (a need not yet assessed is not met); when every need is met it stands at evolve.
Each need is read from what the team has done in the kit's modules (their export sections).
"""

from __future__ import annotations

from dataclasses import dataclass

STAGES = ("assess", "form", "incubate", "operate", "evolve", "exit")
NEEDS = {
    "assess": ("partner_chosen",),
    "form": ("goals_agreed", "balance_fair"),
    "incubate": ("roles_clear", "governance_designed"),
    "operate": ("criteria_agreed", "enough_initiatives", "concept_committed", "launched"),
    "evolve": ("portfolio_renewed", "health_reviewed"),
    "exit": ("exit_terms", "narrow_path"),
}


@dataclass(frozen=True)
class Need:
    stage: str
    code: str
    met: bool | None  # None: the module it comes from has no input yet


@dataclass(frozen=True)
class LifeCycle:
    stage: str
    needs: tuple[Need, ...]

    def of(self, stage: str) -> list[Need]:
        return [n for n in self.needs if n.stage == stage]


def _started(section: dict | None) -> bool:
    """The module has input: its section is given (a caller leaves out modules nobody has
    used) and, where it lists its members, someone has taken part."""
    return bool(section) and section.get("members", True) != []


def _checks_pass(section: dict | None) -> bool | None:
    """Every assessed check of a module passes; None while the module has no input."""
    if not _started(section):
        return None
    checks = [c for c in section.get("checks") or [] if c.get("assessed", True)]
    return all(c["ok"] for c in checks) if checks else None


def _check(section: dict | None, code: str) -> bool | None:
    if not _started(section):
        return None
    for c in section.get("checks") or []:
        if c.get("check") == code and c.get("assessed", True):
            return bool(c["ok"])
    return None


def needs(sections: dict[str, dict], own: dict) -> dict[str, bool | None]:
    """Each need, from the other modules' sections and this module's own figures (``own``:
    criteria_agreed, enough, balanced, concept, launched, renewed, narrow_to). The portfolio is
    *renewed* on its own evidence (``own["renewed"]``: a written review after a launch), never
    on the plan's balance alone, which the operate stage already asks for."""
    selection = sections.get("partner_selection") or {}
    risk = sections.get("risk") or {}
    governance = sections.get("governance") or {}
    chosen = None
    if _started(selection):
        chosen = any(r.get("rank") == 1 for r in selection.get("ranking") or [])
    balanced = (risk.get("balance") or {}).get("balanced") if _started(risk) else None
    exit_ready = _check(governance, "governance.exit_ready")
    return {
        "partner_chosen": chosen,
        "goals_agreed": _checks_pass(sections.get("goals_kpis")),
        "roles_clear": _checks_pass(sections.get("roles")),
        "balance_fair": balanced,
        "governance_designed": _checks_pass(governance),
        "criteria_agreed": own.get("criteria_agreed"),
        "enough_initiatives": own.get("enough"),
        "concept_committed": own.get("concept"),
        "launched": own.get("launched"),
        "portfolio_renewed": own.get("renewed"),
        "health_reviewed": _check(governance, "governance.health_review"),
        "exit_terms": exit_ready,
        "narrow_path": bool(own.get("narrow_to")),
    }


def locate(met: dict[str, bool | None], exiting: bool = False) -> LifeCycle:
    """Where the alliance stands, with every need of every stage."""
    items = tuple(Need(stage, code, met.get(code)) for stage, codes in NEEDS.items() for code in codes)
    if exiting:
        return LifeCycle("exit", items)
    for stage in STAGES[:-1]:
        if not all(met.get(code) for code in NEEDS[stage]):
            return LifeCycle(stage, items)
    return LifeCycle("evolve", items)
