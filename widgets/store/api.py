"""The store's whole API: events, teams, participants and revisioned documents.

Callers hand in names that ``widgets.model.identity`` has already cleaned; the store
enforces uniqueness (by ``name_key``), capacity, and the revision log. Every
``save`` commits before it returns, so a returned :class:`Revision` is durable.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from widgets.config import config, default_db_url
from widgets.model.dashboards import DashboardSession, new_session_id
from widgets.model.identity import MAX_MEMBERS_PER_TEAM, MAX_TEAMS_PER_EVENT, name_key
from widgets.model.problems import ModelError, Problem
from widgets.store import schema
from widgets.store.engine import WRITE_OPTION, StoreError, make_engine, redact
from widgets.store.migrations import upgrade

_RETRIES = 8
EDIT_RETRIES = 5  # attempts of an edit while teammates save the same document


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Event:
    id: int
    code: str
    title: str
    case_id: str
    lang: str
    key_hash: str | None


@dataclass(frozen=True)
class Team:
    id: int
    event_id: int
    name: str
    members: int = 0


@dataclass(frozen=True)
class Participant:
    id: int
    name: str
    team_id: int
    team_name: str
    event_id: int
    event_code: str
    created: bool = False


@dataclass(frozen=True)
class Revision:
    id: int
    revision: int
    saved_at: datetime


@dataclass(frozen=True)
class Document:
    doc: str
    module: str
    revision: int
    data: Any
    saved_at: datetime
    participant_id: int | None
    team_id: int | None


class Conflict(RuntimeError):
    """A save based on a revision that is no longer the latest."""

    def __init__(self, latest: int):
        self.latest = latest
        super().__init__(f"document changed (latest revision {latest})")


@dataclass(frozen=True)
class DocRef:
    """Which document a save or a read names, with the ids the store files it under: a
    participant's own, a team's shared one, or the event's (the facilitator's controls)."""

    name: str  # "p:<id>", "t:<id>", "e:<id>"
    event_id: int
    team_id: int | None = None
    participant_id: int | None = None

    @classmethod
    def of_participant(cls, p: Participant) -> DocRef:
        return cls(participant_doc(p.id), p.event_id, p.team_id, p.id)

    @classmethod
    def of_team(cls, event_id: int, team_id: int) -> DocRef:
        return cls(team_doc(team_id), event_id, team_id)

    @classmethod
    def of_event(cls, event_id: int) -> DocRef:
        return cls(event_doc(event_id), event_id)


def participant_doc(participant_id: int) -> str:
    return f"p:{participant_id}"


def team_doc(team_id: int) -> str:
    return f"t:{team_id}"


def event_doc(event_id: int) -> str:
    return f"e:{event_id}"


class Store:
    """Persistence for one database URL. Cheap to create; one per kernel."""

    def __init__(self, url: str | None = None, pool_size: int = 2):
        self.url = url or default_db_url()
        self.engine = make_engine(self.url, pool_size=pool_size)
        self._data_checked: set[str] = set()  # owners whose data steps this store has seen applied
        try:
            self.schema_version = upgrade(self.engine)
        except (OperationalError, DBAPIError) as exc:
            self.engine.dispose()
            raise StoreError("db_unreachable", f"{redact(self.url)}: {_first_line(exc)}") from exc

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions -----------------------------------------------------------------
    def _write(self):
        return self.engine.connect().execution_options(**{WRITE_OPTION: True})

    def _read(self):
        return self.engine.connect()

    # -- upgrades of stored documents ---------------------------------------------------
    def data_version(self, owner: str) -> int:
        """How many of ``owner``'s data steps this database has had applied (0: none)."""
        with self._read() as conn:
            value = conn.execute(sa.select(schema.meta.c.value).where(
                schema.meta.c.key == f"data.{owner}")).scalar()
        return int(value) if value and str(value).isdigit() else 0

    def upgrade_data(self, owner: str, steps: Sequence[Callable[[Store], None]]) -> int:
        """Apply the steps of ``owner`` (a module) that this database has not had yet, in order,
        stamping each in the meta table (``data.<owner>``) once it has run; a step reads and
        saves through this store and must be harmless when run twice (two servers may start
        together). Checked once per store; returns the version reached."""
        if owner in self._data_checked:
            return len(steps)
        version = self.data_version(owner)
        for number in range(version + 1, len(steps) + 1):
            steps[number - 1](self)
            with self._write() as conn, conn.begin():
                table, key = schema.meta, f"data.{owner}"
                if not conn.execute(table.update().where(table.c.key == key).values(value=str(number))).rowcount:
                    try:
                        with conn.begin_nested():
                            conn.execute(table.insert().values(key=key, value=str(number)))
                    except IntegrityError:  # another server stamped it at the same moment
                        conn.execute(table.update().where(table.c.key == key).values(value=str(number)))
        self._data_checked.add(owner)
        return max(version, len(steps))

    # -- events -----------------------------------------------------------------------
    def create_event(self, code: str, case_id: str, title: str = "", lang: str = "en",
                     key_hash: str | None = None) -> Event:
        with self._write() as conn, conn.begin():
            existing = self._event_row(conn, code)
            if existing is not None:
                return _event(existing)
            conn.execute(schema.events.insert().values(
                code=code, title=title, case_id=case_id, lang=lang, key_hash=key_hash,
                created_at=_now()))
            return _event(self._event_row(conn, code))

    def set_event_key(self, code: str, key_hash: str) -> None:
        with self._write() as conn, conn.begin():
            conn.execute(schema.events.update().where(schema.events.c.code == code)
                         .values(key_hash=key_hash))

    def get_event(self, code: str) -> Event | None:
        with self._read() as conn:
            row = self._event_row(conn, code)
        return _event(row) if row is not None else None

    def list_events(self) -> list[Event]:
        with self._read() as conn:
            rows = conn.execute(sa.select(schema.events).order_by(schema.events.c.id)).all()
        return [_event(r) for r in rows]

    @staticmethod
    def _event_row(conn, code: str):
        return conn.execute(sa.select(schema.events).where(schema.events.c.code == code)).first()

    # -- dashboards -------------------------------------------------------------------
    def open_dashboard(self, event_id: int, key_version: str | None, *, browser: str = "", address: str = "",
                       hub_user: str = "") -> DashboardSession:
        """Record a page that has just opened the event's dashboard (nothing a participant's
        page waits for: the revision log is not touched)."""
        now = _now()
        session = DashboardSession(new_session_id(), event_id, key_version, now, now, browser[:100],
                                   address[:64], hub_user[:100])
        with self._write() as conn, conn.begin():
            conn.execute(schema.dashboards.insert().values(
                id=session.id, event_id=event_id, key_version=key_version, hub_user=session.hub_user,
                browser=session.browser, address=session.address, opened_at=now, last_seen=now))
        return session

    def dashboard_seen(self, session_id: str) -> None:
        d = schema.dashboards
        with self._write() as conn, conn.begin():
            conn.execute(d.update().where(d.c.id == session_id).values(last_seen=_now()))

    def close_dashboard(self, session_id: str) -> None:
        """The page locked itself (a new key) or closed: it no longer holds the dashboard."""
        d = schema.dashboards
        with self._write() as conn, conn.begin():
            conn.execute(d.delete().where(d.c.id == session_id))

    def dashboards(self, event_id: int) -> list[DashboardSession]:
        d = schema.dashboards
        with self._read() as conn:
            rows = conn.execute(sa.select(d).where(d.c.event_id == event_id).order_by(d.c.opened_at)).all()
        return [DashboardSession(r.id, r.event_id, r.key_version, _utc(r.opened_at), _utc(r.last_seen),
                                 r.browser, r.address, r.hub_user) for r in rows]

    # -- teams and participants -------------------------------------------------------
    def list_teams(self, event_id: int) -> list[Team]:
        t, p = schema.teams, schema.participants
        query = (
            sa.select(t.c.id, t.c.event_id, t.c.name, sa.func.count(p.c.id))
            .select_from(t.outerjoin(p, p.c.team_id == t.c.id))
            .where(t.c.event_id == event_id)
            .group_by(t.c.id, t.c.event_id, t.c.name)
            .order_by(t.c.name)
        )
        with self._read() as conn:
            return [Team(r[0], r[1], r[2], r[3]) for r in conn.execute(query)]

    def team_members(self, team_id: int) -> list[tuple[int, str]]:
        p = schema.participants
        with self._read() as conn:
            rows = conn.execute(sa.select(p.c.id, p.c.name).where(p.c.team_id == team_id)
                                .order_by(p.c.id)).all()
        return [(r[0], r[1]) for r in rows]

    def join(self, event_code: str, team_name: str, name: str, create_team: bool = True,
             claim: str | None = None) -> Participant:
        """Join (or resume) ``name`` in ``team_name``; names must already be clean.

        With a ``claim`` (a browser's or a hub user's, see ``widgets.model.identity``) only
        the same claim resumes an existing participant; a participant nobody has claimed yet
        (created by an import, or released by the facilitator) is taken over. Any other claim
        gets ``join.name_taken``. Without a claim (demo, import, scripts) the name resumes.
        """
        for _attempt in range(_RETRIES):
            try:
                with self._write() as conn, conn.begin():
                    return self._join(conn, event_code, team_name, name, create_team, claim)
            except IntegrityError:
                continue  # a concurrent join created the same team or name: look again
        raise StoreError("db_busy", "join kept colliding")

    def _join(self, conn, event_code, team_name, name, create_team, claim) -> Participant:
        t, p = schema.teams, schema.participants
        event = self._event_row(conn, event_code)
        if event is None:
            raise ModelError(Problem("join.event_not_found", {"event": event_code}))
        tkey = name_key(team_name)
        team = conn.execute(sa.select(t).where(t.c.event_id == event.id, t.c.name_key == tkey)).first()
        if team is None:
            if not create_team:
                raise ModelError(Problem("join.team_not_found", {"team": team_name}))
            count = conn.execute(sa.select(sa.func.count()).select_from(t)
                                 .where(t.c.event_id == event.id)).scalar_one()
            if count >= MAX_TEAMS_PER_EVENT:
                raise ModelError(Problem("join.event_full", {"max": MAX_TEAMS_PER_EVENT}))
            conn.execute(t.insert().values(event_id=event.id, name=team_name, name_key=tkey,
                                           created_at=_now()))
            team = conn.execute(sa.select(t).where(t.c.event_id == event.id, t.c.name_key == tkey)).first()
        pkey = name_key(name)
        member = conn.execute(sa.select(p).where(p.c.team_id == team.id, p.c.name_key == pkey)).first()
        created = member is None
        now = _now()
        if created:
            count = conn.execute(sa.select(sa.func.count()).select_from(p)
                                 .where(p.c.team_id == team.id)).scalar_one()
            if count >= MAX_MEMBERS_PER_TEAM:
                raise ModelError(Problem("join.team_full", {"team": team.name, "max": MAX_MEMBERS_PER_TEAM}))
            conn.execute(p.insert().values(team_id=team.id, name=name, name_key=pkey,
                                           created_at=now, last_seen=now, claim=claim))
            member = conn.execute(sa.select(p).where(p.c.team_id == team.id, p.c.name_key == pkey)).first()
        elif claim is not None and member.claim is not None and member.claim != claim:
            raise ModelError(Problem("join.name_taken", {"name": member.name, "team": team.name}))
        else:
            values = {"last_seen": now}
            if claim is not None and member.claim is None:
                values["claim"] = claim
            conn.execute(p.update().where(p.c.id == member.id).values(**values))
        return Participant(member.id, member.name, team.id, team.name, event.id, event.code, created)

    def find_claimed(self, event_code: str, claim: str) -> Participant | None:
        """The participant of ``event_code`` that ``claim`` may resume, if any."""
        t, p, e = schema.teams, schema.participants, schema.events
        with self._read() as conn:
            row = conn.execute(
                sa.select(p.c.id, p.c.name, t.c.id, t.c.name, e.c.id, e.c.code)
                .join(t, t.c.id == p.c.team_id).join(e, e.c.id == t.c.event_id)
                .where(e.c.code == event_code, p.c.claim == claim).order_by(p.c.id.desc())
            ).first()
        return Participant(*row) if row else None

    def release(self, participant_id: int) -> bool:
        """Forget who may resume a participant: the next browser to join with that name
        takes it over (the facilitator's way out when somebody changed laptops)."""
        p = schema.participants
        with self._write() as conn, conn.begin():
            return conn.execute(p.update().where(p.c.id == participant_id).values(claim=None)).rowcount > 0

    def touch(self, participant_id: int) -> None:
        """Record that a participant is active (for the facilitator's progress grid)."""
        p = schema.participants
        with self._write() as conn, conn.begin():
            conn.execute(p.update().where(p.c.id == participant_id).values(last_seen=_now()))

    # -- documents --------------------------------------------------------------------
    def save(self, doc: DocRef | str, module: str, data: Any, *, event_id: int | None = None,
             team_id: int | None = None, participant_id: int | None = None,
             base_revision: int | None = None) -> Revision:
        """Write the next revision of ``doc``/``module``; durable when this returns.

        ``doc`` is a :class:`DocRef` (which carries its ids), or its name with the ids given.
        With ``base_revision`` the save is refused (:class:`Conflict`) unless it is still
        the latest revision, so that concurrent editors of a team document notice.
        """
        if isinstance(doc, DocRef):
            doc, event_id, team_id, participant_id = doc.name, doc.event_id, doc.team_id, doc.participant_id
        if event_id is None:
            raise TypeError("save() needs the event's id (a DocRef carries it)")
        size = len(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
        limit = config().max_document_bytes
        if size > limit:
            raise ModelError(Problem("store.too_large", {"kb": limit // 1024}))
        e = schema.entries
        for _attempt in range(_RETRIES):
            try:
                with self._write() as conn, conn.begin():
                    latest = conn.execute(
                        sa.select(sa.func.max(e.c.revision)).where(e.c.doc == doc, e.c.module == module)
                    ).scalar() or 0
                    if base_revision is not None and base_revision != latest:
                        raise Conflict(latest)
                    saved_at = _now()
                    result = conn.execute(e.insert().values(
                        event_id=event_id, team_id=team_id, participant_id=participant_id,
                        doc=doc, module=module, revision=latest + 1, data=data, saved_at=saved_at))
                    return Revision(result.inserted_primary_key[0], latest + 1, saved_at)
            except IntegrityError:
                continue
        raise StoreError("db_busy", f"could not save {doc}/{module}")

    def edit(self, doc: DocRef, module: str, change: Callable[[Any | None], Any], *, retries: int = EDIT_RETRIES,
             save: Callable[[Any, int], Revision] | None = None) -> Revision:
        """Apply ``change`` to the latest data of ``doc``/``module`` (None when there is none)
        and save the result on top of that revision. When somebody saved in between, the change
        is applied again to their version, so two editors never overwrite each other; after
        ``retries`` attempts the last :class:`Conflict` is raised. ``save(data, base_revision)``
        replaces the plain save (a session's, which validates and remembers its own saves)."""
        save = save or (lambda data, base: self.save(doc, module, data, base_revision=base))
        conflict = Conflict(0)
        for _ in range(retries):
            latest = self.latest(doc, module)
            try:
                return save(change(latest.data if latest else None), latest.revision if latest else 0)
            except Conflict as exc:
                conflict = exc
        raise conflict

    def latest(self, doc: DocRef | str, module: str) -> Document | None:
        doc = doc.name if isinstance(doc, DocRef) else doc
        e = schema.entries
        with self._read() as conn:
            row = conn.execute(
                sa.select(e).where(e.c.doc == doc, e.c.module == module)
                .order_by(e.c.revision.desc()).limit(1)
            ).first()
        return _document(row) if row is not None else None

    def history(self, doc: DocRef | str, module: str) -> list[Document]:
        doc = doc.name if isinstance(doc, DocRef) else doc
        e = schema.entries
        with self._read() as conn:
            rows = conn.execute(
                sa.select(e).where(e.c.doc == doc, e.c.module == module).order_by(e.c.revision)
            ).all()
        return [_document(r) for r in rows]

    def latest_for_team(self, team_id: int, module: str | None = None) -> list[Document]:
        """The latest revision of every document of a team (members' and shared)."""
        return self._latest(schema.entries.c.team_id == team_id, module)

    def latest_for_event(self, event_id: int, module: str | None = None) -> list[Document]:
        return self._latest(schema.entries.c.event_id == event_id, module)

    def _latest(self, where, module: str | None) -> list[Document]:
        e = schema.entries
        conds = [where] + ([e.c.module == module] if module else [])
        newest = (
            sa.select(e.c.doc, e.c.module, sa.func.max(e.c.revision).label("rev"))
            .where(*conds).group_by(e.c.doc, e.c.module).subquery()
        )
        query = sa.select(e).join(
            newest, sa.and_(e.c.doc == newest.c.doc, e.c.module == newest.c.module,
                            e.c.revision == newest.c.rev)
        ).order_by(e.c.id)
        with self._read() as conn:
            return [_document(r) for r in conn.execute(query)]

    def change_marker(self, event_id: int, team_id: int | None = None) -> int:
        """A number that grows whenever anything the team sees changes (cheap to poll)."""
        e = schema.entries
        cond = e.c.event_id == event_id
        if team_id is not None:
            cond = sa.and_(cond, sa.or_(e.c.team_id == team_id, e.c.team_id.is_(None)))
        with self._read() as conn:
            return conn.execute(sa.select(sa.func.max(e.c.id)).where(cond)).scalar() or 0

    def change_markers(self, event_id: int, team_id: int, own: Collection[int] = ()) -> tuple[int, int]:
        """(team, event): numbers that grow when the team's documents change, and when the
        event's own documents (the facilitator's controls) change; one cheap query.

        ``own`` are entry ids the caller saved itself: they do not count as the team's
        changes, so a participant's own save does not wake their own page."""
        e = schema.entries
        mine = e.c.team_id == team_id
        if own:
            mine = sa.and_(mine, e.c.id.notin_(sorted(own)))
        team = sa.func.max(sa.case((mine, e.c.id), else_=None))
        room = sa.func.max(sa.case((e.c.team_id.is_(None), e.c.id), else_=None))
        query = sa.select(team, room).where(e.c.event_id == event_id,
                                            sa.or_(e.c.team_id == team_id, e.c.team_id.is_(None)))
        with self._read() as conn:
            row = conn.execute(query).one()
        return row[0] or 0, row[1] or 0

    def event_overview(self, event_id: int) -> list[dict]:
        """Teams with their members, for exports and the facilitator."""
        t, p = schema.teams, schema.participants
        with self._read() as conn:
            teams = conn.execute(sa.select(t.c.id, t.c.name).where(t.c.event_id == event_id)
                                 .order_by(t.c.name)).all()
            members = conn.execute(
                sa.select(p.c.id, p.c.team_id, p.c.name, p.c.last_seen, p.c.claim)
                .join(t, t.c.id == p.c.team_id).where(t.c.event_id == event_id).order_by(p.c.id)
            ).all()
        by_team: dict[int, list[dict]] = {}
        for m in members:
            by_team.setdefault(m.team_id, []).append(
                {"id": m.id, "name": m.name, "last_seen": _utc(m.last_seen), "claimed": m.claim is not None})
        return [{"id": tid, "name": name, "participants": by_team.get(tid, [])} for tid, name in teams]


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _event(row) -> Event:
    return Event(row.id, row.code, row.title, row.case_id, row.lang, row.key_hash)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def _document(row) -> Document:
    return Document(row.doc, row.module, row.revision, row.data, _utc(row.saved_at),
                    row.participant_id, row.team_id)
