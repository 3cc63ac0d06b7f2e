"""Role clarity: the export section and the charts."""

from __future__ import annotations

from widgets import safe
from widgets.i18n import Translator
from widgets.model import roles as rm
from widgets.model.case import Case

LETTER_VALUE = {"": 0, "I": 1, "C": 2, "R": 3, "A": 4}


def state_for(team, case: Case, lang: str) -> rm.RolesState:
    return rm.roles_state(team.module(rm.KEY), team.shared.get(rm.KEY), case, lang)


def section(team, case: Case) -> dict:
    state = state_for(team, case, team.event.lang)
    result, labels = state.result, state.labels
    roles = []
    for col in state.columns:
        partner, role = col.split(":", 1)
        roles.append({"column": col, "partner": partner, "company": case.companies[partner].name, "role": role,
                      "label": labels[col], "person": state.team.people.get(col, "")})
    return {
        "members": result.members,
        "activities": [{"id": a, "label": label} for a, label, _ in state.activities],
        "roles": roles,
        "consensus": {a: {c: result.cells[(a, c)].shown for c in state.columns
                          if result.cells[(a, c)].choice != ""}
                      for a, _, _ in state.activities},
        "contested": [{"activity": labels[c.activity], "role": labels[c.column], "votes": c.votes,
                       "tied": [x or "-" for x in c.tied], "agreement": round(c.share, 3)} for c in result.contested],
        "checks": [{"check": c.code, "ok": c.ok, "items": [labels.get(i, i) for i in c.items]} for c in result.checks],
        "workload": {labels[w.column]: w.counts for w in result.load},
        "responsible_share": {case.companies[p].name: (None if s is None else round(s, 3))
                              for p, s in result.shares.items()},
    }


def heatmap(state: rm.RolesState, tr: Translator):
    """The consensus RACI grid as a coloured matrix with the letters written in."""
    import plotly.graph_objects as go

    result = state.result
    if not result.members:
        return None
    x = [safe.chart_label(state.labels[c], 30) for c in state.columns]
    y = [safe.chart_label(label, 30) for _, label, _ in state.activities]
    z, text = [], []
    for a, _, _ in state.activities:
        row, letters = [], []
        for col in state.columns:
            cell = result.cells[(a, col)]
            letter = cell.shown
            row.append(LETTER_VALUE.get(letter, 2.5) if cell.choice is not None else 2.5)
            letters.append(letter + ("*" if cell.contested else ""))
        z.append(row)
        text.append(letters)
    fig = go.Figure(go.Heatmap(
        z=z, x=x, y=y, text=text, texttemplate="%{text}", zmin=0, zmax=4, showscale=False,
        colorscale=[[0, "#ffffff"], [0.25, "#e8eef5"], [0.5, "#cfe0f1"], [0.625, "#fde2cf"],
                    [0.75, "#8fbce6"], [1, "#16324f"]],
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>"))
    fig.update_layout(title=tr("roles.chart.heat_title"), xaxis={"title": {"text": tr("roles.chart.role")},
                                                                "tickangle": -35},
                      yaxis={"title": {"text": tr("roles.chart.activity")}, "autorange": "reversed"},
                      margin={"l": 200, "b": 160, "t": 60})
    return fig


def workload_chart(state: rm.RolesState, tr: Translator):
    import plotly.graph_objects as go

    result = state.result
    if not result.members:
        return None
    x = [safe.chart_label(state.labels[w.column], 30) for w in result.load]
    fig = go.Figure([go.Bar(x=x, y=[w.counts[letter] for w in result.load], name=tr(f"roles.letter.{letter}"))
                     for letter in rm.LETTERS])
    fig.update_layout(barmode="stack", title=tr("roles.chart.load_title"),
                      xaxis={"title": {"text": tr("roles.chart.role")}, "tickangle": -35},
                      yaxis={"title": {"text": tr("roles.chart.activities")}},
                      margin={"b": 160, "t": 60})
    return fig
