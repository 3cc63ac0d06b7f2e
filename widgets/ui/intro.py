"""The first step: the case brief, the two companies and the path through the modules."""

from __future__ import annotations

import ipywidgets as w

from widgets import safe
from widgets.i18n import Translator
from widgets.model.case import Case
from widgets.registry import PHASES, ModuleSpec


def intro_html(case: Case, tr: Translator, specs: list[ModuleSpec]) -> str:
    lang = tr.lang
    own = case.companies["a"]
    # the partner is not named here: choosing it is the team's first task
    candidates = safe.join([safe.html("<li>{name}</li>", name=c.name) for c in case.candidates])
    companies = safe.join([
        safe.html('<div class="aw-company"><b>{role}: {name}</b><p>{situation}</p></div>',
                  role=tr("intro.company_a"), name=own.name, situation=own.situation.get(lang)),
        safe.html('<div class="aw-company"><b>{role}</b><ul>{candidates}</ul><p class="aw-muted">{note}</p></div>',
                  role=tr("intro.candidates"), candidates=candidates, note=tr("intro.candidates_note")),
    ])
    phases = []
    for phase in PHASES:
        items = safe.join([safe.html("<li>{t}</li>", t=tr(s.title)) for s in specs if s.phase == phase])
        listing = safe.html("<ol>{items}</ol>", items=items) if items else safe.html(
            '<p class="aw-muted">{t}</p>', t=tr("intro.phase_later"))
        phases.append(safe.html('<div class="aw-phase"><b>{name}</b><div class="aw-muted">{desc}</div>{listing}</div>',
                                name=tr(f"phase.{phase}"), desc=tr(f"phase.{phase}.desc"),
                                listing=safe.Markup(listing)))
    return safe.html(
        '<div class="aw-case"><h3>{title}</h3><p class="aw-muted">{industry}</p><p>{summary}</p>'
        '<div class="aw-companies">{companies}</div><h4>{path}</h4><div class="aw-phases">{phases}</div>'
        '<p class="aw-muted">{howto}</p></div>',
        title=case.title.get(lang), industry=case.industry.get(lang), summary=case.summary.get(lang),
        companies=companies, path=tr("intro.path"), phases=safe.join(phases),
        howto=tr("intro.howto"),
    )


class IntroView:
    def __init__(self, case: Case, tr: Translator, specs: list[ModuleSpec]):
        self.widget = w.HTML(intro_html(case, tr, specs))
        self.widget.add_class("aw-card")

    def refresh_team(self) -> None:  # nothing team-specific here
        return None
