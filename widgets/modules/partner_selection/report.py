"""Partner selection: the export section, the charts, and the module's hooks into the charter,
the workbook, the health check, the dashboard and the reference comparison."""

from __future__ import annotations

from widgets import safe
from widgets.contract import CharterContext, Column, Disagreement, Point, default_phase_checks
from widgets.i18n import Translator
from widgets.model.case import Case
from widgets.model.health import ROBUST_SHARE
from widgets.modules.partner_selection import model as ps
from widgets.modules.partner_selection.case import of as case_of
from widgets.modules.partner_selection.section import (
    Candidate,
    ContestedCell,
    Criterion,
    Driver,
    MemberFact,
    MustHaveStanding,
    PartnerSelectionSection,
    RankedCandidate,
    Robustness,
    SettledFact,
)
from widgets.report import worksheet as ws
from widgets.report.blocks import Block
from widgets.report.figures import figure, go


def state_for(team, case: Case, lang: str) -> ps.TeamState:
    return ps.team_state(team.module(ps.KEY), team.shared.get(ps.KEY), case, lang)


def section(team, case: Case, lang: str | None = None) -> PartnerSelectionSection:
    """This module's part of the team export (outside checks read ``ranking`` and ``robustness``)."""
    state = state_for(team, case, lang or team.event.lang)
    result, labels = state.result, state.labels
    knock = set(ps.knockouts(state.lists, case))
    rob = result.robustness
    return PartnerSelectionSection(
        members=result.members,
        criteria=[Criterion(id=c.id, label=c.label, weight=round(100 * result.team_weights[c.id], 1),
                            knockout=c.id in knock) for c in state.criteria],
        candidates=[Candidate(id=c.id, name=c.label, profile=c.profile) for c in state.candidates],
        ranking=[RankedCandidate(candidate=labels[r.candidate], candidate_id=r.candidate,
                                 score=None if r.score is None else round(r.score, 3),
                                 spread=None if r.spread is None else round(r.spread, 3),
                                 rank=r.rank, tied=r.tied, members=r.members,
                                 knocked_out=[labels[k] for k in r.knocked_out],
                                 disputed=[labels[k] for k in r.disputed])
                 for r in result.ranking],
        must_haves=[MustHaveStanding(candidate=labels[v.candidate], criterion=labels[v.criterion],
                                     candidate_id=v.candidate, criterion_id=v.criterion, status=v.status,
                                     facts=[MemberFact(member=m, met=f.met, reason=f.reason) for m, f in v.facts.items()],
                                     settled=None if v.settled is None else SettledFact(met=v.settled.met,
                                                                                        reason=v.settled.reason))
                    for v in result.facts.values()],
        robustness=Robustness(
            top=labels.get(rob.top) if rob.top else None,
            stays_first=rob.stays_first,
            members=rob.members,
            share=None if rob.share is None else round(rob.share, 3),
            dissent={m: labels[c] for m, c in rob.dissent.items()},
        ),
        contested=[ContestedCell(candidate=labels[c.candidate], criterion=labels[c.criterion],
                                 low=c.low, high=c.high, spread=c.spread, scores=c.scores)
                   for c in result.contested],
        drivers=[Driver(criterion=labels[d.criterion], weight=round(100 * d.weight, 1),
                        gap=round(d.gap, 3), contribution=round(d.contribution, 3))
                 for d in result.drivers],
    )


def radar(state: ps.TeamState, tr: Translator):
    """Team mean score per criterion, one closed line per candidate."""
    result = state.result
    if not result.members:
        return None
    theta = safe.chart_labels([c.label for c in state.criteria], 28)
    lines = []
    for cand in state.candidates:
        r = [result.cells[(cand.id, c.id)].mean for c in state.criteria]
        if all(v is None for v in r):
            continue
        values = [0 if v is None else round(v, 2) for v in r]
        lines.append(go().Scatterpolar(r=values + values[:1], theta=theta + theta[:1], fill="toself",
                                       opacity=0.55, name=safe.chart_label(cand.label, 40)))
    return figure(lines, tr("partner_selection.chart.radar_title"),
                  polar={"radialaxis": {"range": [0, 5], "tickvals": [1, 2, 3, 4, 5],
                                        "title": {"text": tr("partner_selection.chart.radar_axis")}}},
                  legend=tr("partner_selection.chart.candidate"), legend_options={"orientation": "h", "y": -0.12},
                  margin={"l": 140, "r": 140, "t": 60, "b": 40})


def heatmap(state: ps.TeamState, tr: Translator):
    """Spread (highest minus lowest member score) per criterion x candidate."""
    result = state.result
    if len(result.members) < 2:
        return None
    x = safe.chart_labels([c.label for c in state.candidates], 18)
    y = safe.chart_labels([c.label for c in state.criteria], 32)
    z, text = [], []
    for crit in state.criteria:
        row, labels = [], []
        for cand in state.candidates:
            cell = result.cells[(cand.id, crit.id)]
            row.append(cell.spread if cell.scores else None)
            labels.append(f"{cell.low}–{cell.high}" if cell.scores else "")
        z.append(row)
        text.append(labels)
    cells = go().Heatmap(
        z=z, x=x, y=y, text=text, texttemplate="%{text}", zmin=0, zmax=4,
        colorscale=[[0, "#eef5ee"], [0.49, "#fff4cc"], [0.5, "#f9c784"], [1, "#c0392b"]],
        colorbar={"title": {"text": tr("partner_selection.chart.spread")}},
        hovertemplate=tr("partner_selection.chart.heat_hover") + "<extra></extra>",
    )
    return figure(cells, tr("partner_selection.chart.heat_title"),
                  x=tr("partner_selection.chart.candidate"), xaxis={"tickangle": 0, "side": "bottom"},
                  y=tr("partner_selection.chart.criterion"), yaxis={"autorange": "reversed"},
                  margin={"l": 200, "r": 20, "t": 60, "b": 60})


# -- the module's hooks into the charter, the workbook, the health check and the dashboard ----
def robust(section: PartnerSelectionSection) -> bool | None:
    """Whether the top candidate stays first under enough members' own weights (None: no input)."""
    rob = section.robustness
    return None if not rob.members else rob.stays_first / rob.members >= ROBUST_SHARE - 1e-9


SCORE_DIGITS = 2  # a candidate's score and spread, as the page, the charter and every export show them


def score_text(value: float | None, tr: Translator) -> str:
    """A team score or spread as a person reads it, the same on the page and in every export."""
    return tr.number(value, SCORE_DIGITS)


def rank_label(rank: int | None, tied: bool, knocked_out: list[str], disputed: list[str], tr: Translator) -> str:
    """A candidate's rank as read: "2", "2=", "out: <must-have>", "aside: <must-have>" or "–"
    (``knocked_out`` and ``disputed``: the must-haves' labels)."""
    if knocked_out:
        return tr("partner_selection.knocked_out_rank", criteria=", ".join(knocked_out))
    if disputed:
        return tr("partner_selection.disputed_rank", criteria=", ".join(disputed))
    if rank is None:
        return "–"
    return f"{rank}=" if tied else str(rank)


def rank_text(row: RankedCandidate, tr: Translator) -> str:
    """A ranking row's rank as read (see :func:`rank_label`)."""
    return rank_label(row.rank, row.tied, row.knocked_out, row.disputed, tr)


def _first(section: PartnerSelectionSection) -> RankedCandidate | None:
    return next((r for r in section.ranking if r.rank == 1), None)


def charter(section: PartnerSelectionSection, ctx: CharterContext) -> list[Block]:
    tr = ctx.tr
    out = []
    top = _first(section)
    rob = section.robustness
    if top is not None:
        out.append(Block("p", tr("charter.partner_choice", candidate=top.candidate, score=score_text(top.score, tr),
                                 count=rob.stays_first, members=rob.members)))
    out.append(Block("table", headers=[tr("partner_selection.col_rank"), tr("partner_selection.col_candidate"), tr("partner_selection.col_score"),
                                       tr("partner_selection.col_spread")],
                     rows=[[rank_text(r, tr), r.candidate, score_text(r.score, tr), score_text(r.spread, tr)]
                           for r in section.ranking]))
    facts = must_have_rows(section, tr)
    if facts[1]:
        out.append(Block("table", headers=facts[0], rows=facts[1]))
    if ctx.charts and section.members:
        out.append(Block("chart", figure=radar(state_for(ctx.data, ctx.case, tr.lang), tr)))
    return out


def must_have_rows(section: PartnerSelectionSection, tr: Translator) -> tuple[list[str], list[list]]:
    """(headers, rows): each must-have recorded for a candidate, where it stands, and the
    evidence (the team's settled reason first, then each member's)."""
    said = {True: tr("partner_selection.fact_met"), False: tr("partner_selection.fact_not_met")}
    rows = []
    for m in section.must_haves:
        if m.status == "open":
            continue
        evidence = ([m.settled.reason] if m.settled is not None else []) + [
            tr("partner_selection.fact_line", member=f.member, status=said[f.met], reason=f.reason)
            for f in m.facts]
        rows.append([m.candidate, m.criterion, tr(f"partner_selection.must_status.{m.status}"),
                     "; ".join(evidence)])
    return [tr("partner_selection.col_candidate"), tr("partner_selection.col_criterion"),
            tr("partner_selection.col_must_status"), tr("partner_selection.col_evidence")], rows


def sheet(section: PartnerSelectionSection, ctx: CharterContext) -> tuple[list[str], list[list]]:
    return (["rank", "candidate", "score", "spread", "members"],
            [[r.rank, r.candidate, r.score, r.spread, r.members] for r in section.ranking])


def phase_checks(section: PartnerSelectionSection) -> tuple[int, int]:
    """No checks of its own: the robustness of the choice counts as one."""
    passed, total = default_phase_checks(section)
    ok = robust(section)
    return (passed + bool(ok), total + 1) if ok is not None else (passed, total)


def disagreements(section: PartnerSelectionSection, case: Case | None = None,
                  tr: Translator | None = None) -> list[Disagreement]:
    return [Disagreement(ps.KEY, f"{c.candidate} · {c.criterion}", f"{c.low}–{c.high}",
                         min(1.0, c.spread / 4)) for c in section.contested]


def comparison(section: PartnerSelectionSection) -> list[Column]:
    top = _first(section)
    rob = section.robustness
    return [Column("partner", "facilitator.col_partner", top.candidate if top is not None and section.members else None,
                   headline=True, tally=True),
            Column("robustness", "facilitator.col_robustness",
                   f"{rob.stays_first}/{rob.members}" if rob.members else "–",
                   headline=True)]


def reference_points(team: PartnerSelectionSection, reference: PartnerSelectionSection) -> list[Point]:
    top_t = next((r.candidate_id for r in team.ranking if r.rank == 1 and r.score is not None), None)
    top_r = next((r.candidate_id for r in reference.ranking if r.rank == 1), None)
    names = {r.candidate_id: r.candidate for r in [*reference.ranking, *team.ranking]}
    heavy_r = [c.label for c in sorted(reference.criteria, key=lambda c: -c.weight)[:3]]
    heavy_t = [c.label for c in sorted(team.criteria, key=lambda c: -c.weight)[:3]]
    return [Point("same_partner" if top_t == top_r else "other_partner", top_t == top_r,
                  {"team": names.get(top_t, "–"), "reference": names.get(top_r, "–")}),
            Point("weights", len(set(heavy_t) & set(heavy_r)) >= 2,
                  {"team": ", ".join(heavy_t) or "–", "reference": ", ".join(heavy_r)})]


# -- printed pack ------------------------------------------------------------------------------
def worksheet(case: Case, tr: Translator) -> safe.Markup:
    """The scoring sheet, one copy per member, laid out like the "Your scoring" tab: the 100
    points over the case's criteria, then every candidate scored 1-5 on every criterion."""
    title, tab = tr("module.partner_selection.title"), tr("partner_selection.tab_scoring")
    must = tr("partner_selection.must_have_tag")
    labels = [c.label.get(tr.lang) + (must if c.knockout else "") for c in case_of(case).criteria]
    names = [c.name for c in case.candidates]
    weights = ws.grid([tr("partner_selection.criterion"), tr("partner_selection.worksheet.points")],
                      [[label, ws.Blank(hint="0–100")] for label in labels]
                      + [[tr("partner_selection.worksheet.total"), "100"]], widths=("78%", "22%"))
    scores = ws.grid([tr("partner_selection.criterion"), *names],
                     [[label, *(ws.Blank(hint="1–5") for _ in names)] for label in labels],
                     widths=("34%", *([f"{66 / len(names):.1f}%"] * len(names))))
    scale = " · ".join(tr(f"partner_selection.scale_{n}") for n in range(1, 6))
    return ws.sheet(tr, title, [
        ws.part(tr("partner_selection.weights_title"), ws.where(tr, title, tab, tr("partner_selection.weights_title")),
                weights, note=tr("partner_selection.weights_help")),
        ws.part(tr("partner_selection.scores_title"),
                ws.where(tr, title, tab, tr("partner_selection.scores_title"), tr("partner_selection.candidate")),
                scores, ws.field(tr("partner_selection.worksheet.notes"), lines=3,
                                 hint=tr("partner_selection.note_placeholder")),
                note=tr("partner_selection.scores_help") + " " + scale),
        ws.part(tr("partner_selection.tab_lists"), ws.where(tr, title, tr("partner_selection.tab_lists")),
                ws.fields(ws.field(tr("partner_selection.new_criterion")), ws.field(tr("partner_selection.new_candidate"))),
                ws.field(tr("partner_selection.profile"), lines=2, hint=tr("partner_selection.profile_placeholder")),
                note=tr("partner_selection.lists_help")),
    ], intro=tr("partner_selection.worksheet.intro"))


def tally(case: Case, tr: Translator) -> safe.Markup:
    """Each team's rank for every candidate, and how many members' own weights keep its first
    on top (the robustness), as the facilitator collects them from the teams' sheets."""
    names = [c.name for c in case.candidates]
    rows = [[ws.BOX, *(ws.Blank(hint=f"1–{len(names)}") for _ in names), ws.Blank(hint="n / N")]
            for _ in range(ws.TALLY_ROWS)]
    return ws.sheet(tr, tr("partner_selection.worksheet.tally_title"), [
        ws.grid([tr("pack.team"), *names, tr("partner_selection.worksheet.robustness")], rows)],
        intro=tr("partner_selection.worksheet.tally_help"), kind="facilitator")
