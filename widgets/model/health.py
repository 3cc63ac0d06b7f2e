"""The foundation health check: the six "cracks in the foundation" of an alliance, each
green, amber or red, computed from the team's own data.

Each crack is judged on the pieces of evidence the modules give. A piece of evidence passes,
fails, or is not assessed (its module has not been run, or has no input yet). Each module
computes its pieces by name from its own results (its ``facts`` hook, :mod:`widgets.contract`),
says which crack each judges and which are *critical* (a crack cannot stand without them), and
names them in its own catalogs; the health check knows the cracks, not the evidence. What was
not assessed is not a failure: a half-day agenda that skips two modules must not paint the room
red. The rule
is the same for every crack, over the evidence that was assessed, and it never depends on how
many pieces a crack happens to have (2 failures of 3 and 4 of 6 get the same colour):

* grey (not assessed): none of it was assessed;
* red: a critical piece fails;
* amber: a piece fails, but no critical one;
* green: all of it passes.

The card marks the critical pieces and says how many of its pieces were assessed, so that a
green on one piece of three is read as the thin verdict it is.

The evidence the kit's modules give, per crack:

1. Senior management commitment: each partner's sponsor is senior enough (the CEO, on the
   executive committee, or heading a business unit with its own budget); each partner's
   executive sponsor carries real work (RACI); the escalation ladder reaches the executive
   sponsors or ends with the CEOs; a sponsor who leaves is succeeded, and the other partner's
   sponsor rebuilds the relationship (governance).
2. Clarity of strategy and scope: a vision is written; the scope is written, what is in and
   what is out; the team set has three or more goals; both companies agree the criteria by
   which initiatives are judged; each company has a quick and a long-term win in the
   portfolio of initiatives. (How robust the partner choice is says nothing about the
   strategy, so it is not evidence here.)
3. A trusting working relationship: a relationship-health KPI is in the set; the risk balance
   is balanced for both partners; the health of the relationship is reviewed on a cadence.
4. Defined and understood goals and KPIs: every team goal has a KPI and every KPI is measurable,
   owned and time-bound; both partners benefit; each partner has a quick and a long-term win.
5. A governance model in place: every decision that can deadlock has a breaker; the ladder
   ends in a binding step or an agreed default; no scenario card deadlocks in the stress test.
6. Adequate resources: the business case is filled in for both partners; both partners carry
   Responsible work; both partners' mean people contribution is at least 2.5 of 5; the plan
   of initiatives asks no company for more people than it can assign.

Besides this *design* evidence (what the team wrote in the modules), the perception pulse adds
one piece of *perception* evidence per crack: both companies' people see it as sound
(``Fact.source``). Every piece is labelled with its source where it is shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from widgets import registry
from widgets.contract import Disagreement, Fact, ModuleSpec, Section, checks_of

T = TypeVar("T")

__all__ = ["CRACKS", "Crack", "Disagreement", "Evidence", "assess", "assess_facts", "contested",
           "phase_overview", "status_for"]

CRACKS = ("senior_commitment", "strategy_clarity", "trust", "goals_kpis", "governance", "resources")
STATUSES = ("green", "amber", "red", "grey")  # grey: nothing assessed yet
ROBUST_SHARE = 2 / 3
CONTESTED_LIMIT = 10  # how many of the most contested items a team's charter lists
PEOPLE_MIN = 2.5


@dataclass(frozen=True)
class Evidence:
    code: str
    passed: bool | None  # None: no data yet
    params: dict = field(default_factory=dict)
    source: str = "design"  # "design" or "perception" (see widgets.contract.Fact)
    critical: bool = False  # the crack cannot stand without it: failing it makes the crack red
    module: str = ""  # the module that gave it: its catalogs name it ("<module>.evidence.<code>")


@dataclass(frozen=True)
class Crack:
    crack: str
    status: str
    evidence: tuple[Evidence, ...]


def status_for(evidence: list[Evidence]) -> str:
    """Over the evidence that was assessed: red when a critical piece fails, amber when another
    piece fails, green when all pass; grey when none was assessed. How many pieces there are
    does not matter."""
    assessed = [e for e in evidence if e.passed is not None]
    if not assessed:
        return "grey"
    if any(e.critical and not e.passed for e in assessed):
        return "red"
    if any(not e.passed for e in assessed):
        return "amber"
    return "green"


def check(section: Section | None, code: str, judged: bool = False) -> bool | None:
    """The outcome of one of a section's checks (None when it has no such check, or for None:
    a module not started; with ``judged``, also while the check has nothing to judge yet)."""
    for c in checks_of(section) if section is not None else ():
        if c.check == code:
            return c.ok if not judged or c.judged() else None
    return None


def assess_facts(facts: Iterable[Fact | tuple[str, Fact]]) -> list[Crack]:
    """The six cracks from the modules' facts (each a ``Fact``, or ``(module key, Fact)``), in
    the order given: the modules' order, then each module's own."""
    pairs = [f if isinstance(f, tuple) else ("", f) for f in facts]
    unknown = sorted({f.crack for _, f in pairs if f.crack not in CRACKS})
    if unknown:
        raise ValueError(f"facts for unknown cracks: {unknown}")
    out = []
    for crack in CRACKS:
        items = [Evidence(f.code, f.passed, f.params, f.source, f.critical, module) for module, f in pairs
                 if f.crack == crack]
        out.append(Crack(crack, status_for(items), tuple(items)))
    return out


def assess(sections: dict[str, Section | dict], specs: Iterable[ModuleSpec] | None = None) -> list[Crack]:
    """The six cracks from the modules' sections, typed or as exported (each module's ``facts`` hook)."""
    return assess_facts((spec.key, f) for spec in registry.or_registered(specs) if spec.facts is not None
                        for f in spec.facts(spec.typed(sections.get(spec.key))))


def phase_overview(sections: dict[str, Section | dict], specs: Iterable[ModuleSpec] | None = None) -> dict[str, dict]:
    """Per phase: how many of its modules' checks pass (each module's ``phase_checks``)."""
    from widgets.contract import PHASES

    out = {phase: {"passed": 0, "total": 0} for phase in PHASES}
    for spec in registry.or_registered(specs):
        passed, total = spec.phase_checks(spec.typed(sections.get(spec.key)))
        out[spec.phase]["passed"] += passed
        out[spec.phase]["total"] += total
    return out


def contested(sections: dict[str, Section | dict], limit: int = CONTESTED_LIMIT, case=None, tr=None,
              specs: Iterable[ModuleSpec] | None = None) -> list[Disagreement]:
    """The most contested items across modules, ranked (each module's measure scaled to 0..1).

    With ``case`` and ``tr``, items are named as a person reads them; without, modules may
    show their internal names. A module's ``disagreements`` hook may leave out items below its
    own ``CONTESTED_LIMIT`` most contested (ties kept), so ``limit`` is at most that.
    """
    limit = min(limit, CONTESTED_LIMIT)
    out = [d for spec in registry.or_registered(specs) if spec.disagreements is not None
           for d in spec.disagreements(spec.typed(sections.get(spec.key)), case, tr)]
    return by_module_rounds(out, limit)


def by_module_rounds(items: Iterable[T], limit: int) -> list[T]:
    """At most ``limit`` of ``items`` (each with ``module`` and ``level``), balanced across
    modules: in rounds, each module gives its most contested item not yet taken, so one module
    with many items (every initiative on every criterion) cannot fill the list alone. Within a
    round the most contested item comes first; a module that has run out leaves its place to
    the others' next items. Ties are broken by module, then ``team`` and ``item`` where given."""
    queues: dict[str, list[T]] = {}
    for item in sorted(items, key=lambda i: (-i.level, i.module, getattr(i, "team", ""), i.item)):
        queues.setdefault(item.module, []).append(item)
    out: list[T] = []
    depth = 0
    while len(out) < limit and any(depth < len(q) for q in queues.values()):
        this_round = sorted((q[depth] for q in queues.values() if depth < len(q)), key=lambda i: (-i.level, i.module))
        out += this_round[: limit - len(out)]
        depth += 1
    return out
