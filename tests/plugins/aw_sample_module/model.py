"""The confidence vote's documents and its one rule."""

from __future__ import annotations

from pydantic import BaseModel, Field

KEY = "confidence"
SPREAD_CONTESTED = 2  # a spread of two points or more is a disagreement worth a debrief


class Vote(BaseModel):
    confidence: int | None = Field(None, ge=1, le=5)
    why: str = Field("", max_length=500)


def shared_view(mean: float | None, spread: int | None) -> bool | None:
    """A shared, confident view: a mean of 3 or more and a spread under SPREAD_CONTESTED."""
    return None if mean is None or spread is None else (mean >= 3 and spread < SPREAD_CONTESTED)
