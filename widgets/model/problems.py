"""Validation problems as data: a message id, its parameters and where it happened.

The model never formats user-facing text itself; the UI and CLI translate a
:class:`Problem` through ``widgets.i18n``. Pydantic errors are converted so that every
rejection, built-in or custom, has a translatable message id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

# Pydantic's own error types that have their own message in the catalogs.
KNOWN_PYDANTIC_TYPES = frozenset(
    {
        "missing",
        "string_too_long",
        "string_too_short",
        "string_type",
        "string_pattern_mismatch",
        "int_parsing",
        "int_type",
        "int_from_float",
        "float_parsing",
        "float_type",
        "finite_number",
        "bool_parsing",
        "bool_type",
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "literal_error",
        "enum",
        "too_long",
        "too_short",
        "list_type",
        "dict_type",
        "model_type",
        "extra_forbidden",
        "value_error",
        "url_parsing",
    }
)


@dataclass(frozen=True)
class Problem:
    """One reason an input was refused. ``code`` is a message id under ``error.``."""

    code: str
    params: dict = field(default_factory=dict)
    loc: tuple = ()

    @property
    def where(self) -> str:
        """The location as a path: ``candidates[2].profile.es``."""
        out = ""
        for part in self.loc:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out


class ModelError(ValueError):
    """Raised by model functions; carries one or more :class:`Problem`."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(f"{p.where + ': ' if p.loc else ''}{p.code} {p.params}" for p in self.problems))


def fail(code: str, **params: object) -> PydanticCustomError:
    """A custom pydantic error whose type is our message id (raise it in validators)."""
    return PydanticCustomError(code, code, params)


def _safe_params(ctx: dict | None) -> dict:
    out = {}
    for key, value in (ctx or {}).items():
        if isinstance(value, (str, int, float, bool)) or value is None:
            out[key] = value
        else:
            out[key] = str(value)
    return out


def from_validation(exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        kind = err.get("type", "value_error")
        params = _safe_params(err.get("ctx"))
        if kind == "value_error" and "error" in params:
            params = {"detail": params.pop("error")}
        if kind not in KNOWN_PYDANTIC_TYPES and "." not in kind:
            params = {"detail": err.get("msg", kind)}
            kind = "invalid"
        problems.append(Problem(kind, params, tuple(err.get("loc", ()))))
    return problems


def validate(model_cls, data):
    """``model_cls.model_validate(data)``, raising :class:`ModelError` with problems."""
    try:
        return model_cls.model_validate(data)
    except ValidationError as exc:
        raise ModelError(from_validation(exc)) from None
