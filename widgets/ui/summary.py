"""The team summary: the alliance charter, the foundation health check, the most contested
items, and downloads in every format."""

from __future__ import annotations

import ipywidgets as w

from widgets import registry, safe
from widgets.i18n import Translator
from widgets.report import charter
from widgets.report.blocks import assessed_note
from widgets.report.documents import MIME, event_info, filename, render_export
from widgets.report.export import team_export
from widgets.report.pdf import PdfUnavailable
from widgets.session import ParticipantSession
from widgets.ui.charts import ChartSlot
from widgets.ui.context import guarded
from widgets.ui.download import Downloader
from widgets.ui.messages import MessageArea
from widgets.ui.tables import table

FORMATS = ("html", "pdf", "md", "xlsx", "json")


def health_html(tr: Translator, cracks: list[dict]) -> str:
    cards = []
    for c in cracks:
        evidence = safe.join([safe.html('<li class="aw-ev-{o}">{t}</li>',
                                        o="missing" if e["passed"] is None else ("pass" if e["passed"] else "fail"),
                                        t=e["text"]) for e in c["evidence"]])
        cards.append(safe.html(
            '<div class="aw-crack aw-crack-{status}" role="group" aria-label="{title}">'
            '<div class="aw-crack-head"><span class="aw-dot"></span><b>{title}</b>'
            '<span class="aw-crack-status">{label}</span></div><ul>{evidence}</ul>{basis}'
            '<div class="aw-muted"><i>{q}</i></div></div>',
            status=c["status"], title=c["title"], label=tr("health.status." + c["status"]), evidence=evidence,
            basis=_basis(c, tr), q=c["question"]))
    return safe.html('<div class="aw-cracks">{cards}</div>', cards=safe.join(cards))


def _basis(crack: dict, tr) -> str:
    note = assessed_note(crack, tr)
    return safe.html('<div class="aw-muted">{t}</div>', t=note) if note else ""


class SummaryView:
    def __init__(self, session: ParticipantSession, tr: Translator, report_problems, controls=None):
        self.session, self.tr = session, tr
        self.controls = controls or (lambda: None)
        self.report = guarded(report_problems)
        self.others = w.HTML()
        self.reference_toggle = w.ToggleButton(description=tr("reference.show"), icon="balance-scale",
                                               tooltip=tr("reference.show_tip"))
        self.reference = w.HTML()
        self.reference_toggle.observe(self.report(lambda _c: self._show_reference()), "value")
        self.report = guarded(report_problems)
        self.export: dict | None = None
        self.head = w.HTML()
        self.health = w.HTML()
        self.phases = w.HTML()
        self.contested = w.HTML()
        self.slots: list[ChartSlot] = []
        self.charter_title = w.HTML()
        self.charter_box = w.VBox()
        self.charter_box.add_class("aw-card")
        self.message = MessageArea()
        self.downloader = Downloader()
        self.buttons = []
        for fmt in FORMATS:
            b = w.Button(description=tr(f"summary.download.{fmt}"), icon="download",
                         tooltip=tr("summary.download_tip", format=fmt.upper()))
            b.on_click(self.report(lambda _b, f=fmt: self.download(f)))
            self.buttons.append(b)
        self.refresh_button = w.Button(description=tr("summary.refresh"), icon="refresh")
        self.refresh_button.on_click(self.report(lambda _b: self.refresh_team()))
        downloads = w.VBox([w.HTML(safe.html("<h4>{t}</h4><p class='aw-muted'>{h}</p>", t=tr("summary.downloads"),
                                             h=tr("summary.downloads_help"))),
                            w.HBox(self.buttons, layout=w.Layout(flex_flow="row wrap")), self.message.widget,
                            self.downloader])
        for box in (downloads,):
            box.add_class("aw-card")
        top = w.VBox([self.head, self.health, self.phases])
        top.add_class("aw-card")
        cont = w.VBox([self.contested])
        cont.add_class("aw-card")
        ref = w.VBox([w.HTML(safe.html("<h4>{t}</h4><p class='aw-muted'>{h}</p>", t=tr("reference.title"),
                                       h=tr("reference.help"))), self.reference_toggle, self.reference])
        ref.add_class("aw-card")
        self.widget = w.VBox([top, downloads, cont, self.others, ref, self.charter_box, self.refresh_button])
        self.widget.add_class("aw-module")
        self.refresh_team()

    def _team_export(self) -> dict:
        p = self.session.participant
        return team_export(self.session.store, p.event_code, p.team_name, lang=self.tr.lang)

    def refresh_team(self) -> None:
        tr = self.tr
        self.export = self._team_export()
        [team] = self.export["teams"] or [None]
        if team is None:
            return
        self.head.value = safe.html("<h3>{t}</h3><p class='aw-muted'>{h}</p>", t=tr("health.title"), h=tr("health.help"))
        self.health.value = health_html(tr, team["health_check"])
        self.phases.value = table([tr("charter.phase"), tr("charter.checks_passed")],
                                  [[tr(f"phase.{k}"), f"{v['passed']} / {v['total']}"] for k, v in team["phases"].items()],
                                  caption=tr("summary.phases_caption"))
        self.contested.value = safe.html("<h4>{t}</h4>", t=tr("charter.contested_title")) + (table(
            [tr("charter.col_module"), tr("charter.col_item"), tr("charter.col_detail"), tr("charter.col_level")],
            [[charter.module_title(c["module"], tr), c["item"], c["detail"], tr.percent(c["level"])]
             for c in team["contested"]]) if team["contested"] else
            safe.html("<p class='aw-muted'>{t}</p>", t=tr("summary.no_contested")))
        self._show_others()
        self._show_reference()
        blocks = charter.module_blocks(team, event_info(self.export), tr, self.session.case, charts=True)
        children, html_parts, charts = [], [], 0
        for b in blocks:
            if b.kind != "chart":
                html_parts.append(self._block_html(b))
                continue
            if html_parts:
                children.append(w.HTML("".join(html_parts)))
                html_parts = []
            if charts == len(self.slots):
                self.slots.append(ChartSlot(380))
            self.slots[charts].show(b.figure, self.tr)
            children.append(self.slots[charts].widget)
            charts += 1
        if html_parts:
            children.append(w.HTML("".join(html_parts)))
        self.charter_title.value = safe.html("<h3>{t}</h3>", t=tr("charter.title", team=team["name"]))
        self.charter_box.children = [self.charter_title, *children]

    def _show_others(self) -> None:
        """Other teams' results, once the facilitator reveals them."""
        controls = self.controls()
        if controls is None or not controls.reveal:
            self.others.value = ""
            return
        from widgets.model.dashboard import comparisons
        from widgets.model.health import CRACKS
        from widgets.report.export import event_export

        tr, p = self.tr, self.session.participant
        everyone = comparisons(event_export(self.session.store, p.event_code, lang=tr.lang)["teams"])
        headline = [c for c in everyone[0].columns if c.headline] if everyone else []
        rows = [[c.team + (" ★" if c.team == p.team_name else ""),
                 *[col.show(tr, col.value) for col in c.columns if col.headline],
                 *[tr(f"health.status.{c.health.get(k, 'grey')}") for k in CRACKS]]
                for c in everyone]
        self.others.value = '<div class="aw-card">' + safe.html("<h4>{t}</h4>", t=tr("summary.others_title")) + \
            '<div class="aw-scroll">' + table(
                [tr("facilitator.col_team"), *[tr(col.label) for col in headline],
                 *[tr(f"health.crack.{k}") for k in CRACKS]], rows) + "</div></div>"

    def _show_reference(self) -> None:
        """The differences from the case's reference answer, with the reference's reasoning."""
        if not self.reference_toggle.value or self.export is None or not self.export["teams"]:
            self.reference.value = ""
            return
        from widgets import references
        from widgets.model.reference import compare, message_id
        tr, case = self.tr, self.session.case
        ref_data = references.reference_team(self.session.event, case.id, tr.lang)  # in the reader's language
        ref_sections = {spec.key: ref_data.section(spec.key, case, tr.lang) for spec in registry.modules()}
        explanations = references.load(case.id, tr.lang)
        points = compare(self.export["teams"][0]["modules"], ref_sections)
        parts = []
        for module, items in points.items():
            lines = safe.join([safe.html('<li class="aw-ev-{o}">{t}</li>', o="pass" if p.same else "fail",
                                         t=tr(message_id(module, p.code), **self._params(p.params)))
                                 for p in items])
            parts.append(safe.html("<h4>{m}</h4><ul>{lines}</ul><p class='aw-muted'>{why}</p>",
                                   m=charter.module_title(module, tr), lines=lines,
                                   why=tr.text(explanations.get(module, {}).get("explanation", ""))))
        self.reference.value = safe.join(parts)

    def _params(self, params: dict) -> dict:
        """Check codes become their names; yes/no values become words."""
        out = {}
        for k, v in params.items():
            if isinstance(v, list):
                v = ", ".join(self.tr(f"charter.check.{code}") for code in v)
            elif isinstance(v, bool) or v is None:
                v = self.tr("common.yes") if v else self.tr("common.no")
            out[k] = v
        return out

    def _block_html(self, b) -> str:
        if b.kind == "h2":
            return safe.html("<h4>{t}</h4>", t=b.text)
        if b.kind == "p":
            return safe.html("<p>{t}</p>", t=b.text)
        if b.kind == "list":
            return "<ul>" + "".join(safe.html("<li>{t}</li>", t=i) for i in b.items) + "</ul>"
        if b.kind == "table" and b.rows:
            return '<div class="aw-scroll">' + table(b.headers, b.rows) + "</div>"
        return ""

    def download(self, fmt: str) -> None:
        export = self._team_export()
        try:
            data = render_export(export, fmt, self.tr)
        except PdfUnavailable:
            self.message.show("error", self.tr("summary.pdf_unavailable"))
            return
        self.downloader.send(filename(export, fmt), MIME[fmt], data)
        self.message.show("ok", self.tr("summary.download_ready", file=filename(export, fmt),
                                        kb=max(1, len(data) // 1024)))

