"""English and Spanish are complete, placeholders agree, and every id used exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import spanish
from widgets.i18n import SUPPORTED, Translator, catalog, describe, normalize_lang, placeholders
from widgets.model.problems import KNOWN_PYDANTIC_TYPES, Problem

ROOT = Path(__file__).resolve().parents[1]


def test_catalogs_have_the_same_ids_and_placeholders():
    en = catalog("en")
    for lang in SUPPORTED:
        other = catalog(lang)
        assert set(other) == set(en), f"{lang}: missing {set(en) - set(other)}, extra {set(other) - set(en)}"
        for key, message in en.items():
            assert placeholders(other[key]) == placeholders(message), (lang, key)
            assert other[key].strip(), (lang, key)


def test_spanish_is_actually_translated():
    en, es = catalog("en"), catalog("es")
    def words(message: str) -> int:  # letters outside placeholders
        return sum(ch.isalpha() for ch in re.sub(r"\{[^}]*\}", "", message))

    same = [k for k in en if en[k] == es[k] and words(en[k]) > 8]
    assert same == []


_CALL = re.compile(r"""\btr\(\s*f?["']([a-z][a-z0-9_.]*[a-z0-9_])["']""")
_PROBLEM = re.compile(r"""(?:Problem|fail)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")


def _sources():
    return [p for p in (ROOT / "widgets").rglob("*.py")]


def test_every_message_id_used_in_code_exists():
    en = catalog("en")
    missing = set()
    for path in _sources():
        text = path.read_text()
        for key in _CALL.findall(text):
            if not key.endswith("."):
                if key not in en and not any(k.startswith(key + ".") for k in en):
                    missing.add((path.name, key))
        for code in _PROBLEM.findall(text):
            if f"error.{code}" not in en:
                missing.add((path.name, f"error.{code}"))
    assert missing == set()


def test_pydantic_error_types_have_messages():
    en = catalog("en")
    assert {t for t in KNOWN_PYDANTIC_TYPES if f"error.{t}" not in en} == set()


def test_translator_behaviour():
    es = Translator("es-MX")
    assert es.lang == "es" and normalize_lang("fr") == "en"
    assert es("join.team_option", team="Azul", members=3) == "Azul (3 unidos)"
    assert es("no.such.key") == "no.such.key"
    assert es.text({"en": "Hello", "es": "Hola"}) == "Hola"
    # a field name inside a problem is translated too
    assert describe(es, Problem("identity.empty", {"field": "name"})) == "Escriba su nombre."
    assert "xyz" in describe(es, Problem("unknown_kind", {"detail": "xyz"}))


# -- one neutral Latin-American Spanish (docs/glossary-es.md; the checker is tests/spanish.py) -----
SOURCES = {"catalogs": spanish.catalog_texts, "cases": lambda: spanish.yaml_texts("cases"),
           "references": lambda: spanish.yaml_texts("references"), "notebooks": spanish.notebook_texts,
           "guide": spanish.guide_texts}


def test_every_spanish_source_is_read():
    """A moved file would make the language test pass on nothing: every source yields its texts."""
    files = {p.relative_to(ROOT).as_posix() for p in spanish.catalog_files()}
    assert {"widgets/locales/es.json", "widgets/modules/goals_kpis/locales/es.json",
            "tests/plugins/aw_sample_module/locales/es.json"} <= files
    counts = {name: len(list(texts())) for name, texts in SOURCES.items()}
    assert set(catalog("es")) <= {where.split(" ", 1)[1] for where, _ in spanish.catalog_texts()}
    assert counts["cases"] >= 300 and counts["references"] >= 200, counts
    assert counts["notebooks"] >= 2 * len(list((ROOT / "notebooks" / "es").glob("*.ipynb"))) >= 16, counts
    assert counts["guide"] == len(list((ROOT / "facilitator_guide").glob("*.md"))), counts


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_spanish_is_one_neutral_spanish_with_the_glossarys_terms(source):
    """Every Spanish catalog value, every ``es:`` text of the case files and of the reference
    answers, every markdown cell of notebooks/es and every page of the Spanish guide: no vosotros,
    no tú, none of the glossary's words we never use."""
    problems = {where: found for where, text in SOURCES[source]() if (found := spanish.not_neutral(text))}
    assert problems == {}


# each form the issue names, and the others the checker is for: (text, the kind it is found as)
VOSOTROS, TU, WORDS = "vosotros forms (use ustedes)", "tú forms (use usted)", "words the glossary replaces"
CAUGHT = [
    ("¿Dónde discrepasteis más?", VOSOTROS), ("Elegisteis bien.", VOSOTROS), ("Si discrepáis, votad.", VOSOTROS),
    ("Ya lo sabéis.", VOSOTROS), ("Cuando hablabais con ellos.", VOSOTROS), ("Añadid un KPI.", VOSOTROS),
    ("Casillas en disputa: resolvedlas primero.", VOSOTROS), ("Decidid juntos.", VOSOTROS),
    ("Revisen vuestra alianza.", VOSOTROS), ("Ya os avisa.", VOSOTROS), ("Vosotros decidís.", VOSOTROS),
    ("Sentaos por equipos.", VOSOTROS),
    ("Ponle un nombre al KPI.", TU), ("Llévatela", TU), ("Revísalos.", TU), ("Inténtalo de nuevo.", TU),
    ("Exporte HTML e imprímelo.", TU), ("Impórtalo con otro código.", TU), ("Escríbela en la página.", TU),
    ("Dale un nombre.", TU), ("Hazlo ahora.", TU), ("Fíjate en la tabla.", TU), ("Si tienes dudas, pregunta.", TU),
    ("Anote tu nombre.", TU), ("Ya lo pediste.", TU),
    ("Miembros que han rellenado la tabla.", WORDS), ("Rellenen la tabla.", WORDS), ("Cuenta atrás", WORDS),
    ("el coste total", WORDS), ("los costes", WORDS), ("un socio fiable", WORDS), ("plantas de automoción", WORDS),
    ("financiada con capital riesgo", WORDS), ("monitorización remota", WORDS), ("el blanqueo de capitales", WORDS),
    ("Escalar por la escalera", WORDS), ("Victorias rápidas y de largo plazo", WORDS),
    ("una victoria rápida", WORDS), ("Miembro del comité de dirección", WORDS), ("un punto muerto", WORDS),
    ("un descanso de 10 min", WORDS), ("un ordenador", WORDS), ("el móvil", WORDS), ("escalado", WORDS),
    ("pasa el ratón", WORDS), ("pulse Unirme", WORDS), ("lo que ha introducido", WORDS), ("las cuotas", WORDS),
    ("el gestor de la alianza", WORDS), ("Socio director de la práctica", WORDS), ("¿merece la pena?", WORDS),
    ("Se marcha el patrocinador", WORDS), ("un responsable por KPI", WORDS), ("Mando intermedio", WORDS),
]


@pytest.mark.parametrize(("text", "kind"), CAUGHT, ids=[t for t, _ in CAUGHT])
def test_the_checker_catches_each_form_named(text, kind):
    assert kind in spanish.not_neutral(text), (text, spanish.not_neutral(text))


def test_the_checker_leaves_neutral_spanish_alone():
    good = [
        "Decidan y anoten su objetivo; usted lo revisa en la red de la sala, con una actividad más.",
        "Añadan un KPI, elijan su socio y resuélvanlas primero. Póngale un nombre; Llévesela; Revíselos.",
        "Impórtelo con otro código, exporte HTML e imprímalo. Inténtelo de nuevo; escríbala; cámbiela.",
        "Los bloqueos y los desafíos se ven en `--expect 30` y en [la guía](vuestra.md).",
        "Nadie es Responsable de {count} actividades: {items}. Ambos socios tienen trabajo como Responsables.",
        "<b>{kpi}</b>: tiene meta y unidad; {name} ({state}) · %{y} · %{x}<br>puntuaciones %{text}",
        "Servicios de TI; un satélite; el límite; rápidamente; existe un contraste; la salud; una ciudad.",
        "El costo, confiable, automotriz, capital de riesgo, monitoreo, lavado de dinero, la cuenta regresiva.",
        "Un logro rápido, el comité directivo, los niveles de escalamiento, un receso, una computadora, su celular.",
        "Costero, el Banco Costero y la escala de 1 a 5; el pulso de percepción; los chequeos y sondeos.",
        "Dieciséis personas; los videos; la persona a cargo; el Aprobador; seis meses; los desvíos.",
    ]
    assert {text: found for text in good if (found := spanish.not_neutral(text))} == {}


def test_the_glossary_lists_the_words_we_never_use_with_their_replacement():
    words = spanish.banned_words()
    named = ("coste", "fiable", "automoción", "capital riesgo", "monitoriz*", "blanqueo", "escalera", "escalado",
             "victoria rápida", "comité de dirección", "punto muerto", "descanso", "rellen*", "cuenta atrás",
             "ordenador", "móvil")
    assert set(named) <= set(words)
    for form, (use, _) in words.items():
        assert use and not spanish.not_neutral(use), (form, use)  # a replacement is itself ours
        sample = form.replace("*", "ado")  # monitoriz* -> monitorizado
        assert spanish.not_neutral(sample).get(WORDS), form  # the checker finds each form it lists
    assert words["responsable"][1] and not spanish.not_neutral("Responsable")  # exact case: the RACI letter


def test_the_glossarys_own_terms_are_ours():
    """The terms the glossary prescribes (its *Term* columns and the *Use* column of *Address*)
    contain none of the words it bans and no vosotros or tú form."""
    text = spanish.GLOSSARY.read_text(encoding="utf-8").split(spanish.BANNED_HEADING)[0]
    terms = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 3 and not set(cells[1]) <= set("-: ") \
                and cells[1] not in ("Term", "Use"):
            terms.append(re.sub(r"\([^)]*[a-z]{3,} [a-z]+[^)]*\)", " ", cells[1]))  # not the English in brackets
    assert len(terms) >= 90
    assert {t: found for t in terms if (found := spanish.not_neutral(t))} == {}
