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
Each need is read from what the team has done in the kit's modules: their typed sections
(the modules this one ``uses``), so a field renamed there fails here, in the tests, not silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from widgets.contract import Section, checks_of
from widgets.model.health import check
from widgets.modules.goals_kpis.section import GoalsKpisSection
from widgets.modules.governance.section import GovernanceSection
from widgets.modules.partner_selection.section import PartnerSelectionSection
from widgets.modules.risk.section import RiskSection
from widgets.modules.roles.section import RolesSection

S = TypeVar("S", bound=Section)

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


@dataclass(frozen=True)
class Others:
    """The sections of the modules the life cycle reads, for those the team has used (None: not used)."""

    partner_selection: PartnerSelectionSection | None = None
    goals_kpis: GoalsKpisSection | None = None
    roles: RolesSection | None = None
    risk: RiskSection | None = None
    governance: GovernanceSection | None = None


@dataclass(frozen=True)
class Own:
    """This module's own figures the life cycle reads (None: not assessed yet)."""

    criteria_agreed: bool | None = None
    enough: bool | None = None
    concept: bool | None = None
    launched: bool | None = None
    renewed: bool | None = None  # a written review after a launch, with the plan balanced
    narrow_to: str = ""  # the simpler relationship the alliance would narrow to


def _checks_pass(section: Section | None) -> bool | None:
    """Every judged check of a module passes; None while the module has no input or no check
    is judged yet."""
    if section is None:
        return None
    checks = [c for c in checks_of(section) if c.judged()]
    return all(c.ok for c in checks) if checks else None


def _with_members(section: S | None) -> S | None:
    """The section when someone has taken part in the module, else None."""
    return section if section is not None and section.members else None


def needs(others: Others, own: Own) -> dict[str, bool | None]:
    """Each need, from the other modules' sections and this module's own figures. The portfolio
    is *renewed* on its own evidence (``own.renewed``: a written review after a launch), never
    on the plan's balance alone, which the operate stage already asks for."""
    selection = _with_members(others.partner_selection)
    risk = _with_members(others.risk)
    governance = _with_members(others.governance)
    return {
        "partner_chosen": None if selection is None else any(r.rank == 1 for r in selection.ranking),
        "goals_agreed": _checks_pass(others.goals_kpis),
        "roles_clear": _checks_pass(_with_members(others.roles)),
        "balance_fair": None if risk is None else risk.balance.balanced,
        "governance_designed": _checks_pass(governance),
        "criteria_agreed": own.criteria_agreed,
        "enough_initiatives": own.enough,
        "concept_committed": own.concept,
        "launched": own.launched,
        "portfolio_renewed": own.renewed,
        "health_reviewed": check(governance, "governance.health_review", judged=True),
        "exit_terms": check(governance, "governance.exit_ready", judged=True),
        "narrow_path": bool(own.narrow_to),
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
