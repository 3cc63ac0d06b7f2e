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
                 is_locked: Callable[[str], bool] | None = None,
                 on_tab: Callable[[str, int | None], None] | None = None):
        self.steps = steps
        self.is_locked = is_locked or (lambda _key: False)
        self.on_tab = on_tab  # told (step, index) when a tab is selected inside a step
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
        # the step's title as a heading: where focus goes when the step changes (widgets/ui/js/access.js),
        # so that a screen reader starts reading the new step there
        self.title = w.HTML()
        self.title.add_class("aw-steptitle-slot")
        self.prev = w.Button(description=tr("stepper.previous"), icon="arrow-left")
        self.next = w.Button(description=tr("stepper.next"), icon="arrow-right", button_style="info")
        for button in (self.prev, self.next):
            button.add_class("aw-stepmove")
        self.prev.on_click(lambda _b: self.move(-1))
        self.next.on_click(lambda _b: self.move(1))
        footer = w.HBox([self.prev, self.next], layout=w.Layout(justify_content="space-between"))
        if len(steps) == 1:  # a module's own page: no navigation to show
            self.nav.layout.display = "none"
            footer.layout.display = "none"
            self.title.layout.display = "none"
        self.widget = w.VBox([self.nav, self.title, self.content, footer])
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
            tabs = self.tabs_of(key)
            if tabs is not None:
                tabs.observe(lambda change, key=key: self.on_tab and self.on_tab(key, change["new"]), "selected_index")
        return self.views[key]

    def tabs_of(self, key: str) -> w.Tab | None:
        """The tabs of a step's view once built (its ``tabs``, else the first ``Tab`` in it)."""
        view = self.views.get(key)
        if view is None:
            return None
        tabs = getattr(view, "tabs", None)
        if isinstance(tabs, w.Tab):
            return tabs
        queue = [view.widget]
        while queue:
            widget = queue.pop(0)
            if isinstance(widget, w.Tab):
                return widget
            queue += [c for c in getattr(widget, "children", ()) if isinstance(c, w.Widget)]
        return None

    def select_tab(self, key: str, index: int) -> None:
        """Select the tab ``index`` inside the step ``key`` (built, and not locked)."""
        tabs = self.tabs_of(key)
        if tabs is not None and 0 <= index < len(tabs.children):
            tabs.selected_index = index

    def show(self, key: str) -> None:
        title = next(s.title for s in self.steps if s.key == key)
        self.title.value = safe.html('<h2 class="aw-steptitle" tabindex="-1">{t}</h2>', t=title)
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
