"""Initiatives and launch view: criteria, proposals, scores, the portfolio, gates, life cycle."""

from __future__ import annotations

import ipywidgets as w

from widgets import safe
from widgets.model import weights as wt
from widgets.modules.goals_kpis.model import QUICK_MONTHS
from widgets.modules.initiatives import gates as gt
from widgets.modules.initiatives import model as ini
from widgets.modules.initiatives import report
from widgets.modules.initiatives.case import of as case_of
from widgets.modules.initiatives.section import InitiativesSection
from widgets.store import Revision
from widgets.ui.charts import ChartSlot
from widgets.ui.context import ModuleContext
from widgets.ui.findings import ICONS
from widgets.ui.layout import card, heading
from widgets.ui.messages import MessageArea
from widgets.ui.tables import Cell, table
from widgets.ui.view import REFUSED, ModuleView

LABEL = {"description_width": "220px"}
NO_IDEA = ""


class InitiativesView(ModuleView):
    def __init__(self, ctx: ModuleContext):
        super().__init__(ctx)
        tr = self.tr
        self.names = {p: self.case.companies[p].name for p in ini.PARTNERS}
        self.ideas = {i.id: i for i in case_of(self.case).ideas}
        self.doc: ini.Entry  # the member's document as stored (the base loads it)
        self.section = InitiativesSection()
        self.board = ini.Board()  # the team's shared document as this page last read or wrote it
        self.me = ctx.session.participant.name
        self.editing: str | None = None
        self._score_keys: tuple = ()
        self._plan_keys: tuple = ()

        # -- 1 criteria
        self.sliders: dict[str, w.IntSlider] = {}
        self.labels: dict[str, str] = {}
        self._criteria_keys: tuple = ()
        self.weights_box = w.VBox()
        self.points = w.HTML()
        self.criteria_table = w.HTML()
        self.new_criterion = w.Text(description=tr("initiatives.new_criterion"), style=LABEL,
                                    placeholder=tr("initiatives.new_criterion_placeholder"), layout=w.Layout(width="640px"))
        self.add_criterion = w.Button(description=tr("initiatives.propose_criterion"), icon="plus")
        self.add_criterion.on_click(self.report(lambda _b: self._propose_criterion()))
        self.criteria_message = MessageArea()
        self.team_criteria = w.VBox()
        criteria_tab = w.VBox([
            card(heading(tr("initiatives.criteria_title"), tr("initiatives.criteria_help", spread=ini.CRITERIA_SPREAD)),
                 self.weights_box, self.points),
            card(heading(tr("initiatives.own_criteria_title"), tr("initiatives.own_criteria_help",
                                                                   max=ini.MAX_TEAM_CRITERIA)),
                 w.HBox([self.new_criterion, self.add_criterion]), self.criteria_message.widget, self.team_criteria),
            card(self.criteria_table)])

        # -- 2 propose
        self.idea = w.Dropdown(options=[(tr("initiatives.from_case_none"), NO_IDEA)] +
                               [(i.title.get(tr.lang), i.id) for i in self.ideas.values()],
                               description=tr("initiatives.from_case"), style=LABEL, layout=w.Layout(width="760px"))
        self.idea.observe(self.report(lambda c: self._idea_chosen(c["new"])), "value")
        self.f_title = w.Text(description=tr("initiatives.field_title"), style=LABEL, layout=w.Layout(width="760px"))
        self.f_customers = w.Text(description=tr("initiatives.field_customers"), style=LABEL,
                                  layout=w.Layout(width="760px"))
        self.f_gain = {p: w.Text(description=tr("initiatives.field_gain", company=self.names[p]), style=LABEL,
                                 placeholder=tr("initiatives.field_gain_placeholder"), layout=w.Layout(width="760px"))
                       for p in ini.PARTNERS}
        self.f_horizon = w.ToggleButtons(options=[(tr(f"initiatives.horizon.{h}"), h) for h in ini.HORIZONS],
                                         value="short", description=tr("initiatives.horizon"), style=LABEL)
        self.f_people = {p: w.BoundedIntText(value=0, min=0, max=ini.MAX_PEOPLE, style=LABEL,
                                             description=tr("initiatives.field_people", company=self.names[p]),
                                             layout=w.Layout(width="320px")) for p in ini.PARTNERS}
        self.save_button = w.Button(description=tr("initiatives.save"), icon="check", button_style="primary")
        self.save_button.on_click(self.report(lambda _b: self._save_initiative()))
        self.new_button = w.Button(description=tr("initiatives.new"), icon="plus")
        self.new_button.on_click(self.report(lambda _b: self._clear_form()))
        self.propose_message = MessageArea()
        self.yours = w.VBox()
        propose_tab = w.VBox([
            card(heading(tr("initiatives.propose_title"), tr("initiatives.propose_help", months=QUICK_MONTHS)),
                 self.idea, self.f_title, self.f_customers, *self.f_gain.values(), self.f_horizon,
                 w.HBox(list(self.f_people.values())), self.propose_message.widget,
                 w.HBox([self.save_button, self.new_button])),
            card(heading(tr("initiatives.yours_title")), self.yours)])

        # -- 3 score
        self.score_box = w.VBox()
        score_tab = w.VBox([card(heading(tr("initiatives.score_title"), tr("initiatives.score_help")), self.score_box)])

        # -- 4 portfolio
        self.findings = w.HTML()
        self.ranking = w.HTML()
        self.grid = w.HTML()
        self.bubble = ChartSlot(440)
        self.plan_size = w.BoundedIntText(min=1, max=ini.MAX_PLAN, value=ini.PLAN_SIZE, style=LABEL,
                                          description=tr("initiatives.plan_size"), layout=w.Layout(width="320px"))
        self.plan_size.observe(self.report(lambda c: self._plan_size_changed(c["new"])), "value")
        self.capacity = {p: w.Text(value="", style=LABEL, placeholder=tr("initiatives.capacity_placeholder"),
                                   description=tr("initiatives.capacity", company=self.names[p]),
                                             layout=w.Layout(width="420px")) for p in ini.PARTNERS}
        for p, box in self.capacity.items():
            box.observe(self.report(lambda c, p=p: self._capacity_changed(p, c["new"])), "value")
        self.board_message = MessageArea()
        self.staffing = w.HTML()
        portfolio_tab = w.VBox([
            card(self.findings, self.ranking),
            card(self.grid, self.bubble.widget),
            card(heading(tr("initiatives.staffing_caption"), tr("initiatives.plan_help")), self.plan_size,
                 *self.capacity.values(), self.board_message.widget, self.staffing)])

        # -- 5 gates
        self.gates_box = w.VBox()
        self.gate_fields: dict[tuple[str, str], w.Text] = {}
        self.gate_lines: dict[str, w.HTML] = {}
        gates_tab = w.VBox([card(heading(tr("initiatives.gates_title"), tr("initiatives.gates_help")), self.gates_box)])

        # -- 6 life cycle
        self.cycle = w.HTML()
        self.narrow_to = w.Text(description=tr("initiatives.narrow_to"), placeholder=tr("initiatives.narrow_placeholder"),
                                style={"description_width": "360px"}, layout=w.Layout(width="900px"))
        self.narrow_to.observe(self.report(lambda c: self._narrow_changed(c["new"])), "value")
        self.renewal = w.Text(description=tr("initiatives.renewal"), placeholder=tr("initiatives.renewal_placeholder"),
                              style={"description_width": "360px"}, layout=w.Layout(width="900px"))
        self.renewal.observe(self.report(lambda c: self._renewal_changed(c["new"])), "value")
        self.exiting = w.Checkbox(description=tr("initiatives.exiting"), indent=False,
                                  style={"description_width": "initial"}, layout=w.Layout(width="auto"))
        self.exiting.observe(self.report(lambda c: self._exiting_changed(c["new"])), "value")
        self.funnel = ChartSlot(340)
        self.funnel_table = w.HTML()
        cycle_tab = w.VBox([
            card(heading(tr("initiatives.cycle_title"), tr("initiatives.cycle_help")), self.cycle, self.renewal,
                 self.narrow_to,
                 self.exiting),
            card(self.funnel.widget, self.funnel_table), card(self.debrief_card())])

        self.tabs = w.Tab(children=[criteria_tab, propose_tab, score_tab, portfolio_tab, gates_tab, cycle_tab],
                          titles=[tr(f"initiatives.tab_{t}") for t in
                                  ("criteria", "propose", "score", "portfolio", "gates", "cycle")])
        self.widget = w.VBox([w.HTML(safe.html('<div class="aw-lead">{t}</div>', t=tr("initiatives.lead"))), self.tabs])
        self.widget.add_class("aw-module")
        self._show_yours()
        self.refresh_team()

    # -- 1 criteria --------------------------------------------------------------------------------
    @property
    def criteria(self) -> list[str]:
        return list(self.labels)

    def _build_criteria(self) -> None:
        """The sliders, one per criterion in force (rebuilt when the team adds or drops one)."""
        tr = self.tr
        keys = tuple((c.id, c.criterion) for c in self.section.criteria)
        if keys == self._criteria_keys:
            return
        self._criteria_keys = keys
        self.labels = dict(keys)
        self.sliders = {}
        for k, label in self.labels.items():
            slider = w.IntSlider(min=0, max=wt.TOTAL, value=ini.weight_of(self.doc, k), description=label,
                                 style={"description_width": "300px"}, continuous_update=False,
                                 layout=w.Layout(width="680px"))
            slider.observe(self.report(lambda c, k=k: self._weight_changed(k, c["new"])), "value")
            self.sliders[k] = slider
        self.weights_box.children = list(self.sliders.values())
        rows = []
        for c in self.section.criteria:
            if not c.id.startswith("team-"):
                continue
            drop = w.Button(description=tr("initiatives.drop"), icon="trash", button_style="warning",
                            tooltip=c.criterion, layout=w.Layout(width="110px"))
            drop.on_click(self.report(lambda _b, k=c.id: self._edit_board(lambda b: ini.drop_criterion(b, k),
                                                                               near=self.criteria_message)))
            rows.append(w.HBox([w.HTML(safe.html("<b>{t}</b> <span class='aw-muted'>{by}</span>", t=c.criterion,
                                                 by=tr("initiatives.by", author=c.proposed_by) if c.proposed_by
                                                 else ""), layout=w.Layout(width="560px")), drop]))
        self.team_criteria.children = rows
        self._score_keys = ()  # the scoring grid has a row per criterion
        self._show_points()

    def _propose_criterion(self) -> None:
        labels, label = dict(self.labels), self.new_criterion.value
        saved = self._edit_board(lambda b: ini.add_criterion(b, label, self.me, labels), near=self.criteria_message)
        if saved is not REFUSED and saved is not None:
            self.criteria_message.show("ok", self.tr("initiatives.criterion_added", label=self.new_criterion.value.strip()))
            self.new_criterion.value = ""

    def _show_weights(self) -> None:
        """The sliders show the stored points (their observers then find nothing to store)."""
        for k, s in self.sliders.items():
            s.value = ini.weight_of(self.doc, k)

    def _weight_changed(self, key: str, value: int) -> None:
        """Set this one weight; no other weight moves. More than is left is capped, visibly.
        The points already stored for it (the page setting the slider) change nothing."""
        if int(value) == ini.weight_of(self.doc, key):
            return
        allocated = self.attempt(lambda: ini.allocate_weight(self.doc, self.criteria, key, value),
                                 undo=self._show_weights)
        stored = allocated is not REFUSED and self.commit(allocated[0], undo=self._show_weights)
        self._show_weights()  # a capped value shows what was given
        self._show_points(allocated[1] if stored and allocated[1].capped else None, key)

    def _show_points(self, capped: wt.Allocation | None = None, key: str | None = None) -> None:
        left = wt.points_left(self.doc.weights, self.criteria)
        note = ""
        if capped is not None:
            note = safe.html('<div class="aw-warn" role="status">{t}</div>', t=self.tr(
                "initiatives.capped", given=capped.given, criterion=self.labels.get(key, key)))
        self.points.value = safe.html('<span class="aw-muted" data-left="{n}">{t}</span>{note}', n=str(left),
                                      t=self.tr("initiatives.points_left", left=left, total=wt.TOTAL),
                                      note=safe.Markup(note))

    # -- 2 propose ---------------------------------------------------------------------------------
    def _idea_chosen(self, idea_id: str) -> None:
        """Fill the form from a case idea; the page putting the picker back stores nothing."""
        if idea_id == NO_IDEA:
            return
        self.editing = None
        self._fill(self.ideas[idea_id].initiative(self.tr.lang))

    def _fill(self, data: dict) -> None:
        """The form shows ``data`` (the form has no observers: the save button stores it)."""
        self.f_title.value, self.f_customers.value = data.get("title", ""), data.get("customers", "")
        for p in ini.PARTNERS:
            self.f_gain[p].value = data.get(f"gain_{p}", "")
            self.f_people[p].value = int(data.get(f"people_{p}", 0))
        self.f_horizon.value = data.get("horizon", "short")

    def _clear_form(self) -> None:
        self.editing = None
        self.idea.value = NO_IDEA
        self._fill({})
        self.propose_message.clear()

    def _save_initiative(self) -> None:
        data = {"id": self.editing, "title": self.f_title.value, "customers": self.f_customers.value,
                "horizon": self.f_horizon.value,
                **{f"gain_{p}": self.f_gain[p].value for p in ini.PARTNERS},
                **{f"people_{p}": self.f_people[p].value for p in ini.PARTNERS}}
        me = self.me
        teammates = {i.title: i.author for i in self.section.initiatives if i.author != me}
        entry = self.attempt(lambda: ini.put_initiative(self.doc, data, teammates), near=self.propose_message)
        if entry is REFUSED or not self.commit(entry):
            return
        self.propose_message.show("ok", self.tr("initiatives.saved_ok", title=self.f_title.value.strip()))
        self.editing = None
        self.idea.value = NO_IDEA
        self._fill({})
        self._show_yours()

    def _edit(self, item_id: str) -> None:
        item = next(i for i in self.doc.initiatives if i.id == item_id)
        self.editing = item_id
        self._fill(item.model_dump())
        self.propose_message.clear()

    def _drop(self, item_id: str) -> None:
        me = self.me
        title = next(i.title for i in self.doc.initiatives if i.id == item_id)
        entry = self.attempt(lambda: ini.drop_initiative(self.doc, me, item_id), near=self.propose_message)
        if entry is not REFUSED and self.commit(entry):
            self.propose_message.show("ok", self.tr("initiatives.dropped_ok", title=title))
            if self.editing == item_id:
                self._clear_form()
            self._show_yours()

    def _show_yours(self) -> None:
        rows = []
        for item in self.doc.initiatives:
            edit = w.Button(description=self.tr("initiatives.edit"), icon="pencil", tooltip=item.title,
                            layout=w.Layout(width="110px"))
            edit.on_click(self.report(lambda _b, i=item.id: self._edit(i)))
            drop = w.Button(description=self.tr("initiatives.drop"), icon="trash", button_style="warning",
                            tooltip=item.title, layout=w.Layout(width="110px"))
            drop.on_click(self.report(lambda _b, i=item.id: self._drop(i)))
            text = safe.html("<b>{t}</b> <span class='aw-muted'>· {h}</span>", t=item.title,
                             h=self.tr(f"initiatives.horizon.{item.horizon}"))
            rows.append(w.HBox([w.HTML(text, layout=w.Layout(width="560px")), edit, drop]))
        self.yours.children = rows or [w.HTML(safe.html("<p class='aw-muted'>{t}</p>",
                                                         t=self.tr("initiatives.yours_none")))]

    # -- 3 score -----------------------------------------------------------------------------------
    def _build_scores(self) -> None:
        tr = self.tr
        items = self.section.initiatives
        keys = (tuple((i.ref, i.title) for i in items), tuple(self.labels.items()))
        if keys == self._score_keys:
            return
        self._score_keys = keys
        self.score_buttons = {}
        blocks = []
        for item in sorted(items, key=lambda i: i.ref):
            rows = [w.HTML(safe.html("<b>{t}</b> <span class='aw-muted'>({by})</span>", t=item.title,
                                     by=tr("initiatives.by", author=item.author)))]
            for k, label in self.labels.items():
                b = w.ToggleButtons(options=[(str(n), n) for n in range(1, 6)],
                                    value=ini.score_of(self.doc, item.ref, k),
                                    description=label,
                                    style={"description_width": "300px", "button_width": "42px"},
                                    layout=w.Layout(width="620px"))
                b.observe(self.report(lambda c, r=item.ref, k=k: self._score_changed(r, k, c["new"])), "value")
                self.score_buttons[(item.ref, k)] = b
                rows.append(b)
            box = w.VBox(rows)
            box.add_class("aw-item-card")
            blocks.append(box)
        self.score_box.children = blocks or [w.HTML(safe.html("<p class='aw-muted'>{t}</p>",
                                                               t=tr("initiatives.score_none")))]

    def _score_changed(self, item: str, criterion: str, value: int | None) -> None:
        """Store one score; the score already stored (the page setting the buttons) stores nothing."""
        def put_back() -> None:
            self.score_buttons[(item, criterion)].value = ini.score_of(self.doc, item, criterion)

        entry = self.attempt(lambda: ini.set_score(self.doc, item, criterion, value), undo=put_back)
        if entry is not REFUSED:
            self.commit(entry, undo=put_back)

    # -- 4 the team board: plan size, capacity, gates, exit --------------------------------------
    # Each observer first compares its widget with ``self.board`` (the team's document as this
    # page last read or wrote it) and writes nothing when they agree: that is the page showing
    # the board, or a participant typing back what is stored.
    def _edit_board(self, change, near: MessageArea | None = None) -> Revision | object | None:
        """Apply ``change`` (a rule: board -> board) to the team's latest board and store it;
        a refusal is shown ``near`` the field and puts the widgets back to the stored board.
        The revision stored, ``REFUSED``, or None when the store did not take it."""
        applied: list[ini.Board] = []

        def apply(current):
            board = change(ini.load_board(current))
            applied.append(board)
            return board

        saved = self.attempt(lambda: self.ctx.edit_team(apply, lambda: None), near=near or self.board_message)
        if saved is REFUSED:
            latest = self.ctx.load_team()
            self._show_board(ini.load_board(latest.data if latest else None))
        elif saved is not None and applied:
            self.board = applied[-1]  # what was stored, until the redraw reads the team again
        return saved

    def _board_text(self, key: str, text: str, stored: str, change) -> None:
        """Store a typed board text after a pause; the text stored already schedules nothing
        (and withdraws a save still waiting, typed before the text came back to it)."""
        if text == stored:
            self.ctx.cancel_pending(key)
            return
        self.ctx.soon(lambda: self._edit_board(change), key=key)

    def _plan_size_changed(self, size: int) -> None:
        if size != self.board.plan_size:
            self._edit_board(lambda b: ini.set_plan_size(b, size))

    def _exiting_changed(self, exiting: bool) -> None:
        if exiting != self.board.exiting:
            self._edit_board(lambda b: ini.set_exit(b, exiting=exiting))

    def _capacity_text(self, partner: str) -> str:
        stated = getattr(self.board.capacity, partner)
        return "" if stated is None else str(stated)

    def _capacity_changed(self, partner: str, text: str) -> None:
        self._board_text(f"capacity:{partner}", text.strip(), self._capacity_text(partner),
                         lambda b: ini.set_capacity(b, partner, text))

    def _narrow_changed(self, text: str) -> None:
        self._board_text("narrow_to", text, self.board.narrow_to, lambda b: ini.set_exit(b, narrow_to=text))

    def _renewal_changed(self, text: str) -> None:
        self._board_text("renewal", text, self.board.renewal, lambda b: ini.set_renewal(b, text))

    def _evidence_changed(self, item: str, question: str, text: str) -> None:
        self._board_text(f"gate:{item}:{question}", text, self.board.gates.get(item, {}).get(question, ""),
                         lambda b: ini.set_evidence(b, item, question, text))

    def _show_board(self, board: ini.Board) -> None:
        """The board's values in the widgets, except a text someone is typing in this page. The
        view takes in ``board`` first, so the observers find each widget agrees with it."""
        self.board = board
        self.plan_size.value = board.plan_size
        for p in ini.PARTNERS:
            if not self.ctx.typing(f"capacity:{p}"):
                self.capacity[p].value = self._capacity_text(p)
        if not self.ctx.typing("narrow_to"):
            self.narrow_to.value = board.narrow_to
        if not self.ctx.typing("renewal"):
            self.renewal.value = board.renewal
        self.exiting.value = board.exiting
        for (item, q), field in self.gate_fields.items():
            if not self.ctx.typing(f"gate:{item}:{q}"):
                field.value = board.gates.get(item, {}).get(q, "")

    def _build_gates(self) -> None:
        tr = self.tr
        plan = [i for i in self.section.initiatives if i.in_plan]
        keys = tuple(i.ref for i in plan)
        if keys != self._plan_keys:
            self._plan_keys = keys
            self.gate_fields, self.gate_lines, blocks = {}, {}, []
            for item in plan:
                line = w.HTML()
                self.gate_lines[item.ref] = line
                sections = []
                for questions in gt.GATES.values():
                    rows = []
                    for q in questions:
                        field = w.Text(description=tr(f"initiatives.q.{q}"), placeholder=tr("initiatives.evidence_placeholder"),
                                       style={"description_width": "420px"}, layout=w.Layout(width="920px"))
                        field.observe(self.report(lambda c, r=item.ref, q=q: self._evidence_changed(r, q, c["new"])),
                                      "value")
                        self.gate_fields[(item.ref, q)] = field
                        rows.append(field)
                    sections.append(w.VBox(rows))
                gates = w.Accordion(children=sections, titles=[tr(f"initiatives.gate.{g}") for g in gt.GATES])
                box = w.VBox([w.HTML(safe.html("<h4>{t}</h4>", t=item.title)), line, gates])
                box.add_class("aw-item-card")
                blocks.append(box)
            self.gates_box.children = blocks or [w.HTML(safe.html("<p class='aw-muted'>{t}</p>",
                                                                   t=tr("initiatives.gates_none")))]
        for item in plan:
            stage = tr(f"initiatives.stage.{item.reached}")
            text = (tr("initiatives.progress_line", stage=stage, gate=tr(f"initiatives.step.{item.next_gate}"),
                       count=len(item.missing)) if item.next_gate else tr("initiatives.progress_done", stage=stage))
            missing = safe.join([safe.html("<li>{m}</li>", m=m) for m in item.missing])
            self.gate_lines[item.ref].value = safe.html("<p role='status'><b>{t}</b></p><ul class='aw-muted'>{m}</ul>",
                                                           t=text, m=missing)

    # -- the team's part ---------------------------------------------------------------------------
    def refresh_team(self) -> None:
        team = self.ctx.session.team()
        self.section = report.section(team, self.case, self.tr.lang)
        self.board = ini.load_board(team.shared.get(ini.KEY))  # before any widget shows it
        self._build_criteria()
        self._build_scores()
        self._build_gates()
        self._show_board(self.board)
        self._draw()

    def _draw(self) -> None:
        tr, section = self.tr, self.section
        rows = [[c.criterion, c.points, Cell("–" if c.low is None else f"{c.low}–{c.high}",
                                             "aw-hot" if c.contested else "")] for c in section.criteria]
        self.criteria_table.value = table([tr("initiatives.col_criterion"), tr("initiatives.col_points"),
                                           tr("initiatives.col_members")], rows,
                                          caption=tr("initiatives.team_criteria_caption"))
        lines = safe.join([safe.html('<li class="aw-finding aw-finding-{level}"><span aria-hidden="true">{icon}</span> {t}</li>',
                                     level=level, icon=ICONS[level], t=text)
                           for level, text in report.findings(section, tr)])
        rule = section.rule
        self.findings.value = safe.html("<h4>{t}</h4><p class='aw-muted'>{s}</p><ul class='aw-findings'>{lines}</ul>",
                                        t=tr("initiatives.portfolio_title"),
                                        s=tr("initiatives.portfolio_status", count=len(section.members),
                                             min=rule.min_initiatives, min_gains=rule.min_gains), lines=lines)
        headers, rows = report.portfolio_rows(section, tr, list(self.names.values()))
        self.ranking.value = table(headers, rows, caption=tr("initiatives.ranking_caption"))
        headers, rows = report.grid_rows(section, tr)
        self.grid.value = table(headers, [[r[0], *(Cell(v, "aw-bad" if v.startswith("✗") else "aw-ok") for v in r[1:])]
                                          for r in rows], caption=tr("initiatives.grid_caption"))
        self.bubble.show(report.bubble(section, tr), tr)
        staff_rows = [[name, s.load, "–" if s.capacity is None else s.capacity,
                       "–" if s.people_rating is None else tr.number(s.people_rating, 1)]
                      for name, s in section.staffing.items()]
        self.staffing.value = table([tr("initiatives.col_company"), tr("initiatives.col_load"),
                                     tr("initiatives.col_capacity"), tr("initiatives.col_rating")], staff_rows)
        headers, rows = report.cycle_rows(section, tr)
        self.cycle.value = safe.html("<p role='status'><b>{now}</b></p>", now=tr(
            "initiatives.cycle_now", stage=tr(f"initiatives.stage.{section.life_cycle.stage}"))) + \
            safe.Markup(table(headers, rows, caption=tr("initiatives.cycle_caption")))
        self.funnel.show(report.funnel_chart(section, tr), tr)
        headers, rows = report.funnel_rows(section, tr)
        self.funnel_table.value = (table(headers, rows, caption=tr("initiatives.chart.funnel_title"))
                                   if section.initiatives else "")
