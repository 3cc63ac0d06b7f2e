"""Reference answers: one well-argued team's work per case and module, in
``exercises/references/<case>.yaml``, validated by each module's own models."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from widgets import registry
from widgets.config import exercises_dir
from widgets.model.problems import ModelError, Problem, validate
from widgets.session import TeamData

REFERENCE_MEMBER = "Reference"


def reference_path(case_id: str) -> Path:
    return exercises_dir() / "references" / f"{case_id}.yaml"


@lru_cache(maxsize=16)
def load(case_id: str) -> dict:
    """``{module: {"document", "team", "explanation"}}`` for a case, every document validated."""
    path = reference_path(case_id)
    if not path.exists():
        raise ModelError(Problem("reference.missing", {"case": case_id}))
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if data.get("case") != case_id:
        raise ModelError(Problem("reference.wrong_case", {"case": case_id}))
    out = {}
    for key, entry in (data.get("modules") or {}).items():
        spec = registry.get(key)
        if spec is None:
            raise ModelError(Problem("module.unknown", {"module": key}))
        document = validate(spec.entry_model, entry.get("document") or {}).model_dump(mode="json")
        team = entry.get("team")
        if team is not None:
            team = validate(spec.team_model, team).model_dump(mode="json")
        explanation = entry.get("explanation") or {}
        if not explanation.get("en") or not explanation.get("es"):
            raise ModelError(Problem("reference.explanation_missing", {"module": key}))
        # teammates' documents, for a worked example that takes more than one person
        teammates = {str(name): validate(spec.entry_model, doc or {}).model_dump(mode="json")
                     for name, doc in (entry.get("teammates") or {}).items()}
        if REFERENCE_MEMBER in teammates:
            raise ModelError(Problem("reference.teammate_is_reference", {"module": key}))
        out[key] = {"document": document, "team": team, "explanation": explanation, "teammates": teammates}
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


def reference_team(event, case_id: str) -> TeamData:
    """The reference as a team of one (with the teammates' documents a worked example needs),
    so every module's export can run on it."""
    ref = load(case_id)
    # the teammates' documents are read by their module only; the team counts the reference
    # alone, so that rules about the team's size (an endorsement by another member) are as solo
    data = TeamData(event, 0, REFERENCE_MEMBER, [(0, REFERENCE_MEMBER)])
    for key, entry in ref.items():
        data.documents[key] = {REFERENCE_MEMBER: entry["document"], **entry["teammates"]}
        if entry["team"] is not None:
            data.shared[key] = entry["team"]
    return data
