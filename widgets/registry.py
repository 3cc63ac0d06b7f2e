"""The module registry: which workshop modules this kit runs, in workshop order.

The registry knows no module. Modules are found through the ``alliance_workshop.modules``
entry-point group (the kit declares its own modules there in ``pyproject.toml``, as one package; another
package adds a module the same way) and each registers its :class:`~widgets.contract.ModuleSpec`
when it is imported. The contract itself is in :mod:`widgets.contract`.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import entry_points

from widgets.contract import PHASES, ContractError, ModuleSpec

__all__ = ["PHASES", "ContractError", "ModuleSpec", "register", "unregister", "discover", "modules", "get", "or_registered"]

ENTRY_POINT_GROUP = "alliance_workshop.modules"

_REGISTRY: dict[str, ModuleSpec] = {}
_discovered = False


def register(spec: ModuleSpec) -> ModuleSpec:
    """Add a module (its spec was checked against the contract when it was built)."""
    if not isinstance(spec, ModuleSpec):
        raise ContractError(f"register() takes a ModuleSpec, not {type(spec).__name__}")
    from widgets import i18n

    if spec.locales is not None:
        i18n.add_catalogs(spec.locales)
    missing = [lang for lang in i18n.SUPPORTED if spec.title not in i18n.catalog(lang)]
    if missing:
        raise ContractError(f"module {spec.key!r}: its title {spec.title!r} has no text in {', '.join(missing)} "
                            "(add it to the module's catalogs)")
    _REGISTRY[spec.key] = spec
    return spec


def unregister(key: str) -> None:
    _REGISTRY.pop(key, None)


def discover(force: bool = False) -> None:
    """Import every module named in the entry-point group once, so that each registers itself."""
    global _discovered
    if _discovered and not force:
        return
    _discovered = True
    found = entry_points(group=ENTRY_POINT_GROUP)
    if not found:
        raise ContractError(f"no workshop modules: the entry-point group {ENTRY_POINT_GROUP!r} is empty. "
                            "Install the kit (pip install -e .) so that its modules are declared.")
    for ep in sorted(found, key=lambda e: e.name):
        ep.load()


def modules() -> list[ModuleSpec]:
    """Registered modules in workshop order; refused if one uses a module that is not there."""
    discover()
    for spec in _REGISTRY.values():
        missing = [key for key in spec.uses if key not in _REGISTRY]
        if missing:
            raise ContractError(f"module {spec.key!r} uses the team data of {', '.join(map(repr, missing))}, "
                                "which is not registered")
    return sorted(_REGISTRY.values(), key=lambda s: (s.order, s.key))


def get(key: str) -> ModuleSpec | None:
    discover()
    return _REGISTRY.get(key)


def or_registered(specs: Iterable[ModuleSpec] | None) -> list[ModuleSpec]:
    """``specs`` when given (a caller that has them already), else the registered modules."""
    return list(specs) if specs is not None else modules()


def upgrade_stored(store) -> None:
    """Apply every registered module's ``data_steps`` that ``store``'s database has not had yet
    (once per store): what an earlier version of a module stored reads as the module expects now."""
    for spec in modules():
        if spec.data_steps:
            store.upgrade_data(spec.key, spec.data_steps)
