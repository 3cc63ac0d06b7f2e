"""Risk balancing: the export section and the charts."""

from __future__ import annotations

import math

from widgets import safe
from widgets.i18n import Translator
from widgets.model import risk as rk
from widgets.model.case import Case


def state_for(team, case: Case, lang: str) -> rk.RiskState:
    return rk.risk_state(team.module(rk.KEY), team.shared.get(rk.KEY), case, lang)


def _r(x: float | None, digits: int = 3):
    return None if x is None or not math.isfinite(x) else round(x, digits)


def section(team, case: Case) -> dict:
    state = state_for(team, case, team.event.lang)
    result = state.result
    names = {p: case.companies[p].name for p in rk.PARTNERS}
    return {
        "members": result.members,
        "contributions": {cat: {names[p]: _r(v[p]) for p in rk.PARTNERS} for cat, v in result.contributions.items()},
        "benefits": {cat: {names[p]: _r(v[p]) for p in rk.PARTNERS} for cat, v in result.benefits.items()},
        "risks": [{"id": r.id, "risk": state.labels[r.id], "category": state.categories[r.id],
                   "likelihood": _r(r.likelihood), "impact": _r(r.impact), "score": _r(r.score),
                   "share_a": _r(r.share_a), "likelihood_spread": r.spread("likelihood"),
                   "impact_spread": r.spread("impact"), "contested": r.contested, "high": r.high,
                   "mitigation": r.mitigation, "owner": r.owner, "from_case_defaults": r.from_case,
                   "estimates": {m: e.model_dump() for m, e in r.estimates.items()}} for r in result.risks],
        "shares": {names[p]: {"contribution": _r(b.contribution), "benefit": _r(b.benefit), "risk": _r(b.risk)}
                   for p, b in result.balance.items()},
        "balance": {"rule": {"balanced_from": rk.BALANCED[0], "balanced_to": rk.BALANCED[1]},
                    "balanced": result.balanced,
                    "partners": {names[p]: {"index": _r(b.index), "verdict": b.verdict}
                                 for p, b in result.balance.items()}},
        "unmitigated": [state.labels[r.id] for r in result.unmitigated],
    }


def matrix(state: rk.RiskState, tr: Translator):
    """Likelihood x impact: a coloured 5x5 background with every risk placed on it."""
    import plotly.graph_objects as go

    risks = [r for r in state.result.risks if r.score is not None]
    if not risks:
        return None
    xs, ys = _spread_out([(r.impact, r.likelihood) for r in risks])
    zone = [[x * y for x in range(1, 6)] for y in range(1, 6)]
    fig = go.Figure(go.Heatmap(z=zone, x=list(range(1, 6)), y=list(range(1, 6)), showscale=False, hoverinfo="skip",
                               colorscale=[[0, "#e8f5e9"], [0.4, "#fff6e0"], [0.6, "#fde2cf"], [1, "#f4b5ab"]]))
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="markers+text",
        text=[str(i + 1) for i in range(len(risks))], textposition="middle center",
        marker={"size": 26, "color": ["#c0392b" if r.unmitigated else "#16324f" for r in risks],
                "line": {"width": 2, "color": ["#e09100" if r.contested else "#ffffff" for r in risks]}},
        textfont={"color": "#ffffff"},
        hovertext=[safe.chart_label(f"{i + 1}. {state.labels[r.id]}", 70) for i, r in enumerate(risks)],
        hoverinfo="text", name=tr("risk.chart.risks")))
    fig.update_layout(title=tr("risk.chart.matrix_title"), showlegend=False,
                      xaxis={"title": {"text": tr("risk.impact")}, "range": [0.5, 5.5], "dtick": 1},
                      yaxis={"title": {"text": tr("risk.likelihood")}, "range": [0.5, 5.5], "dtick": 1})
    return fig


def _spread_out(points: list[tuple[float, float]], radius: float = 0.28) -> tuple[list[float], list[float]]:
    """Risks that land on the same spot are placed around it so that each stays visible."""
    groups: dict[tuple[float, float], list[int]] = {}
    for i, (x, y) in enumerate(points):
        groups.setdefault((round(x, 1), round(y, 1)), []).append(i)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    for members in groups.values():
        if len(members) < 2:
            continue
        for k, i in enumerate(members):
            angle = 2 * math.pi * k / len(members)
            xs[i] += radius * math.cos(angle)
            ys[i] += radius * math.sin(angle)
    return xs, ys


def shares_chart(state: rk.RiskState, tr: Translator, case: Case):
    import plotly.graph_objects as go

    balance = state.result.balance
    kinds = ("contribution", "benefit", "risk")
    if all(getattr(balance[p], k) is None for p in rk.PARTNERS for k in kinds):
        return None
    x = [tr(f"risk.share.{k}") for k in kinds]
    fig = go.Figure([go.Bar(x=x, y=[round(100 * (getattr(balance[p], k) or 0), 1) for k in kinds],
                            name=safe.chart_label(case.companies[p].name, 40))
                     for p in rk.PARTNERS])
    fig.update_layout(barmode="group", title=tr("risk.chart.shares_title"),
                      xaxis={"title": {"text": tr("risk.chart.what")}},
                      yaxis={"title": {"text": tr("risk.chart.share_pct")}, "range": [0, 100]})
    return fig
