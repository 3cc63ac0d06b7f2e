"""Partner selection: the export section and the charts (built from the model's results)."""

from __future__ import annotations

from widgets import safe
from widgets.i18n import Translator
from widgets.model import partner_selection as ps
from widgets.model.case import Case


def state_for(team, case: Case, lang: str) -> ps.TeamState:
    return ps.team_state(team.module(ps.KEY), team.shared.get(ps.KEY), case, lang)


def section(team, case: Case) -> dict:
    """This module's part of the team export (see DESIGN.md: ``ranking`` and ``robustness``)."""
    state = state_for(team, case, team.event.lang)
    result, labels = state.result, state.labels
    return {
        "members": result.members,
        "criteria": [{"id": c.id, "label": c.label, "weight": round(100 * result.team_weights[c.id], 1)}
                     for c in state.criteria],
        "candidates": [{"id": c.id, "name": c.label, "profile": c.profile} for c in state.candidates],
        "ranking": [{"candidate": labels[r.candidate], "candidate_id": r.candidate,
                     "score": None if r.score is None else round(r.score, 3),
                     "spread": None if r.spread is None else round(r.spread, 3),
                     "rank": r.rank, "tied": r.tied, "members": r.members}
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
    import plotly.graph_objects as go

    result = state.result
    if not result.members:
        return None
    theta = [safe.chart_label(c.label, 28) for c in state.criteria]
    fig = go.Figure()
    for cand in state.candidates:
        r = [result.cells[(cand.id, c.id)].mean for c in state.criteria]
        if all(v is None for v in r):
            continue
        values = [0 if v is None else round(v, 2) for v in r]
        fig.add_trace(go.Scatterpolar(r=values + values[:1], theta=theta + theta[:1], fill="toself",
                                      opacity=0.55, name=safe.chart_label(cand.label, 40)))
    fig.update_layout(
        title=tr("partner.chart.radar_title"),
        polar={"radialaxis": {"range": [0, 5], "tickvals": [1, 2, 3, 4, 5],
                              "title": {"text": tr("partner.chart.radar_axis")}}},
        legend={"title": {"text": tr("partner.chart.candidate")}, "orientation": "h", "y": -0.12},
        margin={"l": 140, "r": 140, "t": 60, "b": 40},
    )
    return fig


def heatmap(state: ps.TeamState, tr: Translator):
    """Spread (highest minus lowest member score) per criterion x candidate."""
    import plotly.graph_objects as go

    result = state.result
    if len(result.members) < 2:
        return None
    x = [safe.chart_label(c.label, 18) for c in state.candidates]
    y = [safe.chart_label(c.label, 32) for c in state.criteria]
    z, text = [], []
    for crit in state.criteria:
        row, labels = [], []
        for cand in state.candidates:
            cell = result.cells[(cand.id, crit.id)]
            row.append(cell.spread if cell.scores else None)
            labels.append(f"{cell.low}–{cell.high}" if cell.scores else "")
        z.append(row)
        text.append(labels)
    fig = go.Figure(go.Heatmap(
        z=z, x=x, y=y, text=text, texttemplate="%{text}", zmin=0, zmax=4,
        colorscale=[[0, "#eef5ee"], [0.49, "#fff4cc"], [0.5, "#f9c784"], [1, "#c0392b"]],
        colorbar={"title": {"text": tr("partner.chart.spread")}},
        hovertemplate=tr("partner.chart.heat_hover") + "<extra></extra>",
    ))
    fig.update_layout(title=tr("partner.chart.heat_title"),
                      xaxis={"title": {"text": tr("partner.chart.candidate")}, "tickangle": 0, "side": "bottom"},
                      yaxis={"title": {"text": tr("partner.chart.criterion")}, "autorange": "reversed"},
                      margin={"l": 200, "r": 20, "t": 60, "b": 60})
    return fig
