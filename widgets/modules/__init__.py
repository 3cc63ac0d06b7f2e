"""The kit's own workshop modules: importing this package imports each of its modules, and
each registers its spec. The registry reaches this package only through the kit's entry
point (``alliance_workshop.modules`` in ``pyproject.toml``), so a module added here needs no
other declaration."""

from __future__ import annotations

import importlib
import pkgutil

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
    importlib.import_module(f"{__name__}.{_info.name}")
