"""One translation layer for every user-visible string: JSON catalogs per language.

Catalogs live in ``widgets/locales/<lang>.json`` (the shell), ``widgets/locales/<lang>/<part>.json``
(the shared pages: charter, dashboard, explore...) and ``widgets/modules/<key>/locales/<lang>.json``
(each of the kit's modules, in its own folder); they map stable message
ids to text with ``{named}`` placeholders. English is the source; a test keeps Spanish complete and the
placeholders identical. Strings come back as plain text: escape them (``widgets.safe``)
before they go into HTML.

A message that counts something has one id per plural form instead of one id: ``<id>.one`` and
``<id>.other`` (and ``<id>.many``, ``<id>.zero``... where a language needs them; a form a
language lacks falls back to ``.other``). ``tr("<id>", count=n)`` picks the form CLDR gives
``n`` in the reader's language ("1 person", "2 people"; "1 persona", "2 personas"). The number
chosen by is the ``count`` parameter, or, without one, the only whole-number parameter.
"""

from __future__ import annotations

import json
import string
from functools import cache
from pathlib import Path

SUPPORTED = ("en", "es")
DEFAULT = "en"
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
_LOCALES = Path(__file__).resolve().parent / "locales"
_MODULES = Path(__file__).resolve().parent / "modules"  # the kit's modules: <key>/locales/<lang>.json
_EXTRA: list[Path] = []  # catalog folders of modules shipped outside the kit (``<lang>.json``)


def add_catalogs(folder: Path) -> None:
    """Merge a module's own catalogs (``<folder>/<lang>.json``) into every language."""
    folder = Path(folder).resolve()
    if folder not in _EXTRA:
        _EXTRA.append(folder)
        catalog.cache_clear()


def normalize_lang(value: object) -> str:
    """'es', 'ES', 'es-MX' -> 'es'; anything unknown -> the default language."""
    code = str(value or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in SUPPORTED else DEFAULT


@cache
def catalog(lang: str) -> dict[str, str]:
    files = [_LOCALES / f"{lang}.json", *sorted((_LOCALES / lang).glob("*.json")),
             *sorted(_MODULES.glob(f"*/locales/{lang}.json")),
             *[folder / f"{lang}.json" for folder in _EXTRA if (folder / f"{lang}.json").is_file()]]
    merged: dict[str, str] = {}
    for path in files:
        with open(path, encoding="utf-8") as fh:
            part = json.load(fh)
        clash = set(part) & set(merged)
        if clash:
            raise ValueError(f"{path.name}: message ids defined twice: {sorted(clash)[:5]}")
        merged.update(part)
    return merged


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


PLURAL_OTHER = ".other"


@cache
def _locale(lang: str):
    from babel import Locale

    return Locale.parse(lang)


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Translator:
    """Callable that turns a message id and parameters into text in one language."""

    def __init__(self, lang: object = DEFAULT):
        self.lang = normalize_lang(lang)
        self._messages = catalog(self.lang)
        self._fallback = catalog(DEFAULT)

    def has(self, key: str) -> bool:
        return any(k in self._messages or k in self._fallback for k in (key, key + PLURAL_OTHER))

    def __call__(self, key: str, /, **params: object) -> str:
        message = self._messages.get(key) or self._fallback.get(key)
        if message is None and (key + PLURAL_OTHER) in self._fallback:
            message = self._plural(key, params)
        if message is None:
            return key
        return message.format_map(_Params({k: self.number(v) if isinstance(v, float) else v
                                           for k, v in params.items()}))

    def plural_form(self, count: object) -> str:
        """The CLDR plural category of ``count`` in this language: "one", "other", "many"..."""
        if isinstance(count, bool) or not isinstance(count, (int, float)):
            return "other"
        try:
            return _locale(self.lang).plural_form(abs(count))
        except (TypeError, ValueError, OverflowError):
            return "other"

    def _plural(self, key: str, params: dict) -> str:
        count = params.get("count")
        if count is None:
            whole = [v for v in params.values() if isinstance(v, int) and not isinstance(v, bool)]
            count = whole[0] if len(whole) == 1 else None
        form = f"{key}.{self.plural_form(count)}"
        other = key + PLURAL_OTHER
        return self._messages.get(form) or self._messages.get(other) or self._fallback.get(form) or self._fallback[other]

    def number(self, value: float | int | None, digits: int | None = None) -> str:
        """A number as a reader of this language writes it (Babel, CLDR): 3.64 and 1,200,000 in
        English, 3,64 and 1.200.000 in Spanish; up to three decimals unless ``digits`` fixes
        them; None is "–"."""
        if value is None:
            return "–"
        if value in (float("inf"), float("-inf")):
            return "∞" if value > 0 else "-∞"
        from babel.numbers import format_decimal

        pattern = "#,##0.###" if digits is None else ("#,##0" if digits == 0 else "#,##0." + "0" * digits)
        return format_decimal(value, format=pattern, locale=self.lang)

    def percent(self, share: float | None, digits: int = 0) -> str:
        """A share (0.62) as a percentage in this language: "62%", "62 %"; None is "–"."""
        if share is None:
            return "–"
        from babel.numbers import format_percent

        return format_percent(share, format="#,##0" + ("." + "0" * digits if digits else "") + "%", locale=self.lang)

    def text(self, localized: object) -> str:
        """Pick this language from a ``{"en": ..., "es": ...}`` mapping (case files)."""
        if isinstance(localized, dict):
            return str(localized.get(self.lang) or localized.get(DEFAULT) or "")
        getter = getattr(localized, "get", None)
        if callable(getter):
            return str(getter(self.lang))
        return str(localized)


def describe(tr: Translator, problem) -> str:
    """A :class:`widgets.model.problems.Problem` as a sentence in the translator's language."""
    params = dict(problem.params)
    if "field" in params:
        params["field"] = tr(f"field.{params['field']}")
    key = f"error.{problem.code}"
    if tr.has(key):
        return tr(key, **params)
    return tr("error.invalid", detail=params.get("detail", problem.code))
