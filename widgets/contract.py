"""The module contract: everything a workshop module gives the kit, typed and checked.

A module is one :class:`ModuleSpec`. The kit never names a module: the app, the charter,
every export, the health check, the facilitator's dashboard, the debrief board and the
comparison with a case's reference answer loop over the registered specs and call their
hooks. A spec that lacks a required hook, or gives something that is not callable, is
refused when it is built, with a message that names the hook and says what it must do.

Every hook reads the module's *section*: the team's typed state its ``section`` hook
computes (an instance of the module's ``section_model``, a :class:`Section`). It becomes JSON
only at the export boundary (:meth:`Section.exported`); an exported section read back (a
charter rendered from an export file, a row of the facilitator's room) is validated into the
model again (:meth:`ModuleSpec.typed`) before any hook sees it, so a hook never reads a dict
and a field renamed in a model fails where it is read, not silently. A module that reads
another's results (``uses``) reads that module's typed section
(``team_data.section(key, case, lang)``). Hooks are pure functions; the view is the only part
that touches widgets.

Required hooks
    ``section(team_data, case, lang) -> Section``: the team state, with the case's text in
    ``lang`` (the reader's language); the hooks below take it as ``section``.
    ``section_model``: the :class:`Section` subclass ``section`` returns (every field with a
    default: the model with no data is the section of a team that has not started).
    ``charter(section, ctx) -> list[Block]``: the module's part of the alliance charter
    (``ctx`` is a :class:`CharterContext`).
    ``sheet(section, ctx) -> (headers, rows)``: the module's sheet of the XLSX workbook (values
    a person reads in the reader's language; ``ctx`` as for the charter, without charts).
    ``demo(request) -> {"members": {name: document}, "team": document | None}``.
    ``view``: ``"package.module:Class"`` (imported when the step opens) or the class; built
    with a ``ModuleContext`` and exposing ``.widget`` (see :class:`ModuleView`).

Optional hooks
    ``facts(section) -> list[Fact]``: health-check evidence by name.
    ``disagreements(section, case, tr) -> list[Disagreement]``: for the debrief board and the
    charter's "where the team disagrees most"; at least the module's
    ``health.CONTESTED_LIMIT`` most contested items (ties with the last kept), so a module
    with hundreds of differences may skip naming the rest.
    ``comparison(section) -> list[Column]``: the module's columns in the facilitator's
    cross-team comparison.
    ``reference_points(team_section, reference_section) -> list[Point]``: how the team's work
    differs from the case's reference answer.
    ``phase_checks(section) -> (passed, total)``: the module's share of its phase's checks
    (default: its section's ``checks``).
    ``case_model``: a pydantic model for the module's section of a case file
    (``modules: {<key>: ...}``), checked whenever a case is loaded (``widgets.cases``) and read
    with ``case.section(key, model)`` (validated once per case).
    ``case_fields_v1``: the top-level fields of a version-1 case file that are the module's
    section now (a version-1 file is read in the version-2 layout).
    ``check_case(case)``: the module's checks that need another module's section (raise
    ``ModelError``, each problem located with ``widgets.model.case.located``).
    ``locales``: a folder with ``<lang>.json`` catalogs for a module shipped outside the kit.
    ``facilitator``: ``"package.module:Class"`` (or the class) of the module's panel in the
    facilitator's Controls tab, built with a :class:`FacilitatorContext`; it exposes ``.widget``
    and ``show(controls)``, which the dashboard calls whenever the room's controls change.
    ``worksheet(case, tr) -> Markup``: the module's printed worksheet for the case, in ``tr``'s
    language: an HTML fragment (``widgets.report.worksheet`` builds its parts) laid out like
    the module's page, each box saying which step and field it is typed into later. The
    printed pack (``widgets.report.pack``) puts every module's worksheet together.
    ``tally(case, tr) -> Markup``: the facilitator's tally sheet for the module, where one is
    needed on paper (counting what teams or people hand in); in the printed pack too.
    ``settings_model``: a pydantic model (every field with a default) of the module's room
    settings, which the facilitator sets for the whole room (the pulse's round and how sides are
    chosen): stored in the event's document under the module's key, read by the module's view
    through ``ModuleContext.settings`` and by its panel through ``FacilitatorContext.settings``,
    changed by the panel with ``FacilitatorContext.update_settings(**changes)``.
    ``data_steps``: functions ``(store) -> None`` that upgrade what earlier versions of the
    module stored, applied once each, in order, when a store is first used
    (:func:`widgets.registry.upgrade_stored`); a step is written to run twice harmlessly, and
    is never edited once released (append a new one).
    ``confidential``: True when a participant's document must never reach their teammates (the
    module shows it only in aggregate, as the pulse does): the export a team's member downloads
    (``widgets.report.export.team_export``) leaves these documents out; only the facilitator's
    event export carries them, so that ``import`` restores the event.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict

from widgets.i18n import Translator

if TYPE_CHECKING:
    import ipywidgets

PHASES = ("imagine", "align", "execute")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


class ContractError(TypeError):
    """A module spec that breaks the contract (raised when it is built or registered)."""


class Section(BaseModel):
    """A module's typed team state (what its ``section`` hook returns). Fields are declared in
    the order the export shows them; every field has a default, so ``Model()`` is the section
    of a team that has not started. Read-only once built."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def exported(self) -> dict:
        """The section as the JSON export carries it (field aliases as names)."""
        return self.model_dump(mode="json", by_alias=True)


class Row(BaseModel):
    """One item of a section's list or table (a ranked candidate, a risk, a check...)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Check(Row):
    """One of a module's checks, as its section lists them (modules add fields)."""

    check: str  # the message id that names it
    ok: bool

    def judged(self) -> bool:
        """False for a check with nothing to judge yet (a module whose checks can wait for
        input adds an ``assessed`` field and says so here)."""
        return True


@dataclass(frozen=True)
class Fact:
    """One piece of health-check evidence: ``passed`` is None while the module has no input."""

    crack: str  # one of widgets.model.health.CRACKS
    code: str  # the module's message "<key>.evidence.<code>" in its own catalogs names it
    passed: bool | None
    params: dict = field(default_factory=dict)
    # what the evidence is: "design" (what the team designed in a module) or "perception"
    # (what people on both sides said in the pulse); the health check says which is which
    source: str = "design"
    # the crack cannot stand without it: failing it makes the crack red (the module says which)
    critical: bool = False


@dataclass(frozen=True)
class Disagreement:
    module: str
    item: str  # what people disagree on, as a person reads it
    detail: str  # who said what, or the spread
    level: float  # 0..1, higher = more disagreement


@dataclass(frozen=True)
class Point:
    """One difference (or agreement) between a team's work and the reference answer."""

    code: str  # the module's message "<key>.point.<code>" says it (checks_point's: "reference.point.<code>")
    same: bool
    params: dict = field(default_factory=dict)


def _show(tr: Translator, value: Any) -> str:
    return "–" if value is None else value


@dataclass(frozen=True)
class Column:
    """One cell of a team's row in the facilitator's cross-team comparison."""

    name: str  # stable name (``Comparison.<name>``)
    label: str  # message id of the column header
    value: Any  # None while the team has no input
    show: Callable[[Translator, Any], Any] = _show  # the value as a person reads it
    headline: bool = False  # also in the table participants see once results are revealed
    tally: bool = False  # the dashboard charts how many teams chose each value


@dataclass(frozen=True)
class CharterContext:
    """What a module's charter hook may use besides its section."""

    tr: Translator
    case: Any  # widgets.model.case.Case
    data: Any = None  # the team's TeamData, for charts; None when charts are off

    @property
    def charts(self) -> bool:
        return self.data is not None


@dataclass(frozen=True)
class FacilitatorContext:
    """What a module's facilitator panel may use: the event, its store and case, the
    facilitator's language, the room's controls, and the person picked in the people list."""

    store: Any  # widgets.store.Store
    event: Any  # widgets.store.Event
    case: Any  # widgets.model.case.Case
    tr: Translator
    controls: Callable[[], Any]  # the room's current Controls
    update_controls: Callable[..., Any]  # save changes to the Controls (validated); None when refused
    person: Callable[[], int | None]  # the participant picked in the people list, if any
    report: Callable  # wraps a widget callback: a problem is shown on the page, never raised
    settings: Callable[[], Any] = lambda: None  # this module's room settings as stored now
    update_settings: Callable[..., Any] = lambda **_: None  # save changes to them (validated); None when refused


@runtime_checkable
class ModuleView(Protocol):
    """What the stepper needs from a module's view: its widget, and a way to redraw the team's
    part after a teammate saves (``refresh_team``, optional)."""

    widget: ipywidgets.Widget


def checks_of(section: Section) -> list[Check]:
    """A section's checks (its ``checks`` field), none for a module that keeps no checks."""
    return list(section.checks) if "checks" in type(section).model_fields else []


def default_phase_checks(section: Section) -> tuple[int, int]:
    checks = checks_of(section)
    return sum(1 for c in checks if c.ok), len(checks)


def _importable(target: object) -> bool:
    """A class, or the ``"package.module:Class"`` that names it (imported when first used)."""
    return (isinstance(target, str) and ":" in target) or callable(target)


REQUIRED = {
    "section": "a function (team_data, case, lang) -> Section: the team's typed state",
    "charter": "a function (section, CharterContext) -> list of charter blocks",
    "sheet": "a function (section, CharterContext) -> (headers, rows): the module's sheet in the workbook",
    "demo": "a function (DemoRequest) -> {'members': {...}, 'team': ...}: demo data",
}
OPTIONAL = ("facts", "disagreements", "comparison", "reference_points", "phase_checks", "worksheet", "tally",
            "check_case")


@dataclass(frozen=True)
class ModuleSpec:
    key: str  # also the prefix of the module's message ids and the name of its documents
    order: int
    title: str  # message id
    phase: str
    entry_model: type  # pydantic model for one participant's document
    view: Any  # "package.module:ViewClass" (imported when opened) or the class itself
    section_model: type[Section] | None = None  # what ``section`` returns (required)
    section: Callable[..., Section] | None = None
    charter: Callable[..., list] | None = None
    sheet: Callable[..., tuple[list[str], list[list]]] | None = None
    demo: Callable[..., dict] | None = None
    team_model: type | None = None  # pydantic model for the team's shared document, if any
    facts: Callable[[dict], list[Fact]] | None = None
    disagreements: Callable[..., list[Disagreement]] | None = None
    comparison: Callable[[dict], list[Column]] | None = None
    reference_points: Callable[[dict, dict], list[Point]] | None = None
    phase_checks: Callable[[dict], tuple[int, int]] = default_phase_checks
    worksheet: Callable[..., str] | None = None  # (case, tr) -> the printed worksheet (HTML fragment)
    tally: Callable[..., str] | None = None  # (case, tr) -> the facilitator's tally sheet (HTML fragment)
    case_model: type | None = None  # pydantic model for ``case.modules[key]``
    case_fields_v1: tuple[str, ...] = ()  # top-level fields of a version-1 case file that are this section now
    check_case: Callable[..., None] | None = None  # (case) -> None: checks across sections (ModelError)
    uses: tuple[str, ...] = ()  # keys of other modules whose team data this module reads
    locales: Path | None = None
    facilitator: Any = None  # "package.module:PanelClass", the class, or None
    confidential: bool = False  # participants' documents never in a member's download (aggregates only)
    settings_model: type | None = None  # pydantic model (every field defaulted) of the module's room settings
    data_steps: tuple[Callable[[Any], None], ...] = ()  # upgrades of the module's stored documents, in order

    def __post_init__(self) -> None:
        name = f"module {self.key!r}"
        if not isinstance(self.key, str) or not KEY_PATTERN.match(self.key):
            raise ContractError(f"{name}: the key must be 2-40 lower-case letters, digits or '_'")
        if self.phase not in PHASES:
            raise ContractError(f"{name}: unknown phase {self.phase!r} (one of {', '.join(PHASES)})")
        for model in ("entry_model", "team_model", "case_model", "settings_model"):
            value = getattr(self, model)
            if (value is not None or model == "entry_model") and not hasattr(value, "model_validate"):
                raise ContractError(f"{name}: {model} must be a pydantic model class")
        model = self.section_model
        if not (isinstance(model, type) and issubclass(model, Section)):
            raise ContractError(f"{name}: section_model must be a widgets.contract.Section subclass "
                                "(the typed state the section hook returns)")
        try:
            model()
        except ValueError as exc:
            raise ContractError(f"{name}: section_model needs a default for every field ({exc})") from exc
        if not _importable(self.view):
            raise ContractError(f"{name}: view must be 'package.module:ViewClass' or the class")
        if self.facilitator is not None and not _importable(self.facilitator):
            raise ContractError(f"{name}: facilitator must be 'package.module:PanelClass', the class or None")
        for hook, what in REQUIRED.items():
            if not callable(getattr(self, hook)):
                raise ContractError(f"{name}: the required hook {hook!r} is missing; it must be {what}")
        for hook in OPTIONAL:
            value = getattr(self, hook)
            if value is not None and not callable(value):
                raise ContractError(f"{name}: the hook {hook!r} must be a function or None")
        if not isinstance(self.uses, tuple) or not all(isinstance(k, str) and k != self.key for k in self.uses):
            raise ContractError(f"{name}: uses must be a tuple of other modules' keys")
        if self.settings_model is not None:
            try:
                self.settings_model()
            except ValueError as exc:
                raise ContractError(f"{name}: settings_model needs a default for every field ({exc})") from exc
        if not isinstance(self.case_fields_v1, tuple) or not all(isinstance(f, str) for f in self.case_fields_v1):
            raise ContractError(f"{name}: case_fields_v1 must be a tuple of field names")
        if not isinstance(self.data_steps, tuple) or not all(callable(step) for step in self.data_steps):
            raise ContractError(f"{name}: data_steps must be a tuple of functions (store) -> None")
        if not isinstance(self.confidential, bool):
            raise ContractError(f"{name}: confidential must be True or False")
        if self.locales is not None and not Path(self.locales).is_dir():
            raise ContractError(f"{name}: locales {self.locales} is not a folder")

    def typed(self, section: Any) -> Section:
        """The module's typed section: ``section`` as it is when it is one, the empty section for
        None, else an exported section (a dict read from a JSON export) validated by the model."""
        if isinstance(section, self.section_model):
            return section
        return self.section_model.model_validate(section or {})

    def load_view(self) -> type:
        return self._load("view")

    def load_facilitator(self) -> type | None:
        return None if self.facilitator is None else self._load("facilitator")

    def _load(self, what: str) -> type:
        target = getattr(self, what)
        if not isinstance(target, str):
            return target
        import importlib

        module_name, _, attr = target.partition(":")
        try:
            return getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError) as exc:
            raise ContractError(f"module {self.key!r}: {what} {target!r} cannot be imported: {exc}") from exc


def hooks_of(module: object) -> dict[str, Callable]:
    """The hooks a module of functions defines under their contract names (``section``,
    ``charter``, ``facts``...), to pass to :class:`ModuleSpec` as keywords."""
    return {name: getattr(module, name) for name in (*REQUIRED, *OPTIONAL) if callable(getattr(module, name, None))}
