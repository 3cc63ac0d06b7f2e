"""The partner selection section: one team's typed scoring state (criteria, candidates, ranking,
must-haves, robustness), as its charter, sheet, health check, the facilitator's comparison and
the reference comparison read it (JSON only in the export, where outside checks read
``ranking`` and ``robustness``)."""

from __future__ import annotations

from typing import Literal

from widgets.contract import Row, Section


class Criterion(Row):
    id: str
    label: str
    weight: float  # the team's weight, in points of 100 (one decimal)
    knockout: bool  # a must-have


class Candidate(Row):
    id: str
    name: str
    profile: str


class RankedCandidate(Row):
    """One row of the team's ranking (gated candidates keep their score but get no rank)."""

    candidate: str  # its name, as a person reads it
    candidate_id: str
    score: float | None  # the team score (mean of the members' weighted scores)
    spread: float | None  # highest minus lowest member's weighted score
    rank: int | None  # None: not ranked (unscored, or gated by a must-have)
    tied: bool
    members: int  # members whose scores give it a weighted score
    knocked_out: list[str]  # must-haves the team settled as not met (labels)
    disputed: list[str]  # must-haves a member says it does not meet (labels)


class MemberFact(Row):
    """A member's fact on one must-have for one candidate."""

    member: str
    met: bool
    reason: str


class SettledFact(Row):
    """The team's settled fact on one must-have for one candidate."""

    met: bool
    reason: str


class MustHaveStanding(Row):
    """Where one candidate stands on one must-have, with the evidence."""

    candidate: str
    criterion: str
    candidate_id: str
    criterion_id: str
    status: Literal["met", "not_met", "disputed", "open"]
    facts: list[MemberFact]
    settled: SettledFact | None


class Robustness(Row):
    """Under how many members' own weights the team's top candidate stays first (the defaults:
    a team with no ranked candidate)."""

    top: str | None = None  # the top candidate's name
    stays_first: int = 0
    members: int = 0
    share: float | None = None  # stays_first / members (None with no members)
    dissent: dict[str, str] = {}  # member -> the candidate first under their weights


class ContestedCell(Row):
    """A candidate x criterion cell whose member scores differ by 2 or more."""

    candidate: str
    criterion: str
    low: int
    high: int
    spread: int
    scores: dict[str, int]  # member -> score 1-5


class Driver(Row):
    """How much a criterion drives the gap between the first and the second candidate."""

    criterion: str
    weight: float  # points of 100 (one decimal)
    gap: float
    contribution: float


class PartnerSelectionSection(Section):
    members: list[str] = []
    criteria: list[Criterion] = []
    candidates: list[Candidate] = []
    ranking: list[RankedCandidate] = []
    must_haves: list[MustHaveStanding] = []
    robustness: Robustness = Robustness()
    contested: list[ContestedCell] = []
    drivers: list[Driver] = []
