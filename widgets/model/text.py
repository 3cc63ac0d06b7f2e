"""Free text from participants: cleaned (controls and bidi overrides removed), trimmed,
length-checked. Markup is kept as text; it is escaped wherever it is shown."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import BeforeValidator

from widgets import safe
from widgets.model.problems import fail


def clean_text(value: object, max_length: int, multiline: bool = False) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise fail("text.not_text")
    if len(value) > max_length * 4:  # refuse huge input before any work on it
        raise fail("text.too_long", max=max_length)
    # printable ASCII is already NFC and holds no control, bidi or invisible character: the
    # common case (every stored document is validated again when read) skips that work
    text = value if value.isascii() and value.isprintable() else safe.clean(value)
    if not multiline:
        text = " ".join(text.split())
    text = text.strip()
    if len(text) > max_length:
        raise fail("text.too_long", max=max_length)
    return text


def fold(value: str) -> str:
    """The key two labels or names are compared by: compatibility forms folded (NFKC: full-width
    letters, ligatures, non-breaking spaces), every invisible format character dropped (zero-width
    joiners included), runs of any whitespace made one space, case folded."""
    text = unicodedata.normalize("NFKC", safe.clean(value))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split()).casefold()


def UserText(max_length: int, multiline: bool = False):  # noqa: N802 - reads as a type
    """An annotated ``str`` type for a free-text field of at most ``max_length`` characters."""
    return Annotated[str, BeforeValidator(lambda v: clean_text(v, max_length, multiline))]
