"""Role clarity: a RACI grid over alliance activities x the roles of both partners.

Each role of the case has one column per partner ("Alliance manager · Norvia"), except a
*joint* body such as the steering committee, which has one column for both: a joint body can
be Accountable. A cell holds R, A, C, I, or A/R (the Accountable also does the work).

Each member fills their own grid; the team's *consensus* per cell is the most common
choice among the members who filled that activity (a blank counts as a choice). A cell is
*contested* when the top choice is tied or carries less than two thirds of the votes.
Checks run on the consensus and on each member's own grid:

* exactly one Accountable per activity (A or A/R), and someone Responsible (R or A/R);
* each partner's executive sponsor and alliance manager carry real work (R or A);
* no column carries R or A on more than half the activities (at least 4): a role that must
  do or answer for most of the alliance is the bottleneck;
* each partner carries at least a quarter of the Responsible work (the joint body's
  work counts for neither);
* a joint body is Accountable only through a named chair or decision rule (``joint_rule``):
  "the committee" answers for nothing unless the team says how it decides. Keep it for the
  decisions both companies must take together (the strategy, the joint plan); work one company
  does is owned inside that company.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from widgets.model.case import Case
from widgets.model.lists import next_id, same_label
from widgets.model.problems import ModelError, Problem, fail, validate
from widgets.model.text import UserText
from widgets.modules.roles.case import of as case_of

KEY = "roles"
LETTERS = ("R", "A", "C", "I")
VALUES = ("R", "A", "AR", "C", "I")  # what a cell may hold: AR = Accountable and Responsible
PARTNERS = ("a", "b")
JOINT = "j"  # the column prefix of a joint body's role
SPONSOR, MANAGER = "exec_sponsor", "alliance_manager"
MAX_ACTIVITIES = 30
AGREEMENT = 2 / 3  # the top choice needs this share of the votes, or the cell is contested
FAIR_SHARE = 0.25  # each partner should carry at least this share of the Responsible work
MIN_OVERLOAD = 4
# where each partner's executive sponsor sits; the first three are senior enough to sponsor
SPONSOR_LEVELS = ("ceo", "executive", "business_head", "director", "manager")
SENIOR_LEVELS = SPONSOR_LEVELS[:3]
# how a joint body decides when it is Accountable: its chair from one company, by consensus,
# one vote per company, or a majority of its seats
JOINT_RULES = ("chair_a", "chair_b", "consensus", "company_vote", "majority")

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,47}$")]
Column = Annotated[str, Field(pattern=r"^[abj]:[a-z0-9][a-z0-9_-]{0,47}$")]
Letter = Literal[VALUES]  # type: ignore[valid-type]


def shown(value: str) -> str:
    """A cell value as people read it: "AR" is written A/R."""
    return "A/R" if value == "AR" else value


def accountable(value: str | None) -> bool:
    return bool(value) and "A" in value


def responsible(value: str | None) -> bool:
    return bool(value) and "R" in value


def merge_grid(saved: Entry, proposed: object, activities: list[str], columns: list[str]) -> Entry:
    """A member's document after the browser proposes their whole grid (untrusted).

    The proposal must validate and name only the team's current activities and columns (else
    ``roles.unknown_cell``); it replaces the rows of the current activities, and rows of
    activities the team has dropped are kept, so they come back if the activity does.
    """
    entry = validate(Entry, {"grid": proposed})
    known, cols = set(activities), set(columns)
    if any(a not in known or set(row) - cols for a, row in entry.grid.items()):
        raise ModelError(Problem("roles.unknown_cell"))
    grid = {**saved.grid, **entry.grid}
    grid = {a: row for a, row in grid.items() if a not in known or a in entry.grid}
    return Entry(grid=grid)


def column(partner: str, role: str) -> str:
    return f"{partner}:{role}"


def company_of(case: Case, partner: str) -> str:
    """Whose column it is: a partner's company, or both companies for the joint body."""
    if partner == JOINT:
        return " + ".join(case.companies[p].name for p in PARTNERS)
    return case.companies[partner].name


def carries(value: str | None) -> bool:
    """Responsible or Accountable (an A/R cell once): the work a column carries."""
    return accountable(value) or responsible(value)


def overload_limit(activities: int) -> int:
    """A column may be Responsible or Accountable for at most half the activities (at least 4)."""
    return max(MIN_OVERLOAD, math.ceil(activities / 2))


class Entry(BaseModel):
    """One member's RACI grid: activity -> column ("a:exec_sponsor") -> letter."""

    model_config = ConfigDict(extra="forbid")
    grid: dict[Id, dict[Column, Letter]] = Field(default_factory=dict, max_length=MAX_ACTIVITIES * 2)

    @model_validator(mode="after")
    def _size(self) -> Entry:
        if any(len(row) > 40 for row in self.grid.values()):
            raise fail("roles.too_many_cells")
        self.grid = {k: row for k, row in self.grid.items() if row}
        return self


class TeamActivity(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Id
    label: UserText(80) | None = None
    case: bool = False


class TeamRoles(BaseModel):
    """The team's shared document: the activities and who fills each role."""

    model_config = ConfigDict(extra="forbid")
    activities: list[TeamActivity] = Field(min_length=1, max_length=MAX_ACTIVITIES)
    people: dict[Column, UserText(60)] = Field(default_factory=dict, max_length=40)
    sponsor_level: dict[Literal[PARTNERS], Literal[SPONSOR_LEVELS]] = Field(default_factory=dict)  # type: ignore[valid-type]
    joint_rule: dict[Id, Literal[JOINT_RULES]] = Field(default_factory=dict, max_length=8)  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _check(self) -> TeamRoles:
        ids = [a.id for a in self.activities]
        if len(ids) != len(set(ids)):
            raise fail("roles.duplicate_activity")
        if any(not a.case and not a.label for a in self.activities):
            raise fail("roles.label_required")
        self.people = {k: v for k, v in self.people.items() if v}
        return self


def default_team(case: Case) -> TeamRoles:
    return TeamRoles(activities=[TeamActivity(id=a.id, case=True) for a in case_of(case).activities])


def load_team(shared: object, case: Case) -> TeamRoles:
    return default_team(case) if shared is None else TeamRoles.model_validate(shared)


def add_activity(team: TeamRoles, label: str, existing: dict[str, str]) -> TeamRoles:
    item = validate(TeamActivity, {"id": "x", "label": label})
    if not item.label:
        raise ModelError(Problem("roles.label_required"))
    if any(same_label(item.label, v) for v in existing.values()):
        raise ModelError(Problem("roles.label_exists", {"label": item.label}))
    if len(team.activities) >= MAX_ACTIVITIES:
        raise ModelError(Problem("roles.too_many", {"max": MAX_ACTIVITIES}))
    item.id = next_id("team-a", {a.id for a in team.activities})
    return team.model_copy(update={"activities": [*team.activities, item]})


def drop_activity(team: TeamRoles, activity_id: str) -> TeamRoles:
    remaining = [a for a in team.activities if a.id != activity_id]
    if not remaining:
        raise ModelError(Problem("roles.keep_one"))
    return team.model_copy(update={"activities": remaining})


def set_sponsor_level(team: TeamRoles, partner: str, level: str | None) -> TeamRoles:
    """Where a partner's executive sponsor sits (None: not said)."""
    levels = {k: v for k, v in {**team.sponsor_level, partner: level}.items() if v}
    return validate(TeamRoles, {**team.model_dump(), "sponsor_level": levels})


def sponsors_senior(team: TeamRoles, labels: dict[str, str]) -> Check:
    """Seed 001's "sponsor at too low a level": each partner's sponsor must be the CEO, on the
    executive committee, or head a business unit with its own budget. A director or a manager
    cannot win resources against the other business lines. Unsaid counts as not shown."""
    low = [p for p in PARTNERS if team.sponsor_level.get(p) not in SENIOR_LEVELS]
    return Check("roles.sponsors_senior", not low, {"items": ", ".join(labels.get(p, p) for p in low)}, low)


def set_joint_rule(team: TeamRoles, role: str, rule: str | None) -> TeamRoles:
    """How a joint body (a joint role's id) decides when it is Accountable (None: not said)."""
    rules = {k: v for k, v in {**team.joint_rule, role: rule}.items() if v}
    return validate(TeamRoles, {**team.model_dump(), "joint_rule": rules})


def joint_accountable(team: TeamRoles, grid: dict[str, dict[str, str]], activities: list[str],
                      columns: list[str], labels: dict[str, str]) -> Check:
    """A joint body is Accountable only through a named chair or decision rule: the joint
    columns that hold an A on some activity while the team has not said how that body decides."""
    holding = [c for c in columns if c.startswith(JOINT + ":")
               and any(accountable(grid.get(a, {}).get(c)) for a in activities)]
    unnamed = [c for c in holding if c.split(":", 1)[1] not in team.joint_rule]
    return Check("roles.joint_accountable", not unnamed, {"items": ", ".join(labels.get(c, c) for c in unnamed)},
                 unnamed)


def set_person(team: TeamRoles, col: str, name: str) -> TeamRoles:
    people = {**team.people, col: name}
    return validate(TeamRoles, {**team.model_dump(), "people": people})


# -- consensus -------------------------------------------------------------------------------------
@dataclass
class Consensus:
    activity: str
    column: str
    votes: dict[str, str]  # member -> letter ("" = left blank)
    choice: str | None  # the agreed letter ("" = nobody), None when tied
    tied: tuple[str, ...] = ()
    share: float = 0.0

    @property
    def shown(self) -> str:
        """The cell as shown: the agreed letter ("A/R" for both), or the tied choices ("R|–" when
        R ties with a blank, "A|A/R" when A ties with A/R)."""
        if self.choice is not None:
            return shown(self.choice)
        return "|".join(shown(x) or "–" for x in self.tied)

    @property
    def contested(self) -> bool:
        return len(self.votes) >= 2 and (bool(self.tied) or self.share < AGREEMENT - 1e-9)


def consensus(activities: list[str], columns: list[str], entries: dict[str, Entry]) -> dict[tuple[str, str], Consensus]:
    out = {}
    for act in activities:
        voters = [(m, e.grid[act]) for m, e in entries.items() if e.grid.get(act)]
        names = [m for m, _ in voters]
        for col in columns:
            letters = [row.get(col, "") for _, row in voters]
            if not letters:
                out[(act, col)] = Consensus(act, col, {}, "", (), 0.0)
                continue
            votes = dict(zip(names, letters, strict=True))
            first = letters[0]
            if letters.count(first) == len(letters):  # everyone chose the same (the common case)
                out[(act, col)] = Consensus(act, col, votes, first, (), 1.0)
                continue
            counts: dict[str, int] = {}
            for letter in letters:
                counts[letter] = counts.get(letter, 0) + 1
            top = max(counts.values())
            leaders = tuple(sorted((v for v, c in counts.items() if c == top), key=lambda v: (v == "", v)))
            choice = leaders[0] if len(leaders) == 1 else None
            out[(act, col)] = Consensus(act, col, votes, choice, leaders if len(leaders) > 1 else (),
                                        top / len(letters))
    return out


def owners(activities: list[str], columns: list[str], documents: dict[str, object]) -> dict[str, str]:
    """The agreed Accountable column of each of ``activities`` (members' stored grids), for
    other modules to compare with: only the rows asked for are merged."""
    entries = {m: Entry.model_validate(d) for m, d in documents.items()}
    out = {}
    for a, row in consensus_grid(consensus(activities, columns, entries)).items():
        accountables = [col for col, x in row.items() if accountable(x)]
        if len(accountables) == 1:
            out[a] = accountables[0]
    return out


def consensus_grid(cells: dict[tuple[str, str], Consensus]) -> dict[str, dict[str, str]]:
    """The agreed letters only (tied and blank cells left out)."""
    grid: dict[str, dict[str, str]] = {}
    for (act, col), c in cells.items():
        if c.choice:
            grid.setdefault(act, {})[col] = c.choice
    return grid


# -- checks ------------------------------------------------------------------------------------------
@dataclass
class Check:
    code: str
    ok: bool
    params: dict = field(default_factory=dict)
    items: list[str] = field(default_factory=list)  # activities or columns concerned

    @property
    def message(self) -> str:
        return f"finding.{self.code}.{'ok' if self.ok else 'fail'}"


@dataclass
class Workload:
    column: str
    counts: dict[str, int]  # letter -> activities


def workload(grid: dict[str, dict[str, str]], columns: list[str]) -> list[Workload]:
    """Per column: activities it is R, A, C or I for (an A/R cell counts for R and for A) and
    "RA": activities it is Responsible or Accountable for, each once."""
    out = []
    for col in columns:
        cells = [row.get(col) for row in grid.values()]
        counts = {x: sum(1 for v in cells if v and x in v) for x in LETTERS}
        counts["RA"] = sum(1 for v in cells if carries(v))
        out.append(Workload(col, counts))
    return out


def partner_share(grid: dict[str, dict[str, str]]) -> dict[str, float | None]:
    """Each partner's share of the Responsible assignments (None when there are none); the
    joint body's are neither partner's."""
    counts = {p: sum(1 for row in grid.values() for col, x in row.items() if responsible(x) and col.startswith(p + ":"))
              for p in PARTNERS}
    total = sum(counts.values())
    return {p: (counts[p] / total if total else None) for p in PARTNERS}


def checks(grid: dict[str, dict[str, str]], activities: list[str], columns: list[str],
           labels: dict[str, str]) -> list[Check]:
    """The RACI checks on one grid (the team's consensus or a member's own)."""
    name = lambda k: labels.get(k, k)  # noqa: E731
    rows = {a: grid.get(a, {}) for a in activities}
    not_one_a = [a for a, row in rows.items() if sum(1 for x in row.values() if accountable(x)) != 1]
    no_r = [a for a, row in rows.items() if not any(responsible(x) for x in row.values())]
    missing_roles = [column(p, r) for p in PARTNERS for r in (SPONSOR, MANAGER)
                     if column(p, r) in columns and not any(carries(rows[a].get(column(p, r))) for a in activities)]
    limit = overload_limit(len(activities))
    load = workload(rows, columns)
    overloaded = [w.column for w in load if w.counts["RA"] > limit]
    shares = partner_share(rows)
    idle = [p for p in PARTNERS if shares[p] is not None and shares[p] < FAIR_SHARE]
    if all(s is None for s in shares.values()):
        idle = list(PARTNERS)
    return [
        Check("roles.one_accountable", not not_one_a, {"count": len(not_one_a), "items": ", ".join(map(name, not_one_a))},
              not_one_a),
        Check("roles.responsible", not no_r, {"count": len(no_r), "items": ", ".join(map(name, no_r))}, no_r),
        Check("roles.sponsor_manager", not missing_roles, {"items": ", ".join(map(name, missing_roles))}, missing_roles),
        Check("roles.overload", not overloaded, {"limit": limit, "items": ", ".join(map(name, overloaded))}, overloaded),
        Check("roles.both_pull", not idle, {"items": ", ".join(map(name, idle)),
                                             "share": round(100 * FAIR_SHARE)}, idle),
    ]


@dataclass
class RolesResult:
    activities: list[str]
    columns: list[str]
    members: list[str]
    cells: dict[tuple[str, str], Consensus]
    grid: dict[str, dict[str, str]]
    checks: list[Check]
    load: list[Workload]
    shares: dict[str, float | None]

    @property
    def contested(self) -> list[Consensus]:
        return [c for c in self.cells.values() if c.contested]


def columns_for(case: Case) -> list[str]:
    """One column per joint role first (the body both companies share), then each partner's."""
    return ([column(JOINT, r.id) for r in case_of(case).roles if r.joint] +
            [column(p, r.id) for p in PARTNERS for r in case_of(case).roles if not r.joint])


def aggregate(activities: list[str], columns: list[str], entries: dict[str, Entry],
              labels: dict[str, str]) -> RolesResult:
    members = [m for m, e in entries.items() if any(e.grid.get(a) for a in activities)]
    active = {m: entries[m] for m in members}
    cells = consensus(activities, columns, active)
    grid = consensus_grid(cells)
    return RolesResult(activities, columns, members, cells, grid, checks(grid, activities, columns, labels),
                       workload(grid, columns), partner_share(grid))


@dataclass
class RolesState:
    team: TeamRoles
    activities: list[tuple[str, str, str]]  # id, label, explanation
    columns: list[str]
    labels: dict[str, str]  # activities, columns ("Executive sponsor · Norvia") and partners
    entries: dict[str, Entry]
    result: RolesResult


def roles_state(documents: dict[str, object], shared: object, case: Case, lang: str) -> RolesState:
    team = load_team(shared, case)
    by_id = {a.id: a for a in case_of(case).activities}
    activities = []
    for a in team.activities:
        source = by_id.get(a.id) if a.case else None
        label = a.label or (source.label.get(lang) if source else a.id)
        activities.append((a.id, label, source.description.get(lang) if source and source.description else ""))
    cols = columns_for(case)
    labels = {a: label for a, label, _ in activities}
    for p in PARTNERS:
        labels[p] = case.companies[p].name
    for r in case_of(case).roles:
        for p in (JOINT,) if r.joint else PARTNERS:
            labels[column(p, r.id)] = f"{r.label.get(lang)} · {company_of(case, p)}"
    entries = {name: Entry.model_validate(doc) for name, doc in documents.items()}
    result = aggregate([a for a, _, _ in activities], cols, entries, labels)
    result.checks.append(sponsors_senior(team, labels))
    result.checks.append(joint_accountable(team, result.grid, result.activities, cols, labels))
    return RolesState(team, activities, cols, labels, entries, result)
