"""SQLAlchemy persistence: SQLite by default (WAL), PostgreSQL or any server by URL."""

from widgets.store.api import (
    Conflict,
    DocRef,
    Document,
    Event,
    Participant,
    Revision,
    Store,
    Team,
    event_doc,
    participant_doc,
    team_doc,
)
from widgets.store.engine import StoreError, redact

__all__ = [
    "Conflict", "DocRef", "Document", "Event", "Participant", "Revision", "Store", "StoreError", "Team",
    "event_doc", "participant_doc", "redact", "team_doc",
]
