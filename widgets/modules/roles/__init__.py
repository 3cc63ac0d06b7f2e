"""Role clarity: the RACI grid of the case's activities and roles, and its consensus.

The module's files: ``model`` (pure rules), ``report`` (sections, charter, sheet), ``view`` (widgets), ``spec`` (its registration) and ``locales/`` (its catalogs)."""
