"""Partner selection: the export section, the charts, and the module's hooks into the charter,
the workbook, the health check, the dashboard and the reference comparison."""

from __future__ import annotations

from widgets import safe
from widgets.contract import CharterContext, Column, Disagreement, Point, default_phase_checks
from widgets.i18n import Translator
from widgets.model import partner_selection as ps
from widgets.model.case import Case
from widgets.model.health import ROBUST_SHARE
from widgets.report.blocks import Block
from widgets.report.figures import figure, go


def state_for(team, case: Case, lang: str) -> ps.TeamState:
    return ps.team_state(team.module(ps.KEY), team.shared.get(ps.KEY), case, lang)


def section(team, case: Case, lang: str | None = None) -> dict:
    """This module's part of the team export (outside checks read ``ranking`` and ``robustness``)."""
    state = state_for(team, case, lang or team.event.lang)
    result, labels = state.result, state.labels
    knock = set(ps.knockouts(state.lists, case))
    return {
        "members": result.members,
        "criteria": [{"id": c.id, "label": c.label, "weight": round(100 * result.team_weights[c.id], 1),
                      "knockout": c.id in knock} for c in state.criteria],
        "candidates": [{"id": c.id, "name": c.label, "profile": c.profile} for c in state.candidates],
        "ranking": [{"candidate": labels[r.candidate], "candidate_id": r.candidate,
                     "score": None if r.score is None else round(r.score, 3),
                     "spread": None if r.spread is None else round(r.spread, 3),
                     "rank": r.rank, "tied": r.tied, "members": r.members,
                     "knocked_out": [labels[k] for k in r.knocked_out]}
                    for r in result.ranking],
        "robustness": {
            "top": labels.get(result.robustness.top) if result.robustness.top else None,
            "stays_first": result.robustness.stays_first,
            "members": result.robustness.members,
            "share": None if result.robustness.share is None else round(result.robustness.share, 3),
            "dissent": {m: labels[c] for m, c in result.robustness.dissent.items()},
        },
        "contested": [{"candidate": labels[c.candidate], "criterion": labels[c.criterion],
                       "low": c.low, "high": c.high, "spread": c.spread, "scores": c.scores}
                      for c in result.contested],
        "drivers": [{"criterion": labels[d.criterion], "weight": round(100 * d.weight, 1),
                     "gap": round(d.gap, 3), "contribution": round(d.contribution, 3)}
                    for d in result.drivers],
    }


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
def robust(section: dict) -> bool | None:
    """Whether the top candidate stays first under enough members' own weights (None: no input)."""
    rob = section.get("robustness") or {}
    return None if not rob.get("members") else rob["stays_first"] / rob["members"] >= ROBUST_SHARE - 1e-9


def rank_text(row: dict, tr: Translator) -> str:
    """An exported ranking row's rank as read: "2", "2=", "out: <must-have>" or "–"."""
    if row.get("knocked_out"):
        return tr("partner_selection.knocked_out_rank", criteria=", ".join(row["knocked_out"]))
    if row.get("rank") is None:
        return "–"
    return f"{row['rank']}=" if row.get("tied") else str(row["rank"])


def charter(section: dict, ctx: CharterContext) -> list[Block]:
    tr = ctx.tr
    out = []
    top = next((r for r in section.get("ranking", []) if r.get("rank") == 1), None)
    rob = section.get("robustness") or {}
    if top:
        out.append(Block("p", tr("charter.partner_choice", candidate=top["candidate"], score=tr.number(top["score"]),
                                 count=rob.get("stays_first", 0), members=rob.get("members", 0))))
    out.append(Block("table", headers=[tr("partner_selection.col_rank"), tr("partner_selection.col_candidate"), tr("partner_selection.col_score"),
                                       tr("partner_selection.col_spread")],
                     rows=[[rank_text(r, tr), r["candidate"], tr.number(r["score"]), tr.number(r["spread"])]
                           for r in section.get("ranking", [])]))
    if ctx.charts and section.get("members"):
        out.append(Block("chart", figure=radar(state_for(ctx.data, ctx.case, tr.lang), tr)))
    return out


def sheet(section: dict, ctx: CharterContext) -> tuple[list[str], list[list]]:
    return (["rank", "candidate", "score", "spread", "members"],
            [[r["rank"], r["candidate"], r["score"], r["spread"], r["members"]] for r in section.get("ranking", [])])


def phase_checks(section: dict) -> tuple[int, int]:
    """No checks of its own: the robustness of the choice counts as one."""
    passed, total = default_phase_checks(section)
    ok = robust(section)
    return (passed + bool(ok), total + 1) if ok is not None else (passed, total)


def disagreements(section: dict, case: Case | None = None, tr: Translator | None = None) -> list[Disagreement]:
    return [Disagreement(ps.KEY, f"{c['candidate']} · {c['criterion']}", f"{c['low']}–{c['high']}",
                         min(1.0, c["spread"] / 4)) for c in section.get("contested", [])]


def comparison(section: dict) -> list[Column]:
    top = next((r["candidate"] for r in section.get("ranking", []) if r.get("rank") == 1), None)
    rob = section.get("robustness") or {}
    return [Column("partner", "facilitator.col_partner", top if section.get("members") else None,
                   headline=True, tally=True),
            Column("robustness", "facilitator.col_robustness",
                   f"{rob.get('stays_first', 0)}/{rob.get('members', 0)}" if rob.get("members") else "–",
                   headline=True)]


def reference_points(team: dict, reference: dict) -> list[Point]:
    top_t = next((r["candidate_id"] for r in team.get("ranking", []) if r.get("rank") == 1
                  and r.get("score") is not None), None)
    top_r = next((r["candidate_id"] for r in reference.get("ranking", []) if r.get("rank") == 1), None)
    names = {r["candidate_id"]: r["candidate"] for r in reference.get("ranking", []) + team.get("ranking", [])}
    heavy_r = [c["label"] for c in sorted(reference.get("criteria", []), key=lambda c: -c["weight"])[:3]]
    heavy_t = [c["label"] for c in sorted(team.get("criteria", []), key=lambda c: -c["weight"])[:3]]
    return [Point("same_partner" if top_t == top_r else "other_partner", top_t == top_r,
                  {"team": names.get(top_t, "–"), "reference": names.get(top_r, "–")}),
            Point("weights", len(set(heavy_t) & set(heavy_r)) >= 2,
                  {"team": ", ".join(heavy_t) or "–", "reference": ", ".join(heavy_r)})]
