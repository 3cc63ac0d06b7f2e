"""Perception pulse view: your side, your answers this round, and the two companies' views."""

from __future__ import annotations

import ipywidgets as w

from widgets import safe
from widgets.modules.pulse import model as pl
from widgets.modules.pulse import report
from widgets.modules.pulse.section import PulseSection
from widgets.ui.charts import ChartSlot
from widgets.ui.choices import chosen, shown, unset
from widgets.ui.context import ModuleContext
from widgets.ui.findings import ICONS
from widgets.ui.layout import card, heading
from widgets.ui.messages import MessageArea
from widgets.ui.tables import table
from widgets.ui.view import REFUSED, ModuleView


class PulseView(ModuleView):
    def __init__(self, ctx: ModuleContext):
        super().__init__(ctx)
        tr = self.tr
        self.me = ctx.session.participant.name
        self.names = {p: self.case.companies[p].name for p in pl.SIDES}
        self.my_side: str | None = None  # the company this member speaks for, as the team's document says
        self.settings: pl.Settings = ctx.settings
        self.section = PulseSection()

        self.round_line = w.HTML()
        self.side = w.Dropdown(options=unset(tr("pulse.no_side"), [(self.names[p], p) for p in pl.SIDES]),
                               description=tr("pulse.side"), style={"description_width": "260px"},
                               layout=w.Layout(width="620px"))
        self.side.observe(self.report(lambda c: self._side_changed(chosen(c["new"]))), "value")
        self.side_message = MessageArea()
        self.scores: dict[str, w.ToggleButtons] = {}
        self.comments: dict[str, w.Text] = {}
        rows = []
        for s in pl.STATEMENTS:
            buttons = w.ToggleButtons(options=[(str(n), n) for n in range(1, 6)], value=None,
                                      description=tr(f"pulse.s.{s}"), tooltips=[tr(f"pulse.scale_{n}") for n in range(1, 6)],
                                      style={"description_width": "440px", "button_width": "40px"},
                                      layout=w.Layout(width="700px"))
            buttons.observe(self.report(lambda c, s=s: self._answer(s, score=c["new"])), "value")
            comment = w.Text(placeholder=tr("pulse.comment_placeholder"), layout=w.Layout(width="300px"))
            comment.observe(self.report(lambda c, s=s: self._comment_changed(s, c["new"])), "value")
            self.scores[s], self.comments[s] = buttons, comment
            rows.append(w.HBox([buttons, comment], layout=w.Layout(align_items="center")))
        answer_tab = w.VBox([
            card(heading(tr("pulse.side_title"), tr("pulse.side_help")), self.side, self.side_message.widget),
            card(self.round_line, heading(tr("pulse.answers_title"), tr("pulse.answers_help")), *rows)])

        self.status = w.HTML()
        self.chart = ChartSlot(560)
        self.gaps = w.HTML()
        self.comment_list = w.HTML()
        self.movement = w.HTML()
        team_tab = w.VBox([card(self.status, self.chart.widget, self.gaps, self.comment_list), card(self.movement),
                           card(self.debrief_card())])
        self.tabs = w.Tab(children=[answer_tab, team_tab], titles=[tr("pulse.tab_answer"), tr("pulse.tab_team")])
        self.widget = w.VBox([w.HTML(safe.html('<div class="aw-lead">{t}</div>',
                                               t=tr("pulse.lead", flag=tr.number(pl.GAP_FLAG, 1),
                                                    min=pl.MIN_PER_SIDE))), self.tabs])
        self.widget.add_class("aw-module")
        self.refresh_team()

    @property
    def round(self) -> str:
        return self.settings.round

    # -- your side and your answers ----------------------------------------------------------------
    def _side_changed(self, side: str | None) -> None:
        if side == self.my_side:  # what the team's document says already (the page set it)
            return
        assigned = self.settings.sides_assigned
        saved = self.attempt(lambda: self.ctx.edit_team(
            lambda current: pl.choose_side(pl.load_sides(current), self.me, side, assigned),
            lambda: None), near=self.side_message)
        if saved is REFUSED or saved is None:
            self.refresh_team()
        else:
            self.side_message.show("ok", self.tr("pulse.side_saved", company=self.names[side]) if side
                                   else self.tr("pulse.side_cleared"))

    def _stored(self, statement: str) -> pl.Answer | None:
        return self.doc.rounds.get(self.round, {}).get(statement)

    def _answer(self, statement: str, score: int | None = None, comment: str | None = None) -> None:
        """Store one answer of this round (a score, or a comment after a pause in typing); an
        answer equal to the stored one, as the page sets it, stores nothing."""
        entry = self.attempt(lambda: pl.answer(self.doc, self.round, statement, score, comment))
        if entry is REFUSED:
            self._show_answers()
            return
        self.commit(entry, undo=self._show_answers)

    def _comment_changed(self, statement: str, text: str) -> None:
        key = f"comment:{statement}"
        stored = self._stored(statement)
        if text == (stored.comment if stored else ""):  # typed back to what is stored, or set by the page
            self.ctx.cancel_pending(key)
            return
        self.ctx.soon(lambda: self._answer(statement, comment=text), key=key)

    def _show_answers(self) -> None:
        """This round's stored answers in the widgets (a comment being typed is left alone)."""
        for s, buttons in self.scores.items():
            stored = self._stored(s)
            buttons.value = stored.score if stored else None
            if not self.ctx.typing(f"comment:{s}"):
                self.comments[s].value = stored.comment if stored else ""

    # -- the team's part -------------------------------------------------------------------------------
    def refresh_team(self) -> None:
        tr = self.tr
        self.settings = self.ctx.settings
        team = self.ctx.session.team()
        self.section = report.section(team, self.case, tr.lang)
        self.my_side = pl.load_sides(team.shared.get(pl.KEY)).sides.get(self.me)
        with self.side.hold_sync():
            self.side.value = shown(self.my_side)
            self.side.disabled = self.settings.sides_assigned
        self.round_line.value = safe.html("<p role='status'><b>{t}</b></p>{n}", t=tr(
            "pulse.round_now", round=tr(f"pulse.round.{self.round}")), n=safe.html(
            "<p class='aw-muted'>{t}</p>", t=tr("pulse.assigned_note")) if self.settings.sides_assigned else "")
        self._show_answers()
        lines = safe.join([safe.html('<li class="aw-finding aw-finding-{level}"><span aria-hidden="true">{icon}</span> {t}</li>',
                                     level=level, icon=ICONS[level], t=text)
                           for level, text in report.status_lines(self.section, tr)])
        rule = self.section.rule
        self.status.value = safe.html("<h4>{t}</h4><p class='aw-muted'>{r}</p><ul class='aw-findings'>{lines}</ul>",
                                      t=tr("pulse.team_title"), lines=lines,
                                      r=tr("pulse.rule", min=rule.min_per_side, flag=tr.number(rule.gap_flag, 1)))
        self.chart.show(report.gap_chart(self.section, tr), tr)
        headers, rows = report.table_rows(self.section, tr)
        self.gaps.value = table(headers, rows, caption=tr("pulse.gaps_caption")) if rows else ""
        self._show_comments()
        movement = self.section.movement
        self.movement.value = table(
            [tr("pulse.col_statement"), tr("pulse.col_change", company=self.names["a"]),
             tr("pulse.col_change", company=self.names["b"]), tr("pulse.col_gap_start"), tr("pulse.col_gap_end")],
            [[m.statement, tr.number(m.change_a, 1), tr.number(m.change_b, 1), tr.number(m.gap_start, 1),
              tr.number(m.gap_end, 1)] for m in movement], caption=tr("pulse.movement_caption")) if movement else \
            safe.html("<p class='aw-muted'>{t}</p>", t=tr("pulse.movement_none"))

    def _show_comments(self) -> None:
        """The comments on the statements shown, per company, without names."""
        tr, latest = self.tr, self.section.latest
        if latest is None:
            self.comment_list.value = ""
            return
        headers, rows = report.comment_rows(self.section, tr)
        caption = tr("pulse.comments_caption", round=tr(f"pulse.round.{latest}"))
        self.comment_list.value = table(headers, rows, caption=caption) if rows else \
            safe.html("<p class='aw-muted'>{t}</p>", t=tr("pulse.comments_none"))
