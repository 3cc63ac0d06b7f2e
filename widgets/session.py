"""A participant's session: join, then save and load module documents through the store.

Everything a browser sends passes through the module's pydantic model here before it
is stored, so the store only ever holds valid documents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from widgets import cases, documents, event_docs, registry
from widgets.model.case import Case
from widgets.model.identity import JoinRequest
from widgets.model.problems import ModelError, Problem, validate
from widgets.store import DocRef, Event, Participant, Revision, Store, team_doc


def join(store: Store, fields: dict[str, Any], create_team: bool = True, claim: str | None = None) -> Participant:
    """Validate the join fields and join (or resume) the participant; with a ``claim``, only
    the browser or hub user that claimed a name resumes it (``Store.join``)."""
    request = validate(JoinRequest, fields)
    return store.join(request.event, request.team, request.name, create_team=create_team, claim=claim)


@dataclass
class TeamData:
    """Everything one team has saved, latest revisions only (for team views and exports)."""

    event: Event
    team_id: int
    team_name: str
    members: list[tuple[int, str]]
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # module -> name -> doc
    shared: dict[str, Any] = field(default_factory=dict)  # module -> team document
    # module sections computed from this snapshot, so that a module that reads another's
    # section (``ModuleSpec.uses``) does not compute it a second time
    _sections: dict = field(default_factory=dict, repr=False, compare=False)

    def module(self, key: str) -> dict[str, Any]:
        return self.documents.get(key, {})

    def memo(self, name: tuple, compute: Callable[[], Any]) -> Any:
        """A typed result computed from this snapshot once (``name`` says what it is, e.g.
        ``("goals_kpis", "team_set")``), for the modules that read it: the goals' team set is
        read by the goals section and by governance's KPI reviews, computed once."""
        memo = ("memo", *name)
        if memo not in self._sections:
            self._sections[memo] = compute()
        return self._sections[memo]

    def section(self, key: str, case, lang: str) -> dict:
        """Module ``key``'s section of this team (its ``section`` hook), computed once per
        snapshot, case and language. A snapshot is read, never changed after it is built."""
        from widgets import registry

        memo = (key, case.id, lang)
        if memo not in self._sections:
            self._sections[memo] = registry.get(key).section(self, case, lang)
        return self._sections[memo]


def team_data(store: Store, event: Event, team_id: int, team_name: str,
              members: list[tuple[int, str]] | None = None, docs: list | None = None) -> TeamData:
    members = store.team_members(team_id) if members is None else members
    docs = store.latest_for_team(team_id) if docs is None else docs
    names = dict(members)
    data = TeamData(event, team_id, team_name, members)
    for doc in docs:
        if doc.participant_id is not None and doc.participant_id in names:
            data.documents.setdefault(doc.module, {})[names[doc.participant_id]] = doc.data
        elif doc.doc == team_doc(team_id):
            data.shared[doc.module] = doc.data
    order = [name for _, name in members]  # members in joining order, whatever the save order
    for module, docs in data.documents.items():
        data.documents[module] = {name: docs[name] for name in order if name in docs}
    return data


class ParticipantSession:
    """One joined participant: their identity, their event's case, and their documents."""

    def __init__(self, store: Store, participant: Participant):
        self.store = store
        self.participant = participant
        event = store.get_event(participant.event_code)
        if event is None:
            raise ModelError(Problem("join.event_not_found", {"event": participant.event_code}))
        self.event = event
        registry.upgrade_stored(store)  # what an earlier version of a module stored, as it reads now
        self._own: set[int] = set()  # entry ids saved here that the team marker has not passed

    @property
    def case(self) -> Case:
        return cases.get(self.event.case_id)

    @property
    def doc(self) -> DocRef:
        return DocRef.of_participant(self.participant)

    def controls(self):
        """The facilitator's controls for the room, as stored now (defaults when unset or invalid)."""
        return event_docs.controls(self.store, self.participant.event_id)

    def settings(self, module: str):
        """Module ``module``'s room settings, as the facilitator set them (defaults when unset)."""
        return event_docs.settings(self.store, self.participant.event_id, module)

    @property
    def team_doc(self) -> DocRef:
        return DocRef.of_team(self.participant.event_id, self.participant.team_id)

    def _spec(self, module: str) -> registry.ModuleSpec:
        spec = registry.get(module)
        if spec is None:
            raise ModelError(Problem("module.unknown", {"module": module}))
        return spec

    def save(self, module: str, data: Any) -> Revision:
        """Validate (once: a model instance is taken as it is) and store this participant's
        document through the one gate (``widgets.documents``); durable on return."""
        return self._mine(documents.save(self.store, self.doc, self._spec(module), data))

    def load(self, module: str) -> Any | None:
        latest = self.store.latest(self.doc, module)
        return latest.data if latest else None

    def save_team(self, module: str, data: Any, base_revision: int | None = None) -> Revision:
        """Store the team's shared document; refused with ``Conflict`` if it moved on."""
        return self._mine(documents.save(self.store, self.team_doc, self._spec(module), data,
                                          base_revision=base_revision))

    def _mine(self, revision: Revision) -> Revision:
        self._own.add(revision.id)
        return revision

    def load_team(self, module: str):
        return self.store.latest(self.team_doc, module)

    def team(self) -> TeamData:
        p = self.participant
        return team_data(self.store, self.event, p.team_id, p.team_name)

    def change_markers(self) -> tuple[int, int]:
        """(team, event): what the team saved, and what the facilitator set for the room.
        This session's own saves do not move the team marker: the page that saved has
        already redrawn (``ModuleContext.saved``)."""
        team, room = self.store.change_markers(self.participant.event_id, self.participant.team_id,
                                               own=self._own)
        self._own = {entry for entry in self._own if entry > team}  # passed ids no longer matter
        return team, room
