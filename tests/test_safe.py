"""User text reaches HTML only escaped; spreadsheet formulas are neutralised."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from widgets import safe

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    '"><b>bold</b>',
    "' onmouseover='x",
]


def test_payloads_are_escaped():
    for payload in PAYLOADS:
        out = safe.text(payload)
        assert "<" not in out and ">" not in out and '"' not in out and "'" not in out


def test_html_template_escapes_values_but_not_markup():
    out = safe.html("<p title='{t}'>{body}</p>", t="a'b", body="<i>x</i>")
    assert out == "<p title='a&#x27;b'>&lt;i&gt;x&lt;/i&gt;</p>"
    inner = safe.Markup("<i>kit</i>")
    assert safe.html("<p>{x}</p>", x=inner) == "<p><i>kit</i></p>"
    # a fragment built by html() is markup: it nests as it is, and what it holds stays escaped
    fragment = safe.html("<b>{v}</b>", v="<script>")
    assert isinstance(fragment, safe.Markup)
    assert safe.html("<div>{f}</div>", f=fragment) == "<div><b>&lt;script&gt;</b></div>"


def test_controls_and_bidi_overrides_are_removed():
    assert safe.clean("a\x00b\u202ec\x1bd\te\nf") == "abcd\te\nf"


def test_spreadsheet_cells():
    for formula in ("=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x"):
        assert safe.spreadsheet_cell(formula).startswith("'")
    assert safe.spreadsheet_cell("plain") == "plain"
    assert safe.spreadsheet_cell(3) == 3


def test_chart_labels_are_short_and_escaped():
    label = safe.chart_label("<b>" + "x" * 100)
    assert label.startswith("&lt;b&gt;") and len(safe.clean(label)) < 80


@given(st.text())
def test_escaped_text_never_opens_a_tag(value):
    out = safe.text(value)
    assert "<" not in out and ">" not in out


@given(st.lists(st.text(min_size=0, max_size=80), max_size=12), st.integers(min_value=8, max_value=40))
def test_chart_labels_are_never_two_alike_and_keep_both_ends(values, limit):
    labels = safe.chart_labels(values, limit)
    assert len(labels) == len(values) and len(set(labels)) == len(labels)
    for label in labels:
        lines = label.split(safe.LINE_BREAK)
        assert len(lines) <= 3
        for line in lines:
            assert "<" not in line and ">" not in line


def test_two_roles_that_differ_only_by_company_stay_two_columns():
    a, b = safe.chart_labels(["Product / engineering lead · Norvia Medical",
                              "Product / engineering lead · Andina Salud Distribución"], 30)
    assert a != b and a.endswith("Norvia Medical") and a.startswith("Product")
    assert all(len(line) <= 30 for line in a.split(safe.LINE_BREAK) + b.split(safe.LINE_BREAK))


def test_long_axis_labels_wrap_between_words_and_are_never_cut_inside_one():
    """A workshop room read "Patrocinador e…Norvia Medical": a label is wrapped, not cut."""
    label = safe.chart_labels(["Patrocinador ejecutivo · Norvia Medical"], 30)[0]
    assert label == "Patrocinador ejecutivo ·<br>Norvia Medical"
    words = "Responsable de la relación con los hospitales públicos · Andina Salud Distribución"
    lines = safe.chart_labels([words], 20)[0].split(safe.LINE_BREAK)
    assert len(lines) == 3 and all(len(line) <= 22 for line in lines)
    assert all(part in words.split() for line in lines for part in line.split() if part != "…")
    assert lines[-1] == "Distribución" and lines[1].endswith(" …")
    assert safe.chart_labels(["<b>Mesa & socios</b> " * 2], 12)[0].count("<") == 2  # two <br>, the rest escaped
    assert safe.chart_label("Patrocinador ejecutivo · Norvia Medical", 30) == "Patrocinador ejecutivo…"
