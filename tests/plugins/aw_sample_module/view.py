"""The confidence vote's page: one slider, saved as it moves, and the team's votes."""

from __future__ import annotations

import ipywidgets as w

from aw_sample_module.report import section
from widgets import safe


class ConfidenceView:
    def __init__(self, ctx):
        self.ctx = ctx
        value = (ctx.load() or {}).get("confidence") or 3
        self.vote = w.IntSlider(value=value, min=1, max=5, description=ctx.tr("confidence.vote"))
        self.team = w.HTML()
        self.vote.observe(lambda _c: ctx.save({"confidence": self.vote.value}), "value")
        self.widget = w.VBox([self.vote, self.team])
        self.refresh_team()

    def refresh_team(self) -> None:
        votes = section(self.ctx.session.team(), None).votes
        self.team.value = safe.html("<p>{t}</p>", t=", ".join(f"{m}: {v}" for m, v in votes.items()))
