"""The perception pulse: both sides' answers, shown only from three answers per side.

The module's files: ``model`` (pure rules), ``report`` (sections, charter, sheet), ``view`` (widgets), ``spec`` (its registration) and ``locales/`` (its catalogs)."""
