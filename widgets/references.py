"""Reference answers: one well-argued team's work per case and module, in
``exercises/references/<case>.yaml``, validated by each module's own models.

Every text a person reads in a reference's documents (a goal, a KPI's name and unit, a
mitigation, a gate's evidence...) is given in both languages, ``{en: ..., es: ...}``, and
:func:`load` returns the documents in the reader's language, plain strings as a member would
have typed them; identifiers (candidate, criterion, KPI and goal ids) have no language. The
reasoning (``explanation``) stays in both languages for :meth:`Translator.text`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from widgets import registry
from widgets.config import exercises_dir
from widgets.i18n import DEFAULT, SUPPORTED
from widgets.model.problems import ModelError, Problem, validate
from widgets.session import TeamData

REFERENCE_MEMBER = "Reference"


def reference_path(case_id: str) -> Path:
    return exercises_dir() / "references" / f"{case_id}.yaml"


@lru_cache(maxsize=16)
def _source(case_id: str) -> dict:
    """The reference file of a case, as written (texts in both languages)."""
    path = reference_path(case_id)
    if not path.exists():
        raise ModelError(Problem("reference.missing", {"case": case_id}))
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if data.get("case") != case_id:
        raise ModelError(Problem("reference.wrong_case", {"case": case_id}))
    return data


def _is_text(value) -> bool:
    """A text in the reference's languages: ``{en: ..., es: ...}`` (a mapping keyed by
    languages only; no identifier in a reference is a language code)."""
    return isinstance(value, dict) and bool(value) and set(value) <= set(SUPPORTED) \
        and all(isinstance(v, str) for v in value.values())


def localize(value, lang: str, module: str = ""):
    """``value`` with every ``{en, es}`` text replaced by its ``lang`` version. A text without
    one of the languages, or a plain text (words with spaces: not an identifier), is refused:
    a reader of either language would otherwise read the other one."""
    if _is_text(value):
        if set(value) != set(SUPPORTED) or not all(v.strip() for v in value.values()):
            raise ModelError(Problem("reference.text_language_missing",
                                     {"module": module, "text": _shorten(next(iter(value.values())))}))
        return value[lang]
    if isinstance(value, dict):
        return {k: localize(v, lang, module) for k, v in value.items()}
    if isinstance(value, list):
        return [localize(v, lang, module) for v in value]
    if isinstance(value, str) and any(ch.isspace() for ch in value.strip()):
        raise ModelError(Problem("reference.text_language_missing", {"module": module, "text": _shorten(value)}))
    return value


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


@lru_cache(maxsize=32)
def load(case_id: str, lang: str = DEFAULT) -> dict:
    """``{module: {"document", "team", "explanation", "teammates"}}`` for a case, every
    document validated, its texts in ``lang`` (the reader's language); ``explanation`` is the
    reasoning in both languages."""
    lang = lang if lang in SUPPORTED else DEFAULT
    data = _source(case_id)
    out = {}
    for key, entry in (data.get("modules") or {}).items():
        spec = registry.get(key)
        if spec is None:
            raise ModelError(Problem("module.unknown", {"module": key}))
        document = validate(spec.entry_model, localize(entry.get("document") or {}, lang, key)).model_dump(mode="json")
        team = entry.get("team")
        if team is not None:
            team = validate(spec.team_model, localize(team, lang, key)).model_dump(mode="json")
        explanation = entry.get("explanation") or {}
        if not all(explanation.get(code) for code in SUPPORTED):
            raise ModelError(Problem("reference.explanation_missing", {"module": key}))
        # teammates' documents, for a worked example that takes more than one person
        teammates = {str(name): validate(spec.entry_model, localize(doc or {}, lang, key)).model_dump(mode="json")
                     for name, doc in (entry.get("teammates") or {}).items()}
        if REFERENCE_MEMBER in teammates:
            raise ModelError(Problem("reference.teammate_is_reference", {"module": key}))
        out[key] = {"document": document, "team": team, "explanation": dict(explanation), "teammates": teammates}
    return out


def as_member(value, name: str):
    """A reference document as ``name`` would have entered it: references to the reference
    member's own items (``"Reference#g1"``, keys and values) name ``name`` instead."""
    prefix = REFERENCE_MEMBER + "#"

    def swap(text):
        return name + "#" + text[len(prefix):] if isinstance(text, str) and text.startswith(prefix) else text

    if isinstance(value, dict):  # a key that is the reference member itself (a name) is renamed too
        return {(name if k == REFERENCE_MEMBER else swap(k)): as_member(v, name) for k, v in value.items()}
    if isinstance(value, list):
        return [as_member(v, name) for v in value]
    return swap(value)


def reference_team(event, case_id: str, lang: str | None = None) -> TeamData:
    """The reference as a team of one (with the teammates' documents a worked example needs),
    so every module's export can run on it; its texts in ``lang``, the reader's language (by
    default the event's)."""
    ref = load(case_id, lang or getattr(event, "lang", None) or DEFAULT)
    # the teammates' documents are read by their module only; the team counts the reference
    # alone, so that rules about the team's size (an endorsement by another member) are as solo
    data = TeamData(event, 0, REFERENCE_MEMBER, [(0, REFERENCE_MEMBER)])
    for key, entry in ref.items():
        data.documents[key] = {REFERENCE_MEMBER: entry["document"], **entry["teammates"]}
        if entry["team"] is not None:
            data.shared[key] = entry["team"]
    return data
