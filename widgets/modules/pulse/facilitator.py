"""The pulse's panel in the facilitator's Controls tab: its room settings (the round the room
answers, whether members choose the company they speak for or the facilitator assigns it), and
the assignment of the person picked in the people list."""

from __future__ import annotations

import ipywidgets as w

from widgets import documents, registry, safe
from widgets.contract import FacilitatorContext
from widgets.modules.pulse import model as pl
from widgets.store import Conflict, DocRef
from widgets.ui.messages import MessageArea

WIDE = {"description_width": "140px"}


class PulsePanel:
    def __init__(self, ctx: FacilitatorContext):
        self.ctx = ctx
        tr = ctx.tr
        self.round = w.ToggleButtons(options=[(tr(f"pulse.facilitator.round_{r}"), r) for r in pl.ROUNDS],
                                     description=tr("pulse.facilitator.round"), style=WIDE)
        self.round.observe(ctx.report(lambda c: ctx.update_settings(round=c["new"])), "value")
        self.sides_mode = w.ToggleButtons(options=[(tr("pulse.facilitator.sides_choose"), False),
                                                   (tr("pulse.facilitator.sides_assign"), True)],
                                          description=tr("pulse.facilitator.sides"), style=WIDE)
        self.sides_mode.observe(ctx.report(lambda c: ctx.update_settings(sides_assigned=c["new"])), "value")
        self.side = w.Dropdown(options=[(tr("pulse.no_side"), "")] +
                               [(ctx.case.companies[p].name, p) for p in pl.SIDES],
                               description=tr("pulse.facilitator.side_for"), style=WIDE, layout=w.Layout(width="480px"))
        self.assign_button = w.Button(description=tr("pulse.facilitator.assign"), icon="exchange")
        self.assign_button.on_click(ctx.report(lambda _b: self.assign(ctx.person(), self.side.value)))
        self.message = MessageArea()
        self.widget = w.VBox([
            w.HTML(safe.html("<h4>{t}</h4><p class='aw-muted'>{h}</p>", t=tr("pulse.facilitator.title"),
                             h=tr("pulse.facilitator.help"))),
            self.round, self.sides_mode, w.HBox([self.side, self.assign_button]), self.message.widget,
        ])

    def show(self, _controls) -> None:
        """The pulse's room settings as they are now (called by the dashboard whenever the
        room's controls or settings change; the observers find the stored values and change nothing)."""
        settings = self.ctx.settings()
        self.round.value = settings.round
        self.sides_mode.value = settings.sides_assigned

    def assign(self, pid: int | None, side: str) -> bool:
        """Person ``pid`` speaks for ``side`` ("a", "b", or "" for none): written into their
        team's document, so it holds whether or not they are online."""
        ctx, tr = self.ctx, self.ctx.tr
        team = next((t for t in ctx.store.event_overview(ctx.event.id)
                     if any(m["id"] == pid for m in t["participants"])), None)
        if team is None:
            self.message.show("error", tr("pulse.facilitator.pick_person"))
            return False
        name = next(m["name"] for m in team["participants"] if m["id"] == pid)
        ref = DocRef.of_team(ctx.event.id, team["id"])
        spec = registry.get(pl.KEY)
        try:  # a member may be choosing at the same moment: the assignment is re-applied on their version
            ctx.store.edit(ref, pl.KEY, lambda data: pl.assign_sides(pl.load_sides(data), {name: side or None}),
                           save=lambda sides, base: documents.save(ctx.store, ref, spec, sides, base_revision=base))
        except Conflict:
            self.message.show("error", tr("error.store.busy_team"))
            return False
        company = tr("pulse.no_side") if not side else ctx.case.companies[side].name
        self.message.show("ok", tr("pulse.facilitator.assigned", name=name, company=company))
        return True
