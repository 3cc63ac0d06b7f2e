"""One neutral Latin-American Spanish: the checker every Spanish text of the kit goes through.

``not_neutral(text)`` returns the forms a text should not have, by kind: *vosotros* (pronouns,
verb endings, imperatives, with or without pronouns), *tú* (pronouns, verbs, imperatives with
pronouns) and the words ``docs/glossary-es.md`` replaces (its table *Words we never use*, read
here, so the glossary and the tests cannot drift apart). ``spanish_texts()`` yields every Spanish
text a participant or a facilitator reads: the catalogs, the case files, the reference answers,
the Spanish notebooks' markdown and the Spanish facilitator guide.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary-es.md"
BANNED_HEADING = "## Words we never use"

# -- vosotros ----------------------------------------------------------------------------------
_VOSOTROS_WORDS = re.compile(r"\b(vosotr[oa]s|vuestr[oa]s?|os)\b", re.I)
# present, subjunctive, future, imperfect and preterite: discrepáis, tengáis, sabéis, haréis, hacíais,
# hablabais, tuvierais, discrepasteis, elegisteis
_VOSOTROS_VERBS = re.compile(r"\b\w{2,}(?:áis|éis|íais|abais|arais|ierais|asteis|isteis)\b", re.I)
_IMPERATIVE = re.compile(r"\b\w+(?:ad|ed|id)\b")  # Añadid, Decidid, mirad
_IMPERATIVE_PRONOUN = re.compile(r"\b\w+[aei]d(?:l[aeo]s?|me|nos)\b", re.I)  # resolvedlas, decidnos, mirádlo
_REFLEXIVE = re.compile(r"\b\w+(?:aos|eos|íos)\b")  # sentaos, poneos, reuníos
# words that end like a vosotros form and are not one
_NOUNS = {"usted", "red", "pared", "sed", "huésped", "césped", "merced", "madrid", "david", "id", "vid", "ardid",
          "bid", "ad", "seis", "dieciséis", "veintiséis",
          "bloqueos", "empleos", "deseos", "correos", "sondeos", "conteos", "sorteos", "paseos", "europeos", "museos",
          "torneos", "recreos", "trofeos", "monitoreos", "rodeos", "videos", "vídeos", "núcleos", "caos", "desafíos",
          "envíos", "ríos", "tíos", "vacíos", "desvíos", "extravíos", "navíos", "bríos", "chequeos", "rastreos",
          "mareos", "tanteos", "desbloqueos", "feos", "reos", "ateos", "linóleos", "petróleos", "laos", "cacaos",
          "recorridos", "readme"}
_NOUN_ENDINGS = ("dad", "tad", "tud")  # actividad, lealtad, salud

# -- tú ------------------------------------------------------------------------------------------
_TU = re.compile(r"\b(tú|tu|tus|te|ti|contigo|tuy[oa]s?|tienes|puedes|estás|quieres|eres|necesitas|has|haces|sabes|"
                 r"debes|vas|propón|fíjate|asegúrate|acuérdate|únete)\b", re.I)
# imperatives with a pronoun whose form alone says tú: an -ar verb's ends in -a (Revísalos, Impórtalo;
# usted: Revíselos), an -er or -ir verb's in -e (Escríbela, Imprímelo; usted: Escríbala)
_TU_AR = ("revís", "cámbi", "elimín", "intént", "guárd", "descárg", "complét", "llén", "ordén", "llév",
          "impórt", "expórt", "acórt", "actualíz", "agrég", "bórr", "márc", "quít", "ús", "apúnt", "cópi", "pég",
          "selección", "mánd", "enví", "búsc", "recuérd", "pruéb", "mír", "déj", "tóm", "llám", "pás", "ciérr",
          "compár", "anót", "indíc", "explíc", "rést", "súm", "asígn", "colóc", "ubíc", "cuént", "muéstr",
          "arrástr", "sác", "dibúj", "ingrés", "sepár", "júnt", "ajúst", "fíj", "asegúr", "apág", "encárg", "cárg", "desbloqué",
          "verifíc", "confírm", "valíd")
_TU_ER = ("escríb", "imprím", "píd", "ábr", "añád", "elíg", "resuélv", "compárt", "repárt", "descríb", "respónd",
          "defín", "súb", "resúm", "escóg", "conviért", "distribúy", "inclúy", "repít", "sígu", "discút", "decíd",
          "muév", "recíb", "corríg", "devuélv", "vuélv", "escónd", "mét", "lé")
_TU_PRONOUN = re.compile(r"\b(?:(?:" + "|".join(_TU_AR) + r")a|(?:" + "|".join(_TU_ER) + r")e)"
                         r"(?:l[aeo]s?|me|nos|sel[aeo]s?)\b", re.I)
# the one-syllable imperatives with a pronoun: Ponle, Dale, Hazlo, Dile, Dímelo, Ponte
_TU_SHORT = re.compile(r"\b(?:pon|haz|di|sal|ten|ven|da|sé)(?:l[aeo]s?|me|nos|te|se)(?:l[aeo]s?)?\b", re.I)
# a reflexive tú imperative, with or without a pronoun after it: Llévatela, Fíjate, Apúntatelo
_TU_REFLEXIVE = re.compile(r"\b\w*[áéíóú]\w*(?:a|e|i)te(?:l[aeo]s?|me|nos)?\b", re.I)
_NOT_REFLEXIVE = ("mente",)  # rápidamente
_NOT_REFLEXIVE_WORDS = {"límite", "límites", "satélite", "satélites"}
# the preterite's tú ending: pediste, guardaste, elegiste (its nouns and third persons excepted)
_TU_PRETERITE = re.compile(r"\b\w{2,}(?:aste|iste)\b", re.I)
_NOT_PRETERITE = {"contraste", "desgaste", "traste", "engaste", "triste", "chiste", "quiste", "alpiste", "existe",
                  "coexiste", "consiste", "insiste", "resiste", "persiste", "asiste", "desiste", "subsiste", "reviste",
                  "embiste", "viste", "despiste"}


# -- the glossary's words ----------------------------------------------------------------------
_UNACCENT = str.maketrans("áéíóú", "aeiou")


def _banned_pattern(entry: str) -> str:
    """A form of the glossary's table as a pattern: each word in singular or plural (``coste``:
    coste, costes; ``ratón``: ratón, ratones), ``*`` for any ending (``rellen*``: rellenar,
    rellenado); the words of a phrase with any space between them."""
    words = []
    for word in entry.split():
        if word.endswith("*"):
            words.append(re.escape(word[:-1]) + r"\w*")
            continue
        forms = [re.escape(word) + "(?:s|es)?"]
        if re.search(r"[áéíóú][ns]$", word):  # the plural loses the accent: ratones, automociones
            forms.append(re.escape(word.translate(_UNACCENT)) + "es")
        words.append("(?:" + "|".join(forms) + ")")
    return r"\s+".join(words)


@cache
def banned_words() -> dict[str, tuple[str, bool]]:
    """The glossary's table of words we never use: each form, as written there, -> (its replacement,
    whether it is matched in its exact case)."""
    text = GLOSSARY.read_text(encoding="utf-8")
    assert BANNED_HEADING in text, f"docs/glossary-es.md has no section '{BANNED_HEADING}'"
    section = text.split(BANNED_HEADING, 1)[1].split("\n## ", 1)[0]
    out: dict[str, tuple[str, bool]] = {}
    for line in section.splitlines():
        if not line.lstrip().startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or set(cells[0]) <= set("-: ") or cells[0] == "Never":
            continue
        exact = len(cells) > 2 and "exact case" in cells[2]
        for form in re.findall(r"`([^`]+)`", cells[0]):
            out[form] = (cells[1], exact)
    assert out, "docs/glossary-es.md: the table of words we never use is empty"
    return out


@cache
def _banned() -> tuple[re.Pattern, re.Pattern]:
    """(the forms matched in any case, the forms matched in their exact case)"""
    def compile_(forms, flags):
        forms = sorted(forms, key=len, reverse=True) or ["(?!)"]
        return re.compile(r"(?<!\w)(?:" + "|".join(_banned_pattern(f) for f in forms) + r")(?!\w)", flags)

    words = banned_words()
    return (compile_([f for f, (_, exact) in words.items() if not exact], re.I),
            compile_([f for f, (_, exact) in words.items() if exact], 0))


# -- the checker ---------------------------------------------------------------------------------
def prose(text: str) -> str:
    """What a reader reads as Spanish: no code, no link targets, no HTML, no {placeholders}."""
    text = re.sub(r"^```.*?^```", " ", text, flags=re.S | re.M)
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    return re.sub(r"\{[^{}]*\}", " ", text)


def _is_noun(word: str) -> bool:
    return word.lower() in _NOUNS or word.lower().endswith(_NOUN_ENDINGS)


def not_neutral(text: str) -> dict[str, list[str]]:
    """The vosotros forms, tú forms and replaced words in a text, by kind (empty when none)."""
    text = prose(text)
    vosotros = _VOSOTROS_WORDS.findall(text)
    vosotros += [w for pattern in (_VOSOTROS_VERBS, _IMPERATIVE, _IMPERATIVE_PRONOUN, _REFLEXIVE)
                 for w in pattern.findall(text) if not _is_noun(w)]
    tu = [m.group(0) for m in (*_TU.finditer(text), *_TU_SHORT.finditer(text), *_TU_PRONOUN.finditer(text))
          if not (m.group(0).isupper() and len(m.group(0)) > 1)]  # TI is information technology
    tu += [w for w in _TU_REFLEXIVE.findall(text)
           if not w.lower().endswith(_NOT_REFLEXIVE) and w.lower() not in _NOT_REFLEXIVE_WORDS]
    tu += [w for w in _TU_PRETERITE.findall(text) if w.lower() not in _NOT_PRETERITE]
    found = {"vosotros forms (use ustedes)": vosotros, "tú forms (use usted)": sorted(set(tu), key=tu.index),
             "words the glossary replaces": [m.group(0) for pattern in _banned() for m in pattern.finditer(text)]}
    return {kind: words for kind, words in found.items() if words}


# -- every Spanish text ----------------------------------------------------------------------------
def catalog_files() -> list[Path]:
    """Every Spanish catalog: the kit's and those of the modules shipped with it or its tests."""
    locales = ROOT / "widgets" / "locales"
    files = [locales / "es.json", *sorted((locales / "es").glob("*.json"))]
    for folder in ("widgets/modules", "tests/plugins"):
        files += sorted((ROOT / folder).rglob("es.json")) + sorted((ROOT / folder).rglob("es/*.json"))
    return files


def catalog_texts() -> Iterator[tuple[str, str]]:
    for path in catalog_files():
        for key, text in json.loads(path.read_text(encoding="utf-8")).items():
            yield f"{path.relative_to(ROOT)} {key}", text


def _es_values(value, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "es" and isinstance(v, str):
                yield where, v
            else:
                yield from _es_values(v, f"{where}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _es_values(v, f"{where}[{i}]")


def yaml_texts(folder: str) -> Iterator[tuple[str, str]]:
    """The ``es:`` texts of the case files (``cases``) or of the reference answers (``references``)."""
    for path in sorted((ROOT / "exercises" / folder).glob("*.yaml")):
        yield from _es_values(yaml.safe_load(path.read_text(encoding="utf-8")), str(path.relative_to(ROOT)))


def notebook_texts() -> Iterator[tuple[str, str]]:
    """The markdown cells of the Spanish notebooks."""
    for path in sorted((ROOT / "notebooks" / "es").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "markdown":
                yield f"{path.relative_to(ROOT)} cell {i}", "".join(cell["source"])


def guide_texts() -> Iterator[tuple[str, str]]:
    for path in sorted((ROOT / "facilitator_guide" / "es").glob("*.md")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def spanish_texts() -> Iterator[tuple[str, str]]:
    yield from catalog_texts()
    yield from yaml_texts("cases")
    yield from yaml_texts("references")
    yield from notebook_texts()
    yield from guide_texts()

