"""The partner-selection section of a case file (``modules: {partner_selection: ...}``): the
criteria the team scores the candidates on (the candidates themselves are the case's story)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from widgets.model.case import Case, Item, unique

KEY = "partner_selection"


class Criterion(Item):
    """A partner-selection criterion; a knock-out is a must-have: a candidate below the minimum
    on it is out, whatever it scores elsewhere."""

    knockout: bool = False


class CaseSection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    criteria: list[Criterion] = Field(min_length=3, max_length=20)

    @model_validator(mode="after")
    def _unique(self) -> CaseSection:
        unique(self.criteria, "criteria")
        return self


def of(case: Case) -> CaseSection:
    """The case's partner-selection section (validated once per case)."""
    return case.section(KEY, CaseSection)
