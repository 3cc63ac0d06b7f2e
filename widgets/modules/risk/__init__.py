"""Risk balancing: contributions, benefits, the risk register and the balance verdict.

The module's files: ``model`` (pure rules), ``report`` (sections, charter, sheet), ``view`` (widgets), ``spec`` (its registration) and ``locales/`` (its catalogs)."""
