"""Drop-down lists with a "not set" choice.

An ipywidgets Dropdown shows a value of None as an empty list (no label selected) once it has
held another value, so "not set" is the empty string in the widget and None in the model:
``unset`` builds the options, ``shown`` and ``chosen`` convert at the boundary.
"""

from __future__ import annotations

UNSET = ""


def unset(label: str, options: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The options with "not set" first."""
    return [(label, UNSET), *options]


def shown(value):
    """A model value as the list holds it (None -> the "not set" choice)."""
    return UNSET if value is None else value


def chosen(value):
    """The list's value as the model holds it (the "not set" choice -> None)."""
    return None if value == UNSET else value
