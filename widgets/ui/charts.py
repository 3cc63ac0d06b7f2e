"""A chart slot: one plotly FigureWidget per chart, updated in place on refresh.

Figures are built in ``widgets.report`` (pure, testable); the view only swaps the data in.
plotly is imported here, when the first chart of a page is built, not at kernel start.
"""

from __future__ import annotations

import ipywidgets as w


class ChartSlot:
    def __init__(self, height: int = 380, width: int = 980):
        self.height, self.width = height, width
        self.figure = None
        self.widget = w.Box(layout=w.Layout(display="block", width="100%"))

    def show(self, figure) -> None:
        """Show ``figure`` (a ``plotly.graph_objects.Figure``), or nothing when it is None."""
        if figure is None:
            self.widget.children = []
            self.figure = None
            return
        import plotly.graph_objects as go

        figure.update_layout(height=self.height, width=self.width)
        if self.figure is None:
            self.figure = go.FigureWidget(figure)
            self.widget.children = [self.figure]
            return
        self.figure.data = []
        with self.figure.batch_update():
            self.figure.add_traces(list(figure.data))
            self.figure.layout = figure.layout
        if not self.widget.children:
            self.widget.children = [self.figure]
