"""The one gate every module document passes on its way to the store: validated once, by the
module's own model, and saved.

Which model judges a document follows from where it is filed: a participant's document by the
module's ``entry_model``, the team's shared one by its ``team_model``, the event's by its
``settings_model``. A value that is already an instance of that model was validated when it was
built (a module's rule returns its model) and is not validated again; anything else (a dict from
a view, an import file, demo data) is validated here. Views (through the participant's session),
the demo, the importer, the trial and the facilitator's panels all save through :func:`save`; the
importer checks a whole file with :func:`clean` before it writes anything.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from widgets.contract import ModuleSpec
from widgets.model.problems import ModelError, Problem, validate
from widgets.store import DocRef, Revision, Store

KINDS = {"p": "entry_model", "t": "team_model", "e": "settings_model"}  # DocRef.name's prefix -> model


def model_for(spec: ModuleSpec, ref: DocRef | str) -> type[BaseModel]:
    """The model that judges ``spec``'s document filed under ``ref``."""
    name = ref.name if isinstance(ref, DocRef) else ref
    model = getattr(spec, KINDS.get(name.split(":", 1)[0], ""), None)
    if model is None:
        raise ModelError(Problem("module.no_model"))
    return model


def clean(model: type[BaseModel], data: Any) -> dict:
    """``data`` as the store keeps it (JSON), judged by ``model`` once."""
    if isinstance(data, model):
        return data.model_dump(mode="json")
    return validate(model, data).model_dump(mode="json")


def save(store: Store, ref: DocRef, spec: ModuleSpec, data: Any, *, base_revision: int | None = None) -> Revision:
    """Validate ``data`` with the model ``ref`` calls for and store it; durable on return
    (``Conflict`` when ``base_revision`` is given and somebody saved in between)."""
    return store.save(ref, spec.key, clean(model_for(spec, ref), data), base_revision=base_revision)
