"""Steps of the workshop in one page: a navigation bar, one step shown at a time.

Views are built on first visit and kept, so moving back and forth costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from widgets import safe
from widgets.i18n import Translator
from widgets.logs import set_context


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    build: Callable[[], Any]  # returns a view with .widget and .refresh_team()


class Stepper:
    def __init__(self, steps: list[Step], tr: Translator, start: str | None = None,
                 is_locked: Callable[[str], bool] | None = None):
        self.steps = steps
        self.is_locked = is_locked or (lambda _key: False)
        self.waiting = w.HTML(safe.html('<div class="aw-card aw-waiting" role="status"><h3>{t}</h3><p>{h}</p></div>',
                                        t=tr("stepper.locked_title"), h=tr("stepper.locked_help")))
        self.views: dict[str, Any] = {}
        self.nav = w.ToggleButtons(
            options=[(s.title, s.key) for s in steps],
            tooltips=[s.title for s in steps],
            style={"button_width": "auto"},
        )
        self.nav.add_class("aw-nav")
        self.content = w.Box(layout=w.Layout(display="block", width="100%"))
        self.prev = w.Button(description=tr("stepper.previous"), icon="arrow-left")
        self.next = w.Button(description=tr("stepper.next"), icon="arrow-right", button_style="info")
        self.prev.on_click(lambda _b: self.move(-1))
        self.next.on_click(lambda _b: self.move(1))
        footer = w.HBox([self.prev, self.next], layout=w.Layout(justify_content="space-between"))
        if len(steps) == 1:  # a module's own page: no navigation to show
            self.nav.layout.display = "none"
            footer.layout.display = "none"
        self.widget = w.VBox([self.nav, self.content, footer])
        self.nav.observe(lambda change: self.show(change["new"]), "value")
        keys = [s.key for s in steps]
        self.nav.value = start if start in keys else keys[0]
        self.show(self.nav.value)

    @property
    def current(self) -> str:
        return self.nav.value

    @property
    def current_view(self):
        return self.views.get(self.current)

    def view(self, key: str):
        if key not in self.views:
            step = next(s for s in self.steps if s.key == key)
            self.views[key] = step.build()
            # a stable hook for styling, support and tests: which step this content is
            self.views[key].widget.add_class(f"aw-step-{key}")
        return self.views[key]

    def show(self, key: str) -> None:
        if self.is_locked(key):  # the facilitator has not opened this module yet
            self.content.children = [self.waiting]
            if self.nav.value != key:
                self.nav.value = key
            return
        set_context(module=key)  # for the kernel log
        fresh = key not in self.views  # a view just built has already loaded the team's data
        view = self.view(key)
        self.content.children = [view.widget]
        index = [s.key for s in self.steps].index(key)
        self.prev.disabled = index == 0
        self.next.disabled = index == len(self.steps) - 1
        if self.nav.value != key:
            self.nav.value = key
        refresh = getattr(view, "refresh_team", None)
        if refresh and not fresh:
            refresh()

    def move(self, delta: int) -> None:
        keys = [s.key for s in self.steps]
        index = min(max(keys.index(self.current) + delta, 0), len(keys) - 1)
        self.show(keys[index])

    def refresh_current(self) -> None:
        """The team's data changed: refresh the visible view (others refresh when shown)."""
        locked = self.is_locked(self.current)
        if locked or self.content.children == (self.waiting,):
            self.show(self.current)  # locked now, or just unlocked
            return
        refresh = getattr(self.current_view, "refresh_team", None)
        if refresh:
            refresh()
