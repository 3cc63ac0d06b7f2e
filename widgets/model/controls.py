"""What the facilitator controls for the whole room: locked modules, a countdown timer,
whether teams see each other's results, and a broadcast message."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from widgets.model.text import UserText

KEY = "controls"
MAX_TIMER_MINUTES = 240

Key = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,47}$")]


class Controls(BaseModel):
    model_config = ConfigDict(extra="forbid")

    locked: list[Key] = Field(default_factory=list, max_length=30)
    timer_end: datetime | None = None  # UTC
    timer_label: UserText(80) = ""
    reveal: bool = False
    broadcast: UserText(280, multiline=True) = ""
    broadcast_at: datetime | None = None
    # a module's own room settings are its document, not fields here (ModuleSpec.settings_model)

    def is_locked(self, module: str) -> bool:
        return module in self.locked

    def remaining(self, now: datetime | None = None) -> int | None:
        """Whole seconds left on the timer (0 when it has run out), None without a timer."""
        if self.timer_end is None:
            return None
        now = now or datetime.now(timezone.utc)
        end = self.timer_end if self.timer_end.tzinfo else self.timer_end.replace(tzinfo=timezone.utc)
        return max(0, int((end - now).total_seconds() + 0.999))


def start_timer(controls: Controls, minutes: float, label: str = "", now: datetime | None = None) -> Controls:
    minutes = max(0.0, min(float(minutes), MAX_TIMER_MINUTES))
    now = now or datetime.now(timezone.utc)
    return Controls.model_validate({**controls.model_dump(), "timer_end": now + timedelta(minutes=minutes),
                                    "timer_label": label})


def clock(seconds: int) -> str:
    """``mm:ss`` (or ``h:mm:ss``) for a countdown."""
    h, rest = divmod(max(0, seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"
