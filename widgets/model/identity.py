"""Who is who: event codes, team names and participant names, validated and normalised.

Names are trimmed, inner whitespace collapsed, NFC-normalised and length-limited;
controls and bidirectional overrides are refused. Two names that differ only by case
or Unicode compatibility form are the same name (``name_key``), so joining again as
"ana " resumes "Ana".
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

from widgets.i18n import normalize_lang
from widgets.model.problems import ModelError, Problem, fail

NAME_MAX = 40
EVENT_CODE_MAX = 24
MAX_TEAMS_PER_EVENT = 200
MAX_MEMBERS_PER_TEAM = 12

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u2069\u3164\uffa0\ufeff\U000e0000-\U000e007f]")
_EVENT_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")


def _as_text(value: object, kind: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise fail("identity.not_text", field=kind)
    return value


def clean_name(value: object, kind: str = "name") -> str:
    """A display name fit to store, or a ``PydanticCustomError`` saying why not."""
    raw = _as_text(value, kind)
    if len(raw) > NAME_MAX * 8:
        raise fail("identity.too_long", field=kind, max=NAME_MAX)
    if _FORBIDDEN.search(raw):
        raise fail("identity.bad_characters", field=kind)
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if not name:
        raise fail("identity.empty", field=kind)
    if len(name) > NAME_MAX:
        raise fail("identity.too_long", field=kind, max=NAME_MAX)
    if not any(ch.isalnum() for ch in name):
        raise fail("identity.no_letters", field=kind)
    return name


def name_key(name: str) -> str:
    """The identity of a name for uniqueness: case- and compatibility-folded, invisible
    characters dropped (``widgets.model.text.fold``)."""
    from widgets.model.text import fold

    return fold(name)


def clean_event_code(value: object) -> str:
    code = _as_text(value, "event").strip().upper()
    if not code:
        raise fail("identity.event_empty")
    if len(code) > EVENT_CODE_MAX:
        raise fail("identity.event_too_long", max=EVENT_CODE_MAX)
    if len(code) < 3 or not _EVENT_CODE.match(code):
        raise fail("identity.event_format")
    return code


TeamName = Annotated[str, BeforeValidator(lambda v: clean_name(v, "team"))]
ParticipantName = Annotated[str, BeforeValidator(lambda v: clean_name(v, "name"))]
EventCode = Annotated[str, BeforeValidator(clean_event_code)]
Lang = Annotated[str, AfterValidator(normalize_lang)]


class JoinRequest(BaseModel):
    """What a participant submits to join (form or URL query)."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=False)

    event: EventCode
    team: TeamName
    name: ParticipantName
    lang: Lang = "en"


def parse_query(query: str | None) -> dict[str, str]:
    """The join fields from a URL query string (``event``, ``team``, ``name``, ``lang``).

    Unknown keys are ignored; repeated keys keep the first value; values are only
    decoded here, never trusted: validation happens in :class:`JoinRequest`.
    """
    from urllib.parse import parse_qs

    out: dict[str, str] = {}
    if not query:
        return out
    try:
        parsed = parse_qs(query.lstrip("?"), keep_blank_values=True, max_num_fields=20)
    except ValueError:  # too many fields: treat as no query at all
        return out
    for key in ("event", "team", "name", "lang"):
        values = parsed.get(key)
        if values:
            out[key] = values[0][: NAME_MAX * 8]
    return out


# -- who may resume a participant -------------------------------------------------------------
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
MAX_STORED_EVENTS = 50


def new_token() -> str:
    """A browser's secret for one event (192 bits); the store keeps only its hash."""
    import secrets

    return secrets.token_urlsafe(24)


def token_claim(token: str) -> str:
    import hashlib

    return "t:" + hashlib.sha256(token.encode()).hexdigest()


def hub_claim(user: str) -> str:
    """Under JupyterHub the hub user is the identity (the hub has authenticated them)."""
    return "hub:" + name_key(str(user))[:90]


def hub_name(requested: object, hub_user: str | None, fixed: bool) -> object:
    """Under JupyterHub with names fixed to hub users, a participant joins as their hub user
    and under no other name (the hub has authenticated them; a typed name has not)."""
    if not fixed or not hub_user:
        return requested
    if not isinstance(requested, str) or name_key(requested) != name_key(hub_user):
        raise ModelError(Problem("join.name_is_hub_user", {"user": hub_user}))
    return requested


def browser_tokens(value: object) -> dict[str, str]:
    """The tokens a browser reports (untrusted): ``{event code: token}``; anything malformed
    is dropped, never stored or used."""
    if not isinstance(value, dict):
        return {}
    out: dict[str, str] = {}
    for code, token in list(value.items())[:MAX_STORED_EVENTS]:
        if not isinstance(code, str) or not isinstance(token, str) or not _TOKEN.match(token):
            continue
        try:
            out[clean_event_code(code)] = token
        except Exception:  # noqa: BLE001, S112 - a malformed code is dropped
            continue
    return out
