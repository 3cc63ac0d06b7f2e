"""The module registry: each workshop module registers itself; the shell only iterates.

A module contributes a :class:`ModuleSpec`: its key and title, the pydantic model that
validates a participant's document, a view factory (imported lazily, so kernels pay for
plotly only when a module is opened), an export function for its section of the team
export, and a demo generator. Modules are discovered from the ``widgets.modules``
package and from the ``alliance_workshop.modules`` entry-point group.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

PHASES = ("imagine", "align", "execute")
ENTRY_POINT_GROUP = "alliance_workshop.modules"


@dataclass(frozen=True)
class ModuleSpec:
    key: str
    order: int
    title: str  # message id
    phase: str
    entry_model: Any  # pydantic model class for one participant's document
    view: Any  # "package.module:ViewClass" (imported when opened) or the class itself
    export: Callable[..., dict]  # (TeamData) -> this module's section of the export
    demo: Callable[..., dict]  # (DemoRequest) -> {participant name: document}
    team_model: Any = None  # pydantic model for the team's shared document, if any
    summary: str = ""  # message id: one line shown in the stepper and guide
    extra: dict = field(default_factory=dict)

    def load_view(self):
        if not isinstance(self.view, str):
            return self.view
        module_name, _, attr = self.view.partition(":")
        return getattr(importlib.import_module(module_name), attr)


_REGISTRY: dict[str, ModuleSpec] = {}
_discovered = False


def register(spec: ModuleSpec) -> ModuleSpec:
    if spec.phase not in PHASES:
        raise ValueError(f"module {spec.key}: unknown phase {spec.phase!r}")
    _REGISTRY[spec.key] = spec
    return spec


def unregister(key: str) -> None:
    _REGISTRY.pop(key, None)


def discover() -> None:
    """Import every module package once so that each registers itself."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    import widgets.modules as package

    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        ep.load()


def modules() -> list[ModuleSpec]:
    """Registered modules in workshop order."""
    discover()
    return sorted(_REGISTRY.values(), key=lambda s: (s.order, s.key))


def get(key: str) -> ModuleSpec | None:
    discover()
    return _REGISTRY.get(key)
