"""The kit's registration: imports each module folder's ``spec`` (which registers the module).

The registry reaches this file only through the kit's entry point (``alliance_workshop.modules``
in ``pyproject.toml``), so a folder added under ``widgets/modules/`` with a ``spec.py`` needs no
other declaration. A module shipped in another package registers the same way, through an
entry point of its own.
"""

from __future__ import annotations

import importlib
import pkgutil

from widgets import modules

for _info in sorted(pkgutil.iter_modules(modules.__path__), key=lambda i: i.name):
    if _info.ispkg:
        importlib.import_module(f"{modules.__name__}.{_info.name}.spec")
