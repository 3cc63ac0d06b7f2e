"""The one figure builder: titles, axis and legend titles and other settings end up in the layout."""

from widgets.report.figures import figure, go


def test_a_figure_carries_its_titles_and_settings():
    fig = figure([go().Bar(x=["a"], y=[1]), go().Bar(x=["a"], y=[2])], "Title <b>", x="Across", y="Up",
                 yaxis={"dtick": 1}, legend="Key", legend_options={"orientation": "h"}, barmode="stack")
    layout = fig.layout
    assert layout.title.text == "Title <b>" and layout.barmode == "stack"
    assert layout.xaxis.title.text == "Across" and layout.yaxis.title.text == "Up" and layout.yaxis.dtick == 1
    assert layout.legend.title.text == "Key" and layout.legend.orientation == "h"
    assert len(fig.data) == 2


def test_a_single_trace_and_no_axis_titles():
    fig = figure(go().Bar(x=["a"], y=[1]), "Only a title")
    assert len(fig.data) == 1 and fig.layout.title.text == "Only a title"
    assert fig.layout.xaxis.title.text is None and fig.layout.legend.title.text is None
