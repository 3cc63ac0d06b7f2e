"""Initiatives and launch: ideas scored on the plan, gates with evidence, the life cycle.

The module's files: ``model`` (pure rules), ``report`` (sections, charter, sheet), ``view`` (widgets), ``spec`` (its registration) and ``locales/`` (its catalogs)."""
