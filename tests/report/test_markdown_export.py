"""The Markdown export escapes only what Markdown reads where the text stands, and writes
numbers as the page does."""

from __future__ import annotations

import html
import re

import mistune
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import demo
from widgets.i18n import Translator
from widgets.modules.partner_selection import report as ps_report
from widgets.report import documents
from widgets.report.export import event_export
from widgets.report.render import md_text


@pytest.mark.parametrize(("text", "block", "cell"), [
    ("3.883", "3.883", "3.883"),  # a room read "3\.883"
    ("Score 2.5 of 5. Fine.", "Score 2.5 of 5. Fine.", "Score 2.5 of 5. Fine."),
    ("1. First", r"1\. First", "1. First"),  # a list only at the start of a block
    ("2024) year", r"2024\) year", "2024) year"),
    ("# tag", r"\# tag", "# tag"), ("- item", r"\- item", "- item"), ("+ more", r"\+ more", "+ more"),
    ("-5 and +3", "-5 and +3", "-5 and +3"), ("---", r"\---", "---"), ("Team #", r"Team \#", "Team #"),
    ("C# and F#", "C# and F#", "C# and F#"), ("snake_case (x) {y} !", "snake_case (x) {y} !", "snake_case (x) {y} !"),
    ("a*b* _c_", r"a\*b\* \_c\_", r"a\*b\* \_c\_"), ("[x](y)", r"\[x\](y)", r"\[x\](y)"),
    ("<b>x</b>", r"\<b\>x\</b\>", r"\<b\>x\</b\>"), ("a | b", "a | b", r"a \| b"),
    ("R&D &amp;", r"R&D \&amp;", r"R&D \&amp;"), ("`code`", r"\`code\`", r"\`code\`"),
])
def test_only_what_markdown_reads_there_is_escaped(text, block, cell):
    assert md_text(text) == block and md_text(text, cell=True) == cell


def _rendered(markdown: str) -> str:
    return re.sub(r"^<p>|</p>\n?$", "", mistune.html(markdown).strip())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1. #-+*_`[]()<>!|&;~=\\", min_size=1, max_size=20))
def test_escaped_text_reads_back_as_the_same_text(text):
    plain = " ".join(text.split())
    if not plain:
        return
    assert _rendered(md_text(text)) == html.escape(plain, quote=False).replace("&quot;", '"')


def test_the_charter_writes_scores_as_the_page_does(sqlite_store):
    demo.generate(sqlite_store, "MD", "medtech-distribution", teams=2, participants=3)
    export = event_export(sqlite_store, "MD")
    for lang in ("en", "es"):
        tr = Translator(lang)
        md = documents.render_export(export, "md", tr).decode()
        assert not re.search(r"\d\\[.,]\d", md)  # no escaped decimal anywhere
        for team in export["teams"]:
            for row in team["modules"]["partner_selection"]["ranking"]:
                if row["score"] is not None:
                    # the page's ranking table: ps_report.score_text, two decimals
                    shown = ps_report.score_text(row["score"], tr)
                    assert f"| {row['candidate']} | {shown} | {ps_report.score_text(row['spread'], tr)} |" in md
                    assert len(shown.split("." if lang == "en" else ",")[1]) == 2
