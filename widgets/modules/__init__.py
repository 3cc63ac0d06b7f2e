"""The kit's own workshop modules, one folder each.

``widgets/modules/<key>/`` holds everything one module is: ``model.py`` (its rules, pure and
tested), ``report.py`` (its section, charter blocks, sheet, facts and comparisons),
``view.py`` (its widgets), ``spec.py`` (its registration: the :class:`~widgets.contract.ModuleSpec`)
and ``locales/<lang>.json`` (its words), with any helper of its own beside them. Nothing outside
this folder names a module: the shared layers (``widgets.model``, ``widgets.report``,
``widgets.ui``) reach a module only through its spec. :mod:`widgets.modules.kit` registers them.
"""
