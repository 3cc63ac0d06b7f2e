"""The risk section of a case file (``modules: {risk: ...}``): the risks the case starts the
team's register with, each with its category, likelihood, impact and partner A's share."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from widgets.model.case import Case, Level, Prose, Slug, Text, unique

KEY = "risk"
RISK_CATEGORIES = (
    "financial", "ip_leakage", "antitrust_legal", "reputational", "dependency", "market",
    "sponsor_loss", "operational",
)


class Risk(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    category: Literal[RISK_CATEGORIES]  # type: ignore[valid-type]
    label: Text
    description: Prose | None = None
    likelihood: Level = 3
    impact: Level = 3
    share_a: Annotated[int, Field(ge=0, le=100)] = 50


class CaseSection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    risks: list[Risk] = Field(min_length=3, max_length=30)

    @model_validator(mode="after")
    def _unique(self) -> CaseSection:
        unique(self.risks, "risks")
        return self


def of(case: Case) -> CaseSection:
    """The case's risk section (validated once per case)."""
    return case.section(KEY, CaseSection)
