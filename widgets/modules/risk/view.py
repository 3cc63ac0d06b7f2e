"""Risk balancing view: contributions and benefits, the risk register, the team's balance."""

from __future__ import annotations

import ipywidgets as w

from widgets import safe
from widgets.model import weights as wt
from widgets.modules.risk import model as rk
from widgets.modules.risk import report
from widgets.modules.risk.case import RISK_CATEGORIES
from widgets.ui.charts import ChartSlot
from widgets.ui.context import ModuleContext
from widgets.ui.findings import ICONS
from widgets.ui.layout import card, heading
from widgets.ui.messages import MessageArea
from widgets.ui.tables import Cell, table
from widgets.ui.view import REFUSED, ModuleView

SLIDER = {"description_width": "150px"}


class RiskView(ModuleView):
    def __init__(self, ctx: ModuleContext):
        super().__init__(ctx)
        tr = self.tr
        self.names = {p: self.case.companies[p].name for p in rk.PARTNERS}
        self._register_shape: tuple = ()
        self.state: rk.RiskState | None = None

        # -- contributions and benefits
        self.values: dict[tuple[str, str, str], w.IntSlider] = {}
        boxes = []
        for kind, cats in (("contributions", rk.CONTRIBUTIONS), ("benefits", rk.BENEFITS)):
            rows = [w.HTML(safe.html('<div class="aw-pp-head"><span></span><b>{a}</b><b>{b}</b><b>{w}</b></div>',
                                     w=tr("risk.weight_head"), **self.names))]
            for cat in cats:
                sliders = []
                for p in (*rk.PARTNERS, "weight"):
                    tip = tr("risk.weight_tip") if p == "weight" else tr("risk.value_tip", company=self.names[p])
                    tip = f"{tr(f'risk.{kind}.{cat}')} — {tip}"  # the slider's accessible name names its row
                    s = w.IntSlider(min=0, max=5, value=rk.DEFAULT_WEIGHT if p == "weight" else 0,
                                    description=tr(f"risk.{kind}.{cat}") if p == "a" else "",
                                    style=SLIDER, continuous_update=False, tooltip=tip,
                                    layout=w.Layout(width={"a": "420px", "b": "270px"}.get(p, "230px")))
                    s.observe(self.report(lambda c, k=kind, cat=cat, p=p: self._value_changed(k, cat, p, c["new"])),
                              "value")
                    self.values[(kind, cat, p)] = s
                    sliders.append(s)
                row = w.HBox(sliders)
                row.add_class("aw-pp-row")  # on a phone each slider shows its tooltip as its label
                rows.append(row)
            boxes.append(card(heading(tr(f"risk.{kind}_title"), tr(f"risk.{kind}_help")), *rows))
        values_tab = w.VBox(boxes)

        # -- the register
        self.register_box = w.VBox()
        self.register_message = MessageArea()
        self.new_label = w.Text(description=tr("risk.new_risk"), placeholder=tr("risk.new_risk_placeholder"),
                                style=SLIDER, layout=w.Layout(width="560px"))
        self.new_category = w.Dropdown(options=[(tr(f"risk.category.{c}"), c) for c in RISK_CATEGORIES],
                                       description=tr("risk.category"), style=SLIDER)
        self.add = w.Button(description=tr("risk.add"), icon="plus")
        self.add.on_click(self.report(lambda _b: self._edit_register("add")))
        register_tab = w.VBox([
            card(heading(tr("risk.register_title"), tr("risk.register_help")), self.register_box),
            card(heading(tr("risk.add_title")), self.register_message.widget, self.new_label,
                  w.HBox([self.new_category, self.add])),
        ])

        # -- team balance
        self.verdict = w.HTML()
        self.shares = w.HTML()
        self.shares_chart = ChartSlot(360)
        self.matrix = ChartSlot(460)
        self.risk_table = w.HTML()
        self.values_table = w.HTML()
        self.debrief = self.debrief_card()
        team_tab = w.VBox([
            card(self.verdict, self.shares, self.shares_chart.widget),
            card(self.matrix.widget, self.risk_table),
            card(self.values_table),
            card(self.debrief),
        ])
        self.tabs = w.Tab(children=[values_tab, register_tab, team_tab],
                          titles=[tr("risk.tab_values"), tr("risk.tab_register"), tr("risk.tab_team")])
        self.widget = w.VBox([w.HTML(safe.html('<div class="aw-lead">{t}</div>', t=tr("risk.lead"))), self.tabs])
        self.widget.add_class("aw-module")
        self.refresh_team()
        self._show_values()

    def mine(self) -> rk.Entry:
        """This member's estimates as the page shows them: the stored document, or the case's
        values for its risks before their first change (:func:`rk.own_entry`)."""
        return rk.own_entry(self.doc, self.case, self.state.register)

    def refresh_team(self) -> None:
        team = self.ctx.session.team()
        self.state = rk.risk_state(team.module(rk.KEY), team.shared.get(rk.KEY), self.case, self.tr.lang)
        shape = tuple((r.id, self.state.labels[r.id], self.state.categories[r.id]) for r in self.state.register.risks)
        if shape != self._register_shape:  # a risk added or dropped: new cards
            self._register_shape = shape
            self._build_register()
        else:  # the same risks: their text in place, so the field being typed keeps its focus
            self._show_treatments()
        self._draw_team()

    # -- your estimates ---------------------------------------------------------------------------
    def _show_values(self) -> None:
        """The member's contributions and benefits in the sliders (their observers find what is
        shown already: nothing is stored)."""
        mine = self.mine()
        for (kind, cat, p), s in self.values.items():
            s.value = rk.value_of(mine, kind, cat, p)

    def _value_changed(self, kind: str, cat: str, partner: str, value: int) -> None:
        """Store a moved contribution or benefit slider; a value equal to what is shown (the
        page setting the slider) stores nothing."""
        mine = self.mine()
        entry = self.attempt(lambda: rk.with_value(mine, kind, cat, partner, value), undo=self._show_values)
        if entry is REFUSED or entry == mine:
            return
        self.commit(entry, undo=self._show_values)

    def _estimate_changed(self, risk_id: str, what: str, value: int) -> None:
        """Store a moved estimate slider of a risk (equal to what is shown: nothing)."""
        mine = self.mine()
        entry = self.attempt(lambda: rk.with_estimate(mine, risk_id, what, value),
                             undo=lambda: self._show_estimate(risk_id))
        if entry is REFUSED or entry == mine:
            return
        if self.commit(entry, undo=lambda: self._show_estimate(risk_id)) and risk_id in self.hints:
            self._show_estimate_hint(risk_id)

    def _show_estimate(self, risk_id: str) -> None:
        """A risk's sliders back to the member's estimate (their observers then store nothing)."""
        sliders = self.estimates.get(risk_id)
        if sliders is None:  # no longer in the register
            return
        est = rk.estimate_of(self.mine(), risk_id)
        for what, s in sliders.items():
            s.value = getattr(est, what)

    # -- the register -----------------------------------------------------------------------------
    def _build_register(self) -> None:
        state, tr = self.state, self.tr
        self.estimates, self.treatments, self.hints = {}, {}, {}
        mine = self.mine()
        cards = []
        # the widgets are made with the stored values before they are observed: nothing to store
        for number_, item in enumerate(state.register.risks, start=1):
            est = rk.estimate_of(mine, item.id)
            sliders = {}
            for what, lo, hi, label in (("likelihood", 1, 5, tr("risk.likelihood")),
                                        ("impact", 1, 5, tr("risk.impact")),
                                        ("share_a", 0, 100, tr("risk.share_a", company=self.names["a"]))):
                s = w.IntSlider(min=lo, max=hi, value=getattr(est, what), description=label, style=SLIDER,
                                continuous_update=False, layout=w.Layout(width="420px"))
                s.observe(self.report(lambda c, r=item.id, k=what: self._estimate_changed(r, k, c["new"])),
                          "value")
                sliders[what] = s
            mitigation = w.Text(value=item.mitigation, description=tr("risk.mitigation"), style=SLIDER,
                                placeholder=tr("risk.mitigation_placeholder"), layout=w.Layout(width="640px"))
            owner = w.Text(value=item.owner, description=tr("risk.owner"), style=SLIDER,
                           placeholder=tr("risk.owner_placeholder"), layout=w.Layout(width="420px"))
            mitigation.observe(self.report(lambda c, r=item.id: self._treatment_changed(r, mitigation=c["new"])),
                               "value")
            owner.observe(self.report(lambda c, r=item.id: self._treatment_changed(r, owner=c["new"])), "value")
            drop = w.Button(description=tr("risk.drop"), icon="trash", button_style="warning",
                            tooltip=state.labels[item.id])
            drop.on_click(self.report(lambda _b, r=item.id: self._edit_register("drop", r)))
            hint = w.HTML()
            self.estimates[item.id], self.treatments[item.id], self.hints[item.id] = sliders, (mitigation, owner), hint
            title = w.HTML(safe.html('<b>{n}. {label}</b> <span class="aw-muted">({cat})</span>', n=number_,
                                     label=state.labels[item.id], cat=tr(f"risk.category.{state.categories[item.id]}")))
            card = w.VBox([title, w.HBox([w.VBox(list(sliders.values())), hint]), mitigation,
                           w.HBox([owner, drop])])
            card.add_class("aw-item-card")
            cards.append(card)
            self._show_estimate_hint(item.id)
        self.register_box.children = cards

    def _show_treatments(self) -> None:
        """Each risk's mitigation and owner as the team's register holds them, except in a field
        whose typed text waits to be saved (its observer finds the stored text: nothing to store)."""
        for item in self.state.register.risks:
            for field, widget in zip(("mitigation", "owner"), self.treatments[item.id], strict=True):
                if not self.ctx.typing(f"treatment:{item.id}:{field}"):
                    widget.value = getattr(item, field)

    def _show_estimate_hint(self, risk_id: str) -> None:
        est = self.mine().risks.get(risk_id)
        if est is None:
            self.hints[risk_id].value = safe.html('<span class="aw-muted">{t}</span>', t=self.tr("risk.no_estimate"))
            return
        score = est.likelihood * est.impact
        self.hints[risk_id].value = safe.html('<div class="aw-muted aw-hint">{t}</div>',
                                              t=self.tr("risk.your_score", score=score,
                                                        level=self.tr("risk.high" if rk.is_high(est.likelihood, est.impact) else "risk.not_high")))

    def _treatment_changed(self, risk_id: str, mitigation: str | None = None, owner: str | None = None) -> None:
        """Store a typed mitigation or owner in the team's register after a pause in typing; the
        text the register holds (set by the page, or typed back to it) stores nothing."""
        field = "owner" if owner is not None else "mitigation"
        key = f"treatment:{risk_id}:{field}"
        item = next((r for r in self.state.register.risks if r.id == risk_id), None)
        if item is None or getattr(item, field) == (owner if owner is not None else mitigation):
            self.ctx.cancel_pending(key)
            return

        def store():
            self.attempt(lambda: self.ctx.edit_team(lambda current: rk.set_treatment(
                rk.load_register(current, self.case), risk_id, mitigation, owner), lambda: None),
                near=self.register_message)
        self.ctx.soon(store, key=key)

    def _edit_register(self, action: str, risk_id: str | None = None) -> None:
        labels = dict(self.state.labels)

        def change(current):
            register = rk.load_register(current, self.case)
            if action == "add":
                return rk.add_risk(register, self.new_label.value, self.new_category.value, labels)
            return rk.drop_risk(register, risk_id)

        saved = self.attempt(lambda: self.ctx.edit_team(change, lambda: None), near=self.register_message)
        if saved is not REFUSED and saved is not None:
            self.register_message.show("ok", self.tr(f"risk.done_{action}"))
            self.new_label.value = ""

    # -- team balance -----------------------------------------------------------------------------
    def _draw_team(self) -> None:
        state, tr = self.state, self.tr
        result = state.result
        lines = []
        for p, b in result.balance.items():
            level = {"balanced": "ok", "unknown": "info"}.get(b.verdict, "warn")
            index = report.index_text(b.index, b.band, tr)
            lines.append(safe.html('<li class="aw-finding aw-finding-{level}"><span aria-hidden="true">{icon}</span> {t}</li>',
                                   level=level, icon=ICONS[level],
                                   t=tr(f"risk.verdict.{b.verdict}", company=self.names[p], index=index)))
            if not b.agreed:
                lines.append(safe.html('<li class="aw-finding aw-finding-warn"><span aria-hidden="true">⚠</span> {t}</li>',
                                       t=tr("risk.band_split", company=self.names[p])))
        if result.unmitigated:
            lines.append(safe.html('<li class="aw-finding aw-finding-warn"><span aria-hidden="true">⚠</span> {t}</li>',
                                   t=tr("risk.unmitigated", risks="; ".join(state.labels[r.id] for r in result.unmitigated))))
        else:
            lines.append(safe.html('<li class="aw-finding aw-finding-ok"><span aria-hidden="true">✓</span> {t}</li>',
                                   t=tr("risk.all_mitigated")))
        if result.contested:
            lines.append(safe.html('<li class="aw-finding aw-finding-warn"><span aria-hidden="true">⚠</span> {t}</li>',
                                   t=tr("risk.contested", risks="; ".join(state.labels[r.id] for r in result.contested))))
        overall = {True: "risk.overall_balanced", False: "risk.overall_lopsided", None: "risk.overall_unknown"}
        self.verdict.value = safe.html("<h4>{t}</h4><p class='aw-muted'>{s}</p><p role='status'><b>{o}</b></p>"
                                       "<ul class='aw-findings'>{lines}</ul>",
                                       t=tr("risk.team_title"), s=tr("risk.team_status", count=len(result.members),
                                                                     low=rk.BALANCED[0], high=rk.BALANCED[1]),
                                       o=tr(overall[result.balanced]), lines=safe.join(lines))
        shares = report.shown_shares({p: {k: getattr(b, k) for k in report.SHARE_KINDS} for p, b in result.balance.items()})
        rows = [[self.names[p], *[tr.percent(shares[p][k]) for k in report.SHARE_KINDS],
                 report.index_text(b.index, b.band, tr),
                 Cell(tr(f"risk.verdict_short.{b.verdict}"), "aw-ok" if b.verdict == "balanced" else
                      ("" if b.verdict == "unknown" else "aw-bad"))] for p, b in result.balance.items()]
        self.shares.value = table([tr("risk.col_partner"), tr("risk.share.contribution"), tr("risk.share.benefit"),
                                   tr("risk.share.risk"), tr("risk.col_index"), tr("risk.col_verdict")], rows,
                                  caption=tr("risk.shares_caption"))
        self.shares_chart.show(report.shares_chart(state, tr, self.case), tr)
        self.matrix.show(report.matrix(state, tr), tr)
        risk_rows = []
        for n, r in enumerate([r for r in result.risks if r.score is not None], start=1):
            risk_rows.append([f"{n}. {state.labels[r.id]}",
                              Cell(f"{self.tr.number(r.likelihood, 1)} (±{r.spread('likelihood')})", "aw-hot" if r.contested else ""),
                              Cell(f"{self.tr.number(r.impact, 1)} (±{r.spread('impact')})", "aw-hot" if r.contested else ""),
                              Cell(self.tr.number(r.score, 1), "aw-bad" if r.unmitigated else ""),
                              " / ".join(tr.percent(v) for v in wt.shown_shares({"a": r.share_a / 100,
                                                                                 "b": 1 - r.share_a / 100}).values()),
                              r.mitigation or "–", r.owner or "–",
                              tr("risk.from_case") if r.from_case else len(r.estimates)])
        self.risk_table.value = table([tr("risk.col_risk"), tr("risk.likelihood"), tr("risk.impact"), tr("risk.col_score"),
                                       tr("risk.col_split", a=self.names["a"], b=self.names["b"]), tr("risk.mitigation"),
                                       tr("risk.owner"), tr("risk.col_estimates")], risk_rows,
                                      caption=tr("risk.risks_caption", high=rk.HIGH))
        value_rows = []
        for kind, cats in (("contributions", rk.CONTRIBUTIONS), ("benefits", rk.BENEFITS)):
            data = getattr(result, kind)
            for cat in cats:
                value_rows.append([tr(f"risk.{kind}.{cat}"), tr(f"risk.kind.{kind}"),
                                   self.tr.number(data[cat]["a"], 1), self.tr.number(data[cat]["b"], 1)])
        self.values_table.value = table([tr("risk.col_item"), tr("risk.col_kind"), self.names["a"], self.names["b"]],
                                        value_rows, caption=tr("risk.values_caption"))
