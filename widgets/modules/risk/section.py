"""The risk balancing section: one team's typed estimates, risk register and balance, as its
charter, sheet, health check and the facilitator's comparison read them (JSON only in the export)."""

from __future__ import annotations

from widgets.contract import Row, Section
from widgets.modules.risk.model import BALANCED


class RiskEstimate(Row):
    """One member's estimate of a risk (the fields of :class:`widgets.modules.risk.model.Estimate`)."""

    likelihood: int  # 1-5
    impact: int  # 1-5
    share_a: int  # partner A's share, 0-100 %


class RiskItem(Row):
    """One risk of the team's register, on the team's mean estimates."""

    id: str
    risk: str  # its label in the reader's language
    category: str
    # the members' means (floats), or the case's defaults (ints) when nobody has estimated it
    likelihood: int | float | None
    impact: int | float | None
    score: int | float | None  # likelihood x impact
    share_a: int | float | None
    likelihood_spread: int  # highest minus lowest member's estimate
    impact_spread: int
    contested: bool
    high: bool
    mitigation: str
    owner: str
    from_case_defaults: bool
    estimates: dict[str, RiskEstimate]  # member -> their estimate


class PartnerShares(Row):
    """A partner's shares (0..1) of what both put in, get out and bear."""

    contribution: float | None
    benefit: float | None
    risk: float | None


class BalanceRule(Row):
    balanced_from: float = BALANCED[0]
    balanced_to: float = BALANCED[1]


class PartnerBalance(Row):
    index: float | None  # rounded without crossing an end of the balanced band
    verdict: str  # "balanced", "gives_more", "gets_more" or "unknown"
    band: list[float] | None  # the lowest and highest index of the members' own estimates
    agreed: bool  # every member's own estimates give the team's verdict


class RiskBalance(Row):
    rule: BalanceRule = BalanceRule()
    balanced: bool | None = None  # None while a partner's index is unknown
    partners: dict[str, PartnerBalance] = {}  # company -> its balance


class RiskSection(Section):
    members: list[str] = []
    contributions: dict[str, dict[str, float | None]] = {}  # category -> company -> team mean (0-5)
    benefits: dict[str, dict[str, float | None]] = {}  # category -> company -> team mean (0-5)
    # how much each category counts in this alliance (team mean, 0-5): the shares' weights
    weights: dict[str, dict[str, float | None]] = {}  # "contributions" / "benefits" -> category -> weight
    risks: list[RiskItem] = []
    shares: dict[str, PartnerShares] = {}  # company -> its shares
    balance: RiskBalance = RiskBalance()
    unmitigated: list[str] = []  # the labels of the high risks without a mitigation or an owner
