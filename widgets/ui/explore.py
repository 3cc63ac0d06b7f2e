"""The numbers behind a module, as pandas tables, for a learner working in JupyterLab.

Once you have joined in the module's page above, the tables are your team's; before that,
they are the case's reference answer, so there is always something to explore.
"""

from __future__ import annotations

from widgets import cases, references, registry
from widgets.i18n import SUPPORTED, Translator


def module_tables(key: str, lang: str | None = None) -> dict:
    """One module's tables: ``source`` (whose numbers), ``note``, ``titles`` and ``tables``
    (``{name: DataFrame}``), in the reader's language."""
    from widgets.report.export import team_section
    from widgets.report.frames import section_tables
    from widgets.ui.app import current_app

    if registry.get(key) is None:
        raise KeyError(key)
    app = current_app()
    session = app.session if app is not None else None
    if session is not None:
        tr = Translator(lang if lang in SUPPORTED else app.tr.lang)
        data, case = session.team(), session.case
        source = tr("explore.source_team", team=session.participant.team_name)
    else:
        tr = Translator(lang if lang in SUPPORTED else "en")
        case = _default_case()
        data = references.reference_team(_ReferenceEvent(case.id, tr.lang), case.id)
        source = tr("explore.source_reference", case=tr.text(case.title))
    section = team_section(data, case, tr)["modules"][key]
    tables = section_tables(section)
    titles = {name: tr(f"{key}.table.{name}") for name in tables}  # the module's own words
    return {"source": source, "note": tr("explore.columns_note"), "titles": titles, "tables": tables}


def explore(key: str, lang: str | None = None) -> None:
    """Show a module's tables under its page (a notebook cell's output)."""
    from IPython.display import HTML, display

    from widgets import safe

    result = module_tables(key, lang)
    display(HTML(safe.html("<p><b>{s}</b><br><span class='aw-muted'>{n}</span></p>",
                           s=result["source"], n=result["note"])))
    for name, frame in result["tables"].items():
        display(HTML(safe.html("<h4>{t}</h4>", t=result["titles"][name])))
        display(frame)  # pandas escapes cell text in its HTML


def _default_case():
    return cases.get(cases.available()[0])


class _ReferenceEvent:
    """Enough of an event for the reference team: its code and case."""

    def __init__(self, case_id: str, lang: str):
        self.id, self.code, self.title, self.case_id, self.lang = 0, "REFERENCE", "", case_id, lang

