"""Role clarity view: your RACI grid, the team's consensus, the activities and people."""

from __future__ import annotations

import ipywidgets as w

from widgets import safe
from widgets.modules.roles import model as rm
from widgets.modules.roles import report
from widgets.modules.roles.case import of as case_of
from widgets.modules.roles.raci_grid import RaciGrid
from widgets.ui.charts import ChartSlot
from widgets.ui.choices import chosen, shown, unset
from widgets.ui.context import ModuleContext
from widgets.ui.findings import checks_html
from widgets.ui.layout import card, heading
from widgets.ui.messages import MessageArea
from widgets.ui.tables import Cell, table
from widgets.ui.view import REFUSED, ModuleView


class RolesView(ModuleView):
    def __init__(self, ctx: ModuleContext):
        super().__init__(ctx)
        tr = self.tr
        self._shape: tuple = ()
        self.state: rm.RolesState | None = None

        sponsor = next((r for r in case_of(self.case).roles if r.id == rm.SPONSOR), None)
        legend = safe.join([safe.html("<li><b>{x}</b> – {t}</li>", x=rm.shown(x), t=tr(f"roles.letter_help.{x}"))
                            for x in rm.VALUES])
        sponsor_text = sponsor.description.get(tr.lang) if sponsor and sponsor.description else ""
        self.legend = w.HTML(safe.html(
            '<div class="aw-two"><div><b>{t}</b><ul>{legend}</ul></div>'
            '<div class="aw-profile"><b>{s}</b><p>{sponsor}</p><p class="aw-muted">{more}</p></div></div>',
            t=tr("roles.legend_title"), legend=legend, s=tr("roles.sponsor_title"), sponsor=sponsor_text,
            more=tr("roles.sponsor_more")))
        self.grid = RaciGrid(options=[["–", ""], *[[rm.shown(x), x] for x in rm.VALUES]], caption=tr("roles.grid_caption"))
        self.grid.observe(self.report(lambda change: self._grid_changed(change["new"])), "value")
        self.my_checks = w.HTML()
        grid_tab = w.VBox([
            card(heading(tr("roles.grid_title"), tr("roles.grid_help")), self.legend),
            card(self.grid, w.HTML(safe.html("<h4>{t}</h4>", t=tr("roles.my_checks"))), self.my_checks),
        ])

        self.team_status = w.HTML()
        self.team_checks = w.HTML()
        self.consensus_table = w.HTML()
        self.contested_table = w.HTML()
        self.heat = ChartSlot(520)
        self.load_chart = ChartSlot(420)
        self.load_table = w.HTML()
        self.debrief = self.debrief_card()
        team_tab = w.VBox([
            card(self.team_status, self.team_checks),
            card(self.consensus_table, self.contested_table),
            card(self.heat.widget, self.load_chart.widget, self.load_table),
            card(self.debrief),
        ])

        self.lists_message = MessageArea()
        self.act_pick = w.Dropdown(description=tr("roles.activity"), style={"description_width": "120px"})
        self.act_drop = w.Button(description=tr("roles.drop"), icon="trash", button_style="warning")
        self.act_new = w.Text(description=tr("roles.new_activity"), placeholder=tr("roles.new_activity_placeholder"),
                              style={"description_width": "120px"}, layout=w.Layout(width="520px"))
        self.act_add = w.Button(description=tr("roles.add"), icon="plus")
        self.act_add.on_click(self.report(lambda _b: self._edit_team("add")))
        self.act_drop.on_click(self.report(lambda _b: self._edit_team("drop")))
        self.people_box = w.VBox()
        self.levels = {}
        for p in rm.PARTNERS:
            pick = w.Dropdown(options=unset(tr("roles.level.unset"), [(tr(f"roles.level.{x}"), x)
                                                                    for x in rm.SPONSOR_LEVELS]),
                              description=tr("roles.sponsor_level", company=self.case.companies[p].name),
                              style={"description_width": "320px"}, layout=w.Layout(width="640px"))
            pick.observe(self.report(lambda change, p=p: self._level_changed(p, change["new"])), "value")
            self.levels[p] = pick
        self.joint_rules = {}  # joint role -> how that body decides when it is Accountable
        names = {p: self.case.companies[p].name for p in rm.PARTNERS}
        for r in (r for r in case_of(self.case).roles if r.joint):
            pick = w.Dropdown(options=unset(tr("roles.joint_rule.unset"),
                                            [(tr(f"roles.joint_rule.{x}", **names), x) for x in rm.JOINT_RULES]),
                              description=tr("roles.joint_rule", body=r.label.get(tr.lang)),
                              style={"description_width": "320px"}, layout=w.Layout(width="640px"))
            pick.observe(self.report(lambda change, r=r.id: self._joint_rule_changed(r, change["new"])), "value")
            self.joint_rules[r.id] = pick
        lists_tab = w.VBox([
            card(heading(tr("roles.activities_title"), tr("roles.activities_help")), self.lists_message.widget,
                  w.HBox([self.act_pick, self.act_drop]), w.HBox([self.act_new, self.act_add])),
            card(heading(tr("roles.sponsor_level_title"), tr("roles.sponsor_level_help")), *self.levels.values()),
            *([card(heading(tr("roles.joint_rule_title"), tr("roles.joint_rule_help")), *self.joint_rules.values())]
              if self.joint_rules else []),
            card(heading(tr("roles.people_title"), tr("roles.people_help")), self.people_box),
        ])
        self.tabs = w.Tab(children=[grid_tab, team_tab, lists_tab],
                          titles=[tr("roles.tab_grid"), tr("roles.tab_team"), tr("roles.tab_lists")])
        self.widget = w.VBox([w.HTML(safe.html('<div class="aw-lead">{t}</div>', t=tr("roles.lead"))), self.tabs])
        self.widget.add_class("aw-module")
        self.refresh_team()

    # -- refresh --------------------------------------------------------------------------------
    def refresh_team(self) -> None:
        team = self.ctx.session.team()
        self.state = rm.roles_state(team.module(rm.KEY), team.shared.get(rm.KEY), self.case, self.tr.lang)
        columns = tuple((c, self.state.labels[c]) for c in self.state.columns)
        shape = (tuple(self.state.activities), columns)
        if shape != self._shape:  # an activity added or dropped: a new grid
            if not self._shape or columns != self._shape[1]:
                self._build_people()
            self._shape = shape
            self._build_grid()
            self.act_pick.options = [(label, a) for a, label, _ in self.state.activities]
        self._show_team_answers()
        self._show_my_checks()
        self._draw_team()

    # -- your grid --------------------------------------------------------------------------------
    def _build_grid(self) -> None:
        state, tr = self.state, self.tr
        columns = []
        for col in state.columns:
            partner, role = col.split(":", 1)
            label = next((r.label.get(tr.lang) for r in case_of(self.case).roles if r.id == role), role)
            columns.append({"id": col, "label": label, "sub": rm.company_of(self.case, partner),
                            "full": state.labels[col], "partner": partner})
        with self.grid.hold_sync():  # one message to the browser; the grid set from the doc saves nothing
            self.grid.rows = [{"id": a, "label": label, "hint": hint} for a, label, hint in state.activities]
            self.grid.columns = columns
            self.grid.value = self._shown_grid()

    def _shown_grid(self) -> dict:
        """The member's rows of the team's current activities (rows of dropped activities stay
        stored, and come back if the activity does, but are not proposed again)."""
        acts = {a for a, _, _ in self.state.activities}
        return {a: dict(row) for a, row in self.doc.grid.items() if a in acts}

    def _grid_changed(self, proposed: dict) -> None:
        """The browser proposes a whole grid: validate, keep only known cells, save or revert
        (a grid equal to the stored one, as set from the document, is not saved again)."""
        doc = self.attempt(lambda: rm.merge_grid(self.doc, proposed, [a for a, _, _ in self.state.activities],
                                                 self.state.columns), undo=self._revert)
        if doc is REFUSED:
            return
        if self.commit(doc, undo=self._revert):
            self._show_my_checks()

    def _revert(self) -> None:
        self.grid.value = self._shown_grid()

    def set_cell(self, activity: str, col: str, letter: str) -> None:
        """Change one cell as the browser would (used by keyboard-free callers and tests)."""
        grid = {a: dict(row) for a, row in self.grid.value.items()}
        row = grid.setdefault(activity, {})
        if letter:
            row[col] = letter
        else:
            row.pop(col, None)
        self.grid.value = grid

    def _show_my_checks(self) -> None:
        state = self.state
        acts = [a for a, _, _ in state.activities]
        grid = {a: self.doc.grid.get(a, {}) for a in acts}
        mine = [*rm.checks(grid, acts, state.columns, state.labels),
                rm.joint_accountable(state.team, grid, acts, state.columns, state.labels)]
        self.my_checks.value = checks_html(self.tr, mine)

    # -- team consensus ---------------------------------------------------------------------------
    def _draw_team(self) -> None:
        state, tr = self.state, self.tr
        result = state.result
        self.team_status.value = safe.html("<h4>{t}</h4><p class='aw-muted'>{s}</p>", t=tr("roles.team_title"),
                                           s=tr("roles.team_status", count=len(result.members)))
        # the sponsors' level is the team's own answer: checked even before anyone fills the grid
        shown = result.checks if result.members else [c for c in result.checks if c.code == "roles.sponsors_senior"]
        self.team_checks.value = checks_html(tr, shown)
        if not result.members:
            self.consensus_table.value = self.contested_table.value = self.load_table.value = ""
            self.heat.show(None)
            self.load_chart.show(None)
            return
        rows = []
        for act, label, _ in state.activities:
            row = [label]
            for col in state.columns:
                cell = result.cells[(act, col)]
                text = cell.shown
                votes = ", ".join(f"{m}: {v or '–'}" for m, v in sorted(cell.votes.items()))
                row.append(Cell(text or "", "aw-hot" if cell.contested else "", votes))
            rows.append(row)
        headers = [tr("roles.activity")] + [Cell(self._role_name(c), "aw-raci-" + c[0], state.labels[c])
                                            for c in state.columns]
        self.consensus_table.value = '<div class="aw-scroll">' + table(
            headers, rows, caption=tr("roles.consensus_caption", a=self.case.companies["a"].name, b=self.case.companies["b"].name), css="aw-table aw-raci-table") + "</div>"
        contested = [[state.labels[c.activity], state.labels[c.column],
                      ", ".join(f"{m}: {v or '–'}" for m, v in sorted(c.votes.items())),
                      c.shown or "–"] for c in result.contested]
        self.contested_table.value = table(
            [tr("roles.activity"), tr("roles.role"), tr("roles.votes"), tr("roles.leading")], contested,
            caption=tr("roles.contested_caption")) if contested else safe.html(
            "<p class='aw-muted'>{t}</p>", t=tr("roles.no_contested"))
        self.heat.show(report.heatmap(state, tr), tr)
        self.load_chart.show(report.workload_chart(state, tr), tr)
        limit = rm.overload_limit(len(state.activities))
        load_rows = [[state.labels[wl.column], *[wl.counts[x] for x in rm.LETTERS],
                      Cell(wl.counts["RA"], "aw-bad" if wl.counts["RA"] > limit else "")] for wl in result.load]
        shares = ", ".join(f"{state.labels[p]}: {self.tr.percent(s)}"
                           for p, s in result.shares.items())
        self.load_table.value = safe.html("<p><b>{t}</b> {s}</p>", t=tr("roles.r_share"), s=shares) + table(
            [tr("roles.role"), *[tr(f"roles.letter.{x}") for x in rm.LETTERS], tr("roles.letter.RA")], load_rows,
            caption=tr("roles.load_caption", limit=limit))

    def _role_name(self, col: str) -> str:
        role = col.split(":", 1)[1]
        return next((r.label.get(self.tr.lang) for r in case_of(self.case).roles if r.id == role), role)

    # -- activities and people --------------------------------------------------------------------
    def _build_people(self) -> None:
        state = self.state
        self.people = {}
        rows = []
        for col in state.columns:
            box = w.Text(value=state.team.people.get(col, ""), description=state.labels[col],
                         placeholder=self.tr("roles.person_placeholder"),
                         style={"description_width": "320px"}, layout=w.Layout(width="640px"))
            box.observe(self.report(lambda change, c=col: self._person_changed(c, change["new"])), "value")
            self.people[col] = box
            rows.append(box)
        self.people_box.children = rows

    def _show_team_answers(self) -> None:
        """The team's sponsors' levels, joint rules and people in place (their observers find the
        team's own answer: nothing to store), except a name whose typed text waits to be saved:
        the field being typed keeps its text and its focus."""
        team = self.state.team
        for p, pick in self.levels.items():
            pick.value = shown(team.sponsor_level.get(p))
        for role, pick in self.joint_rules.items():
            pick.value = shown(team.joint_rule.get(role))
        for col, box in self.people.items():
            if not self.ctx.typing(f"person:{col}"):
                box.value = team.people.get(col, "")

    def _level_changed(self, partner: str, level: str | None) -> None:
        if chosen(level) == self.state.team.sponsor_level.get(partner):
            return
        self.attempt(lambda: self.ctx.edit_team(
            lambda current: rm.set_sponsor_level(rm.load_team(current, self.case), partner, chosen(level)),
            lambda: None), near=self.lists_message)

    def _joint_rule_changed(self, role: str, rule: str | None) -> None:
        if chosen(rule) == self.state.team.joint_rule.get(role):
            return
        self.attempt(lambda: self.ctx.edit_team(
            lambda current: rm.set_joint_rule(rm.load_team(current, self.case), role, chosen(rule)),
            lambda: None), near=self.lists_message)

    def _person_changed(self, col: str, name: str) -> None:
        if name == self.state.team.people.get(col, ""):  # typed back to what is stored
            self.ctx.cancel_pending(f"person:{col}")
            return

        def store():
            self.attempt(lambda: self.ctx.edit_team(
                lambda current: rm.set_person(rm.load_team(current, self.case), col, name), lambda: None),
                near=self.lists_message)
        self.ctx.soon(store, key=f"person:{col}")

    def _edit_team(self, action: str) -> None:
        labels = {a: label for a, label, _ in self.state.activities}

        def change(current):
            team = rm.load_team(current, self.case)
            if action == "add":
                return rm.add_activity(team, self.act_new.value, labels)
            return rm.drop_activity(team, self.act_pick.value)

        saved = self.attempt(lambda: self.ctx.edit_team(change, lambda: None), near=self.lists_message)
        if saved is not REFUSED and saved is not None:
            self.lists_message.show("ok", self.tr(f"roles.done_{action}"))
            self.act_new.value = ""
