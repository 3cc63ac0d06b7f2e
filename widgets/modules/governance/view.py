"""Governance design view: bodies and decisions, escalation/reporting/exit, the team's design
with its checks and stress test."""

from __future__ import annotations

import ipywidgets as w

from widgets import safe
from widgets.modules.governance import model as gv
from widgets.modules.governance import report
from widgets.modules.governance.case import of as case_of
from widgets.ui.charts import ChartSlot
from widgets.ui.choices import chosen, shown, unset
from widgets.ui.context import ModuleContext
from widgets.ui.findings import checks_html
from widgets.ui.layout import card, heading
from widgets.ui.tables import Cell, table
from widgets.ui.view import REFUSED, ModuleView

LABEL = {"description_width": "190px"}


OUTCOME_CSS = {"decided": "aw-ok", "right": "aw-ok", "no_change": "", "fallback": "", "buy_sell": "aw-hot",
               "exit": "aw-hot", "deadlock": "aw-bad",
               "unsponsored": "aw-bad"}


class GovernanceView(ModuleView):
    def __init__(self, ctx: ModuleContext):
        super().__init__(ctx)
        tr = self.tr
        self.names = {p: self.case.companies[p].name for p in ("a", "b")}
        self.inputs: dict[tuple, w.Widget] = {}
        self._kpis_shown: list[str] | None = None
        self.state: report.GovernanceState | None = None
        lang = tr.lang
        bodies = [(b.label.get(lang), b.id) for b in case_of(self.case).bodies]

        body_cards = []
        for b in case_of(self.case).bodies:
            fields = [
                self._bind(w.BoundedIntText(min=0, max=gv.MAX_MEMBERS, description=tr("governance.members_of",
                           company=self.names["a"]), style=LABEL), ("bodies", b.id, "members_a")),
                self._bind(w.BoundedIntText(min=0, max=gv.MAX_MEMBERS, description=tr("governance.members_of",
                           company=self.names["b"]), style=LABEL), ("bodies", b.id, "members_b")),
                self._bind(w.Dropdown(options=[(tr(f"governance.chair.{c}", **self.names), c) for c in gv.CHAIRS],
                                      description=tr("governance.chair"), style=LABEL), ("bodies", b.id, "chair")),
                self._bind(w.Dropdown(options=unset(tr("governance.cadence.unset"),
                                                    [(tr(f"governance.cadence.{c}"), c) for c in gv.CADENCES]),
                                      description=tr("governance.cadence"), style=LABEL), ("bodies", b.id, "cadence")),
            ]
            desc = b.description.get(lang) if b.description else ""
            body_cards.append(w.VBox([w.HTML(safe.html("<b>{l}</b> <span class='aw-muted'>{d}</span>",
                                                       l=b.label.get(lang), d=desc)), w.HBox(fields[:2]),
                                      w.HBox(fields[2:])]))
        decision_rows = []
        for d in case_of(self.case).decisions:
            decision_rows.append(w.VBox([
                w.HTML(safe.html("<b>{l}</b>", l=d.label.get(lang))),
                w.HBox([
                    self._bind(w.Dropdown(options=unset(tr("governance.no_body"), bodies),
                                          description=tr("governance.body"), style={"description_width": "60px"},
                                          layout=w.Layout(width="330px")), ("decisions", d.id, "body")),
                    self._bind(w.Dropdown(options=[(tr(f"governance.rule.{r}", **self.names), r) for r in gv.RULES],
                                          description=tr("governance.rule"), style={"description_width": "50px"},
                                          layout=w.Layout(width="300px")), ("decisions", d.id, "rule")),
                    self._bind(w.BoundedIntText(min=1, max=365, description=tr("governance.days"),
                                                style={"description_width": "70px"}, layout=w.Layout(width="150px")),
                               ("decisions", d.id, "days")),
                ]),
                self._bind(w.Dropdown(options=[(tr(f"governance.breaker.{x}"), x) for x in gv.BREAKERS],
                                      description=tr("governance.breaker"), style=LABEL, layout=w.Layout(width="560px")),
                           ("decisions", d.id, "breaker")),
                self._bind(w.Dropdown(options=unset(tr("governance.last.unset"),
                                                    [(tr(f"governance.last.{x}"), x) for x in gv.LAST_STEPS]),
                                      description=tr("governance.last"), style=LABEL, layout=w.Layout(width="560px")),
                           ("decisions", d.id, "last")),
            ]))
            decision_rows[-1].add_class("aw-item-card")
        tab1 = w.VBox([
            card(heading(tr("governance.bodies_title"), tr("governance.bodies_help")), *body_cards),
            card(heading(tr("governance.decisions_title"), tr("governance.decisions_help")), *decision_rows),
        ])

        ladder = [self._bind(w.BoundedIntText(min=0, max=180, description=tr(f"governance.level.{lv}"), style=LABEL),
                             ("ladder", lv)) for lv in gv.LEVELS]
        # the top of the ladder binds nobody; an older design's binding top, or its one backstop for
        # every decision, stays on offer only while it is set
        design = self.design
        tops = [*gv.TOP_STEPS, *([design.final] if design.final not in gv.TOP_STEPS else [])]
        final = self._bind(w.Dropdown(options=[(tr(f"governance.final.{f}"), f) for f in tops],
                                      description=tr("governance.final"), style=LABEL), ("final",))
        older = [self._bind(w.Dropdown(options=[(tr(f"governance.backstop.{b}"), b) for b in gv.BACKSTOPS],
                                       description=tr("governance.backstop"), style=LABEL), ("backstop",))
                 ] if design.backstop != "none" else []
        people = report.people_rows(self.case, lang)
        who = ([w.HTML(safe.html("<p><b>{t}</b></p><ul>{rows}</ul>", t=tr("governance.level_people"),
                                 rows=safe.join(safe.html("<li>{r}</li>", r=tr("governance.level_people_row",
                                                                                level=tr(f"governance.level.{lv}"),
                                                                                people=names))
                                                for lv, names in people)))] if people else [])
        self.reporting_box = w.VBox()
        health = self._bind(w.Dropdown(options=unset(tr("governance.cadence.unset"),
                                                     [(tr(f"governance.cadence.{c}"), c) for c in gv.CADENCES]),
                                       description=tr("governance.health_review"), style=LABEL), ("health_review",))
        triggers = [self._bind(w.Checkbox(description=tr(f"governance.trigger.{t}"), indent=False), ("exit_triggers", t))
                    for t in gv.TRIGGERS]
        plan = [self._bind(w.Checkbox(description=tr(f"governance.plan.{p}"), indent=False), ("exit_plan", p))
                for p in gv.EXIT_PLAN]
        succession = [self._bind(w.Checkbox(description=tr(f"governance.succession.{s}"), indent=False,
                                            layout=w.Layout(width="auto")), ("succession", s)) for s in gv.SUCCESSION]
        self.my_checks = w.HTML()
        tab2 = w.VBox([
            card(heading(tr("governance.ladder_title"), tr("governance.ladder_help")), *who, *ladder, final, *older),
            card(heading(tr("governance.reporting_title"), tr("governance.reporting_help")), self.reporting_box,
                  health),
            card(heading(tr("governance.exit_title"), tr("governance.exit_help")),
                  w.HTML(safe.html("<b>{t}</b>", t=tr("governance.triggers"))), *triggers,
                  w.HTML(safe.html("<b>{t}</b>", t=tr("governance.plan"))), *plan),
            card(heading(tr("governance.succession_title"), tr("governance.succession_help")), *succession),
            card(heading(tr("governance.my_checks")), self.my_checks),
        ])

        self.team_status = w.HTML()
        self.team_checks = w.HTML()
        self.stress_table = w.HTML()
        self.stress_chart = ChartSlot(320)
        self.ladder_chart = ChartSlot(300)
        self.design_table = w.HTML()
        self.differences = w.HTML()
        self.debrief = self.debrief_card()
        tab3 = w.VBox([
            card(self.team_status, self.team_checks),
            card(heading(tr("governance.stress_title"), tr("governance.stress_help")), self.stress_table,
                  self.stress_chart.widget),
            card(self.ladder_chart.widget, self.design_table),
            card(self.differences),
            card(self.debrief),
        ])
        self.tabs = w.Tab(children=[tab1, tab2, tab3], titles=[tr("governance.tab_bodies"), tr("governance.tab_ladder"),
                                                               tr("governance.tab_team")])
        self.widget = w.VBox([w.HTML(safe.html('<div class="aw-lead">{t}</div>', t=tr("governance.lead"))), self.tabs])
        self.widget.add_class("aw-module")
        self._show_doc()
        self.refresh_team()

    @property
    def design(self) -> gv.Entry:
        """The design the widgets show: the stored one, or the case's starting design while the
        member has stored nothing."""
        return gv.draft(self.doc, self.case)

    # -- binding widgets to paths in the document ------------------------------------------------
    def _bind(self, widget: w.Widget, path: tuple) -> w.Widget:
        self.inputs[path] = widget
        widget.observe(self.report(lambda change, p=path: self._changed(p, change["new"])), "value")
        return widget

    def _show_doc(self) -> None:
        """Set the widgets from the design (their observers find it unchanged: nothing is stored)."""
        design = self.design
        for path, widget in self.inputs.items():
            value = gv.field_value(design, path)
            if isinstance(widget, w.Dropdown):
                widget.value = shown(value)
            elif value is not None:
                widget.value = value

    def _changed(self, path: tuple, value) -> None:
        """One widget changed: the design with that field set is stored, unless it is the design
        shown (a widget set from the design, or the starting design before the first change)."""
        design = self.design
        clean = self.attempt(lambda: gv.set_field(design, path, chosen(value)), undo=self._show_doc)
        if clean is REFUSED or clean == design:
            return
        if self.commit(clean, undo=self._show_doc):
            self._show_mine()

    # -- refresh ----------------------------------------------------------------------------------
    def refresh_team(self) -> None:
        team = self.ctx.session.team()
        self.state = report.state_for(team, self.case, self.tr.lang)
        if self.state.kpis != self._kpis_shown:
            self._build_reporting()
        self._show_mine()
        self._draw_team()

    def _build_reporting(self) -> None:
        tr = self.tr
        self._kpis_shown = list(self.state.kpis)
        for path in [p for p in self.inputs if p[0] == "reporting"]:
            del self.inputs[path]
        bodies = [(b.label.get(tr.lang), b.id) for b in case_of(self.case).bodies]
        rows = []
        for ref in self.state.kpis:
            rows.append(self._bind(w.Dropdown(options=unset(tr("governance.no_body"), bodies),
                                              description=self.state.labels.get(ref, ref), style=LABEL,
                                              layout=w.Layout(width="560px")), ("reporting", ref)))
        self.reporting_box.children = rows or [w.HTML(safe.html("<p class='aw-muted'>{t}</p>",
                                                                t=tr("governance.no_kpis")))]
        self._show_doc()

    def _show_mine(self) -> None:
        mine = self.design
        checks = gv.checks(mine, self.state.labels, self.state.kpis, *gv.case_matters(self.case),
                           gv.raci_conflicts(mine, self.case, self.state.owners), case=self.case)
        traces = gv.stress_test(mine, self.case)
        deadlocks = [self.state.labels.get(t.scenario, t.scenario) for t in traces if t.deadlock]
        summary = safe.html("<p><b>{t}</b></p>", t=self.tr("governance.my_deadlocks", count=len(deadlocks),
                                                          items=", ".join(deadlocks) or "–"))
        self.my_checks.value = summary + checks_html(self.tr, checks)

    def _who(self, t: gv.Trace) -> str:
        return report.who_label(t.who, t.body, self.state.labels, self.names, self.tr)

    def _draw_team(self) -> None:
        state, tr = self.state, self.tr
        result = state.result
        self.team_status.value = safe.html("<h4>{t}</h4><p class='aw-muted'>{s}</p>", t=tr("governance.team_title"),
                                           s=tr("governance.team_status", count=len(result.members),
                                                differences=len(result.differences)))
        self.team_checks.value = checks_html(tr, result.checks)
        rows = []
        for t in result.traces:
            rows.append([state.labels.get(t.scenario, t.scenario), state.labels.get(t.decision, t.decision),
                         tr(f"governance.rule.{t.rule}", **self.names) if t.rule in gv.RULES else "–",
                         self._who(t), "–" if t.days is None else t.days,
                         Cell(tr(f"governance.outcome.{t.outcome}"), OUTCOME_CSS[t.outcome]),
                         Cell(report.skipped_text(t.skipped, tr), "aw-hot" if t.skipped else "")])
        self.stress_table.value = table([tr("governance.col_scenario"), tr("governance.col_decision"),
                                         tr("governance.rule"), tr("governance.col_who"), tr("governance.col_days"),
                                         tr("governance.col_outcome"), tr("governance.col_skipped")], rows,
                                        caption=tr("governance.stress_caption"))
        self.stress_chart.show(report.stress_chart(state, tr), tr)
        self.ladder_chart.show(report.ladder_chart(state, tr, self.case), tr)
        design = result.design
        body_rows = [[state.labels.get(b, b), body.members_a, body.members_b,
                      tr(f"governance.chair.{body.chair}", **self.names),
                      tr(f"governance.cadence.{body.cadence or 'unset'}")] for b, body in design.bodies.items()]
        self.design_table.value = table([tr("governance.body"), self.names["a"], self.names["b"], tr("governance.chair"),
                                         tr("governance.cadence")], body_rows, caption=tr("governance.bodies_caption"))
        diff_rows = []
        for d in result.differences:
            diff_rows.append([self._field_label(d.path), ", ".join(f"{m}: {self._value_label(d.path, v)}"
                                                                   for m, v in d.choices.items()),
                              self._value_label(d.path, d.chosen)])
        self.differences.value = (table([tr("governance.col_field"), tr("governance.col_choices"),
                                         tr("governance.col_team")], diff_rows,
                                        caption=tr("governance.differences_caption")) if diff_rows else
                                  safe.html("<p class='aw-muted'>{t}</p>", t=tr("governance.no_differences")))

    def _field_label(self, path: tuple) -> str:
        return report.field_label(path, self.state.labels, self.tr, self.names)

    def _value_label(self, path: tuple, value) -> str:
        return report.value_label(path, value, self.state.labels, self.tr, self.names)
