"""A Spanish learner reads the reference answers in Spanish, and a Spanish event's demo writes
Spanish (issue 38, item 3): every text a person reads in ``exercises/references/*.yaml`` is given
in both languages and loaded in the reader's; the explore tables and the comparison with the
reference show it; the demo's documents are in the event's language; English is unchanged."""

from __future__ import annotations

import re

import pytest
import yaml

from widgets import cases, demo, references
from widgets.i18n import Translator, catalog
from widgets.model.problems import ModelError
from widgets.report.export import event_export, team_section
from widgets.report.frames import section_tables
from widgets.store import Event, Store

CASE_IDS = sorted(cases.available())
PARTS = ("document", "team", "teammates")  # what a member would have typed; "explanation" is the reasoning
KEEP = {"EUR", "USD", "%", ""}  # units that are the same in both languages
ENGLISH = re.compile(r"\b(?:the|and|of|with|for|from|through|within|before|after|every|its|their|our)\b")


def _raw(case_id: str) -> dict:
    return yaml.safe_load(references.reference_path(case_id).read_text(encoding="utf-8"))


def _pairs(value, out: list, where: str = "") -> None:
    """``(where, en, es)`` for every bilingual text; ``(where, text, None)`` for a text given in one
    language (a plain string with words, or a unit)."""
    if isinstance(value, dict):
        if value and set(value) <= {"en", "es"}:
            out.append((where, value.get("en"), value.get("es")))
            return
        for k, v in value.items():
            if k == "unit" and isinstance(v, str) and v not in KEEP:
                out.append((f"{where}/{k}", v, None))
            else:
                _pairs(v, out, f"{where}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _pairs(v, out, f"{where}[{i}]")
    elif isinstance(value, str) and re.search(r"\s", value.strip()):
        out.append((where, value, None))


def reference_texts(case_id: str) -> list[tuple[str, str, str | None]]:
    out: list = []
    for module, entry in _raw(case_id)["modules"].items():
        for part in PARTS:
            _pairs(entry.get(part), out, f"{module}/{part}")
    return out


def _leaves(value, where: str = ""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, f"{where}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, f"{where}[{i}]")
    else:
        yield where, value


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_every_text_of_a_reference_is_given_in_english_and_in_spanish(case_id):
    texts = reference_texts(case_id)
    assert len(texts) >= 60
    one_language = [(where, en) for where, en, es in texts if not en or not es]
    assert one_language == []
    untranslated = [(where, en) for where, en, es in texts if en == es and len(en.split()) >= 3]
    assert untranslated == []
    english_words = [(where, es, ENGLISH.findall(es)) for where, _, es in texts if ENGLISH.search(es)]
    assert english_words == []
    # the reasoning too
    for module, entry in _raw(case_id)["modules"].items():
        assert entry["explanation"]["en"] != entry["explanation"]["es"], module


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_a_reference_loads_in_the_readers_language_with_the_same_identifiers_and_numbers(case_id):
    en, es = references.load(case_id, "en"), references.load(case_id, "es")
    assert references.load(case_id) == en  # English by default, as before
    assert references.load(case_id, "fr") == en  # an unknown language reads English
    pairs = {en_text: es_text for _, en_text, es_text in reference_texts(case_id)}
    english_leaves, spanish_leaves = list(_leaves(en)), list(_leaves(es))
    assert [w for w, _ in english_leaves] == [w for w, _ in spanish_leaves]  # same keys: ids have no language
    for (where, a), (_, b) in zip(english_leaves, spanish_leaves, strict=True):
        if a == b:
            assert not (isinstance(a, str) and a in pairs and pairs[a] != a), where
        else:  # only the texts differ, each with its own Spanish
            assert isinstance(a, str) and pairs.get(a) == b, (where, a, b)
    assert en["goals_kpis"]["explanation"] == es["goals_kpis"]["explanation"]  # the reasoning: both languages


def test_a_text_without_its_spanish_is_refused():
    with pytest.raises(ModelError) as err:
        references.localize({"goals": [{"id": "g1", "text": {"en": "Win together"}}]}, "es", "goals_kpis")
    assert err.value.problems[0].code == "reference.text_language_missing"
    with pytest.raises(ModelError):
        references.localize({"vision": "Typed in one language only"}, "es", "goals_kpis")
    assert references.localize({"weights": {"trust": 15}, "owner": {"en": "Finance", "es": "Finanzas"}}, "es") == \
        {"weights": {"trust": 15}, "owner": "Finanzas"}
    tr = Translator("es")
    assert "inglés y en español" in tr("error.reference.text_language_missing", module="x", text="y")


def _table_text(case_id: str, lang: str) -> str:
    """The explore tables of every module on the reference, as the view builds them."""
    event = Event(0, "REFERENCE", "", case_id, lang, None)
    tr = Translator(lang)
    sections = team_section(references.reference_team(event, case_id), cases.get(case_id), tr)["modules"]
    return "\n".join(frame.to_csv() for section in sections.values() for frame in section_tables(section).values())


def _phrases(case_id: str) -> tuple[set[str], set[str]]:
    """English and Spanish texts of a reference that differ and have words to look for."""
    english, spanish = set(), set()
    for _, en, es in reference_texts(case_id):
        if en != es and " " in en:
            english.add(en)
            spanish.add(es)
    return english, spanish


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_the_explore_tables_of_the_reference_read_in_spanish(case_id):
    english, spanish = _phrases(case_id)
    text = _table_text(case_id, "es")
    assert not [p for p in english if p in text]
    ref, ref_en = references.load(case_id, "es"), references.load(case_id, "en")
    vision = ref["goals_kpis"]["team"]["vision"]  # the charter's opening line: not a table
    assert {p for p in spanish if p not in text} <= {vision}
    goals, risks = ref["goals_kpis"]["document"], ref["risk"]["team"]["risks"]
    gates = next(iter(ref["initiatives"]["team"]["gates"].values()))
    for item in (goals["goals"][0]["text"], goals["kpis"][0]["name"], risks[0]["mitigation"],
                 ref["initiatives"]["document"]["initiatives"][0]["title"], next(iter(gates.values()))):
        assert item in text and item in spanish, item
    # English unchanged
    english_text = _table_text(case_id, "en")
    assert not [p for p in spanish if p in english_text]
    assert {p for p in english if p not in english_text} <= {ref_en["goals_kpis"]["team"]["vision"]}


def test_a_learner_exploring_before_joining_reads_the_reference_in_spanish():
    from widgets.ui.explore import _default_case, module_tables

    case_id = _default_case().id
    english, spanish = _phrases(case_id)
    for key, expect in (("goals_kpis", "goals"), ("risk", "register"), ("initiatives", "initiatives")):
        result = module_tables(key, "es")
        text = "\n".join(frame.to_csv() for frame in result["tables"].values())
        assert not [p for p in english if p in text], key
        assert any(p in text for p in spanish), (key, expect)


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_the_comparison_with_the_reference_reads_in_spanish(case_id, tmp_path):
    """The charter's *Compare with the reference answer*, headless, for a Spanish reader of an
    event run in English: the points and the reasoning are Spanish."""
    from widgets.ui.app import SUMMARY, WorkshopApp

    store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        demo.generate(store, "EN-1", case_id, teams=1, participants=3)
        name = demo.member_names(0, 3)[0]
        app = WorkshopApp(store, {"event": "EN-1", "team": demo.team_name(0), "name": name, "lang": "es"})
        app.stepper.show(SUMMARY)
        view = app.stepper.current_view
        view.reference_toggle.value = True
        html = view.reference.value
        ref = references.load(case_id, "es")
        for module, entry in ref.items():
            first = " ".join(entry["explanation"]["es"].split())[:60]
            assert first in " ".join(html.split()), module
            assert " ".join(entry["explanation"]["en"].split())[:60] not in " ".join(html.split()), module
        english, _ = _phrases(case_id)
        assert not [p for p in english if p in html]
        app.close()
    finally:
        store.close()


def _english_demo_literals(case_id: str) -> set[str]:
    """Every English text a demo member may write: the demo messages and the case's ideas."""
    en, es = catalog("en"), catalog("es")
    out = set()
    for key, text in en.items():
        if key.startswith("demo.") or ".demo_" in key:
            for part in re.split(r"\{[^}]*\}", text):
                part = part.strip(" .,:;")
                if len(part) >= 6 and part != es.get(key):
                    out.add(part)
    for idea in cases.get(case_id).modules.get("initiatives", {}).get("ideas", []):
        for field in ("title", "customers", "gain_a", "gain_b"):
            if idea.get(field):
                out.add(idea[field]["en"])
    return out


def _texts(value) -> list[str]:
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    if isinstance(value, str) and not re.fullmatch(r"[a-z0-9_:#/.\-]*", value):  # not an id
        return [value]
    return []


def _found(text: str, phrases: set[str]) -> list[str]:
    return sorted(p for p in phrases if re.search(rf"(?<![\w]){re.escape(p)}(?![\w])", text))


@pytest.fixture(scope="module", params=CASE_IDS)
def spanish_demo(request, tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('demo') / 's.sqlite3'}")
    demo.generate(store, "ES-DEMO", request.param, teams=4, participants=4, lang="es")
    yield request.param, store
    store.close()


def test_a_spanish_events_demo_writes_spanish_in_every_module(spanish_demo):
    case_id, store = spanish_demo
    assert store.get_event("ES-DEMO").lang == "es"
    export = event_export(store, "ES-DEMO", lang="es")
    teams = export["teams"]
    text = "\n".join(_texts([t["modules"] for t in teams]))
    english = _english_demo_literals(case_id)
    assert english and not _found(text, english)
    for known in ("Open a payments platform for other software vendors", "Alliance manager", "Joint bookings",
                  "Quarterly review with clear triggers", "More revenue for this company"):
        assert known not in text
    # the initiatives step: every title and who gains is the case's Spanish
    ideas = cases.get(case_id).modules["initiatives"]["ideas"]
    titles = {i["title"] for t in teams for i in t["modules"]["initiatives"]["initiatives"]}
    assert titles and titles <= {idea["title"]["es"] for idea in ideas}
    owners = {k["owner"] for t in teams for k in t["modules"]["goals_kpis"]["kpis"] if k.get("owner")}
    assert owners and owners <= {v for k, v in catalog("es").items() if k.startswith("demo.owner.")}
    assert "Gerente de alianza" in text or "Gerentes de alianza" in text
    goals = {g["text"] for t in teams for g in t["modules"]["goals_kpis"]["goals"]}
    assert goals <= {v for k, v in catalog("es").items() if k.startswith("demo.goal.")}


def test_an_english_demo_is_unchanged(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        demo.generate(store, "EN-DEMO", "bank-fintech", teams=2, participants=3)
        assert store.get_event("EN-DEMO").lang == "en"
        teams = event_export(store, "EN-DEMO", lang="en")["teams"]
        ideas = cases.get("bank-fintech").modules["initiatives"]["ideas"]
        titles = {i["title"] for t in teams for i in t["modules"]["initiatives"]["initiatives"]}
        assert titles and titles <= {idea["title"]["en"] for idea in ideas}
        owners = {k["owner"] for t in teams for k in t["modules"]["goals_kpis"]["kpis"] if k.get("owner")}
        assert owners <= {v for k, v in catalog("en").items() if k.startswith("demo.owner.")}
        # an existing event keeps its language whatever the demo is asked
        demo.generate(store, "EN-DEMO", "bank-fintech", teams=3, participants=3, lang="es")
        assert store.get_event("EN-DEMO").lang == "en"
    finally:
        store.close()


def test_the_demo_command_takes_the_events_language(tmp_path):
    from widgets.cli import main

    db = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    assert main(["demo", "--event", "es-run", "--teams", "1", "--participants", "2", "--lang", "es", "--db", db]) == 0
    store = Store(db)
    try:
        assert store.get_event("ES-RUN").lang == "es"
        kpis = event_export(store, "ES-RUN", lang="es")["teams"][0]["modules"]["goals_kpis"]["kpis"]
        assert {k["name"] for k in kpis} <= {v for k, v in catalog("es").items() if k.startswith("demo.kpi.")}
    finally:
        store.close()


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_a_spanish_learners_worked_example_is_entered_in_spanish(case_id):
    """What the self-paced trial enters for a Spanish learner: the Spanish reference, as typed."""
    es = references.load(case_id, "es")
    doc = references.as_member(es["goals_kpis"]["document"], "Lea")
    _, spanish = _phrases(case_id)
    assert {g["text"] for g in doc["goals"]} <= spanish
    assert all(k["goal"].startswith("Lea#") for k in doc["kpis"])
