"""The three commitments a joint offer passes: concept, execution and launch.

Each gate is a checklist. An item counts only when the team has written the evidence that
answers it (a customer interview, a signed plan, a reviewed business case): a tick without
evidence is a claim, not a commitment. An initiative reaches a gate when every item of that
gate and of the gates before it has evidence; the next gate's missing items are what block it.
"""

from __future__ import annotations

from dataclasses import dataclass

GATES = {
    # discovery of the customer's value, the market, risks and barriers; then the evaluation,
    # which both companies sign off, with counsel's review of antitrust and IP questions
    "concept": ("customer_value", "market", "risks_barriers", "strategic_fit", "feasibility",
                "financial_return", "stakeholder_commitment", "joint_signoff", "legal_review"),
    # the plans that make the offer real in both companies, and the executives' objectives
    # that tie their own results to it
    "execution": ("sales_plan", "engineering_plan", "testing_plan", "support_plan", "training_plan",
                  "field_engagement", "executive_objectives"),
    # going to market together: how money flows between the partners, and how the alliance is
    # explained to customers and to both companies' staff
    "launch": ("marketing_plan", "legal_agreements", "organisation_model", "business_plan_reviewed",
               "money_flows", "external_launch", "explained_to_people", "field_education"),
}
STAGES = ("proposed", *GATES)  # what an initiative has reached, in order
QUESTIONS = tuple(q for items in GATES.values() for q in items)


@dataclass(frozen=True)
class Progress:
    reached: str  # one of STAGES
    next_gate: str | None  # None once launched
    missing: tuple[str, ...]  # the next gate's items without evidence
    answered: dict[str, int]  # gate -> items with evidence

    @property
    def launched(self) -> bool:
        return self.reached == "launch"


def progress(answers: dict[str, str] | None) -> Progress:
    """How far one initiative has come, from its evidence per question."""
    answers = answers or {}
    done = {gate: sum(1 for q in items if answers.get(q)) for gate, items in GATES.items()}
    reached = "proposed"
    for gate, items in GATES.items():
        missing = tuple(q for q in items if not answers.get(q))
        if missing:
            return Progress(reached, gate, missing, done)
        reached = gate
    return Progress(reached, None, (), done)


def funnel(portfolio_size: int, plan: list[str], gates: dict[str, dict[str, str]]) -> dict[str, int]:
    """How many initiatives stand at each step: proposed, in the plan, and through each gate
    (an initiative outside the plan passes no gate)."""
    reached = [STAGES.index(progress(gates.get(r)).reached) for r in plan]
    out = {"proposed": portfolio_size, "plan": len(plan)}
    for i, gate in enumerate(GATES, start=1):
        out[gate] = sum(1 for n in reached if n >= i)
    return out
