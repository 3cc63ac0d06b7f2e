"""English and Spanish are complete, placeholders agree, and every id used exists."""

from __future__ import annotations

import re
from pathlib import Path

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


# docs/glossary-es.md: one neutral Spanish; these forms are never used
_VOSOTROS = re.compile(r"\b(vuestr[oa]s?|vosotr[oa]s|os|[a-záéíóú]{2,}(?:áis|éis|íais)|[A-ZÁÉÍÓÚa-záéíóú]{1,}(?:ad|ed|id)"
                       r"|[A-ZÁÉÍÓÚa-záéíóú]+[ae]os)\b")
_NOUN_ENDINGS = ("dad", "tad", "tud", "usted")  # actividad, lealtad, salud, usted: not verbs
_TU = re.compile(r"\b(tu|tus|te|ti|contigo|tuy[oa]s?|tienes|puedes|estás|quieres|eres|necesitas|has|propón|únete|"
                 r"pediste|guardaste|escribiste|uniste)\b", re.I)  # forms that are only tú
_NOT_OURS = ("consejero delegado", "consejeros delegados", "gestor de la alianza", "gestores de la alianza",
             "gestoría", "autónomo", "ordenador", "escalera de escalamiento", "responsable de ventas",
             "responsable de producto")
_ALLOWED = {"salud", "Madrid", "David", "ambos", "socios", "medios", "precios", "servicios", "negocios", "criterios",
            "beneficios", "escenarios", "comentarios", "usuarios", "estudios", "cambios", "ingresos", "propios",
            "varios", "previos", "principios", "espacios", "sitios", "seguros", "retos", "desafíos", "días",
            "envíos", "laboratorios", "inventarios", "ejercicios", "anuncios", "patrocinios", "consorcios",
            "edificios", "procesos", "datos", "meses", "graduados", "deseos", "recursos", "casos", "pasos",
            "plazos", "acuerdos", "fondos", "mercados", "riesgos", "objetivos", "equipos", "órganos", "todos",
            "otros", "nuevos", "dos", "costos", "ciclos", "pagos", "productos", "modelos", "miembros",
            "cargos", "juegos", "grupos", "efectos", "contratos", "proyectos", "empleos", "puestos",
            "votos", "aspectos", "ajustes", "sentidos", "clientes", "hospitales", "bancos", "registros",
            "bloqueos", "ID", "id", "red", "Red", "bid", "sed"}


def _spanish_texts():
    for key, text in catalog("es").items():
        yield f"catalog {key}", text
    import yaml

    def walk(value, where):
        if isinstance(value, dict):
            for k, v in value.items():
                if k == "es" and isinstance(v, str):
                    yield where, v
                else:
                    yield from walk(v, f"{where}/{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from walk(v, f"{where}[{i}]")

    for path in sorted((ROOT / "exercises").rglob("*.yaml")):
        yield from walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)


def test_spanish_is_one_neutral_spanish_with_the_glossarys_terms():
    vosotros, terms, tu = [], [], []
    for where, text in _spanish_texts():
        plain = re.sub(r"\{[^}]*\}", "", text)
        hits = [w for w in _VOSOTROS.findall(plain) if w not in _ALLOWED and w.lower() not in _ALLOWED
                and not w.lower().endswith(_NOUN_ENDINGS)]
        if hits:
            vosotros.append((where, hits))
        terms += [(where, t) for t in _NOT_OURS if t in plain.lower()]
        if _TU.search(plain) and where.startswith("catalog"):
            tu.append((where, _TU.findall(plain)))
    assert terms == []
    assert vosotros == []
    assert tu == []  # usted to one person
