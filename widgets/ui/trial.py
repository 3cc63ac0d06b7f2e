"""For instructors: prove, inside a module's own notebook, that the module works.

``try_module(key)`` does what a self-paced learner does, in a throwaway in-memory store:
start on their own with a case, enter the case's reference answer (the worked example)
through the module's own validation, open the module's page and its team view, and read
what the page shows: the checks it passes and fails, and the charts it draws. nbval runs it,
so an instructor's ``pytest --nbval-lax notebooks/`` proves every module end to end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ipywidgets as w

from widgets import cases, documents, references, registry
from widgets.i18n import Translator
from widgets.store import DocRef, Store

PASSED = re.compile(r"aw-finding-ok|\baw-ok\b|aw-ev-pass")
NOT_PASSED = re.compile(r"aw-finding-(?:bad|warn)|\baw-bad\b|aw-ev-fail")
LEARNER = "Instructor"


@dataclass(frozen=True)
class Trial:
    module: str  # the step's title, in the reader's language
    case: str
    passed: int  # checks shown as passed in the module's page
    not_passed: int  # checks shown as failed or as a warning
    charts: int  # charts drawn from the entered data

    def describe(self, tr: Translator) -> str:
        if not self.passed and not self.not_passed:  # a module whose team view has no checks
            return tr("trial.result_view", module=self.module, case=self.case, charts=self.charts)
        return tr("trial.result", module=self.module, case=self.case, passed=self.passed,
                  not_passed=self.not_passed, charts=self.charts)


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child)


def try_module(key: str, lang: str = "en", case_id: str | None = None) -> Trial:
    """Enter ``case_id``'s reference answer for module ``key`` (``"summary"``: every module,
    then the charter) as a learner on their own would, and read the module's page."""
    from widgets.ui.app import SUMMARY, WorkshopApp
    from widgets.ui.plot import PlotlyChart

    if key != SUMMARY and registry.get(key) is None:
        raise KeyError(key)
    tr = Translator(lang)
    case_id = case_id or cases.DEFAULT_CASE
    store = Store("sqlite:///:memory:")
    app = WorkshopApp(store, {"lang": lang}, live=False, browser={}, only=[key])
    try:
        join = app.join_view
        join.name.value = LEARNER
        join.solo_case.value = case_id
        if join.submit_solo() is None:
            raise RuntimeError(join.message.widget.value)
        answer = references.load(case_id, tr.lang)  # typed in the learner's language
        keys = [key] if key != SUMMARY else [spec.key for spec in registry.modules()]
        for module in keys:
            entry = answer[module]  # entered as the learner would: their own items carry their name
            app.session.save(module, references.as_member(entry["document"], LEARNER))
            # the teammates a module's worked example needs join for that module's own trial; the
            # charter's trial is one learner's (a teammate would count in every module's team)
            for name, doc in (entry["teammates"] if key != SUMMARY else {}).items():
                mate = store.join(app.session.participant.event_code, app.session.participant.team_name, name)
                documents.save(store, DocRef.of_participant(mate), registry.get(module), doc)
            if entry.get("team") is not None:
                app.session.save_team(module, references.as_member(entry["team"], LEARNER))
        app.stepper.show(key)
        view = app.stepper.current_view
        view.refresh_team()
        html = " ".join(child.value for child in _walk(view.widget) if isinstance(child, w.HTML))
        charts = sum(1 for child in _walk(view.widget) if isinstance(child, PlotlyChart) and child.figure)
        title = tr("step.summary") if key == SUMMARY else tr(registry.get(key).title)
        return Trial(title, tr.text(cases.get(case_id).title), len(PASSED.findall(html)),
                     len(NOT_PASSED.findall(html)), charts)
    finally:
        app.close()
        store.close()


def check_module(key: str, lang: str = "en") -> Trial:
    """A notebook cell: try the module and say what its page showed."""
    trial = try_module(key, lang)
    print(trial.describe(Translator(lang)))
    return trial
