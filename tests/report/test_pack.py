"""The printed pack: every registered module's worksheet with the case's own lists, all in the
chosen language, case text escaped, a PDF where Chromium is (HTML otherwise, said)."""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from widgets import cases, registry
from widgets.config import exercises_dir
from widgets.contract import ContractError
from widgets.i18n import Translator, catalog
from widgets.modules.governance.case import of as gv_case
from widgets.modules.partner_selection.case import of as ps_case
from widgets.modules.risk.case import of as risk_case
from widgets.modules.roles.case import of as roles_case
from widgets.report import pack
from widgets.report.pdf import browser

CASES = cases.available()


def text_of(page: str) -> str:
    """What a person reads on the printed page: tags dropped, entities decoded, spaces made one."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def shown(value: str) -> str:
    return " ".join(value.split())


@pytest.fixture(scope="module")
def packs():
    return {(c, lang): pack.pack_html(cases.get(c), Translator(lang)) for c in CASES for lang in ("en", "es")}


@pytest.mark.parametrize("case_id", CASES)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_pack_holds_every_modules_worksheet_with_the_cases_own_lists(packs, case_id, lang):
    case, tr = cases.get(case_id), Translator(lang)
    page = packs[(case_id, lang)]
    text = text_of(page)
    specs = registry.modules()
    assert specs and all(s.worksheet is not None for s in specs)  # every kit module prints a sheet
    for spec in specs:
        assert spec.worksheet(case, tr) in page, spec.key
        assert tr(spec.title) in text
        if spec.tally is not None:
            assert spec.tally(case, tr) in page
    # the case's own lists, as the page shows them: candidates and criteria (the scoring sheet),
    # activities and roles (the RACI grid), risks (the register), bodies and decisions (the
    # governance canvas), every item under its own text in this language
    lists = ([c.name for c in case.candidates] + [c.label.get(lang) for c in ps_case(case).criteria]
             + [a.label.get(lang) for a in roles_case(case).activities] + [r.label.get(lang) for r in roles_case(case).roles]
             + [r.label.get(lang) for r in risk_case(case).risks] + [b.label.get(lang) for b in gv_case(case).bodies]
             + [d.label.get(lang) for d in gv_case(case).decisions] + [case.companies[p].name for p in ("a", "b")])
    missing = [item for item in lists if shown(item) not in text]
    assert missing == []
    # the ideas the case gives a module (its ``modules:`` section) reach that module's sheet
    for section in case.modules.values():
        for idea in section.get("ideas", []):
            assert shown(idea["title"][lang]) in text
    # the case brief
    assert shown(case.summary.get(lang)) in text
    assert all(shown(c.profile.get(lang)) in text for c in case.candidates)
    # and the facilitator's tally of the room, one column per module
    assert tr("pack.facilitator_title") in text


def english_fragments() -> set[str]:
    """Pieces of English text a Spanish pack must not hold: every catalog message that differs
    in Spanish, cut at its placeholders, kept where a piece has three words or more."""
    en, es = catalog("en"), catalog("es")
    out = set()
    for key, message in en.items():
        if es.get(key) == message:
            continue
        for piece in re.split(r"\{[^}]*\}", message):
            piece = piece.strip(" .,:;·()–-")
            if len(piece.split()) >= 3:
                out.add(piece)
    return out


@pytest.mark.parametrize("case_id", CASES)
def test_the_spanish_pack_is_all_spanish(packs, case_id):
    page = packs[(case_id, "es")]
    text = text_of(page)
    ids = {k for k in catalog("en") if "." in k}
    assert sorted({t for t in re.findall(r"[a-z_]+(?:\.[a-z0-9_]+)+", text) if t in ids}) == []
    assert sorted(f for f in english_fragments() if f in text) == []
    case = cases.get(case_id)
    english = [t.en for t in _texts(case) if t.en != t.es]
    assert [t for t in english if shown(t) in text] == []
    assert '<html lang="es">' in page


def _texts(case):
    """Every bilingual text of a case (Text and Prose objects, nested anywhere)."""
    found = []

    def walk(value):
        if hasattr(value, "en") and hasattr(value, "es"):
            found.append(value)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    walk(case)
    return found


def test_the_english_pack_has_no_spanish_and_no_message_ids(packs):
    text = text_of(packs[("medtech-distribution", "en")])
    ids = {k for k in catalog("en") if "." in k}
    assert sorted({t for t in re.findall(r"[a-z_]+(?:\.[a-z0-9_]+)+", text) if t in ids}) == []
    assert "Printed pack" in text and "Paquete impreso" not in text
    assert "Type it in later at: Partner selection › Your scoring" in text


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def hostile_case():
    data = yaml.safe_load(Path(exercises_dir() / "cases" / "medtech-distribution.yaml").read_text(encoding="utf-8"))
    data["candidates"][0]["name"] = "Andina " + HOSTILE
    data["modules"]["partner_selection"]["criteria"][0]["label"]["es"] = "Alineación " + HOSTILE
    data["modules"]["roles"]["activities"][0]["label"]["es"] = "Estrategia " + HOSTILE
    data["modules"]["roles"]["roles"][1]["label"]["es"] = "Gerente " + HOSTILE
    data["modules"]["risk"]["risks"][0]["label"]["es"] = "Riesgo " + HOSTILE
    data["modules"]["governance"]["decisions"][0]["label"]["es"] = "Decisión " + HOSTILE
    data["modules"]["governance"]["bodies"][0]["label"]["es"] = "Comité " + HOSTILE
    data["modules"]["initiatives"]["ideas"][0]["title"]["es"] = "Idea " + HOSTILE
    data["summary"]["es"] = "Resumen " + HOSTILE
    return cases.parse(yaml.safe_dump(data, allow_unicode=True))


def test_case_text_is_escaped_everywhere():
    page = pack.pack_html(hostile_case(), Translator("es"))
    assert "<script" not in page and "<img" not in page
    escaped = html.escape(HOSTILE, quote=True)
    # each hostile text is printed, escaped, in every place it appears
    for prefix in ("Andina ", "Alineación ", "Estrategia ", "Gerente ", "Riesgo ", "Decisión ", "Comité ", "Idea ",
                   "Resumen "):
        assert prefix + escaped in page, prefix


def test_a_module_without_a_worksheet_is_named_on_the_cover_and_the_pack_still_builds():
    specs = registry.modules()
    first = dataclasses.replace(specs[0], worksheet=None, tally=None)
    tr = Translator("en")
    page = pack.pack_html(cases.get("bank-fintech"), tr, [first, *specs[1:]])
    assert tr("pack.no_worksheet", modules=tr(first.title)) in text_of(page)
    assert specs[0].worksheet(cases.get("bank-fintech"), tr) not in page


def test_the_contract_refuses_a_worksheet_that_is_not_a_function():
    spec = registry.modules()[0]
    with pytest.raises(ContractError, match="'worksheet'"):
        dataclasses.replace(spec, worksheet="a page")


def test_without_chromium_the_pack_is_printable_html_and_says_so(monkeypatch):
    monkeypatch.setattr(pack, "browser", lambda: None)
    result = pack.build(cases.get("saas-integrator"), Translator("es"))
    assert (result.fmt, result.missing, result.mime) == ("html", "unavailable", "text/html")
    assert result.filename == "alliance-printed-pack-saas-integrator-es.html"
    assert Translator("es")("pack.html_note") in text_of(result.body.decode())


def test_a_failing_chromium_gives_the_html_and_says_it_failed(monkeypatch):
    def broken(_page):
        raise pack.PdfUnavailable("crashed")

    monkeypatch.setattr(pack, "browser", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(pack, "html_to_pdf", broken)
    result = pack.build(cases.get("saas-integrator"), Translator("en"))
    assert (result.fmt, result.missing) == ("html", "failed")


@pytest.mark.skipif(browser() is None, reason="no Chromium on this machine")
def test_with_chromium_the_pack_is_an_a4_pdf():
    result = pack.build(cases.get("medtech-distribution"), Translator("es"))
    assert result.fmt == "pdf" and result.missing == "" and result.body.startswith(b"%PDF")
    assert result.filename == "alliance-printed-pack-medtech-distribution-es.pdf"
    # A4 portrait pages, and the RACI grid's landscape page
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", result.body))
    sizes = {(round(float(w)), round(float(h))) for w, h in boxes}
    assert (595, 842) in sizes and (842, 595) in sizes
