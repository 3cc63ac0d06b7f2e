"""Registers the confidence vote: its spec, its demo data and its catalogs."""

from __future__ import annotations

from pathlib import Path

from aw_sample_module import report
from aw_sample_module.case import CaseSection
from aw_sample_module.model import KEY, Vote
from aw_sample_module.section import ConfidenceSection
from widgets.contract import hooks_of
from widgets.registry import ModuleSpec, register


def demo(req) -> dict:
    return {"members": {m: {"confidence": req.rng.randint(1, 5)} for m in req.members}}


SPEC = register(ModuleSpec(
    key=KEY, order=60, title="confidence.title", phase="execute", entry_model=Vote,
    view="aw_sample_module.view:ConfidenceView", section_model=ConfidenceSection, **hooks_of(report), demo=demo, case_model=CaseSection,
    locales=Path(__file__).parent / "locales",
))
