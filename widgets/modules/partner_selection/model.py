"""Partner selection: weighted scoring of candidate partners, team ranking and robustness.

Each participant distributes up to 100 points over the criteria and scores each
candidate 1-5 per criterion. The team view aggregates all members:

* a member's weighted score for a candidate is the weighted mean of their own scores with
  their own weights (over the criteria they scored);
* the team score is the mean of the members' weighted scores, the *spread* their range;
* a cell (candidate x criterion) is *contested* when members' scores differ by 2 or more;
* *robustness*: under how many members' own weight sets, applied to the team's mean
  scores, the team's top candidate is still first (a tie for first counts as first).
* *must-haves* are facts, not opinions: for each candidate a member records a must-have
  criterion as met or not met, always with a written reason (the evidence). A mean of scores
  is never a gate. Any member's "not met" makes the candidate *contested* on that must-have:
  it is shown but not ranked until the team settles the fact (met or not met, with a reason).
  A candidate settled as not meeting a must-have is *out*: shown, never ranked. A must-have
  nobody has recorded for a candidate gates nothing yet (the findings say so).
  Stored documents from before facts existed load unchanged (no facts, nothing settled);
  their 1-5 scores on a must-have no longer gate anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from widgets.model.case import Case
from widgets.model.lists import next_id, same_label
from widgets.model.problems import ModelError, Problem, fail, validate
from widgets.model.text import UserText
from widgets.model.weights import TOTAL, Allocation, allocate, even, normalise
from widgets.modules.partner_selection.case import of as case_of

KEY = "partner_selection"
MAX_CRITERIA = 20
MAX_CANDIDATES = 20
LABEL_MAX = 80
PROFILE_MAX = 600
NOTE_MAX = 300
CONTESTED_SPREAD = 2
EPS = 1e-9

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,47}$")]
Score = Annotated[int, Field(ge=1, le=5, strict=True)]
Weight = Annotated[int, Field(ge=0, le=TOTAL, strict=True)]
Label = UserText(LABEL_MAX)
Note = UserText(NOTE_MAX, multiline=True)
Profile = UserText(PROFILE_MAX, multiline=True)


class MustHave(BaseModel):
    """A must-have recorded for one candidate: met or not, and the written reason (evidence)."""

    model_config = ConfigDict(extra="forbid")
    met: bool
    reason: Note

    @model_validator(mode="after")
    def _reasoned(self) -> MustHave:
        if not self.reason.strip():
            raise fail("partner_selection.fact_reason_required")
        return self


class Entry(BaseModel):
    """One participant's document: weights, scores, notes and must-have facts."""

    model_config = ConfigDict(extra="forbid")

    weights: dict[Id, Weight] = Field(default_factory=dict, max_length=MAX_CRITERIA)
    scores: dict[Id, dict[Id, Score]] = Field(default_factory=dict, max_length=MAX_CANDIDATES)
    notes: dict[Id, dict[Id, Note]] = Field(default_factory=dict, max_length=MAX_CANDIDATES)
    # candidate -> must-have criterion -> the member's fact (absent in documents stored before)
    facts: dict[Id, dict[Id, MustHave]] = Field(default_factory=dict, max_length=MAX_CANDIDATES)

    @model_validator(mode="after")
    def _check(self) -> Entry:
        if sum(self.weights.values()) > TOTAL:
            raise fail("partner_selection.weights_over", total=sum(self.weights.values()), max=TOTAL)
        for table in (self.scores, self.notes, self.facts):
            for row in table.values():
                if len(row) > MAX_CRITERIA:
                    raise fail("partner_selection.too_many_cells", max=MAX_CRITERIA)
        # empty notes are not worth keeping
        self.notes = {c: {k: n for k, n in row.items() if n} for c, row in self.notes.items()}
        self.notes = {c: row for c, row in self.notes.items() if row}
        return self


class TeamCriterion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Id
    label: Label | None = None  # None: the case's label in the reader's language
    case: bool = False
    knockout: bool | None = None  # a must-have; None: as the case says


class TeamCandidate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Id
    name: Label | None = None
    profile: Profile | None = None
    case: bool = False


class TeamLists(BaseModel):
    """The team's shared lists: criteria and candidates (from the case, edited by the team)."""

    model_config = ConfigDict(extra="forbid")
    criteria: list[TeamCriterion] = Field(min_length=1, max_length=MAX_CRITERIA)
    candidates: list[TeamCandidate] = Field(min_length=1, max_length=MAX_CANDIDATES)
    # candidate -> must-have criterion -> the team's settled fact (absent in documents stored before)
    settled: dict[Id, dict[Id, MustHave]] = Field(default_factory=dict, max_length=MAX_CANDIDATES)

    @model_validator(mode="after")
    def _unique(self) -> TeamLists:
        for what, items in (("criteria", self.criteria), ("candidates", self.candidates)):
            ids = [i.id for i in items]
            if len(ids) != len(set(ids)):
                raise fail("partner_selection.duplicate_id", what=what)
            if any(not i.case and not (getattr(i, "label", None) or getattr(i, "name", None))
                   for i in items):
                raise fail("partner_selection.label_required")
        return self


# -- the team's lists ------------------------------------------------------------------------
def default_lists(case: Case) -> TeamLists:
    return TeamLists(
        criteria=[TeamCriterion(id=c.id, case=True) for c in case_of(case).criteria],
        candidates=[TeamCandidate(id=c.id, case=True) for c in case.candidates],
    )


def add_criterion(lists: TeamLists, label: str, labels: dict[str, str]) -> TeamLists:
    """A new team criterion; ``labels`` are the current display labels (to refuse duplicates)."""
    item = validate(TeamCriterion, {"id": "x", "label": label})
    if not item.label:
        raise ModelError(Problem("partner_selection.label_required"))
    if any(same_label(item.label, existing) for existing in labels.values()):
        raise ModelError(Problem("partner_selection.label_exists", {"label": item.label}))
    if len(lists.criteria) >= MAX_CRITERIA:
        raise ModelError(Problem("partner_selection.too_many", {"max": MAX_CRITERIA}))
    item.id = next_id("team-c", {c.id for c in lists.criteria})
    return lists.model_copy(update={"criteria": [*lists.criteria, item]})


def rename_criterion(lists: TeamLists, criterion_id: str, label: str) -> TeamLists:
    clean = validate(TeamCriterion, {"id": "x", "label": label}).label
    if not clean:
        raise ModelError(Problem("partner_selection.label_required"))
    criteria = [c.model_copy(update={"label": clean}) if c.id == criterion_id else c for c in lists.criteria]
    return lists.model_copy(update={"criteria": criteria})


def drop_criterion(lists: TeamLists, criterion_id: str) -> TeamLists:
    remaining = [c for c in lists.criteria if c.id != criterion_id]
    if not remaining:
        raise ModelError(Problem("partner_selection.keep_one_criterion"))
    return lists.model_copy(update={"criteria": remaining})


def add_candidate(lists: TeamLists, name: str, profile: str, names: dict[str, str]) -> TeamLists:
    item = validate(TeamCandidate, {"id": "x", "name": name, "profile": profile})
    if not item.name:
        raise ModelError(Problem("partner_selection.label_required"))
    if any(same_label(item.name, existing) for existing in names.values()):
        raise ModelError(Problem("partner_selection.label_exists", {"label": item.name}))
    if len(lists.candidates) >= MAX_CANDIDATES:
        raise ModelError(Problem("partner_selection.too_many", {"max": MAX_CANDIDATES}))
    item.id = next_id("team-p", {c.id for c in lists.candidates})
    return lists.model_copy(update={"candidates": [*lists.candidates, item]})


def drop_candidate(lists: TeamLists, candidate_id: str) -> TeamLists:
    remaining = [c for c in lists.candidates if c.id != candidate_id]
    if not remaining:
        raise ModelError(Problem("partner_selection.keep_one_candidate"))
    return lists.model_copy(update={"candidates": remaining})


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    profile: str = ""
    facts: tuple[str, ...] = ()


def resolve(lists: TeamLists, case: Case, lang: str) -> tuple[list[Option], list[Option]]:
    """Criteria and candidates with display labels in ``lang``."""
    case_criteria = {c.id: c for c in case_of(case).criteria}
    case_candidates = {c.id: c for c in case.candidates}
    criteria = []
    for c in lists.criteria:
        source = case_criteria.get(c.id) if c.case else None
        label = c.label or (source.label.get(lang) if source else c.id)
        hint = source.description.get(lang) if source and source.description else ""
        criteria.append(Option(c.id, label, hint))
    candidates = []
    for c in lists.candidates:
        source = case_candidates.get(c.id) if c.case else None
        name = c.name or (source.name if source else c.id)
        profile = c.profile or (source.profile.get(lang) if source else "")
        facts = tuple(f.get(lang) for f in source.facts) if source else ()
        candidates.append(Option(c.id, name, profile, facts))
    return criteria, candidates


# -- aggregation ------------------------------------------------------------------------------
@dataclass
class Cell:
    candidate: str
    criterion: str
    scores: dict[str, int]
    mean: float | None
    low: int | None
    high: int | None

    @property
    def spread(self) -> int:
        return (self.high - self.low) if self.scores else 0

    @property
    def contested(self) -> bool:
        return len(self.scores) >= 2 and self.spread >= CONTESTED_SPREAD


@dataclass
class Ranked:
    candidate: str
    score: float | None
    spread: float | None
    rank: int | None
    members: int
    tied: bool = False
    knocked_out: list[str] = field(default_factory=list)  # knock-out criteria it fails (then no rank)
    disputed: list[str] = field(default_factory=list)  # must-haves a member says it does not meet (no rank)


@dataclass
class Robustness:
    top: str | None
    stays_first: int
    members: int
    dissent: dict[str, str] = field(default_factory=dict)  # member -> their top candidate

    @property
    def share(self) -> float | None:
        return self.stays_first / self.members if self.members else None


@dataclass
class Driver:
    criterion: str
    weight: float
    gap: float
    contribution: float


@dataclass
class TeamResult:
    criteria: list[str]
    candidates: list[str]
    members: list[str]  # members who entered anything
    team_weights: dict[str, float]
    cells: dict[tuple[str, str], Cell]
    member_scores: dict[str, dict[str, float | None]]
    ranking: list[Ranked]
    robustness: Robustness
    drivers: list[Driver]
    knocked_out: dict[str, list[str]] = field(default_factory=dict)  # candidate -> failed knock-outs
    disputed: dict[str, list[str]] = field(default_factory=dict)  # candidate -> must-haves to settle
    facts: dict[tuple[str, str], MustHaveView] = field(default_factory=dict)  # (candidate, must-have)

    @property
    def contested(self) -> list[Cell]:
        cells = [c for c in self.cells.values() if c.contested]
        order = {k: i for i, k in enumerate(self.candidates)}
        crit = {k: i for i, k in enumerate(self.criteria)}
        return sorted(cells, key=lambda c: (-c.spread, order[c.candidate], crit[c.criterion]))


def _has_input(entry: Entry) -> bool:
    return bool(entry.weights) or any(entry.scores.values())


def even_weights(criteria: list[str], knockouts: list[str] | tuple[str, ...] = ()) -> dict[str, int]:
    """The even split: 0 points on each must-have (a gate, not a weight) and ``TOTAL`` spread
    over the other criteria (whole points, largest remainder). With every criterion a
    must-have there is nothing else to weigh, and the split is even over all of them."""
    gates = set(knockouts)
    weighed = [k for k in criteria if k not in gates] or list(criteria)
    return {k: 0 for k in criteria} | even(weighed)


def member_weights(entry: Entry, criteria: list[str], knockouts: list[str] | tuple[str, ...] = ()
                   ) -> dict[str, float]:
    """A member's weights over the active criteria, as fractions. A member who has put no
    points on any of them is weighed by the even split (must-haves weigh nothing)."""
    points = {k: float(v) for k, v in entry.weights.items()}
    if not any(points.get(k, 0) > 0 for k in criteria):
        points = {k: float(v) for k, v in even_weights(criteria, knockouts).items()}
    return normalise(points, criteria)


def weighted(weights: dict[str, float], scores: dict[str, float | None]) -> float | None:
    """Weighted mean of the scores; None unless every criterion that weighs has a score.

    A candidate scored on only some criteria is not ranked on those alone: leaving out the
    criteria nobody scored would lift it above a candidate judged on everything (a gap is
    missing evidence, not an average score). Criteria weighted 0 need no score."""
    num = den = 0.0
    for k, w in weights.items():
        if w <= 0:
            continue
        s = scores.get(k)
        if s is None:
            return None
        num += w * s
        den += w
    return num / den if den > EPS else None


def rank(scores: dict[str, float | None], order: list[str], spreads: dict[str, float | None] | None = None,
         members: dict[str, int] | None = None) -> list[Ranked]:
    """Competition ranking ("1, 1, 3"); unscored candidates last without a rank."""
    scored = sorted((c for c in order if scores.get(c) is not None), key=lambda c: (-scores[c], order.index(c)))
    out: list[Ranked] = []
    for i, c in enumerate(scored):
        if i and abs(scores[c] - scores[scored[i - 1]]) < EPS:
            position = out[-1].rank
        else:
            position = i + 1
        out.append(Ranked(c, scores[c], (spreads or {}).get(c), position, (members or {}).get(c, 0)))
    for r in out:
        r.tied = sum(1 for o in out if o.rank == r.rank) > 1
    out += [Ranked(c, None, None, None, 0) for c in order if scores.get(c) is None]
    return out


@dataclass(frozen=True)
class MustHaveView:
    """Where one candidate stands on one must-have."""

    candidate: str
    criterion: str
    status: str  # "met", "not_met" (settled by the team), "disputed" (a member says not met), "open"
    facts: dict[str, MustHave]  # member -> their fact
    settled: MustHave | None = None

    @property
    def gates(self) -> bool:
        """The candidate is not ranked because of this must-have."""
        return self.status in ("not_met", "disputed")


def must_have(candidate: str, criterion: str, entries: dict[str, Entry], settled: MustHave | None = None
              ) -> MustHaveView:
    """The team's standing on one must-have for one candidate: the team's settled fact if any,
    else disputed as soon as one member records it as not met, else met once a member records
    it as met, else open."""
    facts = {m: e.facts[candidate][criterion] for m, e in entries.items()
             if criterion in e.facts.get(candidate, {})}
    if settled is not None:
        status = "met" if settled.met else "not_met"
    elif any(not f.met for f in facts.values()):
        status = "disputed"
    else:
        status = "met" if facts else "open"
    return MustHaveView(candidate, criterion, status, facts, settled)


def must_haves(candidates: list[str], knockouts: list[str], entries: dict[str, Entry],
               settled: dict[str, dict[str, MustHave]] | None = None) -> dict[tuple[str, str], MustHaveView]:
    return {(c, k): must_have(c, k, entries, (settled or {}).get(c, {}).get(k))
            for c in candidates for k in knockouts}


def knocked_out(facts: dict[tuple[str, str], MustHaveView], candidates: list[str], status: str = "not_met"
                ) -> dict[str, list[str]]:
    """The candidates with must-haves in ``status`` ("not_met": out; "disputed": to settle)."""
    out: dict[str, list[str]] = {}
    for (c, k), view in facts.items():
        if view.status == status:
            out.setdefault(c, []).append(k)
    return {c: out[c] for c in candidates if c in out}


def set_fact(entry: Entry, candidate: str, criterion: str, met: bool | None, reason: object = "") -> Entry:
    """``entry`` with a member's fact on one must-have (``met`` None clears it); a fact needs a
    written reason."""
    doc = entry.model_dump(mode="json")
    row = doc["facts"].setdefault(candidate, {})
    if met is None:
        row.pop(criterion, None)
    else:
        row[criterion] = {"met": met, "reason": reason}
    doc["facts"] = {c: r for c, r in doc["facts"].items() if r}
    return validate(Entry, doc)


def settle(lists: TeamLists, candidate: str, criterion: str, met: bool | None, reason: object = "") -> TeamLists:
    """The team's lists with a must-have settled for a candidate (``met`` None reopens it)."""
    if criterion not in {c.id for c in lists.criteria}:
        raise ModelError(Problem("partner_selection.unknown_criterion", {"criterion": criterion}))
    doc = lists.model_dump(mode="json")
    row = doc["settled"].setdefault(candidate, {})
    if met is None:
        row.pop(criterion, None)
    else:
        row[criterion] = {"met": met, "reason": reason}
    doc["settled"] = {c: r for c, r in doc["settled"].items() if r}
    return validate(TeamLists, doc)


def aggregate(criteria: list[str], candidates: list[str], entries: dict[str, Entry],
              knockouts: list[str] | None = None, settled: dict[str, dict[str, MustHave]] | None = None
              ) -> TeamResult:
    """The team view from every member's entry (pure; ids not in the lists are ignored).

    A candidate the team has settled as not meeting a must-have (``knockouts``, ``settled``),
    or that a member records as not meeting one while the team has not settled it, is shown
    with its score but not ranked, and does not count in the robustness test: no weighting
    makes up for a must-have it lacks."""
    members = [m for m, e in entries.items() if _has_input(e)]
    gates = [k for k in knockouts or [] if k in criteria]
    weights = {m: member_weights(entries[m], criteria, gates) for m in members}
    cells: dict[tuple[str, str], Cell] = {}
    for c in candidates:
        for k in criteria:
            got = {m: entries[m].scores[c][k] for m in members
                   if k in entries[m].scores.get(c, {})}
            values = list(got.values())
            cells[(c, k)] = Cell(c, k, got, sum(values) / len(values) if values else None,
                                 min(values) if values else None, max(values) if values else None)
    member_scores = {m: {c: weighted(weights[m], {k: entries[m].scores.get(c, {}).get(k) for k in criteria})
                         for c in candidates} for m in members}
    team_score: dict[str, float | None] = {}
    spread: dict[str, float | None] = {}
    counts: dict[str, int] = {}
    for c in candidates:
        values = [member_scores[m][c] for m in members if member_scores[m][c] is not None]
        team_score[c] = sum(values) / len(values) if values else None
        spread[c] = (max(values) - min(values)) if values else None
        counts[c] = len(values)
    team_weights = normalise({k: sum(weights[m][k] for m in members) for k in criteria}, criteria)
    facts = must_haves(candidates, gates, entries, settled)
    out = knocked_out(facts, candidates)
    disputed = knocked_out(facts, candidates, "disputed")
    ranking = _ranking_without(out, team_score, candidates, spread, counts, disputed)
    means = {c: {k: cells[(c, k)].mean for k in criteria} for c in candidates}
    robustness = _robustness(ranking, weights, means, [c for c in candidates if c not in out and c not in disputed])
    drivers = _drivers(ranking, team_weights, means, criteria)
    return TeamResult(criteria, candidates, members, team_weights, cells, member_scores, ranking,
                      robustness, drivers, out, disputed, facts)


def _ranking_without(out: dict[str, list[str]], scores: dict[str, float | None], candidates: list[str],
                     spread: dict | None = None, counts: dict | None = None,
                     disputed: dict[str, list[str]] | None = None) -> list[Ranked]:
    """The ranking of the candidates still in; the knocked-out ones (and those disputed on a
    must-have) follow, unranked, with their score and the must-haves they fail or dispute."""
    disputed = disputed or {}
    gated = {c: out.get(c, []) for c in candidates if c in out or c in disputed}
    ranking = rank({c: (None if c in gated else s) for c, s in scores.items()}, candidates, spread, counts)
    for r in ranking:
        if r.candidate in gated:
            r.score, r.knocked_out = scores.get(r.candidate), gated[r.candidate]
            r.disputed = disputed.get(r.candidate, [])
            r.spread = (spread or {}).get(r.candidate)
            r.members = (counts or {}).get(r.candidate, 0)
    scored = [r for r in ranking if r.candidate not in gated]
    return [r for r in scored if r.rank is not None] + [r for r in ranking if r.candidate in gated] + \
        [r for r in scored if r.rank is None]


def rank_with(weights: dict[str, float], result: TeamResult) -> list[Ranked]:
    """What-if: the ranking if everyone used ``weights`` on the team's mean scores."""
    w = normalise(weights, result.criteria)
    scores = {c: weighted(w, {k: result.cells[(c, k)].mean for k in result.criteria})
              for c in result.candidates}
    return _ranking_without(result.knocked_out, scores, result.candidates, disputed=result.disputed)


def _robustness(ranking, weights, means, candidates) -> Robustness:
    top = next((r.candidate for r in ranking if r.rank is not None), None)
    if top is None:
        return Robustness(None, 0, 0)
    stays, dissent = 0, {}
    for member, w in weights.items():
        scores = {c: weighted(w, means[c]) for c in candidates}
        best = max((s for s in scores.values() if s is not None), default=None)
        if best is not None and scores[top] is not None and scores[top] >= best - EPS:
            stays += 1
        else:
            dissent[member] = rank(scores, candidates)[0].candidate
    return Robustness(top, stays, len(weights), dissent)


def _drivers(ranking, team_weights, means, criteria) -> list[Driver]:
    scored = [r for r in ranking if r.rank is not None]
    if len(scored) < 2:
        return []
    top, second = scored[0].candidate, scored[1].candidate
    out = []
    for k in criteria:
        a, b = means[top][k], means[second][k]
        if a is None or b is None:
            continue
        out.append(Driver(k, team_weights[k], a - b, team_weights[k] * (a - b)))
    return sorted(out, key=lambda d: -d.contribution)


# -- findings for the participant and the debrief ---------------------------------------------
@dataclass(frozen=True)
class Finding:
    code: str
    level: str  # "ok", "warn", "info"
    params: dict = field(default_factory=dict)


def completeness(entry: Entry, criteria: list[str], candidates: list[str]) -> tuple[int, int]:
    done = sum(1 for c in candidates for k in criteria if k in entry.scores.get(c, {}))
    return done, len(criteria) * len(candidates)


def findings(result: TeamResult, labels: dict[str, str]) -> list[Finding]:
    """What the team should look at next, most important first."""
    out: list[Finding] = []
    n = len(result.members)
    if n == 0:
        return [Finding("partner_selection.no_input", "info")]
    if n == 1:
        out.append(Finding("partner_selection.single_member", "info"))
    if result.disputed:
        out.append(Finding("partner_selection.must_have_disputed", "warn", {"items": "; ".join(
            f"{labels.get(c, c)} ({', '.join(labels.get(k, k) for k in ks)})" for c, ks in result.disputed.items())}))
    if result.knocked_out:
        out.append(Finding("partner_selection.knocked_out", "info", {"items": "; ".join(
            f"{labels.get(c, c)} ({', '.join(labels.get(k, k) for k in ks)})" for c, ks in result.knocked_out.items())}))
    unchecked = sorted({k for (c, k), v in result.facts.items() if v.status == "open"}, key=result.criteria.index)
    if unchecked and n:
        out.append(Finding("partner_selection.must_have_open", "info",
                           {"criteria": ", ".join(labels.get(k, k) for k in unchecked)}))
    ranked = [r for r in result.ranking if r.rank == 1]
    if len(ranked) > 1:
        out.append(Finding("partner_selection.tie_top", "warn",
                           {"candidates": ", ".join(labels.get(r.candidate, r.candidate) for r in ranked)}))
    rob = result.robustness
    if rob.top and n > 1:
        level = "ok" if rob.stays_first == rob.members else ("warn" if rob.share < 0.5 else "info")
        out.append(Finding("partner_selection.robustness", level, {
            "top": labels.get(rob.top, rob.top), "count": rob.stays_first, "members": rob.members}))
    contested = result.contested
    if contested:
        worst = contested[0]
        out.append(Finding("partner_selection.contested", "warn", {
            "count": len(contested), "criterion": labels.get(worst.criterion, worst.criterion),
            "candidate": labels.get(worst.candidate, worst.candidate), "low": worst.low, "high": worst.high}))
    elif n > 1:
        out.append(Finding("partner_selection.no_contested", "ok"))
    if result.drivers and result.drivers[0].contribution > 0:
        d = result.drivers[0]
        out.append(Finding("partner_selection.driver", "info", {"criterion": labels.get(d.criterion, d.criterion)}))
    return out


# -- the whole team's state, from stored documents -----------------------------------------------
@dataclass
class TeamState:
    lists: TeamLists
    criteria: list[Option]
    candidates: list[Option]
    entries: dict[str, Entry]
    result: TeamResult

    @property
    def labels(self) -> dict[str, str]:
        return {o.id: o.label for o in (*self.criteria, *self.candidates)}


def load_lists(shared: object, case: Case) -> TeamLists:
    """The team's lists from its stored document, or the case defaults."""
    if shared is None:
        return default_lists(case)
    return TeamLists.model_validate(shared)


def team_state(documents: dict[str, object], shared: object, case: Case, lang: str) -> TeamState:
    """Validate every member's stored document and aggregate them over the team's lists."""
    lists = load_lists(shared, case)
    criteria, candidates = resolve(lists, case, lang)
    entries = {name: Entry.model_validate(doc) for name, doc in documents.items()}
    result = aggregate([c.id for c in criteria], [c.id for c in candidates], entries, knockouts(lists, case),
                       lists.settled)
    return TeamState(lists, criteria, candidates, entries, result)


def knockouts(lists: TeamLists, case: Case) -> list[str]:
    """The team's must-have criteria: as the team set them, else as the case marks them."""
    marked = {c.id for c in case_of(case).criteria if c.knockout}
    return [c.id for c in lists.criteria if (c.knockout if c.knockout is not None else c.id in marked)]


def set_knockout(lists: TeamLists, criterion_id: str, on: bool) -> TeamLists:
    """The lists with one criterion made a must-have (or not)."""
    if criterion_id not in {c.id for c in lists.criteria}:
        raise ModelError(Problem("partner_selection.unknown_criterion", {"criterion": criterion_id}))
    criteria = [c.model_copy(update={"knockout": bool(on)}) if c.id == criterion_id else c for c in lists.criteria]
    return lists.model_copy(update={"criteria": criteria})


def entry_weights(entry: Entry, criteria: list[str]) -> dict[str, int]:
    """The member's points on each active criterion, exactly as stored (unset -> 0).

    Points on criteria the team has since removed do not count; a member who has not
    distributed any points is ranked as if every criterion counted the same.
    """
    return {k: int(entry.weights.get(k, 0)) for k in criteria}


# -- a member's own document, as their page changes it -------------------------------------------
# Each rule returns ``entry`` itself when the change is what the document already says, so a
# widget set from the document proposes nothing new and the view stores nothing.
def with_weights(entry: Entry, weights: dict[str, int]) -> Entry:
    """``entry`` with its points replaced by ``weights`` (validated: at most ``TOTAL``)."""
    if weights == entry.weights:
        return entry
    return validate(Entry, {**entry.model_dump(mode="json"), "weights": dict(weights)})


def allocate_weight(entry: Entry, criteria: list[str], criterion: str, value: int) -> tuple[Entry, Allocation]:
    """``entry`` with one criterion's points set to ``value`` over the active ``criteria``
    (:func:`widgets.model.weights.allocate`: no other weight moves; more than is left is capped,
    and the allocation says so), and that allocation. Setting a weight to the points shown for
    it (:func:`entry_weights`) leaves ``entry`` as it is."""
    result = allocate(dict(entry.weights), criteria, criterion, int(value))
    if result.given == entry_weights(entry, criteria)[criterion]:
        return entry, result
    return with_weights(entry, result.weights), result


def score_of(entry: Entry, candidate: str, criterion: str) -> int | None:
    """A member's 1-5 score of ``candidate`` on ``criterion`` (None: not scored)."""
    return entry.scores.get(candidate, {}).get(criterion)


def _with_cell(entry: Entry, field: str, candidate: str, criterion: str, value: object) -> Entry:
    """``entry`` with one cell of its ``scores`` or ``notes`` set, validated by ``Entry``."""
    doc = entry.model_dump(mode="json")
    doc[field].setdefault(candidate, {})[criterion] = value
    return validate(Entry, doc)


def with_score(entry: Entry, candidate: str, criterion: str, value: int) -> Entry:
    """``entry`` with one score set (validated: a whole number 1 to 5)."""
    if value == score_of(entry, candidate, criterion):
        return entry
    return _with_cell(entry, "scores", candidate, criterion, value)


def note_of(entry: Entry, candidate: str, criterion: str) -> str:
    """A member's note on one score ("" when there is none)."""
    return entry.notes.get(candidate, {}).get(criterion, "")


def with_note(entry: Entry, candidate: str, criterion: str, text: object) -> Entry:
    """``entry`` with one note set (validated; an empty note is removed)."""
    if text == note_of(entry, candidate, criterion):
        return entry
    return _with_cell(entry, "notes", candidate, criterion, text)
