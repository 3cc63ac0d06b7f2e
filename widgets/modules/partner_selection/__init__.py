"""Partner selection: criteria, weights, candidates scored, must-haves as facts.

The module's files: ``model`` (pure rules), ``report`` (sections, charter, sheet), ``view`` (widgets), ``spec`` (its registration) and ``locales/`` (its catalogs)."""
