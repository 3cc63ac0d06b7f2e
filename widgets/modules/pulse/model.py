"""The two-sided perception pulse: each company's view of the alliance, and the gaps between them.

People on both sides answer the same short statements (1 = strongly disagree, 5 = strongly
agree). An alliance is in danger long before a KPI turns red when one company thinks trust,
commitment or governance is fine and the other does not, so the pulse looks at the *gap*
between the two sides' means, statement by statement.

The rules:

* Each participant speaks for one company (their *side*): their own choice, or the
  facilitator's assignment. Answers of a participant without a side are not counted.
* Answers are shown only as per-side aggregates, never per person. A round's side view is
  shown once at least ``MIN_PER_SIDE`` people on *each* side have answered in that round; a
  statement that fewer than ``MIN_PER_SIDE`` people on a side answered stays hidden even then.
  ``MIN_PER_SIDE`` is 3: with two people on a side, each of them can work out the other's
  score from the side's mean and their own. The facilitator sees how many more answers each
  side needs (:attr:`RoundView.needed`).
  Comments follow the same rule: a side's comments on a statement are shown only with that
  side's mean, without names and in alphabetical order (never in the order people wrote them).
  A participant's answers never leave the store except in the facilitator's event export (the
  module is ``confidential``: a member's download of the team's export leaves them out).
* The gap is side A's mean minus side B's. A gap of ``GAP_FLAG`` points or more is flagged:
  the two companies see that part of the alliance differently.
* A crack is *seen healthy by both* when each side's mean over the crack's statements is at
  least ``HEALTHY`` and none of its statements is flagged.
* The pulse is taken at the start and again at the end of the workshop (``ROUNDS``); the
  movement is how each side's mean and the gap changed between the two. Which round the room
  answers now, and whether the facilitator assigns the sides, are the module's room settings
  (:class:`Settings`), which the facilitator sets for every team at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from widgets.model.problems import ModelError, Problem, validate
from widgets.model.text import UserText

KEY = "pulse"
SIDES = ("a", "b")
ROUNDS = ("start", "end")
MIN_PER_SIDE = 3  # with 2 on a side, each can work out the other's answer from the mean
GAP_FLAG = 1.0
HEALTHY = 3.5
EPS = 1e-9
# statement -> the crack in the foundation it asks about (seed: the six cracks, plus the core
# alignments of shared values and mutual benefit, which are part of a trusting relationship)
STATEMENTS = {
    "sponsors_engaged": "senior_commitment",
    "sponsors_senior": "senior_commitment",
    "strategy_clear": "strategy_clarity",
    "scope_clear": "strategy_clarity",
    "trust_other": "trust",
    "bad_news_shared": "trust",
    "shared_values": "trust",
    "both_benefit": "trust",
    "goals_understood": "goals_kpis",
    "kpis_used": "goals_kpis",
    "governance_followed": "governance",
    "decisions_timely": "governance",
    "resources_adequate": "resources",
}

Side = Literal[SIDES]  # type: ignore[valid-type]
Round = Literal[ROUNDS]  # type: ignore[valid-type]
Statement = Literal[tuple(STATEMENTS)]  # type: ignore[valid-type]
Name = Annotated[str, Field(min_length=1, max_length=80)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Answer(_Strict):
    score: Annotated[int, Field(ge=1, le=5, strict=True)] | None = None
    comment: UserText(200) = ""


class Entry(_Strict):
    """One participant's answers, per round and statement."""

    rounds: dict[Round, dict[Statement, Answer]] = Field(default_factory=dict)


class Settings(_Strict):
    """The pulse's room settings: the round the room answers now, and whether the facilitator
    assigns the company each participant speaks for (else each participant chooses)."""

    round: Round = "start"
    sides_assigned: bool = False


class Sides(_Strict):
    """The team's shared document: which company each member speaks for."""

    sides: dict[Name, Side] = Field(default_factory=dict, max_length=200)


def answer(entry: Entry, round_: str, statement: str, score: object = None, comment: object = None) -> Entry:
    """``entry`` with one answer changed (score and/or comment; a score of None clears it);
    validated like any value from the browser. Answers with neither score nor comment, and
    rounds left without answers, are dropped: clearing what was never given changes nothing."""
    doc = entry.model_dump(mode="json")
    current = doc["rounds"].setdefault(round_, {}).get(statement) or {"score": None, "comment": ""}
    if score is not None or comment is None:
        current["score"] = score
    if comment is not None:
        current["comment"] = comment
    doc["rounds"][round_][statement] = current
    clean = validate(Entry, doc)
    kept = {r: {s: a for s, a in answers.items() if a.score is not None or a.comment}
            for r, answers in clean.rounds.items()}
    clean.rounds = {r: answers for r, answers in kept.items() if answers}
    return clean


def choose_side(sides: Sides, name: str, side: str | None, assigned: bool = False) -> Sides:
    """The team's sides with ``name`` speaking for ``side`` (None: no side). While the
    facilitator assigns sides, a member cannot choose their own."""
    if assigned:
        raise ModelError(Problem("pulse.sides_assigned"))
    doc = sides.model_dump(mode="json")
    if side is None:
        doc["sides"].pop(name, None)
    else:
        doc["sides"][name] = side
    return validate(Sides, doc)


def assign_sides(sides: Sides, assignment: dict[str, str | None]) -> Sides:
    """The facilitator's assignment applied (``{name: side or None}``)."""
    doc = sides.model_dump(mode="json")
    for name, side in assignment.items():
        if side is None:
            doc["sides"].pop(name, None)
        else:
            doc["sides"][name] = side
    return validate(Sides, doc)


# -- aggregation ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    statement: str
    means: dict[str, float | None]  # side -> mean, None while hidden
    counts: dict[str, int]
    comments: dict[str, tuple[str, ...]]  # side -> comments (empty while hidden), in no personal order

    @property
    def gap(self) -> float | None:
        a, b = self.means["a"], self.means["b"]
        return None if a is None or b is None else a - b

    @property
    def flagged(self) -> bool:
        return self.gap is not None and abs(self.gap) >= GAP_FLAG - EPS


@dataclass
class RoundView:
    round: str
    respondents: dict[str, int]  # side -> people who answered anything this round
    rows: list[Row]  # ranked by the size of the gap (hidden rows last)

    @property
    def visible(self) -> bool:
        return all(self.respondents[s] >= MIN_PER_SIDE for s in SIDES)

    @property
    def needed(self) -> dict[str, int]:
        """Per side, how many more people must answer this round before it is shown."""
        return {s: max(0, MIN_PER_SIDE - self.respondents[s]) for s in SIDES}

    @property
    def flagged(self) -> list[Row]:
        return [r for r in self.rows if r.flagged]

    def row(self, statement: str) -> Row:
        return next(r for r in self.rows if r.statement == statement)


@dataclass
class Pulse:
    sides: dict[str, str]  # member -> side
    members: list[str]  # members who answered anything (with or without a side)
    unassigned: list[str]  # members who answered without a side
    rounds: dict[str, RoundView]
    by_side: dict[str, list[str]] = field(default_factory=dict)

    @property
    def represented(self) -> bool:
        """Both companies have at least one person speaking for them."""
        return all(self.by_side[s] for s in SIDES)

    def movement(self) -> list[dict]:
        """Per statement seen in both rounds: how each side's mean and the gap moved."""
        start, end = self.rounds["start"], self.rounds["end"]
        if not (start.visible and end.visible):
            return []
        out = []
        for statement in STATEMENTS:
            s, e = start.row(statement), end.row(statement)
            if s.gap is None or e.gap is None:
                continue
            out.append({"statement": statement, "change": {x: e.means[x] - s.means[x] for x in SIDES},
                        "gap_start": s.gap, "gap_end": e.gap})
        return sorted(out, key=lambda m: -abs(m["gap_start"]) + abs(m["gap_end"]))


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def round_view(round_: str, entries: dict[str, Entry], sides: dict[str, str]) -> RoundView:
    answered = {m: e.rounds.get(round_, {}) for m, e in entries.items() if m in sides}
    respondents = {s: sum(1 for m, a in answered.items() if a and sides[m] == s) for s in SIDES}
    rows = []
    for statement in STATEMENTS:
        scores = {s: [a[statement].score for m, a in answered.items()
                      if sides[m] == s and statement in a and a[statement].score is not None] for s in SIDES}
        comments = {s: tuple(sorted(a[statement].comment for m, a in answered.items()
                                    if sides[m] == s and statement in a and a[statement].comment)) for s in SIDES}
        shown = all(respondents[s] >= MIN_PER_SIDE for s in SIDES)
        means = {s: _mean(scores[s]) if shown and len(scores[s]) >= MIN_PER_SIDE else None for s in SIDES}
        rows.append(Row(statement, means, {s: len(scores[s]) for s in SIDES},
                        {s: comments[s] if means[s] is not None else () for s in SIDES}))
    order = list(STATEMENTS)
    rows.sort(key=lambda r: (r.gap is None, -abs(r.gap or 0), order.index(r.statement)))
    return RoundView(round_, respondents, rows)


def aggregate(entries: dict[str, Entry], sides: Sides | None = None) -> Pulse:
    """The team's pulse from every member's entry and the team's sides (pure)."""
    assigned = dict((sides or Sides()).sides)
    members = [m for m, e in entries.items() if any(e.rounds.values())]
    return Pulse(assigned, members, [m for m in members if m not in assigned],
                 {r: round_view(r, entries, assigned) for r in ROUNDS},
                 {s: [m for m, side in assigned.items() if side == s] for s in SIDES})


def crack_seen(view: RoundView, crack: str) -> bool | None:
    """Both sides see the crack as sound: each side's mean over its statements at least
    ``HEALTHY`` and none of them flagged; None while the round is not shown."""
    rows = [r for r in view.rows if STATEMENTS[r.statement] == crack and r.gap is not None]
    if not view.visible or not rows:
        return None
    for s in SIDES:
        if sum(r.means[s] for r in rows) / len(rows) < HEALTHY - EPS:
            return False
    return not any(r.flagged for r in rows)


def latest_round(pulse: Pulse) -> RoundView | None:
    """The latest round that is shown (the end round once it is, else the start)."""
    for round_ in reversed(ROUNDS):
        if pulse.rounds[round_].visible:
            return pulse.rounds[round_]
    return None


def load_sides(shared: object) -> Sides:
    return Sides() if shared is None else Sides.model_validate(shared)


def pulse_state(documents: dict[str, object], shared: object) -> tuple[dict[str, Entry], Sides, Pulse]:
    entries = {name: Entry.model_validate(doc) for name, doc in documents.items()}
    sides = load_sides(shared)
    return entries, sides, aggregate(entries, sides)
