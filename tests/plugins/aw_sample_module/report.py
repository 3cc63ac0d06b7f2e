"""The confidence vote's section and the hooks that read it."""

from __future__ import annotations

from aw_sample_module.model import KEY, SPREAD_CONTESTED, Vote, shared_view
from aw_sample_module.section import ConfidenceSection
from widgets.contract import Column, Disagreement, Fact, Point
from widgets.report.blocks import Block


def section(team, case, lang=None) -> ConfidenceSection:
    votes = {name: Vote.model_validate(doc) for name, doc in sorted(team.module(KEY).items())}
    values = [v.confidence for v in votes.values() if v.confidence is not None]
    return ConfidenceSection(
        members=sorted(votes),
        votes={name: v.confidence for name, v in votes.items()},
        why={name: v.why for name, v in votes.items() if v.why},
        mean=round(sum(values) / len(values), 3) if values else None,
        spread=(max(values) - min(values)) if values else None,
    )


def charter(section: ConfidenceSection, ctx) -> list[Block]:
    tr = ctx.tr
    return [Block("p", tr("confidence.mean", mean=tr.number(section.mean, 1))),
            Block("table", headers=[tr("confidence.col_member"), tr("confidence.col_vote"), tr("confidence.col_why")],
                  rows=[[m, v or "–", section.why.get(m, "")] for m, v in section.votes.items()])]


def sheet(section: ConfidenceSection, ctx):
    return ["member", "confidence", "why"], [[m, v, section.why.get(m, "")] for m, v in section.votes.items()]


def facts(section: ConfidenceSection) -> list[Fact]:
    shared = shared_view(section.mean, section.spread)
    return [Fact("trust", "confidence_shared", shared, {"spread": SPREAD_CONTESTED})]


def disagreements(section: ConfidenceSection, case=None, tr=None) -> list[Disagreement]:
    if section.spread is None or section.spread < SPREAD_CONTESTED:
        return []
    item = tr("confidence.item") if tr is not None else KEY
    detail = ", ".join(f"{m}: {v or '–'}" for m, v in section.votes.items())
    return [Disagreement(KEY, item, detail, min(1.0, section.spread / 4))]


def comparison(section: ConfidenceSection) -> list[Column]:
    return [Column("confidence", "confidence.col_mean", section.mean, headline=True)]


def reference_points(team: ConfidenceSection, reference: ConfidenceSection) -> list[Point]:
    return [Point("confidence_known", team.mean is not None)]
