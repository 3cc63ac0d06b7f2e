"""Initiatives: the joint operating plan as a portfolio of initiatives, judged by agreed criteria.

An alliance is run through a set of joint initiatives. Both companies first agree the
criteria by which an initiative is judged (without them every choice becomes an argument
about feelings), then propose initiatives and score each one against those criteria.

The rules, over every member's document:

* *Agreed criteria*: the five criteria of a concept evaluation, plus up to ``MAX_TEAM_CRITERIA``
  that members propose for this alliance. Each member spreads up to 100 points over them; the
  team's weights are the mean of the members' shares. A criterion is *contested* when members'
  points on it differ by ``CRITERIA_SPREAD`` or more; the criteria are *agreed* when at
  least one member has weighted them and none is contested.
* *Scores*: each member scores each initiative 1-5 per criterion. A member's score for an
  initiative is the weighted mean of their scores with the team's agreed weights (only when
  they scored every criterion that weighs); the team score is the mean of the members'
  scores, the spread their range. A cell is contested when scores differ by 2 or more.
* *The plan*: the ``plan_size`` best-ranked initiatives (the team sets the size). The plan is
  what the team commits to; every other proposal is *on the bench* (shown, never counted).
  The three rules below judge the plan, never a proposal the team ranked out of it.
* *Both companies win, now and later*: for each company, the plan holds at least one
  initiative that gives it a quick win (within 12 months) and one with a long-term win.
* *Enough initiatives*: at least ``MIN_INITIATIVES`` in the plan, and each company gains
  from at least two of them, so that any one can fail and both still have a reason to stay.
* *Overload*: a company is overloaded when the plan asks it for more people than it can
  assign to joint work (the team states that number); where risk balancing rated a
  company's people contribution below ``PEOPLE_MIN`` of 5, any plan that asks it for
  people is flagged as thinly staffed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from widgets.model.health import PEOPLE_MIN
from widgets.model.lists import next_id, same_label
from widgets.model.problems import ModelError, Problem, fail, validate
from widgets.model.text import UserText
from widgets.model.weights import TOTAL, Allocation, allocate, apportion, normalise
from widgets.modules.initiatives.gates import QUESTIONS
from widgets.modules.partner_selection import model as ps

KEY = "initiatives"
PARTNERS = ("a", "b")
HORIZONS = ("short", "long")
# what an initiative is judged by: the concept evaluation of a joint offer
CRITERIA = ("strategic_fit", "customer_value", "feasibility", "financial_return", "stakeholder_commitment")
CRITERIA_SPREAD = 25  # points: members this far apart on a criterion have not agreed it
MIN_INITIATIVES = 3
MIN_GAINS = 2  # initiatives each company gains from, so that one failure is survivable
MAX_INITIATIVES = 8  # per member
MAX_PEOPLE = 200
PLAN_SIZE = 3
MAX_PLAN = 8
MAX_TEAM_CRITERIA = 5

# a criterion: one of CRITERIA, or one the team proposed ("team-c1"...)
Criterion = Annotated[str, Field(pattern=r"^([a-z_]{2,40}|team-c[0-9]{1,2})$")]
Id = Annotated[str, Field(pattern=r"^i[0-9]{1,3}$")]
Ref = Annotated[str, Field(min_length=3, max_length=64, pattern=r"^[^\x00-\x1f#]+#i[0-9]{1,3}$")]
Score = Annotated[int, Field(ge=1, le=5, strict=True)]
Weight = Annotated[int, Field(ge=0, le=TOTAL, strict=True)]
People = Annotated[int, Field(ge=0, le=MAX_PEOPLE, strict=True)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Initiative(_Strict):
    """One proposed joint initiative: what, for whom, what each company gains, when, and the
    people each company puts in."""

    id: Id
    title: UserText(80)
    customers: UserText(200) = ""
    gain_a: UserText(200) = ""  # what company A gains; empty: nothing
    gain_b: UserText(200) = ""
    horizon: Literal[HORIZONS] = "short"  # type: ignore[valid-type]
    people_a: People = 0
    people_b: People = 0

    @model_validator(mode="after")
    def _check(self) -> Initiative:
        if not self.title:
            raise fail("initiatives.title_empty")
        if not (self.gain_a or self.gain_b):
            raise fail("initiatives.no_gain")
        return self

    def gains(self, partner: str) -> bool:
        return bool(getattr(self, f"gain_{partner}"))

    def people(self, partner: str) -> int:
        return getattr(self, f"people_{partner}")


class Entry(_Strict):
    """One member's document: weights on the criteria, proposals and scores."""

    weights: dict[Criterion, Weight] = Field(default_factory=dict, max_length=len(CRITERIA) + MAX_TEAM_CRITERIA)
    initiatives: list[Initiative] = Field(default_factory=list, max_length=MAX_INITIATIVES)
    scores: dict[Ref, dict[Criterion, Score]] = Field(default_factory=dict, max_length=200)

    @model_validator(mode="after")
    def _check(self) -> Entry:
        if any(len(row) > len(CRITERIA) + MAX_TEAM_CRITERIA for row in self.scores.values()):
            raise fail("initiatives.too_many_cells")
        if sum(self.weights.values()) > TOTAL:
            raise fail("initiatives.weights_over", total=sum(self.weights.values()), max=TOTAL)
        ids = [i.id for i in self.initiatives]
        if len(ids) != len(set(ids)):
            raise fail("initiatives.duplicate_id")
        self.scores = {r: s for r, s in self.scores.items() if s}
        return self


class Capacity(_Strict):
    """People each company can assign to joint initiatives (None: not stated yet)."""

    a: People | None = None
    b: People | None = None


class TeamCriterion(_Strict):
    """A criterion a member proposed for this alliance."""

    id: Annotated[str, Field(pattern=r"^team-c[0-9]{1,2}$")]
    label: UserText(80)
    by: UserText(80) = ""


class Board(_Strict):
    """The team's shared document: criteria the team added, the plan's size, capacity, gate
    evidence and the exit path."""

    criteria: list[TeamCriterion] = Field(default_factory=list, max_length=MAX_TEAM_CRITERIA)
    plan_size: Annotated[int, Field(ge=1, le=MAX_PLAN, strict=True)] = PLAN_SIZE
    capacity: Capacity = Field(default_factory=Capacity)
    # initiative ref -> gate question -> the evidence that answers it
    gates: dict[Ref, dict[Annotated[str, Field(pattern=r"^[a-z_]{2,40}$")], UserText(300)]] = Field(
        default_factory=dict, max_length=100)
    narrow_to: UserText(300) = ""  # the simpler relationship the alliance would narrow to
    # the latest portfolio review after a launch: what was added, dropped or changed, and when
    # (absent in documents stored before it existed)
    renewal: UserText(300) = ""
    exiting: bool = False  # the partners have decided to narrow or end the alliance

    @model_validator(mode="after")
    def _clean(self) -> Board:
        ids = [c.id for c in self.criteria]
        if len(ids) != len(set(ids)) or any(not c.label for c in self.criteria):
            raise fail("initiatives.bad_criterion")
        for answers in self.gates.values():
            unknown = set(answers) - set(QUESTIONS)
            if unknown:
                raise fail("initiatives.unknown_question", question=sorted(unknown)[0])
        self.gates = {r: {q: e for q, e in a.items() if e} for r, a in self.gates.items()}
        self.gates = {r: a for r, a in self.gates.items() if a}
        return self


def ref(author: str, item_id: str) -> str:
    return f"{author}#{item_id}"


# -- editing a member's document ------------------------------------------------------------------
def put_initiative(entry: Entry, data: dict, teammates: dict[str, str] | None = None) -> Entry:
    """``entry`` with an initiative saved (a new one when ``data`` has no id); refused when it
    does not validate, when the member already proposed one with the same title, when a
    teammate has (``teammates``: their titles -> author; one initiative, scored by all), or
    when the member has proposed the most there may be."""
    item_id = data.get("id") or _next_id(entry)
    item = validate(Initiative, {**data, "id": item_id})
    if any(i.id != item.id and same_label(i.title, item.title) for i in entry.initiatives):
        raise ModelError(Problem("initiatives.duplicate_title", {"title": item.title}))
    for title, author in (teammates or {}).items():
        if same_label(title, item.title):
            raise ModelError(Problem("initiatives.proposed_by", {"title": item.title, "author": author}))
    ids = [i.id for i in entry.initiatives]
    items = [i.model_dump() for i in entry.initiatives if i.id != item.id]
    if item.id not in ids and len(items) >= MAX_INITIATIVES:
        raise ModelError(Problem("initiatives.too_many", {"max": MAX_INITIATIVES}))
    items.insert(ids.index(item.id) if item.id in ids else len(items), item.model_dump())
    return validate(Entry, {**entry.model_dump(mode="json"), "initiatives": items})


def drop_initiative(entry: Entry, author: str, item_id: str) -> Entry:
    """``entry`` without its initiative ``item_id`` and without the author's own scores of it."""
    doc = entry.model_dump(mode="json")
    doc["initiatives"] = [i for i in doc["initiatives"] if i["id"] != item_id]
    doc["scores"].pop(ref(author, item_id), None)
    return validate(Entry, doc)


def _next_id(entry: Entry) -> str:
    return next_id("i", {i.id for i in entry.initiatives})


def weight_of(entry: Entry, criterion: str) -> int:
    """The points a member gave ``criterion`` (0: none)."""
    return int(entry.weights.get(criterion, 0))


def allocate_weight(entry: Entry, criteria: list[str], criterion: str, value: int) -> tuple[Entry, Allocation]:
    """``entry`` with one criterion's points set to ``value`` over the ``criteria`` in force
    (:func:`widgets.model.weights.allocate`: no other weight moves; more than is left is capped,
    and the allocation says so), and that allocation. Setting a criterion to the points it
    already has leaves ``entry`` as it is."""
    result = allocate(dict(entry.weights), criteria, criterion, int(value))
    if result.given == weight_of(entry, criterion):
        return entry, result
    return validate(Entry, {**entry.model_dump(mode="json"), "weights": result.weights}), result


def score_of(entry: Entry, item: str, criterion: str) -> int | None:
    """A member's 1-5 score of initiative ``item`` (a ref) on ``criterion`` (None: not scored)."""
    return entry.scores.get(item, {}).get(criterion)


def set_score(entry: Entry, item: str, criterion: str, score: int | None) -> Entry:
    """``entry`` with one score set (None clears it); validated like any browser value. The
    score ``entry`` already has leaves it as it is."""
    if not isinstance(score, bool) and score == score_of(entry, item, criterion):
        return entry
    doc = entry.model_dump(mode="json")
    row = dict(doc["scores"].get(item, {}))
    if score is None:
        row.pop(criterion, None)
    else:
        row[criterion] = score
    doc["scores"][item] = row
    return validate(Entry, doc)


# -- aggregation ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class CriterionView:
    criterion: str
    points: int  # the team's agreed points (sum 100)
    low: int | None  # members' points, lowest and highest
    high: int | None

    @property
    def spread(self) -> int:
        return 0 if self.low is None else self.high - self.low

    @property
    def contested(self) -> bool:
        return self.spread >= CRITERIA_SPREAD


@dataclass(frozen=True)
class Staffing:
    partner: str
    load: int  # people the plan asks of the company
    capacity: int | None  # people it can assign (None: not stated)
    people_rating: float | None  # risk balancing's people contribution, 0-5 (None: not rated)

    @property
    def overloaded(self) -> bool:
        return self.capacity is not None and self.load > self.capacity

    @property
    def thin(self) -> bool:
        """The plan asks people of a company the team rated low on people."""
        return self.load > 0 and self.people_rating is not None and self.people_rating < PEOPLE_MIN


@dataclass
class Portfolio:
    members: list[str]  # members who weighted, proposed or scored
    weighting: list[str]  # members who weighted the criteria
    criteria: list[CriterionView]
    weights: dict[str, float]  # the agreed weights as fractions
    items: dict[str, Initiative]  # ref -> initiative, in proposal order
    authors: dict[str, str]  # ref -> member
    cells: dict[tuple[str, str], ps.Cell]
    member_scores: dict[str, dict[str, float | None]]
    ranking: list[ps.Ranked]
    plan: list[str]  # the best-ranked refs the team commits to, best first
    grid: dict[str, dict[str, list[str]]]  # partner -> horizon -> refs in the plan
    gains: dict[str, int]  # partner -> initiatives in the plan it gains from
    staffing: dict[str, Staffing] = field(default_factory=dict)

    @property
    def agreed(self) -> bool | None:
        if not self.weighting:
            return None
        return not any(c.contested for c in self.criteria)

    @property
    def bench(self) -> list[str]:
        """Proposals outside the plan, in rank order (those nobody scored last)."""
        return [x.candidate for x in self.ranking if x.candidate not in self.plan]

    @property
    def balanced(self) -> bool | None:
        """The plan gives each company a quick and a long-term win (None: no initiatives; an
        empty plan, nothing ranked yet, gives nobody a win)."""
        if not self.items:
            return None
        return all(self.grid[p][h] for p in PARTNERS for h in HORIZONS)

    @property
    def enough(self) -> bool | None:
        """At least ``MIN_INITIATIVES`` in the plan, each company gaining from ``MIN_GAINS``."""
        if not self.items:
            return None
        return len(self.plan) >= MIN_INITIATIVES and all(self.gains[p] >= MIN_GAINS for p in PARTNERS)

    @property
    def staffed(self) -> bool | None:
        """False when a company is overloaded or thinly staffed; True when both companies have
        stated their capacity and the plan fits; None while the plan asks nobody for people or
        a capacity is missing."""
        if not self.plan or not any(s.load for s in self.staffing.values()):
            return None
        if any(s.overloaded or s.thin for s in self.staffing.values()):
            return False
        if any(s.capacity is None for s in self.staffing.values()):
            return None
        return True

    @property
    def contested(self) -> list[ps.Cell]:
        order, criteria = list(self.items), [c.criterion for c in self.criteria]
        return sorted((c for c in self.cells.values() if c.contested),
                      key=lambda c: (-c.spread, order.index(c.candidate), criteria.index(c.criterion)))


def _has_input(entry: Entry) -> bool:
    return bool(entry.weights or entry.initiatives or entry.scores)


def criteria_of(board: Board | None) -> list[str]:
    """The criteria in force: the concept evaluation's five, then those the team added."""
    return [*CRITERIA, *(c.id for c in (board.criteria if board else []))]


def agreed_criteria(entries: dict[str, Entry], criteria: list[str] | None = None
                    ) -> tuple[list[str], dict[str, float], list[CriterionView]]:
    """Who weighted, the agreed weights (fractions) and, per criterion, the agreed points with
    the members' lowest and highest points. Points on a criterion no longer in force do not
    count; a member with no points on those in force weighs them all the same."""
    criteria = list(criteria or CRITERIA)
    weighting = [m for m, e in entries.items() if e.weights]
    shares = {m: normalise({k: float(v) for k, v in entries[m].weights.items()}, criteria) for m in weighting}
    mean = {k: sum(shares[m][k] for m in weighting) / len(weighting) if weighting else 1.0 for k in criteria}
    weights = normalise(mean, criteria)
    points = apportion(weights)
    views = []
    for k in criteria:
        own = [round(TOTAL * shares[m][k]) for m in weighting]
        views.append(CriterionView(k, points[k], min(own) if own else None, max(own) if own else None))
    return weighting, weights, views


def aggregate(entries: dict[str, Entry], board: Board | None = None,
              people: dict[str, float | None] | None = None) -> Portfolio:
    """The team's portfolio from every member's entry (pure). ``people``: risk balancing's
    people contribution per company (0-5), where the team has rated it."""
    board = board or Board()
    criteria = criteria_of(board)
    members = [m for m, e in entries.items() if _has_input(e)]
    weighting, weights, views = agreed_criteria(entries, criteria)
    items: dict[str, Initiative] = {}
    authors: dict[str, str] = {}
    for m, e in entries.items():
        for item in e.initiatives:
            items[ref(m, item.id)] = item
            authors[ref(m, item.id)] = m
    order = list(items)
    cells = {}
    for r in order:
        for k in criteria:
            got = {m: entries[m].scores[r][k] for m in members if k in entries[m].scores.get(r, {})}
            values = list(got.values())
            cells[(r, k)] = ps.Cell(r, k, got, sum(values) / len(values) if values else None,
                                    min(values) if values else None, max(values) if values else None)
    member_scores = {m: {r: ps.weighted(weights, {k: entries[m].scores.get(r, {}).get(k) for k in criteria})
                         for r in order} for m in members}
    team_score, spread, counts = {}, {}, {}
    for r in order:
        values = [member_scores[m][r] for m in members if member_scores[m][r] is not None]
        team_score[r] = sum(values) / len(values) if values else None
        spread[r] = (max(values) - min(values)) if values else None
        counts[r] = len(values)
    ranking = ps.rank(team_score, order, spread, counts)
    plan = [x.candidate for x in ranking if x.rank is not None][:board.plan_size]
    grid = {p: {h: [r for r in plan if items[r].gains(p) and items[r].horizon == h] for h in HORIZONS}
            for p in PARTNERS}
    gains = {p: sum(1 for r in plan if items[r].gains(p)) for p in PARTNERS}
    staffing = {p: Staffing(p, sum(items[r].people(p) for r in plan), getattr(board.capacity, p),
                            (people or {}).get(p)) for p in PARTNERS}
    return Portfolio(members, weighting, views, weights, items, authors, cells, member_scores, ranking, plan,
                     grid, gains, staffing)


def load_board(shared: object) -> Board:
    return Board() if shared is None else Board.model_validate(shared)


def portfolio(documents: dict[str, object], shared: object, people: dict[str, float | None] | None = None
              ) -> tuple[dict[str, Entry], Board, Portfolio]:
    """Validate every stored document and aggregate them."""
    entries = {name: Entry.model_validate(doc) for name, doc in documents.items()}
    board = load_board(shared)
    return entries, board, aggregate(entries, board, people)


def set_plan_size(board: Board, size: object) -> Board:
    return validate(Board, {**board.model_dump(mode="json"), "plan_size": size})


def set_capacity(board: Board, partner: str, people: object) -> Board:
    """The board with the people ``partner`` can assign, as typed: a whole number, or empty
    for "not stated yet" (which is not the same as none)."""
    if partner not in PARTNERS:
        raise ModelError(Problem("initiatives.unknown_partner", {"partner": partner}))
    if isinstance(people, str):
        text = people.strip()
        if text and not text.isdigit():
            raise ModelError(Problem("initiatives.capacity_not_number", {"value": text[:20]}))
        people = int(text) if text else None
    doc = board.model_dump(mode="json")
    doc["capacity"][partner] = people
    return validate(Board, doc)


def add_criterion(board: Board, label: object, by: str, labels: dict[str, str]) -> Board:
    """The board with a criterion a member proposes; ``labels`` are the criteria as the reader
    sees them, to refuse one that is already there (ignoring case and spacing)."""
    item = validate(TeamCriterion, {"id": "team-c0", "label": label, "by": by})
    if not item.label:
        raise ModelError(Problem("initiatives.criterion_empty"))
    if any(same_label(item.label, existing) for existing in labels.values()):
        raise ModelError(Problem("initiatives.criterion_exists", {"label": item.label}))
    if len(board.criteria) >= MAX_TEAM_CRITERIA:
        raise ModelError(Problem("initiatives.too_many_criteria", {"max": MAX_TEAM_CRITERIA}))
    item.id = next_id("team-c", {c.id for c in board.criteria})
    return validate(Board, {**board.model_dump(mode="json"), "criteria": [*board.model_dump(mode="json")["criteria"],
                                                                            item.model_dump()]})


def drop_criterion(board: Board, criterion_id: str) -> Board:
    """The board without a criterion the team added (the concept evaluation's five stay)."""
    if criterion_id not in {c.id for c in board.criteria}:
        raise ModelError(Problem("initiatives.unknown_criterion", {"criterion": criterion_id}))
    doc = board.model_dump(mode="json")
    doc["criteria"] = [c for c in doc["criteria"] if c["id"] != criterion_id]
    return validate(Board, doc)


def set_evidence(board: Board, item: str, question: str, evidence: str) -> Board:
    """The board with the evidence for one gate question of one initiative (an empty text
    withdraws it); validated like any browser value."""
    if question not in QUESTIONS:
        raise ModelError(Problem("initiatives.unknown_question", {"question": question}))
    doc = board.model_dump(mode="json")
    doc["gates"].setdefault(item, {})[question] = evidence
    return validate(Board, doc)


def renewed(board: Board, launched: bool | None, balanced: bool | None) -> bool | None:
    """The portfolio is renewed: an initiative has been launched, the team has written its
    review of the portfolio since (what it added, dropped or changed), and the plan still gives
    each company a quick and a long-term win. None while nothing is in the plan."""
    if launched is None:
        return None
    return bool(launched and board.renewal.strip() and balanced)


def set_renewal(board: Board, text: object) -> Board:
    return validate(Board, {**board.model_dump(mode="json"), "renewal": text})


def set_exit(board: Board, narrow_to: object | None = None, exiting: object | None = None) -> Board:
    doc = board.model_dump(mode="json")
    if narrow_to is not None:
        doc["narrow_to"] = narrow_to
    if exiting is not None:
        doc["exiting"] = exiting
    return validate(Board, doc)
