"""The one place where the kit builds a plotly figure: its traces, its title, and its axis and
legend titles, so that each chart function only says what it shows.

plotly is imported when a chart is drawn, not when the kit is imported (it is slow to load).
"""

from __future__ import annotations

from typing import Any


def go():
    """``plotly.graph_objects``, loaded on first use."""
    import plotly.graph_objects as graph_objects

    return graph_objects


def _titled(text: str | None, options: dict | None) -> dict:
    return {**({"title": {"text": text}} if text else {}), **(options or {})}


def figure(traces: Any, title: str, *, x: str | None = None, y: str | None = None,
           legend: str | None = None, xaxis: dict | None = None, yaxis: dict | None = None,
           legend_options: dict | None = None, **layout: Any):
    """A figure of ``traces`` (one trace or a list) titled ``title``; ``x``, ``y`` and
    ``legend`` are the axis and legend titles (already translated), ``xaxis``/``yaxis``/
    ``legend_options`` more settings of each, and ``layout`` any other layout setting."""
    fig = go().Figure(traces)
    settings: dict[str, Any] = {"title": title, **layout}
    if x or xaxis:
        settings["xaxis"] = _titled(x, xaxis)
    if y or yaxis:
        settings["yaxis"] = _titled(y, yaxis)
    if legend or legend_options:
        settings["legend"] = _titled(legend, legend_options)
    fig.update_layout(**settings)
    return fig
