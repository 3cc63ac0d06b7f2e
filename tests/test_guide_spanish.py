"""The facilitator guide in Spanish keeps in step with the English, page for page.

``facilitator_guide/es/`` holds one page per English page, with the same headings (levels and
order), the same tables (rows and columns), the same lists and the same numbers (every minute
count, every number in a table, in the agendas every row's time and minutes), in the one neutral
Spanish of ``docs/glossary-es.md``: *usted* and *ustedes*, never *vosotros* or *tú*, and the
glossary's terms. A failure names the page and what differs.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tests.spanish import not_neutral
from widgets.guide import build, html_name, pages, render_page

ROOT = Path(__file__).resolve().parents[1]
EN = ROOT / "facilitator_guide"
ES = EN / "es"
EN_PAGES = sorted(p.name for p in EN.glob("*.md"))
ES_PAGES = sorted(p.name for p in ES.glob("*.md")) if ES.is_dir() else []
# the labels that open the sections of a module's page, in the words the Spanish pages use
LABELS = {
    "**Goal.**": "**Objetivo.**",
    "**Timing.**": "**Duración.**",
    "**Run of show notes.**": "**Notas para conducir la sesión.**",
    "**What to watch for.**": "**A qué prestar atención.**",
    "**Debrief questions.**": "**Preguntas para la puesta en común.**",
}


def _read(folder: Path, name: str) -> str:
    path = folder / name
    if not path.is_file():
        pytest.fail(f"facilitator_guide/es/{name} is missing: every English page needs its Spanish twin")
    return path.read_text(encoding="utf-8")


def _pair(name: str) -> tuple[str, str]:
    return (EN / name).read_text(encoding="utf-8"), _read(ES, name)


def _without_fences(text: str) -> list[str]:
    """The page's lines outside fenced code blocks (a fence is replaced by one marker line)."""
    lines, inside = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            inside = not inside
            if inside:
                lines.append("```")
            continue
        if not inside:
            lines.append(line)
    return lines


def _fences(text: str) -> list[str]:
    return re.findall(r"^```[^\n]*\n(.*?)^```", text, re.S | re.M)


def headings(text: str) -> list[tuple[int, str]]:
    return [(len(m.group(1)), m.group(2).strip()) for line in _without_fences(text)
            if (m := re.match(r"^(#{1,6})\s+(.*)$", line))]


def tables(text: str) -> list[list[list[str]]]:
    """Each table as its rows (header first, the separator left out), each row as its cells."""
    found, current = [], []
    for line in [*_without_fences(text), ""]:
        if re.match(r"^\s*\|.*\|\s*$", line):
            if not re.match(r"^\s*\|[-:| ]+\|\s*$", line):
                current.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif current:
            found.append(current)
            current = []
    return found


def list_items(text: str) -> list[tuple[int, str]]:
    """Each list item's indentation and kind (bullet or numbered), in order."""
    return [(len(m.group(1)), "1." if m.group(2)[0].isdigit() else "-") for line in _without_fences(text)
            if (m := re.match(r"^(\s*)([-*+]|\d+\.)\s+\S", line))]


def labels(text: str) -> list[str]:
    """The bold labels that open a paragraph (**Goal.**, **Timing.** ...)."""
    return [m.group(0) for line in _without_fences(text) if (m := re.match(r"^\*\*[^*]+\*\*", line))]


def numbers(text: str) -> Counter:
    """Every number, as its runs of digits (``12.3`` and ``12,3`` alike; ``1,200`` and ``1.200``
    as ``1200``), so that a translation that writes decimals its own way still compares."""
    text = re.sub(r"(?<=\d)[.,\u00a0\u202f](?=\d{3}(?!\d))", "", text)
    return Counter(re.findall(r"\d+", text))


_MINUTES = re.compile(r"(\d+)(?:\s*|-)(?:min\b|minutes?\b|minutos?\b)")


def minutes(text: str) -> Counter:
    return Counter(_MINUTES.findall(text))


def _diff(en: Counter, es: Counter) -> str:
    return f"only in English: {dict(en - es)}; only in Spanish: {dict(es - en)}"


# -- pages -----------------------------------------------------------------------------------
def test_every_english_page_has_a_spanish_page_and_there_is_no_other():
    assert ES.is_dir(), "facilitator_guide/es/ is missing"
    missing = sorted(set(EN_PAGES) - set(ES_PAGES))
    extra = sorted(set(ES_PAGES) - set(EN_PAGES))
    assert not missing, f"English pages without a Spanish page in facilitator_guide/es/: {missing}"
    assert not extra, f"Spanish pages without an English page: {extra}"


def test_the_two_indexes_link_each_other_and_the_spanish_one_lists_every_page():
    assert "](es/README.md)" in (EN / "README.md").read_text(encoding="utf-8"), \
        "facilitator_guide/README.md should link the Spanish guide (es/README.md)"
    index = _read(ES, "README.md")
    assert "](../README.md)" in index, "facilitator_guide/es/README.md should link back to the English guide"
    listed = set(re.findall(r"\]\(([^)#:/]+\.md)\)", index))
    assert set(EN_PAGES) - {"README.md"} <= listed, \
        f"es/README.md does not list: {sorted(set(EN_PAGES) - {'README.md'} - listed)}"


# -- structure -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", EN_PAGES)
def test_the_same_headings_at_the_same_levels(name):
    en, es = (headings(t) for t in _pair(name))
    for i, (a, b) in enumerate(zip(en, es, strict=False)):
        assert a[0] == b[0], (f"es/{name}: heading {i + 1} is level {b[0]} ({'#' * b[0]} {b[1]}), "
                              f"the English is level {a[0]} ({'#' * a[0]} {a[1]})")
    assert len(en) == len(es), (f"es/{name}: {len(es)} headings, the English has {len(en)} "
                                f"(English: {[h for _, h in en]}; Spanish: {[h for _, h in es]})")


@pytest.mark.parametrize("name", EN_PAGES)
def test_the_same_tables_lists_labels_and_code(name):
    en, es = _pair(name)
    en_tables, es_tables = tables(en), tables(es)
    assert len(en_tables) == len(es_tables), f"es/{name}: {len(es_tables)} tables, the English has {len(en_tables)}"
    for i, (a, b) in enumerate(zip(en_tables, es_tables, strict=True)):
        shape_a, shape_b = [len(r) for r in a], [len(r) for r in b]
        assert shape_a == shape_b, (f"es/{name}, table {i + 1} (\"{' | '.join(b[0])}\"): rows × cells {shape_b}, "
                                    f"the English {shape_a}")
        for row_a, row_b in zip(a, b, strict=True):
            assert numbers(" ".join(row_a)) == numbers(" ".join(row_b)), \
                f"es/{name}, table {i + 1}, row \"{row_b[0]}\": {_diff(numbers(' '.join(row_a)), numbers(' '.join(row_b)))}"
    assert list_items(en) == list_items(es), f"es/{name}: the lists differ (items, nesting or kind) from the English"
    en_labels, es_labels = labels(en), labels(es)
    assert len(en_labels) == len(es_labels), \
        f"es/{name}: {len(es_labels)} bold paragraph labels, the English has {len(en_labels)}: {en_labels} / {es_labels}"
    for a, b in zip(en_labels, es_labels, strict=True):
        if a in LABELS:
            assert b == LABELS[a], f"es/{name}: {a} reads {b}, the guide's word is {LABELS[a]}"
    assert _fences(en) == _fences(es), f"es/{name}: a code block differs (commands are not translated)"


# -- numbers ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", EN_PAGES)
def test_the_same_minutes(name):
    en, es = (minutes(t) for t in _pair(name))
    assert en == es, f"es/{name}: the minute counts differ: {_diff(en, es)}"


@pytest.mark.parametrize("name", EN_PAGES)
def test_the_same_numbers(name):
    en, es = (numbers(t) for t in _pair(name))
    assert en == es, f"es/{name}: the numbers differ: {_diff(en, es)}"


def test_every_agenda_row_has_the_same_time_and_minutes():
    en, es = _pair("agendas.md")
    en_tables, es_tables = tables(en), tables(es)
    assert len(en_tables) == len(es_tables), "es/agendas.md: not the same number of agendas"
    sections = [h for level, h in headings(en) if level == 2]
    for i, (a, b) in enumerate(zip(en_tables, es_tables, strict=True)):
        where = sections[i] if i < len(sections) else f"table {i + 1}"
        rows_a = [(r[0], sorted(minutes(" ".join(r)).elements())) for r in a[1:]]
        rows_b = [(r[0], sorted(minutes(" ".join(r)).elements())) for r in b[1:]]
        assert rows_a == rows_b, f"es/agendas.md, agenda \"{where}\": (time, minutes) per row differ: {rows_a} / {rows_b}"
    total = re.compile(r"^[^\n:]+:\s*((?:\d+\s*\+\s*)+\d+)\s*=\s*(\d+)", re.M)
    assert total.findall(en) == total.findall(es), "es/agendas.md: the full day's sum of minutes differs"
    for terms, result in total.findall(es):
        assert sum(int(x) for x in re.findall(r"\d+", terms)) == int(result), "es/agendas.md: the sum does not add up"


# -- language --------------------------------------------------------------------------------
# The checker is shared with the catalogs, case files, references and notebooks (tests/spanish.py,
# whose cases tests/test_i18n.py holds); the words it replaces are read from docs/glossary-es.md.
@pytest.mark.parametrize("name", EN_PAGES)
def test_one_neutral_spanish_with_the_glossarys_terms(name):
    problems = not_neutral(_read(ES, name))
    assert problems == {}, f"es/{name}: {problems}"


# -- links and rendering ---------------------------------------------------------------------
@pytest.mark.parametrize("name", EN_PAGES)
def test_every_relative_link_in_the_spanish_page_resolves(name):
    text = _read(ES, name)
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if re.match(r"^[a-z]+:", target):
            continue
        assert (ES / target).exists(), f"es/{name}: the link {target} goes nowhere (from facilitator_guide/es/)"


def test_the_spanish_guide_renders_with_every_table_row_inside_a_table(tmp_path):
    written = build(ES, tmp_path, "es")
    assert len([p for p in written if p.suffix == ".html"]) == len(pages(ES))
    for page in pages(ES):
        html = (tmp_path / html_name(page)).read_text(encoding="utf-8")
        assert '<html lang="es">' in html, page.name
        rows = [row for table in tables(page.read_text(encoding="utf-8")) for row in table]
        assert html.count("<tr") == len(rows), f"es/{page.name}: a table row renders outside its table"
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="agendas.html"' in index and 'href="../en/index.html"' in index


def test_the_server_renders_each_page_and_nothing_else():
    page = render_page("es", "agendas.html")
    assert page is not None and '<html lang="es">' in page and "<h1>Agendas</h1>" in page
    assert "<title>Agendas</title>" in page
    english = render_page("en", "index.html")
    assert english is not None and 'href="../es/index.html"' in english
    for lang, name in (("fr", "index.html"), ("es", "../README.html"), ("es", "nope.html"), ("..", "index.html"),
                       ("es", "README.md"), ("es", "")):
        assert render_page(lang, name) is None, (lang, name)
