"""A chart slot: one chart widget per chart, updated in place on refresh.

Figures are built in ``widgets.report`` (pure, testable); the view only swaps the figure's
JSON in (``widgets.ui.plot``). A chart without enough data says so in words instead of
showing empty axes.
"""

from __future__ import annotations

import ipywidgets as w

from widgets import safe
from widgets.i18n import Translator


def has_data(figure) -> bool:
    """True when at least one trace of ``figure`` has something to draw."""
    if figure is None:
        return False
    for trace in figure.data:
        for attr in ("r", "y", "z", "x", "values"):
            values = getattr(trace, attr, None)
            if values is not None and len(values) > 0:
                return True
    return False


class ChartSlot:
    def __init__(self, height: int = 380, width: int = 980):
        self.height, self.width = height, width
        self.chart = None
        self._figure = None
        self.note = w.HTML()
        self.widget = w.Box(layout=w.Layout(display="block", width="100%"))

    @property
    def figure(self):
        """The figure last drawn (a ``plotly.graph_objects.Figure``), or None while the slot
        shows its note."""
        return self._figure

    def show(self, figure, tr: Translator | None = None) -> None:
        """Draw ``figure`` (a ``plotly.graph_objects.Figure``) in place, or say that there is
        not enough data yet (nothing at all when no translator is given)."""
        if not has_data(figure):
            text = tr("chart.empty") if tr is not None else ""
            self.note.value = safe.html('<p class="aw-chart-empty" role="note">{t}</p>', t=text) if text else ""
            self.widget.children = [self.note] if text else []
            self._figure = None
            return
        from widgets.ui.plot import PlotlyChart, figure_json

        figure.update_layout(height=self.height, width=self.width)
        data = figure_json(figure)
        title = figure.layout.title.text or ""
        if self.chart is None:
            self.chart = PlotlyChart(figure=data, label=title)
        else:
            self.chart.figure = data
            self.chart.label = title
        self._figure = figure
        if self.widget.children != (self.chart,):
            self.widget.children = [self.chart]
