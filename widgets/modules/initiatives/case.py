"""The initiatives section of a case file (``modules: {initiatives: ...}``): the ideas for
initiatives the case suggests, each a starting point a team may take."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from widgets.model.case import Case, Text
from widgets.model.problems import fail
from widgets.modules.initiatives.model import HORIZONS, KEY, People


class CaseIdea(BaseModel):
    """An initiative the case suggests, in both languages (a starting point the team may take)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,47}$")]
    title: Text
    customers: Text
    gain_a: Text | None = None
    gain_b: Text | None = None
    horizon: Literal[HORIZONS]  # type: ignore[valid-type]
    people_a: People = 0
    people_b: People = 0

    @model_validator(mode="after")
    def _gain(self) -> CaseIdea:
        if self.gain_a is None and self.gain_b is None:
            raise fail("initiatives.no_gain")
        return self

    def initiative(self, lang: str) -> dict:
        """The idea as a member's initiative in ``lang`` (without an id)."""
        return {"title": self.title.get(lang), "customers": self.customers.get(lang),
                "gain_a": self.gain_a.get(lang) if self.gain_a else "",
                "gain_b": self.gain_b.get(lang) if self.gain_b else "",
                "horizon": self.horizon, "people_a": self.people_a, "people_b": self.people_b}


class CaseSection(BaseModel):
    """The module's section of a case file: ideas for initiatives."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    ideas: list[CaseIdea] = Field(min_length=4, max_length=12)


def of(case: Case) -> CaseSection:
    """The case's initiatives section (validated once per case)."""
    return case.section(KEY, CaseSection)
