"""The confidence vote's section of a case file (``modules: {confidence: {horizon_years: 2}}``)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from aw_sample_module.model import KEY


class CaseSection(BaseModel):
    """What a case file may say for this module: the horizon the team's confidence is about."""

    horizon_years: int = Field(1, ge=1, le=5)


def of(case) -> CaseSection:
    """The case's section for this module (validated once per case)."""
    return case.section(KEY, CaseSection)
