"""The role clarity section: one team's typed RACI state, as its charter, sheet, health check
and the facilitator's comparison read it (JSON only in the export)."""

from __future__ import annotations

from widgets.contract import Check, Row, Section


class Activity(Row):
    id: str
    label: str


class RoleColumn(Row):
    """One column of the grid: a role at one company (or the joint body)."""

    column: str  # "<partner>:<role>"
    partner: str
    company: str
    role: str
    label: str
    person: str = ""  # who holds it, as the team wrote


class ContestedCell(Row):
    activity: str
    role: str
    votes: dict[str, str]  # member -> letter ("" left blank)
    tied: list[str]  # the tied letters ("-" for a blank)
    agreement: float  # the top choice's share of the votes


class RolesCheck(Check):
    items: list[str] = []  # what fails it, as a person reads it


class RolesSection(Section):
    members: list[str] = []
    activities: list[Activity] = []
    roles: list[RoleColumn] = []
    consensus: dict[str, dict[str, str]] = {}  # activity id -> column -> agreed letter (as shown)
    contested: list[ContestedCell] = []
    checks: list[RolesCheck] = []
    workload: dict[str, dict[str, int]] = {}  # role label -> letter -> activities
    responsible_share: dict[str, float | None] = {}  # company -> share of the Responsible work
    sponsor_level: dict[str, str | None] = {}  # company -> the sponsor's level
    joint_rule: dict[str, str] = {}  # joint role's label -> how it decides
