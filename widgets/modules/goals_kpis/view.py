"""Goals and KPIs view: the team's vision and business case, your proposals, the team set."""

from __future__ import annotations

from collections.abc import Collection

import ipywidgets as w

from widgets import safe
from widgets.model.problems import Problem, validate
from widgets.modules.goals_kpis import model as gk
from widgets.modules.goals_kpis import report
from widgets.ui.charts import ChartSlot
from widgets.ui.choices import UNSET, chosen, shown, unset
from widgets.ui.context import ModuleContext
from widgets.ui.findings import checks_html
from widgets.ui.layout import card, heading
from widgets.ui.messages import MessageArea
from widgets.ui.tables import Cell, table
from widgets.ui.view import REFUSED, ModuleView

NEW = "__new__"
LABEL = {"description_width": "170px"}
MONEY = tuple(f"{side}_{name}" for side in ("a", "b") for name in ("investment", "annual_return"))


def _amount(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


def _plan_boxes_show(plan: gk.TeamPlan) -> dict[str, object]:
    """What the plan's boxes show for ``plan`` (by the names :func:`gk.read_plan` reads)."""
    return {"vision": plan.vision, "scope_in": plan.scope_in, "scope_out": plan.scope_out,
            "horizon_years": plan.horizon_years,
            **{f"{side}_{name}": _amount(getattr(getattr(plan, side), name)) for side in ("a", "b")
               for name in ("investment", "annual_return")}}


class GoalsKpisView(ModuleView):
    """``self.doc`` is this member's :class:`gk.Entry`; ``self.state.plan`` the team's plan as
    last read, and ``self._plan_shown`` the plan the boxes were last filled from."""

    doc: gk.Entry

    def __init__(self, ctx: ModuleContext):
        super().__init__(ctx)
        tr, case = self.tr, self.case
        self.names = {"a": case.companies["a"].name, "b": case.companies["b"].name}
        self._signature = None
        self._plan_shown: gk.TeamPlan | None = None
        self._editing: str | None = None  # the KPI the form shows (NEW: a new one)
        self.endorse_boxes: dict[str, w.Checkbox] = {}
        self.state: report.GoalsState | None = None

        # -- vision and business case (the team's shared plan)
        self.vision = w.Textarea(description=tr("goals_kpis.vision"), placeholder=tr("goals_kpis.vision_placeholder"),
                                 style=LABEL, layout=w.Layout(width="95%", height="90px"))
        self.scope_in = w.Textarea(description=tr("goals_kpis.scope_in"), placeholder=tr("goals_kpis.scope_in_placeholder"),
                                   style=LABEL, layout=w.Layout(width="95%", height="70px"))
        self.scope_out = w.Textarea(description=tr("goals_kpis.scope_out"),
                                    placeholder=tr("goals_kpis.scope_out_placeholder"), style=LABEL,
                                    layout=w.Layout(width="95%", height="70px"))
        self.horizon = w.IntSlider(min=1, max=10, description=tr("goals_kpis.horizon_years"), style=LABEL,
                                   continuous_update=False)
        self.money = {}
        money_rows = []
        for side in ("a", "b"):
            inv = w.Text(description=tr("goals_kpis.investment_of", company=self.names[side]), style=LABEL,
                         placeholder="0", layout=w.Layout(width="420px"))
            ret = w.Text(description=tr("goals_kpis.return_of", company=self.names[side]), style=LABEL,
                         placeholder="0", layout=w.Layout(width="420px"))
            self.money[side] = (inv, ret)
            money_rows += [inv, ret]
        # the plan's boxes by the names gk.read_plan reads
        self.plan_boxes: dict[str, w.ValueWidget] = {
            "vision": self.vision, "scope_in": self.scope_in, "scope_out": self.scope_out,
            "horizon_years": self.horizon,
            **{name: self.money[name[0]][0 if name.endswith("investment") else 1] for name in MONEY}}
        for name, box in self.plan_boxes.items():
            box.observe(self.report(lambda _c, n=name: self._plan_changed(n)), "value")
        self.plan_message = MessageArea()
        self.returns = w.HTML()
        self.business_chart = ChartSlot(340)
        plan_tab = w.VBox([
            card(heading(tr("goals_kpis.vision_title"), tr("goals_kpis.vision_help")), self.vision),
            card(heading(tr("goals_kpis.scope_title"), tr("goals_kpis.scope_help")), self.scope_in, self.scope_out),
            card(heading(tr("goals_kpis.business_title"), tr("goals_kpis.business_help")), self.horizon,
                  *money_rows, self.plan_message.widget, self.returns, self.business_chart.widget),
        ])

        # -- your proposals
        self.goal_text = w.Text(description=tr("goals_kpis.new_goal"), placeholder=tr("goals_kpis.goal_placeholder"),
                                style=LABEL, layout=w.Layout(width="640px"))
        self.goal_add = w.Button(description=tr("goals_kpis.add_goal"), icon="plus")
        self.goal_add.on_click(self.report(lambda _b: self.add_goal()))
        self.my_goals = w.VBox()
        self.goal_message = MessageArea()
        self.kpi_pick = w.Dropdown(description=tr("goals_kpis.kpi_edit"), style=LABEL)
        self.kpi_pick.observe(self.report(lambda c: self._pick_changed(c["new"])), "value")
        self.f_name = w.Text(description=tr("goals_kpis.kpi_name"), style=LABEL, layout=w.Layout(width="640px"))
        self.f_goal = w.Dropdown(description=tr("goals_kpis.kpi_goal"), style=LABEL, layout=w.Layout(width="640px"))
        self.f_category = w.Dropdown(options=[(tr(f"goals_kpis.category.{c}"), c) for c in gk.CATEGORIES],
                                     description=tr("goals_kpis.kpi_category"), style=LABEL)
        self.f_kind = w.ToggleButtons(options=[(tr("goals_kpis.kind.quantitative"), "quantitative"),
                                               (tr("goals_kpis.kind.qualitative"), "qualitative")],
                                      description=tr("goals_kpis.kpi_kind"), style={**LABEL, "button_width": "auto"})
        self.f_baseline = w.Text(description=tr("goals_kpis.kpi_baseline"), style=LABEL)
        self.f_target = w.Text(description=tr("goals_kpis.kpi_target"), style=LABEL)
        self.f_unit = w.Text(description=tr("goals_kpis.kpi_unit"), placeholder=tr("goals_kpis.unit_placeholder"), style=LABEL)
        self.f_scale = w.Text(description=tr("goals_kpis.kpi_scale"), placeholder=tr("goals_kpis.scale_placeholder"),
                              style=LABEL, layout=w.Layout(width="640px"))
        self.f_horizon = w.ToggleButtons(options=[(tr("goals_kpis.horizon.short"), "short"),
                                                  (tr("goals_kpis.horizon.long"), "long")], value=None,
                                         description=tr("goals_kpis.kpi_horizon"), style={**LABEL, "button_width": "auto"})
        self.f_due = w.BoundedIntText(value=0, min=0, max=gk.MAX_DUE_MONTHS, description=tr("goals_kpis.kpi_due"),
                                      tooltip=tr("goals_kpis.kpi_due_tip"), style=LABEL)
        self.f_beneficiary = w.ToggleButtons(
            options=[(tr(f"goals_kpis.beneficiary.{b}", **self.names), b) for b in gk.BENEFICIARIES], value="both",
            description=tr("goals_kpis.kpi_beneficiary"), style={**LABEL, "button_width": "auto"})
        self.f_owner = w.Text(description=tr("goals_kpis.kpi_owner"), placeholder=tr("goals_kpis.owner_placeholder"),
                              style=LABEL)
        self.f_frequency = w.Dropdown(options=unset(tr("goals_kpis.frequency.unset"),
                                                    [(tr(f"goals_kpis.frequency.{f}"), f) for f in gk.FREQUENCIES]),
                                      description=tr("goals_kpis.kpi_frequency"), style=LABEL)
        self.kpi_save = w.Button(description=tr("goals_kpis.kpi_save"), icon="check", button_style="info")
        self.kpi_delete = w.Button(description=tr("goals_kpis.kpi_delete"), icon="trash", button_style="warning")
        self.kpi_save.on_click(self.report(lambda _b: self.save_kpi()))
        self.kpi_delete.on_click(self.report(lambda _b: self.delete_kpi()))
        self.kpi_message = MessageArea()
        self.my_kpis = w.HTML()
        proposals_tab = w.VBox([
            card(heading(tr("goals_kpis.goals_title"), tr("goals_kpis.goals_help")), w.HBox([self.goal_text, self.goal_add]),
                  self.goal_message.widget, self.my_goals),
            card(heading(tr("goals_kpis.kpi_title"), tr("goals_kpis.kpi_help")), self.kpi_pick, self.f_name, self.f_goal,
                  self.f_category, self.f_kind, self.f_baseline, self.f_target, self.f_unit, self.f_scale,
                  self.f_due, self.f_horizon, self.f_beneficiary, self.f_owner, self.f_frequency,
                  w.HBox([self.kpi_save, self.kpi_delete]), self.kpi_message.widget, self.my_kpis),
        ])

        # -- the team set
        self.team_checks = w.HTML()
        self.wins = w.HTML()
        self.endorse_box = w.VBox()
        self.team_table = w.HTML()
        self.category_chart = ChartSlot(360)
        self.beneficiary_chart = ChartSlot(280)
        self.debrief = self.debrief_card()
        team_tab = w.VBox([
            card(heading(tr("goals_kpis.team_title"), tr("goals_kpis.team_help")), self.team_checks, self.wins,
                 self.team_table),
            card(heading(tr("goals_kpis.endorse_title"), tr("goals_kpis.endorse_help")), self.endorse_box),
            card(self.category_chart.widget, self.beneficiary_chart.widget),
            card(self.debrief),
        ])
        self.tabs = w.Tab(children=[plan_tab, proposals_tab, team_tab],
                          titles=[tr("goals_kpis.tab_plan"), tr("goals_kpis.tab_proposals"), tr("goals_kpis.tab_team")])
        self.widget = w.VBox([w.HTML(safe.html('<div class="aw-lead">{t}</div>', t=tr("goals_kpis.lead"))), self.tabs])
        self.widget.add_class("aw-module")
        self.refresh_team()
        self._show_mine()

    # -- data ---------------------------------------------------------------------------------
    @property
    def me(self) -> str:
        return self.ctx.session.participant.name

    def refresh_team(self) -> None:
        team = self.ctx.session.team()
        self.state = report.state_for(team)
        self._draw_team()
        self._show_returns()
        if self.state.plan != self._plan_shown and not self.ctx.typing("plan"):
            # a teammate changed the plan and you are not typing: what you typed and the plan
            # refused (an amount you are fixing) stays in its box
            self._show_plan_inputs(keep=self._plan_edits())

    # -- vision and business case ---------------------------------------------------------------
    def _show_plan_inputs(self, keep: Collection[str] = ()) -> None:
        """Fill the plan's boxes from the team's plan, except those named in ``keep`` (what the
        member typed). The plan the boxes show is noted first, so their observers find each box
        as the plan has it and store nothing."""
        plan = self._plan_shown = self.state.plan
        for name, value in _plan_boxes_show(plan).items():
            if name not in keep:
                self.plan_boxes[name].value = value

    def _plan_edits(self) -> dict[str, object]:
        """The boxes the member changed, as typed: those that read as something else than the
        plan they were filled from (a refused value included). "1200000" typed over "1,200,000"
        is no change, nor is an amount shown rounded."""
        drawn = self._plan_shown
        if drawn is None:
            return {}
        shown = _plan_boxes_show(drawn)
        edits = {}
        for name, box in self.plan_boxes.items():
            if box.value == shown[name]:
                continue
            read, problems = gk.read_plan({name: box.value}, drawn)
            if problems or read != drawn:
                edits[name] = box.value
        return edits

    def _show_plan_problems(self, problems: list[Problem]) -> None:
        if problems:
            self.plan_message.error(self.tr, problems)
        else:
            self.plan_message.clear()

    def _plan_changed(self, name: str) -> None:
        """A box of the plan changed. Every valid change is kept; a refused one keeps the stored
        value and is named beside the plan. A box that reads as the plan it was filled from (the
        page set it, or the member typed it back) stores nothing; what differs from the team's
        plan is stored after a pause in typing."""
        edits = self._plan_edits()
        plan, problems = gk.read_plan(edits, self.state.plan)
        self._show_plan_problems(problems)
        if plan == self.state.plan:  # nothing to store (a pending save of a change typed back goes too)
            self.ctx.cancel_pending("plan")
            return
        if name not in edits:  # the page filled this box with the plan's own value
            return
        self.ctx.soon(self._store_plan, key="plan")

    def _store_plan(self) -> None:
        """Store the member's changes to the plan (read when the pause in typing ends) on the
        team's latest plan: a teammate's change to another field stays."""
        edits = self._plan_edits()
        if gk.read_plan(edits, self.state.plan)[0] == self.state.plan:
            return  # typed back during the pause
        stored: list[gk.TeamPlan] = []

        def change(current) -> gk.TeamPlan:
            stored.append(gk.read_plan(edits, validate(gk.TeamPlan, current))[0])
            return stored[-1]

        revision = self.attempt(lambda: self.ctx.edit_team(change, dict), near=self.plan_message)
        if revision is REFUSED or revision is None:
            return
        plan = stored[-1]
        self.state.plan, self.state.returns = plan, gk.business_case(plan)
        if plan != self._plan_shown:  # (the redraw the save causes may have shown it already)
            self._show_plan_inputs(keep=edits)  # the boxes typed in stay as typed
        # the save took the valid fields; a field still refused stays named
        self._show_plan_problems(gk.read_plan(self._plan_edits(), plan)[1])
        self._show_returns()

    def _show_returns(self) -> None:
        tr = self.tr
        rows = []
        for r in self.state.returns:
            rows.append([self.names[r.partner], _amount(r.investment) or "–", _amount(r.annual_return) or "–",
                         _amount(r.total_return) or "–",
                         tr.percent(r.roi),
                         "–" if r.payback_years is None else tr("goals_kpis.years", n=tr.number(r.payback_years, 1))])
        self.returns.value = table([tr("goals_kpis.col_partner"), tr("goals_kpis.investment"), tr("goals_kpis.annual_return"),
                                    tr("goals_kpis.total_return", years=self.state.plan.horizon_years),
                                    tr("goals_kpis.col_roi"), tr("goals_kpis.col_payback")], rows,
                                   caption=tr("goals_kpis.returns_caption"))
        self.business_chart.show(report.business_chart(self.state, tr, self.ctx.session.case), tr)

    # -- your proposals ---------------------------------------------------------------------------
    def add_goal(self) -> None:
        entry = self.attempt(lambda: gk.add_goal(self.doc, self.goal_text.value), near=self.goal_message)
        if entry is not REFUSED and self.commit(entry):
            self.goal_text.value = ""
            self.goal_message.clear()
            self._show_mine()

    def remove_goal(self, goal_id: str) -> None:
        if self.commit(gk.remove_goal(self.doc, goal_id)):
            self._show_mine()

    def _goal_options(self) -> list[tuple[str, str]]:
        return unset(self.tr("goals_kpis.no_goal"), [(f"{g.item.text} ({', '.join(g.proposed_by)})", g.ref)
                                                           for g in self.state.team.goals])

    def _show_mine(self, select: str | None = None, reload: bool = False) -> None:
        """This member's goals, the KPI picker and their KPIs. The KPI being edited stays chosen
        (``select``: another one) and its form keeps what is typed unless ``reload``."""
        tr = self.tr
        rows = []
        for g in self.doc.goals:
            button = w.Button(description=tr("goals_kpis.remove"), icon="trash", tooltip=g.text,
                              layout=w.Layout(width="auto"))
            button.on_click(self.report(lambda _b, gid=g.id: self.remove_goal(gid)))
            rows.append(w.HBox([w.HTML(safe.html("<span>{t}</span>", t=g.text), layout=w.Layout(width="520px")),
                                button]))
        self.my_goals.children = rows
        current = select or self.kpi_pick.value
        target = current if current in [k.id for k in self.doc.kpis] else NEW
        options = [(tr("goals_kpis.kpi_new"), NEW)] + [(k.name, k.id) for k in self.doc.kpis]
        with self.kpi_pick.hold_sync():  # one message to the browser
            if list(self.kpi_pick.options) != options:
                self.kpi_pick.options = options  # resets the choice to the first option...
            self.kpi_pick.value = target  # ...and this puts it back; the observer loads a changed choice
        if reload:
            self._load_form()
        checks = self.state.team.kpi_checks if self.state else {}
        kpi_rows = []
        for k in self.doc.kpis:
            r = gk.ref(self.me, k.id)
            results = checks.get(r) or gk.kpi_checks(k)
            kpi_rows.append([k.name, tr(f"goals_kpis.category.{k.category}"),
                             *[Cell("✓" if c.ok else "✗", "aw-ok" if c.ok else "aw-bad",
                                    tr(f"finding.{c.code}.{'ok' if c.ok else 'fail'}", **c.params)) for c in results]])
        self.my_kpis.value = table([tr("goals_kpis.col_kpi"), tr("goals_kpis.kpi_category"), tr("goals_kpis.col_measurable"),
                                    tr("goals_kpis.col_owned"), tr("goals_kpis.col_time_bound")], kpi_rows,
                                   caption=tr("goals_kpis.my_kpis_caption")) if kpi_rows else ""

    def _pick_changed(self, value: str | None) -> None:
        """The picker chose a KPI to edit: its form is loaded, unless it shows that one already."""
        if value is None or value == self._editing:
            return
        self._load_form()

    def _load_form(self) -> None:
        """The form shows the chosen KPI (a blank one for a new KPI); its fields save nothing
        until the member saves the KPI."""
        self._editing = self.kpi_pick.value
        kpi = next((k for k in self.doc.kpis if k.id == self._editing), None)
        goals = [v for _, v in self.f_goal.options]
        self.f_name.value = kpi.name if kpi else ""
        self.f_goal.value = kpi.goal if kpi and kpi.goal in goals else UNSET
        self.f_category.value = kpi.category if kpi else "revenue"
        self.f_kind.value = kpi.kind if kpi else "quantitative"
        self.f_baseline.value = "" if not kpi or kpi.baseline is None else f"{kpi.baseline:g}"
        self.f_target.value = "" if not kpi or kpi.target is None else f"{kpi.target:g}"
        self.f_unit.value = kpi.unit if kpi else ""
        self.f_scale.value = kpi.scale if kpi else ""
        self.f_horizon.value = kpi.horizon if kpi else None
        self.f_due.value = kpi.due_months or 0 if kpi else 0
        self.f_beneficiary.value = kpi.beneficiary if kpi else "both"
        self.f_owner.value = kpi.owner if kpi else ""
        self.f_frequency.value = shown(kpi.frequency if kpi else None)
        self.kpi_delete.disabled = kpi is None

    def save_kpi(self) -> None:
        editing = self.kpi_pick.value != NEW
        kpi_id = self.kpi_pick.value if editing else gk.next_id(self.doc, "k")
        def read_kpi() -> tuple[gk.Kpi, gk.Entry]:
            kpi = validate(gk.Kpi, {
                "id": kpi_id, "name": self.f_name.value, "goal": chosen(self.f_goal.value),
                "category": self.f_category.value, "kind": self.f_kind.value,
                "baseline": gk.parse_amount(self.f_baseline.value), "target": gk.parse_amount(self.f_target.value),
                "unit": self.f_unit.value, "scale": self.f_scale.value, "horizon": self.f_horizon.value,
                "due_months": self.f_due.value or None,
                "beneficiary": self.f_beneficiary.value, "owner": self.f_owner.value,
                "frequency": chosen(self.f_frequency.value)})
            return kpi, gk.put_kpi(self.doc, kpi)

        result = self.attempt(read_kpi, near=self.kpi_message)
        if result is REFUSED:
            return
        kpi, entry = result
        if not self.commit(entry):
            return
        failed = [c for c in gk.kpi_checks(kpi) if not c.ok]
        if failed:
            self.kpi_message.show("info", self.tr("goals_kpis.kpi_saved"),
                                  *[self.tr(f"finding.{c.code}.fail", **c.params) for c in failed])
        else:
            self.kpi_message.show("ok", self.tr("goals_kpis.kpi_saved"))
        self._show_mine(select=kpi_id, reload=True)  # the form shows the KPI as saved

    def delete_kpi(self) -> None:
        if self.commit(gk.remove_kpi(self.doc, self.kpi_pick.value)):
            self.kpi_message.show("ok", self.tr("goals_kpis.kpi_deleted"))
            self._show_mine(select=NEW, reload=True)

    # -- the team set ---------------------------------------------------------------------------
    def set_endorsed(self, ref: str, on: bool) -> None:
        """A box of the endorsements changed: store it (a box that says what is stored stores
        nothing); when the save fails the box is put back."""
        merged = next((p.refs for p in self.state.team.goals + self.state.team.kpis if p.ref == ref), [ref])
        box = self.endorse_boxes.get(ref)
        self.commit(gk.set_endorsed(self.doc, ref, on, merged),
                    undo=None if box is None else lambda: setattr(box, "value", not on))

    def _proposal_text(self, p: gk.Proposal) -> str:
        if isinstance(p.item, gk.Goal):
            return self.tr("goals_kpis.proposal_goal", text=p.item.text, author=", ".join(p.proposed_by))
        return self.tr("goals_kpis.proposal_kpi", name=p.item.name, author=", ".join(p.proposed_by),
                       category=self.tr(f"goals_kpis.category.{p.item.category}"))

    def _update_goal_options(self) -> None:
        options = self._goal_options()
        if list(self.f_goal.options) == options:
            return
        current = self.f_goal.value  # the member's choice, kept when the goal is still there
        with self.f_goal.hold_sync():  # one message to the browser; nothing observes the list
            self.f_goal.options = options  # (this resets the choice)
            self.f_goal.value = current if current in [v for _, v in options] else UNSET

    def _draw_team(self) -> None:
        tr, team = self.tr, self.state.team
        self._update_goal_options()
        self.team_checks.value = checks_html(tr, team.checks)
        headers, rows = report.wins_table(team.wins, self.names, tr)
        self.wins.value = table(headers, [[name, *[Cell(str(n), "" if n else "aw-bad") for n in counts]]
                                          for name, *counts in rows], caption=tr("goals_kpis.wins_caption"))
        others = [p for p in team.goals + team.kpis if self.me not in p.proposed_by]
        signature = [(p.ref, self._proposal_text(p)) for p in others]
        if signature != self._signature:
            self._signature = signature
            self.endorse_boxes = {}
            rows = []
            for p, (_r, text) in zip(others, signature, strict=True):  # each box made as the document says
                box = w.Checkbox(value=any(r in self.doc.endorse for r in p.refs), description=text, indent=False,
                                 layout=w.Layout(width="95%"))
                box.observe(self.report(lambda c, r=p.ref: self.set_endorsed(r, c["new"])), "value")
                self.endorse_boxes[p.ref] = box
                rows.append(box)
            self.endorse_box.children = rows or [w.HTML(safe.html("<p class='aw-muted'>{t}</p>",
                                                                  t=tr("goals_kpis.nothing_to_endorse")))]
        goal_text = {g.ref: g.item.text for g in team.goals}
        rows = []
        for p in team.chosen_kpis:
            k = p.item
            target = (f"{tr.number(k.baseline)} → {tr.number(k.target)} {k.unit}".strip()
                      if k.baseline is not None and k.target is not None
                      else (f"{tr.number(k.target)} {k.unit}".strip() if k.target is not None else k.scale or "–"))
            rows.append([k.name, goal_text.get(team.entry_ref(k.goal), "–"), tr(f"goals_kpis.category.{k.category}"), target,
                         report.horizon_text(k.horizon, k.due_months, tr),
                         tr(f"goals_kpis.beneficiary.{k.beneficiary}", **self.names), k.owner or "–",
                         tr(f"goals_kpis.frequency.{k.frequency or 'unset'}"), report.members_text(p.proposed_by),
                         report.members_text(p.endorsed_by)])
        goals = "; ".join(tr("goals_kpis.goal_supporters", text=g.item.text, names=report.members_text(g.supporters))
                          for g in team.chosen_goals)
        self.team_table.value = (safe.html("<p><b>{t}</b> {g}</p>", t=tr("goals_kpis.team_goals"), g=goals or "–") +
                                 table([tr("goals_kpis.col_kpi"), tr("goals_kpis.kpi_goal"), tr("goals_kpis.kpi_category"),
                                        tr("goals_kpis.col_target"), tr("goals_kpis.kpi_horizon"), tr("goals_kpis.kpi_beneficiary"),
                                        tr("goals_kpis.kpi_owner"), tr("goals_kpis.kpi_frequency"), tr("goals_kpis.col_proposed"),
                                        tr("goals_kpis.col_endorsed")], rows, caption=tr("goals_kpis.team_caption")))
        self.category_chart.show(report.category_chart(self.state, tr), tr)
        self.beneficiary_chart.show(report.beneficiary_chart(self.state, tr, self.ctx.session.case), tr)
