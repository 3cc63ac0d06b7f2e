"""Tables of the store (current schema version). Every save is a new row in `entries`.

A *document* is what one owner keeps for one module: a participant's inputs
(``doc = "p:<participant id>"``), a team's shared lists (``"t:<team id>"``) or the
event's controls (``"e:<event id>"``). Saving a document inserts its next revision;
nothing is updated in place, and the latest revision wins.
"""

from __future__ import annotations

import sqlalchemy as sa

SCHEMA_VERSION = 3

metadata = sa.MetaData()

meta = sa.Table(
    "alliance_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(255), nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(32), nullable=False, unique=True),
    sa.Column("title", sa.String(200), nullable=False, default=""),
    sa.Column("case_id", sa.String(64), nullable=False),
    sa.Column("lang", sa.String(8), nullable=False, default="en"),
    sa.Column("key_hash", sa.String(255), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

teams = sa.Table(
    "teams",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id"), nullable=False),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("name_key", sa.String(255), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("event_id", "name_key", name="uq_team_name"),
)

participants = sa.Table(
    "participants",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), nullable=False),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("name_key", sa.String(255), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    # who may resume this participant: "t:<sha256 of the browser's resume token>" or
    # "hub:<JupyterHub user>"; NULL until claimed (or after the facilitator releases it)
    sa.Column("claim", sa.String(100), nullable=True),
    sa.UniqueConstraint("team_id", "name_key", name="uq_participant_name"),
)

entries = sa.Table(
    "entries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id"), nullable=False),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), nullable=True),
    sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id"), nullable=True),
    sa.Column("doc", sa.String(32), nullable=False),
    sa.Column("module", sa.String(64), nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("doc", "module", "revision", name="uq_entry_revision"),
    sa.Index("ix_entries_event_team", "event_id", "team_id", "id"),
)

# the pages that opened the facilitator's dashboard (widgets.model.dashboards): which key they
# hold, when they were opened and last seen, from which browser and address
dashboards = sa.Table(
    "dashboards",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id"), nullable=False),
    sa.Column("key_version", sa.String(32), nullable=True),  # NULL: opened by a hub facilitator
    sa.Column("hub_user", sa.String(100), nullable=False, default=""),
    sa.Column("browser", sa.String(100), nullable=False, default=""),
    sa.Column("address", sa.String(64), nullable=False, default=""),
    sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_dashboards_event", "event_id", "last_seen"),
)
