"""The confidence vote's section and the hooks that read it."""

from __future__ import annotations

from aw_sample_module.model import KEY, SPREAD_CONTESTED, Vote, shared_view
from widgets.contract import Column, Disagreement, Fact, Point
from widgets.report.blocks import Block


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
    shared = shared_view(section.get("mean"), section.get("spread"))
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
