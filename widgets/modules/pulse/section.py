"""The perception pulse's section: one team's typed pulse, per company and never per person, as
its charter, sheet, health check, debrief board and the facilitator's comparison read it (JSON
only in the export)."""

from __future__ import annotations

from widgets.contract import Check, Row, Section
from widgets.modules.pulse import model as pl


class Rule(Row):
    """The rules the pulse applies (the model's constants, exported for the reader)."""

    min_per_side: int = pl.MIN_PER_SIDE
    gap_flag: float = pl.GAP_FLAG
    healthy: float = pl.HEALTHY


class StatementRow(Row):
    """One statement in one round: each company's mean (None while hidden) and comments."""

    id: str  # the statement's id (pulse.s.<id>)
    statement: str  # as the reader reads it
    crack: str  # the crack it asks about
    mean_a: float | None
    mean_b: float | None
    gap: float | None  # mean_a - mean_b, None unless both are shown
    flagged: bool
    answers_a: int | None  # how many on the side answered it; None while the round is not shown
    answers_b: int | None
    comments_a: list[str]  # in alphabetical order, without names (empty while hidden)
    comments_b: list[str]

    def mean_of(self, side: str) -> float | None:
        return {"a": self.mean_a, "b": self.mean_b}[side]

    def comments_of(self, side: str) -> list[str]:
        return {"a": self.comments_a, "b": self.comments_b}[side]


class RoundSection(Row):
    """One round (the start or the end of the workshop) as shown to the team."""

    respondents: dict[str, int]  # side -> people who answered anything this round
    visible: bool
    needed: dict[str, int]  # side -> how many more must answer before it is shown
    statements: list[StatementRow]  # ranked by the size of the gap (hidden ones last)


class Movement(Row):
    """How each side's mean and the gap moved between the two rounds, for one statement."""

    statement: str
    change_a: float
    change_b: float
    gap_start: float
    gap_end: float


class PulseCheck(Check):
    assessed: bool  # False while there is nothing to judge yet

    def judged(self) -> bool:
        return self.assessed


class PulseSection(Section):
    members: list[str] = []  # who answered anything
    companies: dict[str, str] = {}  # side -> company name
    sides: dict[str, str] = {}  # member -> the company they speak for
    unassigned: list[str] = []  # members who answered without a side
    rule: Rule = Rule()
    rounds: dict[str, RoundSection] = {}  # round -> its view
    latest: str | None = None  # the latest round shown
    movement: list[Movement] = []
    seen: dict[str, bool | None] = {}  # crack -> both sides see it as sound (None while not shown)
    checks: list[PulseCheck] = []
