"""Goals and KPIs: a shared vision, goals, KPIs traced to goals, quick wins.

The module's files: ``model`` (pure rules), ``report`` (sections, charter, sheet), ``view`` (widgets), ``spec`` (its registration) and ``locales/`` (its catalogs)."""
