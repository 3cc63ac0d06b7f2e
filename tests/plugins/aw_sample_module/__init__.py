"""A sixth module shipped outside the kit, as a third party would write it: a confidence vote.

Each member says how confident they are (1-5) that the alliance meets its first-year goals.
The team sees the mean and the spread; the health check counts a shared, confident view as
evidence of trust; a spread of two points or more goes to the debrief board.

It is found through the ``alliance_workshop.modules`` entry point of the ``.dist-info``
folder beside it (``tests/test_module_contract.py`` puts this folder on ``sys.path``).
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w
from pydantic import BaseModel, Field

from widgets import safe
from widgets.contract import Column, Disagreement, Fact, ModuleSpec, Point
from widgets.registry import register
from widgets.report.blocks import Block

KEY = "confidence"
SPREAD_CONTESTED = 2


class CaseSection(BaseModel):
    """What a case file may say for this module (``modules: {confidence: {horizon_years: 2}}``)."""

    horizon_years: int = Field(1, ge=1, le=5)


class Vote(BaseModel):
    confidence: int | None = Field(None, ge=1, le=5)
    why: str = Field("", max_length=500)


def section(team, case, lang=None) -> dict:
    votes = {name: Vote.model_validate(doc) for name, doc in sorted(team.module(KEY).items())}
    values = [v.confidence for v in votes.values() if v.confidence is not None]
    return {
        "members": sorted(votes),
        "votes": {name: v.confidence for name, v in votes.items()},
        "why": {name: v.why for name, v in votes.items() if v.why},
        "mean": round(sum(values) / len(values), 3) if values else None,
        "spread": (max(values) - min(values)) if values else None,
    }


def charter(section: dict, ctx) -> list[Block]:
    tr = ctx.tr
    return [Block("p", tr("confidence.mean", mean=tr.number(section.get("mean"), 1))),
            Block("table", headers=[tr("confidence.col_member"), tr("confidence.col_vote"), tr("confidence.col_why")],
                  rows=[[m, v or "–", section.get("why", {}).get(m, "")]
                        for m, v in section.get("votes", {}).items()])]


def sheet(section: dict, ctx):
    return (["member", "confidence", "why"],
            [[m, v, section.get("why", {}).get(m, "")] for m, v in section.get("votes", {}).items()])


def facts(section: dict) -> list[Fact]:
    mean, spread = section.get("mean"), section.get("spread")
    shared = None if mean is None else (mean >= 3 and spread < SPREAD_CONTESTED)
    return [Fact("trust", "confidence_shared", shared, {"spread": SPREAD_CONTESTED})]


def disagreements(section: dict, case=None, tr=None) -> list[Disagreement]:
    spread = section.get("spread")
    if spread is None or spread < SPREAD_CONTESTED:
        return []
    item = tr("confidence.item") if tr is not None else KEY
    detail = ", ".join(f"{m}: {v or '–'}" for m, v in section["votes"].items())
    return [Disagreement(KEY, item, detail, min(1.0, spread / 4))]


def comparison(section: dict) -> list[Column]:
    return [Column("confidence", "confidence.col_mean", section.get("mean"), headline=True)]


def reference_points(team: dict, reference: dict) -> list[Point]:
    return [Point("confidence_known", team.get("mean") is not None)]


def demo(req) -> dict:
    return {"members": {m: {"confidence": req.rng.randint(1, 5)} for m in req.members}}


class ConfidenceView:
    """One slider, saved as it moves, and the team's votes."""

    def __init__(self, ctx):
        self.ctx = ctx
        value = (ctx.load() or {}).get("confidence") or 3
        self.vote = w.IntSlider(value=value, min=1, max=5, description=ctx.tr("confidence.vote"))
        self.team = w.HTML()
        self.vote.observe(lambda _c: ctx.save({"confidence": self.vote.value}), "value")
        self.widget = w.VBox([self.vote, self.team])
        self.refresh_team()

    def refresh_team(self) -> None:
        votes = section(self.ctx.session.team(), None)["votes"]
        self.team.value = safe.html("<p>{t}</p>", t=", ".join(f"{m}: {v}" for m, v in votes.items()))


SPEC = register(ModuleSpec(
    key=KEY, order=60, title="confidence.title", phase="execute", entry_model=Vote, view=ConfidenceView,
    section=section, charter=charter, sheet=sheet, demo=demo, facts=facts, disagreements=disagreements,
    comparison=comparison, reference_points=reference_points, case_model=CaseSection, locales=Path(__file__).parent / "locales",
))
