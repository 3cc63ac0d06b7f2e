"""Partner selection view: your weights and scores, the team's ranking, the lists.

The view binds widgets to :mod:`widgets.modules.partner_selection.model`; every number shown
comes from the model, every save goes through the model's validation. ``self.doc`` is the
member's stored :class:`~widgets.modules.partner_selection.model.Entry`; an observer builds the
entry its widget now says with the model's rule and :meth:`commit` stores it only when it
differs, so widgets set from the document (or from the team's lists) store nothing.
"""

from __future__ import annotations

import ipywidgets as w

from widgets import safe
from widgets.model import weights as wt
from widgets.modules.partner_selection import model as ps
from widgets.modules.partner_selection import report
from widgets.ui.charts import ChartSlot
from widgets.ui.context import ModuleContext
from widgets.ui.findings import findings_html
from widgets.ui.layout import card
from widgets.ui.messages import MessageArea
from widgets.ui.tables import Cell, table
from widgets.ui.view import REFUSED, ModuleView

WIDE = {"description_width": "300px"}



class PartnerSelectionView(ModuleView):
    def __init__(self, ctx: ModuleContext):
        super().__init__(ctx)
        tr = self.tr
        self._whatif_touched = False
        self.state: ps.TeamState | None = None
        self._typed: dict[tuple[str, str], str] = {}  # (candidate, criterion) -> a note waiting for a pause
        self.messages = MessageArea()

        self.intro = w.HTML(safe.html('<div class="aw-lead">{a}</div>', a=tr("partner_selection.lead")))
        # -- your scoring
        self.weights_box = w.VBox()
        self.weights_total = w.HTML()
        self.even = w.Button(description=tr("partner_selection.even_split"), icon="balance-scale",
                             tooltip=tr("partner_selection.even_split_tip"))
        self.even.on_click(self.report(lambda _b: self.set_even()))
        self.candidate = w.ToggleButtons(style={"button_width": "auto"}, description=tr("partner_selection.candidate"))
        self.candidate.observe(self.report(lambda _c: self._show_candidate()), "value")
        self.profile = w.HTML()
        self.score_rows = w.VBox()
        self.progress = w.HTML()
        # the must-haves of the picked candidate: facts with their evidence
        self.fact_rows = w.VBox()
        self.fact_message = MessageArea()
        scoring = w.VBox([
            card(w.HTML(safe.html("<h4>{t}</h4><p class='aw-muted'>{h}</p>", t=tr("partner_selection.weights_title"),
                                   h=tr("partner_selection.weights_help"))),
                  self.weights_box, w.HBox([self.even, self.weights_total])),
            card(w.HTML(safe.html("<h4>{t}</h4><p class='aw-muted'>{h}</p>", t=tr("partner_selection.scores_title"),
                                   h=tr("partner_selection.scores_help"))),
                  self.candidate, self.profile, self.score_rows, self.progress, self.fact_rows,
                  self.fact_message.widget),
        ])
        # -- team view
        self.team_status = w.HTML()
        self.team_findings = w.HTML()
        self.ranking = w.HTML()
        self.whatif_box = w.VBox()
        self.whatif_table = w.HTML()
        self.whatif_reset = w.Button(description=tr("partner_selection.whatif_reset"), icon="undo")
        self.whatif_reset.on_click(self.report(lambda _b: self._reset_whatif()))
        self.radar = ChartSlot(420)
        self.heat = ChartSlot(420)
        self.contested = w.HTML()
        self.means = w.HTML()
        # settling a must-have a member records as not met
        self.musts = w.HTML()
        self.settle_pick = w.Dropdown(description=tr("partner_selection.settle_pick"), style=WIDE,
                                      layout=w.Layout(width="640px"))
        self.settle_met = w.ToggleButtons(options=[(tr("partner_selection.fact_met"), True),
                                                   (tr("partner_selection.fact_not_met"), False)], value=None)
        self.settle_reason = w.Text(placeholder=tr("partner_selection.fact_reason"), layout=w.Layout(width="420px"))
        self.settle_button = w.Button(description=tr("partner_selection.settle_button"), icon="gavel")
        self.settle_button.on_click(self.report(lambda _b: self._settle(self.settle_met.value)))
        self.settle_reopen = w.Button(description=tr("partner_selection.settle_reopen"), icon="undo")
        self.settle_reopen.on_click(self.report(lambda _b: self._settle(None)))
        self.settle_message = MessageArea()
        self.debrief = self.debrief_card()
        team = w.VBox([
            card(self.team_status, self.team_findings, self.ranking),
            card(w.HTML(safe.html("<h4>{t}</h4><p class='aw-muted'>{h}</p>", t=tr("partner_selection.whatif_title"),
                                   h=tr("partner_selection.whatif_help"))),
                  self.whatif_box, self.whatif_reset, self.whatif_table),
            card(self.radar.widget, self.heat.widget),
            card(self.contested, self.means),
            card(w.HTML(safe.html("<h4>{t}</h4><p class='aw-muted'>{h}</p>", t=tr("partner_selection.settle_title"),
                                   h=tr("partner_selection.settle_help"))), self.musts, self.settle_pick,
                 w.HBox([self.settle_met, self.settle_reason]), w.HBox([self.settle_button, self.settle_reopen]),
                 self.settle_message.widget),
            card(self.debrief),
        ])
        # -- the team's lists
        self.lists_view = w.HTML()
        self.crit_pick = w.Dropdown(description=tr("partner_selection.criterion"), style=WIDE)
        self.crit_label = w.Text(placeholder=tr("partner_selection.new_label"), description=tr("partner_selection.label"))
        self.crit_rename = w.Button(description=tr("partner_selection.rename"), icon="pencil")
        self.crit_drop = w.Button(description=tr("partner_selection.drop"), icon="trash", button_style="warning")
        self.crit_knockout = w.Checkbox(description=tr("partner_selection.knockouts_label"), indent=False)
        self.crit_new = w.Text(placeholder=tr("partner_selection.new_criterion_placeholder"),
                               description=tr("partner_selection.new_criterion"))
        self.crit_add = w.Button(description=tr("partner_selection.add"), icon="plus")
        self.cand_pick = w.Dropdown(description=tr("partner_selection.candidate"), style=WIDE)
        self.cand_drop = w.Button(description=tr("partner_selection.drop"), icon="trash", button_style="warning")
        self.cand_new = w.Text(placeholder=tr("partner_selection.new_candidate_placeholder"),
                               description=tr("partner_selection.new_candidate"))
        self.cand_profile = w.Textarea(placeholder=tr("partner_selection.profile_placeholder"),
                                       description=tr("partner_selection.profile"))
        self.cand_add = w.Button(description=tr("partner_selection.add"), icon="plus")
        self.crit_rename.on_click(self.report(lambda _b: self._edit("rename_criterion")))
        self.crit_drop.on_click(self.report(lambda _b: self._edit("drop_criterion")))
        self.crit_pick.observe(self.report(lambda _c: self._show_knockout()), "value")
        self.crit_knockout.observe(self.report(lambda c: self._knockout_changed(c["new"])), "value")
        self.crit_add.on_click(self.report(lambda _b: self._edit("add_criterion")))
        self.cand_drop.on_click(self.report(lambda _b: self._edit("drop_candidate")))
        self.cand_add.on_click(self.report(lambda _b: self._edit("add_candidate")))
        lists = w.VBox([
            card(w.HTML(safe.html("<h4>{t}</h4><p class='aw-muted'>{h}</p>", t=tr("partner_selection.lists_title"),
                                   h=tr("partner_selection.lists_help"))), self.messages.widget, self.lists_view),
            card(w.HTML(safe.html("<h4>{t}</h4>", t=tr("partner_selection.criteria"))),
                  w.HBox([self.crit_pick, self.crit_drop]), self.crit_knockout,
                  w.HTML(safe.html("<p class='aw-muted'>{t}</p>", t=tr("partner_selection.knockouts_help"))),
                  w.HBox([self.crit_label, self.crit_rename]),
                  w.HBox([self.crit_new, self.crit_add])),
            card(w.HTML(safe.html("<h4>{t}</h4>", t=tr("partner_selection.candidates"))),
                  w.HBox([self.cand_pick, self.cand_drop]), w.HBox([self.cand_new, self.cand_add]),
                  self.cand_profile),
        ])
        self.tabs = w.Tab(children=[scoring, team, lists],
                          titles=[tr("partner_selection.tab_scoring"), tr("partner_selection.tab_team"), tr("partner_selection.tab_lists")])
        self.widget = w.VBox([self.intro, self.tabs])
        self.widget.add_class("aw-module")
        self._lists_dump = None
        self.refresh_team()

    # -- the team's data ----------------------------------------------------------------------
    def refresh_team(self) -> None:
        """Reload the team's data: rebuild the inputs if the lists changed; redraw the team view."""
        team = self.ctx.session.team()
        state = ps.team_state(team.module(ps.KEY), team.shared.get(ps.KEY), self.ctx.session.case,
                              self.tr.lang)
        self.state = state
        dump = state.lists.model_dump(exclude={"settled"})  # a settled fact changes only the team's part
        if dump != self._lists_dump:  # a criterion or candidate added, renamed, dropped or made a must-have
            self._lists_dump = dump
            self._build_inputs()
        self._draw_team()

    # -- your scoring -------------------------------------------------------------------------
    @property
    def criteria(self) -> list[str]:
        return [c.id for c in self.state.criteria]

    def _build_inputs(self) -> None:
        state, tr = self.state, self.tr
        weights = ps.entry_weights(self.doc, self.criteria)
        # the widgets are made with the stored values before they are observed: nothing to store
        self.sliders = {}
        for c in state.criteria:
            slider = w.IntSlider(value=weights[c.id], min=0, max=wt.TOTAL, step=1, description=c.label,
                                 style=WIDE, layout=w.Layout(width="640px"),
                                 continuous_update=False, readout_format="d")
            slider.observe(self.report(lambda change, k=c.id: self._weight_changed(k, change["new"])),
                           "value")
            self.sliders[c.id] = slider
        self.weights_box.children = list(self.sliders.values())
        self.score_buttons, self.note_boxes = {}, {}
        rows = []
        for c in state.criteria:
            buttons = w.ToggleButtons(options=[(str(i), i) for i in range(1, 6)], value=None,
                                      description=c.label, style={**WIDE, "button_width": "42px"},
                                      layout=w.Layout(width="560px", flex="0 0 auto"),
                                      tooltips=[tr(f"partner_selection.scale_{i}") for i in range(1, 6)])
            buttons.observe(self.report(lambda change, k=c.id: self._score_changed(k, change["new"])),
                            "value")
            note = w.Text(placeholder=tr("partner_selection.note_placeholder"), layout=w.Layout(width="260px"))
            note.observe(self.report(lambda change, k=c.id: self._note_changed(k, change["new"])), "value")
            self.score_buttons[c.id], self.note_boxes[c.id] = buttons, note
            rows.append(w.HBox([buttons, note], layout=w.Layout(align_items="center")))
            if c.profile:
                buttons.tooltip = c.profile
        self.score_rows.children = rows
        # the picked candidate is the view's own: kept when it is still on the list
        self._set_options(self.candidate, [(c.label, c.id) for c in state.candidates], first=True)
        self._show_weights_total()
        self._show_candidate()
        self._build_lists()

    @staticmethod
    def _set_options(picker: w.DOMWidget, options: list[tuple[str, str]],
                     first: bool = False) -> None:
        """New options for a picker (in one message to the browser), keeping the pick when it
        is still there (else the first option with ``first``; what ipywidgets picks otherwise).
        Unchanged options are left alone: setting them would move the pick."""
        if list(picker.options) == options:
            return
        current = picker.value
        with picker.hold_sync():
            picker.options = options
            values = [v for _, v in options]
            if current in values:
                picker.value = current
            elif first and values:
                picker.value = values[0]

    def _show_weights_total(self, capped: wt.Allocation | None = None) -> None:
        """Points left to distribute, and why a number was capped if it was."""
        left = wt.points_left({k: s.value for k, s in self.sliders.items()}, self.criteria)
        if left == wt.TOTAL:
            status = self.tr("partner_selection.points_none", total=wt.TOTAL)
        elif left:
            status = self.tr("partner_selection.points_left", left=left)
        else:
            status = self.tr("partner_selection.points_done", total=wt.TOTAL)
        note = ""
        if capped is not None:
            note = safe.html('<div class="aw-warn" role="status">{t}</div>',
                             t=self.tr("partner_selection.points_capped", asked=capped.asked, given=capped.given))
        self.weights_total.value = safe.html('<span class="aw-muted" data-left="{n}">{t}</span>{note}',
                                             n=str(left), t=status, note=safe.Markup(note))

    def _show_weights(self) -> None:
        """The sliders show the stored points (their observers then find nothing to store)."""
        for k, v in ps.entry_weights(self.doc, self.criteria).items():
            self.sliders[k].value = v

    def _weight_changed(self, key: str, value: int) -> None:
        """Set this one weight; no other weight moves. More than is left is capped, visibly.
        The points already stored for it (the page setting the slider) store nothing."""
        allocated = self.attempt(lambda: ps.allocate_weight(self.doc, self.criteria, key, value),
                                 undo=self._show_weights)
        if allocated is REFUSED or not self.commit(allocated[0], undo=self._show_weights):
            self._show_weights_total()
            return
        result = allocated[1]
        if key in self.sliders:  # (the redraw after the save may have rebuilt the sliders)
            self.sliders[key].value = result.given  # capped: the slider shows what was given
        self._show_weights_total(result if result.capped else None)

    def set_even(self) -> None:
        new = ps.even_weights(self.criteria, ps.knockouts(self.state.lists, self.ctx.session.case))
        entry = self.attempt(lambda: ps.with_weights(self.doc, new))
        if entry is not REFUSED:
            self.commit(entry)
        self._show_weights()
        self._show_weights_total()

    def _show_candidate(self) -> None:
        if self.state is None or self.candidate.value is None:
            return
        cand = next(c for c in self.state.candidates if c.id == self.candidate.value)
        facts = safe.join([safe.html("<li>{f}</li>", f=f) for f in cand.facts])
        self.profile.value = safe.html('<div class="aw-profile"><b>{name}</b><p>{profile}</p><ul>{facts}</ul></div>',
                                       name=cand.label, profile=cand.profile, facts=facts)
        # set from the document: each observer finds what is stored and stores nothing (a note
        # still waiting for a pause in typing is shown as typed)
        for k, buttons in self.score_buttons.items():
            buttons.value = ps.score_of(self.doc, cand.id, k)
            self.note_boxes[k].value = self._typed.get((cand.id, k), ps.note_of(self.doc, cand.id, k))
        self._show_facts(cand.id)
        self._show_progress()

    # -- must-haves: facts with evidence ------------------------------------------------------
    def _show_facts(self, candidate: str) -> None:
        """One row per must-have: met / not met and the evidence, with a button that records it."""
        tr = self.tr
        must = [k for k in ps.knockouts(self.state.lists, self.ctx.session.case) if k in self.criteria]
        mine = self.doc.facts.get(candidate, {})
        self.fact_toggles, self.fact_reasons, self.fact_record, rows = {}, {}, {}, []
        for k in must:
            toggle = w.ToggleButtons(options=[(tr("partner_selection.fact_met"), True),
                                              (tr("partner_selection.fact_not_met"), False)],
                                     value=mine[k].met if k in mine else None, description=self.state.labels[k],
                                     style={**WIDE, "button_width": "auto"})
            reason = w.Text(value=mine[k].reason if k in mine else "", placeholder=tr("partner_selection.fact_reason"),
                            layout=w.Layout(width="360px"))
            record = w.Button(description=tr("partner_selection.fact_save"), icon="check")
            record.on_click(self.report(lambda _b, k=k: self._record_fact(k, self.fact_toggles[k].value)))
            clear = w.Button(description=tr("partner_selection.fact_clear"), icon="times")
            clear.on_click(self.report(lambda _b, k=k: self._record_fact(k, None)))
            self.fact_toggles[k], self.fact_reasons[k], self.fact_record[k] = toggle, reason, record
            rows.append(w.HBox([toggle, reason, record, clear], layout=w.Layout(align_items="center")))
        head = [w.HTML(safe.html("<h5>{t}</h5>", t=tr("partner_selection.fact_title")))] if rows else []
        self.fact_rows.children = head + rows

    def _record_fact(self, criterion: str, met: bool | None) -> None:
        """Record (or clear) this member's fact on a must-have for the picked candidate."""
        cand = self.candidate.value
        reason = self.fact_reasons[criterion].value if met is not None else ""
        entry = self.attempt(lambda: ps.set_fact(self.doc, cand, criterion, met, reason), near=self.fact_message)
        if entry is REFUSED or not self.commit(entry):
            return
        self.fact_message.show("ok", self.tr("partner_selection.fact_saved"))
        self._show_facts(cand)

    def _show_progress(self) -> None:
        done, total = ps.completeness(self.doc, self.criteria, [c.id for c in self.state.candidates])
        self.progress.value = safe.html('<p class="aw-muted" role="status">{t}</p>',
                                        t=self.tr("partner_selection.progress", done=done, total=total))

    def _score_changed(self, key: str, value: int | None) -> None:
        """Store a picked score of the shown candidate; the stored score (the page showing the
        candidate) stores nothing, nor does no pick (a score is never cleared by a click)."""
        if value is None:
            return
        cand = self.candidate.value
        entry = self.attempt(lambda: ps.with_score(self.doc, cand, key, value), undo=self._show_candidate)
        if entry is REFUSED:
            return
        self.commit(entry, undo=self._show_candidate)
        self._show_progress()

    def _note_changed(self, key: str, text: str) -> None:
        """Store a typed note of the shown candidate after a pause in typing; the stored note
        (the page showing the candidate, or typed back to it) schedules nothing. Each note waits
        under its own key, so typing on in another note or picking a score keeps it."""
        cand = self.candidate.value
        pending = f"note:{cand}:{key}"
        if text == ps.note_of(self.doc, cand, key):
            self._typed.pop((cand, key), None)
            self.ctx.cancel_pending(pending)
            return
        self._typed[(cand, key)] = text

        def store() -> None:
            self._typed.pop((cand, key), None)
            entry = self.attempt(lambda: ps.with_note(self.doc, cand, key, text))
            if entry is not REFUSED:
                self.commit(entry)

        self.ctx.soon(self.report(store), key=pending)

    # -- team view ----------------------------------------------------------------------------
    def _draw_team(self) -> None:
        state, tr = self.state, self.tr
        result, labels = state.result, state.labels
        self.team_status.value = safe.html("<h4>{t}</h4><p class='aw-muted'>{s}</p>", t=tr("partner_selection.team_title"),
                                           s=tr("partner_selection.team_status", count=len(result.members)))
        self.team_findings.value = findings_html(tr, ps.findings(result, labels))
        rows = []
        for r in result.ranking:
            css = "aw-top" if r.rank == 1 else ""
            rows.append([Cell(labels[r.candidate], css), self._rank(r),
                         report.score_text(r.score, self.tr), report.score_text(r.spread, self.tr), r.members])
        self.ranking.value = table([tr("partner_selection.col_candidate"), tr("partner_selection.col_rank"), tr("partner_selection.col_score"),
                                    tr("partner_selection.col_spread"), tr("partner_selection.col_members")], rows,
                                   caption=tr("partner_selection.ranking_caption")) if result.members else ""
        self._build_whatif()
        self.radar.show(report.radar(state, tr), tr)
        self.heat.show(report.heatmap(state, tr), tr)
        notes = {name: e.notes for name, e in state.entries.items()}
        contested_rows = []
        for cell in result.contested:
            who = ", ".join(f"{m}: {s}" for m, s in sorted(cell.scores.items()))
            why = " · ".join(f"{m}: {notes[m][cell.candidate][cell.criterion]}" for m in sorted(cell.scores)
                             if notes.get(m, {}).get(cell.candidate, {}).get(cell.criterion))
            contested_rows.append([labels[cell.candidate], labels[cell.criterion], f"{cell.low}–{cell.high}", who, why])
        self.contested.value = table(
            [tr("partner_selection.col_candidate"), tr("partner_selection.col_criterion"), tr("partner_selection.col_range"),
             tr("partner_selection.col_who"), tr("partner_selection.col_why")], contested_rows,
            caption=tr("partner_selection.contested_caption")) if contested_rows else ""
        mean_rows = []
        shown = wt.shown_shares(result.team_weights)  # the same whole points as the what-if sliders
        for c in state.criteria:
            row = [c.label, tr.percent(shown[c.id])]
            for cand in state.candidates:
                cell = result.cells[(cand.id, c.id)]
                text = "–" if cell.mean is None else f"{tr.number(cell.mean, 1)} ({cell.low}–{cell.high})"
                row.append(Cell(text, "aw-hot" if cell.contested else ""))
            mean_rows.append(row)
        self.means.value = table([tr("partner_selection.col_criterion"), tr("partner_selection.col_weight"),
                                  *[cand.label for cand in state.candidates]], mean_rows,
                                 caption=tr("partner_selection.means_caption")) if result.members else ""
        self._draw_musts()

    def _draw_musts(self) -> None:
        """The must-haves in dispute or settled, each member's fact with its evidence."""
        tr, labels = self.tr, self.state.labels
        status = {True: tr("partner_selection.fact_met"), False: tr("partner_selection.fact_not_met")}
        views = [v for v in self.state.result.facts.values() if v.status == "disputed" or v.settled is not None]
        items = []
        for v in views:
            lines = [tr("partner_selection.fact_line", member=m, status=status[f.met], reason=f.reason)
                     for m, f in sorted(v.facts.items())]
            if v.settled is not None:
                lines.insert(0, tr("partner_selection.settled_as", candidate=labels[v.candidate],
                                   criterion=labels[v.criterion], status=status[v.settled.met], reason=v.settled.reason))
            items.append(safe.html("<li><b>{c} · {k}</b><ul>{lines}</ul></li>", c=labels[v.candidate],
                                   k=labels[v.criterion], lines=safe.join([safe.html("<li>{t}</li>", t=t) for t in lines])))
        self.musts.value = safe.html("<ul>{items}</ul>", items=safe.join(items)) if items else safe.html(
            "<p class='aw-muted'>{t}</p>", t=tr("partner_selection.settle_none"))
        # the picked must-have is the view's own (nothing is stored when it is set): kept when still listed
        options = [(f"{labels[v.candidate]} · {labels[v.criterion]}", f"{v.candidate}|{v.criterion}") for v in views]
        self._set_options(self.settle_pick, options, first=True)

    def _settle(self, met: bool | None) -> None:
        """The team settles the picked must-have (met or not met, with the reason), or reopens it."""
        if not self.settle_pick.value:
            return
        candidate, criterion = self.settle_pick.value.split("|", 1)
        reason = self.settle_reason.value
        case = self.ctx.session.case

        def change(current):
            return ps.settle(ps.load_lists(current, case), candidate, criterion, met, reason)

        saved = self.attempt(lambda: self.ctx.edit_team(change, lambda: None), near=self.settle_message)
        if saved is REFUSED or saved is None:
            return
        self.settle_message.show("ok", self.tr("partner_selection.fact_saved"))
        self.settle_reason.value = ""  # not observed: stores nothing

    # -- what-if ------------------------------------------------------------------------------
    def _build_whatif(self) -> None:
        result = self.state.result
        if not result.members:
            self.whatif_box.children = []
            self.whatif_table.value = ""
            return
        team = wt.apportion(result.team_weights)  # as the table of means shows them (wt.shown_shares)
        existing = getattr(self, "whatif", {})
        if set(existing) != set(self.criteria) or not self._whatif_touched:
            # made with the team's points before they are observed (the what-if stores nothing anyway)
            self.whatif = {}
            for c in self.state.criteria:
                slider = w.IntSlider(value=team[c.id], min=0, max=wt.TOTAL, description=c.label, style=WIDE,
                                     layout=w.Layout(width="640px"), continuous_update=False)
                slider.observe(self.report(lambda change, k=c.id: self._whatif_changed(k, change["new"])),
                               "value")
                self.whatif[c.id] = slider
            self.whatif_box.children = list(self.whatif.values())
            self._whatif_touched = False
        self._show_whatif()

    def _whatif_changed(self, key: str, value: int) -> None:
        """A what-if slider moved (only the participant moves them: the page makes new ones)."""
        # each slider keeps what was set; the ranking uses the what-if points in proportion
        self._whatif_touched = True
        self._show_whatif()

    def _reset_whatif(self) -> None:
        self._whatif_touched = False
        self._build_whatif()

    def _show_whatif(self) -> None:
        labels = self.state.labels
        weights = {k: float(s.value) for k, s in self.whatif.items()}
        ranking = ps.rank_with(weights, self.state.result)
        team_first = self.state.result.robustness.top
        rows = [[Cell(labels[r.candidate], "aw-top" if r.rank == 1 else ""), self._rank(r), report.score_text(r.score, self.tr)]
                for r in ranking]
        verdict = ""
        if ranking and ranking[0].score is not None and team_first:
            key = "partner_selection.whatif_same" if any(r.candidate == team_first and r.rank == 1 for r in ranking) \
                else "partner_selection.whatif_changed"
            verdict = safe.html('<p role="status"><b>{t}</b></p>',
                                t=self.tr(key, top=labels[team_first], new=labels[ranking[0].candidate]))
        self.whatif_table.value = verdict + table(
            [self.tr("partner_selection.col_candidate"), self.tr("partner_selection.col_rank"), self.tr("partner_selection.col_score")], rows,
            caption=self.tr("partner_selection.whatif_caption"))

    def _rank(self, r: ps.Ranked) -> Cell:
        labels = self.state.labels
        text = report.rank_label(r.rank, r.tied, [labels[k] for k in r.knocked_out],
                                 [labels[k] for k in r.disputed], self.tr)
        return Cell(text, "aw-out" if r.knocked_out or r.disputed else "")

    # -- the team's lists ---------------------------------------------------------------------
    def _build_lists(self) -> None:
        state, tr = self.state, self.tr
        must = set(ps.knockouts(state.lists, self.ctx.session.case))
        crit = safe.join([safe.html("<li>{l}{tag}{knock}</li>", l=c.label,
                                    tag=tr("partner_selection.team_added") if not o.case else "",
                                    knock=tr("partner_selection.must_have_tag") if c.id in must else "")
                          for c, o in zip(state.criteria, state.lists.criteria, strict=True)])
        cand = safe.join([safe.html("<li>{l}{tag}</li>", l=c.label,
                                    tag=tr("partner_selection.team_added") if not o.case else "")
                          for c, o in zip(state.candidates, state.lists.candidates, strict=True)])
        self.lists_view.value = safe.html(
            '<div class="aw-two"><div><b>{a}</b><ol>{crit}</ol></div><div><b>{b}</b><ol>{cand}</ol></div></div>',
            a=tr("partner_selection.criteria"), b=tr("partner_selection.candidates"), crit=crit, cand=cand)
        # the pickers are the view's own: their picks are kept when still listed
        self._set_options(self.crit_pick, [(c.label, c.id) for c in state.criteria])
        self._set_options(self.cand_pick, [(c.label, c.id) for c in state.candidates])
        self._show_knockout()

    def _is_knockout(self) -> bool:
        """Whether the picked criterion is a must-have in the team's lists as this view has them."""
        return self.crit_pick.value in ps.knockouts(self.state.lists, self.ctx.session.case)

    def _show_knockout(self) -> None:
        """The must-have box shows whether the picked criterion is one (its observer then finds
        the team's lists saying so and writes nothing)."""
        if self.state is None:
            return
        self.crit_knockout.value = self._is_knockout()

    def _knockout_changed(self, on: bool) -> None:
        """Make the picked criterion a must-have (or not) for the team; what the team's lists
        already say (the page showing the picked criterion) writes nothing."""
        if self.state is None or self.crit_pick.value is None or on == self._is_knockout():
            return
        self._edit("set_knockout")

    def _edit(self, action: str) -> None:
        case, lang = self.ctx.session.case, self.tr.lang

        def change(current):
            lists = ps.load_lists(current, case)
            criteria, candidates = ps.resolve(lists, case, lang)
            labels = {c.id: c.label for c in criteria}
            names = {c.id: c.label for c in candidates}
            if action == "add_criterion":
                return ps.add_criterion(lists, self.crit_new.value, labels)
            if action == "rename_criterion":
                return ps.rename_criterion(lists, self.crit_pick.value, self.crit_label.value)
            if action == "drop_criterion":
                return ps.drop_criterion(lists, self.crit_pick.value)
            if action == "set_knockout":
                return ps.set_knockout(lists, self.crit_pick.value, self.crit_knockout.value)
            if action == "add_candidate":
                return ps.add_candidate(lists, self.cand_new.value, self.cand_profile.value, names)
            return ps.drop_candidate(lists, self.cand_pick.value)

        saved = self.attempt(lambda: self.ctx.edit_team(change, lambda: None), near=self.messages)
        if saved is REFUSED or saved is None:
            if action == "set_knockout":
                self._show_knockout()  # back to what the team's lists say
            return
        self.messages.show("ok", self.tr(f"partner_selection.done_{action}"))
        for box in (self.crit_new, self.crit_label, self.cand_new, self.cand_profile):
            box.value = ""
