"""The roles section of a case file (``modules: {roles: ...}``): the activities of the RACI grid
and the roles in its columns."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from widgets.model.case import Case, Item, unique

KEY = "roles"


class Role(Item):
    """A role in the RACI grid; a *joint* role (the steering committee) is one body of both
    partners and has one column, not one per partner."""

    joint: bool = False


class CaseSection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    activities: list[Item] = Field(min_length=3, max_length=30)
    roles: list[Role] = Field(min_length=3, max_length=12)

    @model_validator(mode="after")
    def _unique(self) -> CaseSection:
        unique(self.activities, "activities")
        unique(self.roles, "roles")
        return self


def of(case: Case) -> CaseSection:
    """The case's roles section (validated once per case)."""
    return case.section(KEY, CaseSection)
