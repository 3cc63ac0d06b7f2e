"""The event's own documents, which the facilitator sets for the whole room: the kit's
controls (locks, timer, reveal, broadcast) and each module's room settings (its
``settings_model``, stored under the module's key). Read by the participants' pages and the
dashboard alike; what is stored invalid reads as the defaults (and is logged), never as an error
in front of the room."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel

from widgets import documents, registry
from widgets.model.controls import KEY as CONTROLS
from widgets.model.controls import Controls
from widgets.model.problems import ModelError, Problem, validate
from widgets.store import DocRef, Store

log = logging.getLogger(__name__)


def _read(store: Store, event_id: int, key: str, model: type[BaseModel]) -> BaseModel:
    latest = store.latest(DocRef.of_event(event_id), key)
    if latest is None:
        return model()
    try:
        return model.model_validate(latest.data)
    except ValueError:
        log.exception("the stored %s of event %s are invalid; using the defaults", key, event_id)
        return model()


def controls(store: Store, event_id: int) -> Controls:
    """The room's controls as stored now (the defaults when unset or invalid)."""
    return _read(store, event_id, CONTROLS, Controls)


def save_controls(store: Store, event_id: int, current: Controls | None = None, **changes: Any) -> Controls:
    """The controls with ``changes``, validated and stored (durable on return); ModelError
    when a change is invalid, and nothing is stored. Changes that change nothing store
    nothing (no new revision wakes the room's pages). ``current``: the stored controls, when
    the caller has just read them."""
    current = controls(store, event_id) if current is None else current
    new = validate(Controls, {**current.model_dump(), **changes})
    if new != current:
        store.save(DocRef.of_event(event_id), CONTROLS, new.model_dump(mode="json"))
    return new


def _model(module: str) -> type[BaseModel]:
    spec = registry.get(module)
    if spec is None or spec.settings_model is None:
        raise ModelError(Problem("module.unknown", {"module": module}))
    return spec.settings_model


def settings(store: Store, event_id: int, module: str) -> BaseModel:
    """Module ``module``'s room settings as stored now (its defaults when unset or invalid)."""
    return _read(store, event_id, module, _model(module))


def save_settings(store: Store, event_id: int, module: str, current: BaseModel | None = None,
                  **changes: Any) -> BaseModel:
    """Module ``module``'s room settings with ``changes``, validated by its model and stored;
    ModelError when a change is invalid, and nothing is stored; changes that change nothing
    store nothing. ``current``: the stored settings, when the caller has just read them."""
    current = settings(store, event_id, module) if current is None else current
    new = validate(_model(module), {**current.model_dump(), **changes})
    if new != current:
        documents.save(store, DocRef.of_event(event_id), registry.get(module), new)  # validated above, once
    return new


def all_settings(store: Store, event_id: int) -> dict[str, BaseModel]:
    """Every registered module's room settings, by module key (modules without any left out)."""
    return {spec.key: settings(store, event_id, spec.key) for spec in registry.modules()
            if spec.settings_model is not None}
