"""Goals and KPIs view: the team's vision and business case, your proposals, the team set."""

from __future__ import annotations

import ipywidgets as w

from widgets import safe
from widgets.model.problems import validate
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






def _amount(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


class GoalsKpisView(ModuleView):
    def __init__(self, ctx: ModuleContext):
        super().__init__(ctx)
        tr, case = self.tr, self.case
        self.names = {"a": case.companies["a"].name, "b": case.companies["b"].name}
        self._signature = None
        self._plan_shown = None
        self.entry = self._load_own()
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
            for box in (inv, ret):
                box.observe(self.report(lambda _c: self._plan_changed()), "value")
        for box in (self.vision, self.scope_in, self.scope_out):
            box.observe(self.report(lambda _c: self._plan_changed()), "value")
        self.horizon.observe(self.report(lambda _c: self._plan_changed()), "value")
        self.plan_message = MessageArea()
        self._plan_problems: list = []  # fields of the plan refused as typed (named until fixed)
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
        self.kpi_pick.observe(self.report(lambda _c: self._load_form()), "value")
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
    def _load_own(self) -> gk.Entry:
        saved = self.ctx.load()
        return gk.Entry() if saved is None else gk.Entry.model_validate(saved)

    @property
    def me(self) -> str:
        return self.ctx.session.participant.name

    @property
    def value(self) -> dict:
        return self.entry.model_dump(mode="json")

    def _save_entry(self, entry: gk.Entry) -> bool:
        """Save ``entry`` as this member's document; keep the one before if the save fails."""
        before, self.entry = self.entry, entry
        if self.ctx.save(entry.model_dump(mode="json")) is None:
            self.entry = before
            return False
        return True

    def refresh_team(self) -> None:
        team = self.ctx.session.team()
        self.state = report.state_for(team)
        self._draw_team()
        self._show_returns()
        if self.state.plan.model_dump() != self._plan_shown and not self.ctx.typing("plan"):
            self._show_plan_inputs()  # a teammate changed the plan and you are not typing

    # -- vision and business case ---------------------------------------------------------------
    def _show_plan_inputs(self) -> None:
        plan = self.state.plan
        self._plan_shown = plan.model_dump()
        with self.setting():
            self.vision.value = plan.vision
            self.scope_in.value, self.scope_out.value = plan.scope_in, plan.scope_out
            self.horizon.value = plan.horizon_years
            for side in ("a", "b"):
                pc = getattr(plan, side)
                self.money[side][0].value = _amount(pc.investment)
                self.money[side][1].value = _amount(pc.annual_return)

    def _plan_changed(self) -> None:
        if self.quiet:
            return
        typed = {"vision": self.vision.value, "scope_in": self.scope_in.value, "scope_out": self.scope_out.value,
                 "horizon_years": self.horizon.value,
                 **{f"{side}_{name}": self.money[side][i].value for side in ("a", "b")
                    for i, name in enumerate(("investment", "annual_return"))}}
        # every valid field is kept; a bad one keeps its stored value and is named beside the plan
        plan, problems = gk.read_plan(typed, self.state.plan)
        self._plan_problems = problems
        if problems:
            self.plan_message.error(self.tr, problems)
        else:
            self.plan_message.clear()
        if plan.model_dump() != self.state.plan.model_dump():
            self.ctx.soon(lambda: self._store_plan(plan), key="plan")

    def _store_plan(self, plan: gk.TeamPlan) -> None:
        data = plan.model_dump(mode="json")
        # the page shows this plan before it is saved, so the redraw the save causes does not
        # write the stored plan over the boxes (and a refused amount the member is fixing)
        before = self.state.plan, self._plan_shown
        self.state.plan, self._plan_shown = plan, plan.model_dump()
        if self.attempt(lambda: self.ctx.edit_team(lambda _current: data, lambda: None), near=self.plan_message) is REFUSED:
            self.state.plan, self._plan_shown = before
            return
        if self._plan_problems:  # the save took the valid fields; a field still refused stays named
            self.plan_message.error(self.tr, self._plan_problems)
        self.state.returns = gk.business_case(plan)
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
        entry = self.attempt(lambda: gk.add_goal(self.entry, self.goal_text.value), near=self.goal_message)
        if entry is not REFUSED and self._save_entry(entry):
            self.goal_text.value = ""
            self.goal_message.clear()
            self._show_mine()

    def remove_goal(self, goal_id: str) -> None:
        data = self.value
        data["goals"] = [g for g in data["goals"] if g["id"] != goal_id]
        if self._save_entry(validate(gk.Entry, data)):
            self._show_mine()

    def _goal_options(self) -> list[tuple[str, str]]:
        return unset(self.tr("goals_kpis.no_goal"), [(f"{g.item.text} ({', '.join(g.proposed_by)})", g.ref)
                                                           for g in self.state.team.goals])

    def _show_mine(self, select: str | None = None) -> None:
        tr = self.tr
        rows = []
        for g in self.entry.goals:
            button = w.Button(description=tr("goals_kpis.remove"), icon="trash", tooltip=g.text,
                              layout=w.Layout(width="auto"))
            button.on_click(self.report(lambda _b, gid=g.id: self.remove_goal(gid)))
            rows.append(w.HBox([w.HTML(safe.html("<span>{t}</span>", t=g.text), layout=w.Layout(width="520px")),
                                button]))
        self.my_goals.children = rows
        current = select or self.kpi_pick.value
        with self.setting():
            self.kpi_pick.options = [(tr("goals_kpis.kpi_new"), NEW)] + [(k.name, k.id) for k in self.entry.kpis]
            self.kpi_pick.value = current if current in [k.id for k in self.entry.kpis] else NEW
        self._load_form()
        checks = self.state.team.kpi_checks if self.state else {}
        kpi_rows = []
        for k in self.entry.kpis:
            r = gk.ref(self.me, k.id)
            results = checks.get(r) or gk.kpi_checks(k)
            kpi_rows.append([k.name, tr(f"goals_kpis.category.{k.category}"),
                             *[Cell("✓" if c.ok else "✗", "aw-ok" if c.ok else "aw-bad",
                                    tr(f"finding.{c.code}.{'ok' if c.ok else 'fail'}", **c.params)) for c in results]])
        self.my_kpis.value = table([tr("goals_kpis.col_kpi"), tr("goals_kpis.kpi_category"), tr("goals_kpis.col_measurable"),
                                    tr("goals_kpis.col_owned"), tr("goals_kpis.col_time_bound")], kpi_rows,
                                   caption=tr("goals_kpis.my_kpis_caption")) if kpi_rows else ""

    def _load_form(self) -> None:
        if self.quiet:
            return
        kpi = next((k for k in self.entry.kpis if k.id == self.kpi_pick.value), None)
        goals = [v for _, v in self.f_goal.options]
        with self.setting():
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
        kpi_id = self.kpi_pick.value if editing else gk.next_id(self.entry, "k")
        def read_kpi() -> tuple[gk.Kpi, gk.Entry]:
            kpi = validate(gk.Kpi, {
                "id": kpi_id, "name": self.f_name.value, "goal": chosen(self.f_goal.value),
                "category": self.f_category.value, "kind": self.f_kind.value,
                "baseline": gk.parse_amount(self.f_baseline.value), "target": gk.parse_amount(self.f_target.value),
                "unit": self.f_unit.value, "scale": self.f_scale.value, "horizon": self.f_horizon.value,
                "due_months": self.f_due.value or None,
                "beneficiary": self.f_beneficiary.value, "owner": self.f_owner.value,
                "frequency": chosen(self.f_frequency.value)})
            return kpi, gk.put_kpi(self.entry, kpi)

        result = self.attempt(read_kpi, near=self.kpi_message)
        if result is REFUSED:
            return
        kpi, entry = result
        if not self._save_entry(entry):
            return
        failed = [c for c in gk.kpi_checks(kpi) if not c.ok]
        if failed:
            self.kpi_message.show("info", self.tr("goals_kpis.kpi_saved"),
                                  *[self.tr(f"finding.{c.code}.fail", **c.params) for c in failed])
        else:
            self.kpi_message.show("ok", self.tr("goals_kpis.kpi_saved"))
        self._show_mine(select=kpi_id)

    def delete_kpi(self) -> None:
        kpi_id = self.kpi_pick.value
        data = self.value
        data["kpis"] = [k for k in data["kpis"] if k["id"] != kpi_id]
        if self._save_entry(validate(gk.Entry, data)):
            self.kpi_message.show("ok", self.tr("goals_kpis.kpi_deleted"))
            self._show_mine(select=NEW)

    # -- the team set ---------------------------------------------------------------------------
    def set_endorsed(self, ref: str, on: bool) -> None:
        if self.quiet:
            return
        merged = next((p.refs for p in self.state.team.goals + self.state.team.kpis if p.ref == ref), [ref])
        endorse = [r for r in self.entry.endorse if r not in merged] + ([ref] if on else [])
        self._save_entry(validate(gk.Entry, {**self.value, "endorse": endorse}))

    def _proposal_text(self, p: gk.Proposal) -> str:
        if isinstance(p.item, gk.Goal):
            return self.tr("goals_kpis.proposal_goal", text=p.item.text, author=", ".join(p.proposed_by))
        return self.tr("goals_kpis.proposal_kpi", name=p.item.name, author=", ".join(p.proposed_by),
                       category=self.tr(f"goals_kpis.category.{p.item.category}"))

    def _update_goal_options(self) -> None:
        options = self._goal_options()
        if list(self.f_goal.options) == options:
            return
        current = self.f_goal.value
        with self.setting():
            self.f_goal.options = options
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
            with self.setting():
                self.endorse_boxes = {}
                rows = []
                for p, (_r, text) in zip(others, signature, strict=True):
                    box = w.Checkbox(value=any(r in self.entry.endorse for r in p.refs), description=text, indent=False,
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
