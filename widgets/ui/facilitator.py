"""The facilitator dashboard: unlocked with the event's key; live progress of every team,
comparisons across teams, the debrief board, controls that reach participants, exports."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import time
import zipfile
from dataclasses import replace
from datetime import datetime, timezone

import ipywidgets as w

from widgets import cases, event_docs, guide, registry, safe
from widgets.config import config
from widgets.contract import FacilitatorContext
from widgets.i18n import SUPPORTED, Translator
from widgets.model import dashboard
from widgets.model.access import AttemptGate, hub_facilitator, verify_key
from widgets.model.controls import Controls, clock, start_timer
from widgets.model.dashboards import (
    SEEN_EVERY,
    browser_label,
    client_address,
    key_version,
    open_now,
    still_open,
)
from widgets.model.identity import clean_event_code, parse_query
from widgets.model.problems import ModelError, Problem
from widgets.report import pdf
from widgets.report.charter import module_title
from widgets.report.documents import render_export
from widgets.report.export import SectionCache, event_export
from widgets.report.figures import figure, go
from widgets.report.pdf import PdfUnavailable
from widgets.store import Store
from widgets.ui.access import PageAccess
from widgets.ui.app import in_kernel, request_query
from widgets.ui.charts import ChartSlot
from widgets.ui.connection import ConnectionWatch
from widgets.ui.context import guarded
from widgets.ui.download import Downloader
from widgets.ui.messages import MessageArea
from widgets.ui.tables import Cell, table
from widgets.ui.theme import stylesheet

log = logging.getLogger("widgets.ui")
EXPORT_FORMATS = ("html", "md", "pdf", "xlsx", "json")  # the event zip (PDF where Chromium is)


class FacilitatorApp:
    def __init__(self, store: Store, event: str = "", lang: str = "en", live: bool | None = None,
                 hub_user: str | None = None):
        """``hub_user``: a JupyterHub user the hub marked as a facilitator; no key is asked."""
        self.store = store
        self.hub_user = hub_user
        self.tr = tr = Translator(lang)
        self.live = in_kernel() if live is None else live
        self.event = None
        self.gate = AttemptGate()
        self._marker = -1
        self._computed_at = 0.0
        self._sections = SectionCache()  # team sections not recomputed while the team is unchanged
        self._poller = None
        self.session = None  # this page's entry in the store's registry of open dashboards
        self._key_version: str | None = None  # the key this dashboard was opened with
        self._seen_at = 0.0
        self.report = self._gated(guarded(self._problems))

        self.status = w.HTML()
        self.guide_link = w.HTML(guide_link(tr), layout=w.Layout(margin="0 0 0 auto", align_self="center"))
        header = w.HBox([w.HTML(safe.html('<span class="aw-title">{t}</span>', t=tr("facilitator.title"))),
                         self.status, self.guide_link])
        header.add_class("aw-header")
        self.code = w.Text(value=event, description=tr("facilitator.event"), style={"description_width": "140px"})
        self.key = w.Password(description=tr("facilitator.key"), placeholder=tr("facilitator.key_placeholder"),
                              style={"description_width": "140px"})
        self.unlock = w.Button(description=tr("facilitator.unlock"), icon="unlock", button_style="info",
                               layout=w.Layout(width="fit-content", min_width="148px"))
        self.unlock.on_click(self.report(lambda _b: self.try_unlock()))
        self.login_message = MessageArea()
        self.login = w.VBox([w.HTML(safe.html("<h3>{t}</h3><p class='aw-muted'>{h}</p>", t=tr("facilitator.login"),
                                              h=tr("facilitator.login_help") if not hub_user else
                                              tr("facilitator.login_hub", user=hub_user))),
                             self.code, *([] if hub_user else [self.key]), self.unlock, self.login_message.widget])
        self.login.add_class("aw-card")
        self.body = w.Box([self.login], layout=w.Layout(display="block"))
        self.connection = ConnectionWatch()
        self.connection.set_language(self.tr)
        if in_kernel():
            self.connection.start()
        self.widget = w.VBox([stylesheet(), header, self.body, self.connection, PageAccess()])
        self.widget.add_class("aw-app")
        self.widget.add_class("aw-facilitator")

    def _problems(self, problems) -> None:
        from widgets.ui.messages import describe_all

        self.status.value = safe.html('<span class="aw-status aw-status-bad" role="alert">⚠ {t}</span>',
                                      t=describe_all(self.tr, problems))

    # -- access ---------------------------------------------------------------------------------
    def _gated(self, report):
        """Every control of the dashboard first checks that the key it was opened with is still
        the event's: after ``new-key`` a click locks the page instead of acting."""

        def decorate(fn):
            wrapped = report(fn)

            def run(*args, **kwargs):
                if self.event is not None and not self.still_allowed():
                    return None
                return wrapped(*args, **kwargs)

            return run

        return decorate

    def still_allowed(self) -> bool:
        """True while the event's stored key is the one this dashboard was opened with
        (``widgets.model.dashboards.still_open``); otherwise the dashboard locks itself."""
        if self.event is None:
            return False
        current = self.store.get_event(self.event.code)
        if current is not None and still_open(self._key_version, current.key_hash, hub=bool(self.hub_user)):
            return True
        self.lock()
        return False

    def lock(self) -> None:
        """A new key was made: close the dashboard, say why and ask for the new key."""
        code = self.event.code if self.event is not None else self.code.value
        log.warning("dashboard of %s locked: the facilitator key was changed", code)
        if self.session is not None:
            try:
                self.store.close_dashboard(self.session.id)
            except Exception:  # noqa: BLE001 - the store is gone: the page locks all the same
                log.exception("could not close the dashboard's session")
        self.session, self.event, self._key_version = None, None, None
        if self._poller is not None:
            self._poller.cancel()
            self._poller = None
        dashboard = getattr(self, "dashboard", None)
        self.body.children = [self.login]
        if dashboard is not None:
            dashboard.close()
        self.code.value = code
        self.login_message.show("error", self.tr("facilitator.key_changed"))
        self.status.value = ""

    def try_unlock(self) -> bool:
        """Check the key; a wrong key, an unknown event or too many attempts reveal nothing."""
        tr = self.tr
        key, self.key.value = self.key.value, ""
        wait = self.gate.wait(time.monotonic())
        if wait:
            self.login_message.show("error", tr("facilitator.wait", seconds=wait))
            return False
        try:
            code = clean_event_code(self.code.value)
        except Exception:  # noqa: BLE001 - any malformed code is just "wrong"
            code = ""
        event = self.store.get_event(code) if code else None
        if self.hub_user:  # authenticated by the hub: only the event has to exist
            if event is None:
                self.login_message.error(tr, [Problem("join.event_not_found", {"event": code or "–"})])
                return False
            log.info("dashboard of %s opened for hub facilitator %r", code, self.hub_user)
        elif event is None or not verify_key(key, event.key_hash):
            self.gate.failed(time.monotonic())
            log.warning("facilitator key refused for event %r (%d wrong on this page)", code, self.gate.failures)
            wait = self.gate.wait(time.monotonic())
            self.login_message.show("error", tr("facilitator.wrong_key") + (
                " " + tr("facilitator.wait", seconds=wait) if wait else ""))
            return False
        self.gate.succeeded()
        self._open(event)
        return True

    def _open(self, event) -> None:
        self.event = event
        registry.upgrade_stored(self.store)  # what an earlier version of a module stored, as it reads now
        self._key_version = None if self.hub_user else key_version(event.key_hash)
        self.session = self.store.open_dashboard(
            event.id, self._key_version, hub_user=self.hub_user or "",
            browser=browser_label(os.environ.get("HTTP_USER_AGENT")),
            address=client_address(os.environ.get("HTTP_X_FORWARDED_FOR"), os.environ.get("HTTP_X_REAL_IP")))
        self._seen_at = time.monotonic()
        log.info("dashboard of %s opened (%s)", event.code, self.session.browser or "browser unknown")
        self.login_message.clear()
        self._build_dashboard()
        self.refresh(force=True)
        self._start_polling()

    # -- the dashboard --------------------------------------------------------------------------
    def _build_dashboard(self) -> None:
        tr = self.tr
        self.specs = registry.modules()
        self.progress = w.HTML()
        self.compare = w.HTML()
        self.compare.add_class("aw-wide")  # the table scrolls in its own frame
        self.votes = ChartSlot(300)
        self.board = w.HTML()
        # controls
        self.opens = {}
        rows = []
        for spec in self.specs:
            box = w.Checkbox(value=True, description=tr(spec.title), indent=False)
            box.observe(self.report(lambda c, k=spec.key: self.set_open(k, c["new"])), "value")
            self.opens[spec.key] = box
            rows.append(box)
        self.minutes = w.BoundedIntText(value=15, min=1, max=240, description=tr("facilitator.minutes"),
                                        style={"description_width": "140px"})
        self.timer_label = w.Text(description=tr("facilitator.timer_label"),
                                  placeholder=tr("facilitator.timer_placeholder"), style={"description_width": "140px"})
        self.start = w.Button(description=tr("facilitator.start_timer"), icon="play")
        self.stop = w.Button(description=tr("facilitator.stop_timer"), icon="stop")
        self.start.on_click(self.report(lambda _b: self.start_timer()))
        self.stop.on_click(self.report(lambda _b: self.update_controls(timer_end=None, timer_label="")))
        self.timer_state = w.HTML()
        self.reveal = w.ToggleButton(description=tr("facilitator.reveal"), icon="eye",
                                     tooltip=tr("facilitator.reveal_tip"))
        self.reveal.observe(self.report(lambda c: self.update_controls(reveal=c["new"])), "value")
        self.message = w.Textarea(description=tr("facilitator.broadcast"), placeholder=tr("facilitator.broadcast_ph"),
                                  style={"description_width": "140px"}, layout=w.Layout(width="640px"))
        self.send = w.Button(description=tr("facilitator.send"), icon="bullhorn", button_style="info")
        self.clear = w.Button(description=tr("facilitator.clear"), icon="times")
        self.send.on_click(self.report(lambda _b: self.update_controls(
            broadcast=self.message.value, broadcast_at=datetime.now(timezone.utc))))
        self.clear.on_click(self.report(lambda _b: self.update_controls(broadcast="", broadcast_at=None)))
        self.controls_message = MessageArea()
        self.people = w.Dropdown(description=tr("facilitator.person"), style={"description_width": "140px"},
                                 layout=w.Layout(width="480px"))
        self.release_button = w.Button(description=tr("facilitator.release"), icon="unlock-alt",
                                       tooltip=tr("facilitator.release_tip"))
        self.release_button.on_click(self.report(lambda _b: self.release_person()))
        self.people_message = MessageArea()
        self.sessions_view = w.HTML()
        self.sessions_view.add_class("aw-dashboards")
        # modules' own controls (their facilitator panels, through the module contract)
        context = FacilitatorContext(self.store, self.event, cases.get(self.event.case_id), tr, self._controls,
                                     self.update_controls, lambda: self.people.value, self.report)
        self.panels = {spec.key: panel(self._module_context(context, spec)) for spec in registry.modules()
                       if (panel := spec.load_facilitator()) is not None}
        controls = w.VBox([
            w.HTML(safe.html("<h4>{t}</h4><p class='aw-muted'>{h}</p>", t=tr("facilitator.modules"),
                             h=tr("facilitator.modules_help"))), *rows,
            w.HTML(safe.html("<h4>{t}</h4>", t=tr("facilitator.timer"))), self.minutes, self.timer_label,
            w.HBox([self.start, self.stop, self.timer_state]),
            w.HTML(safe.html("<h4>{t}</h4>", t=tr("facilitator.results"))), self.reveal,
            w.HTML(safe.html("<h4>{t}</h4>", t=tr("facilitator.broadcast"))), self.message,
            w.HBox([self.send, self.clear]), self.controls_message.widget,
            w.HTML(safe.html("<h4>{t}</h4><p class='aw-muted'>{h}</p>", t=tr("facilitator.people"),
                             h=tr("facilitator.people_help"))),
            w.HBox([self.people, self.release_button]), self.people_message.widget,
            w.HTML(safe.html("<h4>{t}</h4><p class='aw-muted'>{h}</p>", t=tr("facilitator.dashboards"),
                             h=tr("facilitator.dashboards_help"))), self.sessions_view,
            *(panel.widget for panel in self.panels.values()),
        ])
        self.downloader = Downloader()
        self.export_button = w.Button(description=tr("facilitator.export"), icon="download", button_style="info")
        self.export_button.on_click(self.report(lambda _b: self.export_all()))
        self.compare_button = w.Button(description=tr("facilitator.export_compare"), icon="table")
        self.compare_button.on_click(self.report(lambda _b: self.export_comparison()))
        self.pack_button = w.Button(description=tr("pack.button"), icon="print", tooltip=tr("pack.button_tip"))
        self.pack_button.on_click(self.report(lambda _b: self.export_pack()))
        self.export_message = MessageArea()
        self.pdf_note = MessageArea()  # said before the click: this server makes no PDF
        if pdf.browser() is None:
            self.pdf_note.show("info", tr("facilitator.pdf_unavailable"))
        export = w.VBox([w.HTML(safe.html("<h4>{t}</h4><p class='aw-muted'>{h}</p>", t=tr("facilitator.export_title"),
                                          h=tr("facilitator.export_help"))),
                         w.HBox([self.export_button, self.compare_button]), self.pdf_note.widget,
                         w.HTML(safe.html("<h4>{t}</h4><p class='aw-muted'>{h}</p>", t=tr("pack.title"),
                                          h=tr("pack.help"))), self.pack_button,
                         self.export_message.widget, self.downloader])
        tabs = []
        for content in (w.VBox([self.progress]), w.VBox([self.compare, self.votes.widget]), w.VBox([self.board]),
                        controls, export):
            content.add_class("aw-card")
            tabs.append(content)
        self.tabs = w.Tab(children=tabs, titles=[tr("facilitator.tab_progress"), tr("facilitator.tab_compare"),
                                                 tr("facilitator.tab_board"), tr("facilitator.tab_controls"),
                                                 tr("facilitator.tab_export")])
        line = tr("facilitator.event_line", event=self.event.code, title=self.event.title) if self.event.title \
            else tr("facilitator.event_only", event=self.event.code)
        # the projector: large type, the debrief board and the comparisons only, no names
        self.presenter = w.ToggleButton(description=tr("facilitator.presenter"), icon="television",
                                        tooltip=tr("facilitator.presenter_tip"))
        self.presenter.observe(self.report(lambda c: self.set_presenter(c["new"])), "value")
        self.dashboard = w.VBox([w.HBox([w.HTML(safe.html("<p class='aw-muted'>{t}</p>", t=line)), self.presenter],
                                        layout=w.Layout(justify_content="space-between", align_items="center")),
                                 self.tabs])
        self.dashboard.add_class("aw-module")
        self.body.children = [self.dashboard]
        self._show_controls(self._controls())

    # -- dashboards open now --------------------------------------------------------------------
    def _show_sessions(self) -> None:
        """Every page that holds this event's dashboard now, so that a stranger's is seen."""
        tr = self.tr
        event = self.store.get_event(self.event.code)
        sessions = open_now(self.store.dashboards(self.event.id), event.key_hash if event else None,
                            datetime.now(timezone.utc))
        unknown = tr("facilitator.dashboard_unknown")

        def when(moment: datetime) -> str:
            return moment.astimezone().strftime("%H:%M:%S")

        rows = [[when(s.opened_at), s.browser or unknown, s.address or unknown, when(s.last_seen),
                 tr("facilitator.dashboard_this") if self.session and s.id == self.session.id else
                 (tr("facilitator.dashboard_hub", user=s.hub_user) if s.hub_user else "")] for s in sessions]
        self.sessions_view.value = table(
            [tr("facilitator.col_opened"), tr("facilitator.col_browser"), tr("facilitator.col_address"),
             tr("facilitator.col_seen"), ""], rows, caption=tr("facilitator.dashboards_caption", count=len(rows)))

    def _seen(self) -> None:
        now = time.monotonic()
        if self.session is not None and now - self._seen_at >= SEEN_EVERY:
            self._seen_at = now
            self.store.dashboard_seen(self.session.id)

    # -- people ---------------------------------------------------------------------------------
    def _show_people(self, overview: list[dict]) -> None:
        """Everybody who joined, team by team; those held by a browser can be released."""
        tr = self.tr
        options = [(tr("facilitator.person_option", team=t["name"], name=m["name"],
                       state=tr("facilitator.held" if m.get("claimed") else "facilitator.free")), m["id"])
                   for t in overview for m in t["participants"]]
        current = self.people.value
        self.people.options = options
        if current in {v for _, v in options}:
            self.people.value = current

    def release_person(self) -> bool:
        """Let the next browser that joins with this name take the participant over (somebody
        changed laptops, or the browser lost its storage). Their saved work stays theirs."""
        pid = self.people.value
        if pid is None:
            return False
        label = next((text for text, value in self.people.options if value == pid), "")
        ok = self.store.release(pid)
        log.info("facilitator released participant %s", pid)
        self.people_message.show("ok" if ok else "error",
                                 self.tr("facilitator.released" if ok else "facilitator.release_failed", who=label))
        self._show_people(self.store.event_overview(self.event.id))
        return ok

    # -- controls -------------------------------------------------------------------------------
    def _controls(self) -> Controls:
        return event_docs.controls(self.store, self.event.id)

    def update_controls(self, **changes) -> Controls | None:
        """Save changes to the room's controls; None when refused. Changes equal to the stored
        controls (a widget the page set from them) store and announce nothing."""
        before = self._controls()
        try:
            new = event_docs.save_controls(self.store, self.event.id, current=before, **changes)
        except ModelError as exc:
            self.controls_message.error(self.tr, exc.problems)
            return None
        if new != before:
            self.controls_message.show("ok", self.tr("facilitator.sent"))
            self._show_controls(new)
        return new

    def _module_context(self, context: FacilitatorContext, spec) -> FacilitatorContext:
        """The panel's context: the shared one, with the module's own room settings."""
        if spec.settings_model is None:
            return context
        return replace(context, settings=lambda: event_docs.settings(self.store, self.event.id, spec.key),
                       update_settings=lambda **changes: self.update_settings(spec.key, **changes))

    def update_settings(self, module: str, **changes):
        """Save changes to ``module``'s room settings (validated by its model); None when
        refused. Changes equal to the stored settings store and announce nothing."""
        before = event_docs.settings(self.store, self.event.id, module)
        try:
            new = event_docs.save_settings(self.store, self.event.id, module, current=before, **changes)
        except ModelError as exc:
            self.controls_message.error(self.tr, exc.problems)
            return None
        if new != before:
            self.controls_message.show("ok", self.tr("facilitator.sent"))
            self._show_controls(self._controls())
        return new

    def set_open(self, module: str, is_open: bool) -> None:
        locked = [k for k in self._controls().locked if k != module] + ([] if is_open else [module])
        self.update_controls(locked=locked)

    def start_timer(self) -> None:
        current = self._controls()
        try:
            new = start_timer(current, self.minutes.value, self.timer_label.value)
        except ModelError as exc:
            self.controls_message.error(self.tr, exc.problems)
            return
        self.update_controls(timer_end=new.timer_end, timer_label=new.timer_label)

    def _show_controls(self, controls: Controls) -> None:
        """Set the controls' widgets to ``controls`` (their observers find nothing to change)."""
        for key, box in self.opens.items():
            box.value = not controls.is_locked(key)
        self.reveal.value = controls.reveal
        for panel in self.panels.values():
            panel.show(controls)
        left = controls.remaining()
        self.timer_state.value = "" if left is None else safe.html(
            '<span class="aw-muted">{t}</span>', t=self.tr("facilitator.timer_left", clock=clock(left)))

    # -- live data ------------------------------------------------------------------------------
    def refresh(self, force: bool = False) -> bool:
        """Recompute the dashboard when anything changed (at most every few seconds)."""
        if self.event is None:
            return False
        now = time.monotonic()
        marker = self.store.change_marker(self.event.id)
        settings = config()
        stale = now - self._computed_at >= settings.recompute_idle
        if not force and ((marker == self._marker and not stale) or now - self._computed_at < settings.recompute_min):
            if self._timer_running():  # keep the countdown moving
                self._show_controls(self._controls())
            return False
        self._marker, self._computed_at = marker, now
        tr = self.tr
        data = event_export(self.store, self.event.code, lang=tr.lang, cache=self._sections)
        teams = data["teams"]
        overview = self.store.event_overview(self.event.id)
        self._show_people(overview)
        self._show_sessions()
        modules = [s.key for s in self.specs]
        grid = dashboard.progress(overview, teams, modules)
        rows = []
        for p in grid:
            rows.append([p.team, f"{p.active} / {p.members}",
                         *[Cell(tr.percent(p.done[m]), "aw-ok" if p.done[m] >= 1 else ("aw-hot" if p.done[m] else ""))
                           for m in modules]])
        self.progress.value = safe.html("<p class='aw-muted'>{t}</p>", t=tr("facilitator.progress_help",
                                                                               teams=len(grid))) + table(
            [tr("facilitator.col_team"), tr("facilitator.col_active")] + [tr(s.title) for s in self.specs], rows,
            caption=tr("facilitator.progress_caption"))
        from widgets.report.frames import comparison_table

        compared = dashboard.comparisons(teams, self.specs)  # the cache's typed sections
        frame = comparison_table(compared, tr)
        caption = tr("facilitator.compare_caption")
        # a frame of its own that scrolls (keyboard too), the team column and the header fixed
        self.compare.value = safe.html('<p class="aw-muted" id="aw-compare-caption">{c}</p><div class="aw-frame" '
                                       'tabindex="0" role="region" aria-labelledby="aw-compare-caption">',
                                       c=caption) + table(
            list(frame.columns), frame.astype(object).values.tolist()) + "</div>"
        self.votes.show(self._votes_chart(dashboard.tallies(compared)), self.tr)
        self._board = dashboard.debrief_board(teams)
        self._show_board()
        self._show_controls(self._controls())
        self.status.value = safe.html('<span class="aw-status">{t}</span>', t=tr(
            "facilitator.updated", time=datetime.now().strftime("%H:%M:%S")))
        return True

    def set_presenter(self, on: bool) -> None:
        """The presenter view for the projector: large type, only the comparisons and the debrief
        board (no controls, no exports), and the board without the detail column, which names
        members' answers."""
        if on:
            self.widget.add_class("aw-presenter")
            if self.tabs.selected_index not in (1, 2):
                self.tabs.selected_index = 2
        else:
            self.widget.remove_class("aw-presenter")
        self._show_board()

    def _show_board(self) -> None:
        tr, board = self.tr, getattr(self, "_board", [])
        presenting = self.presenter.value
        questions = "".join(safe.html("<li><b>{m}</b>: {q}</li>", m=tr(s.title), q=tr(f"{s.key}.debrief_1"))
                            for s in self.specs)
        headers = [tr("facilitator.col_team"), tr("charter.col_module"), tr("charter.col_item"),
                   *([] if presenting else [tr("charter.col_detail")]), tr("charter.col_level")]
        rows = [[b.team, module_title(b.module, tr), b.item, *([] if presenting else [b.detail]), tr.percent(b.level)]
                for b in board]
        self.board.value = safe.html("<h4>{t}</h4>", t=tr("facilitator.board_title")) + (
            table(headers, rows) if board else safe.html("<p class='aw-muted'>{t}</p>", t=tr("facilitator.board_empty"))
        ) + safe.html("<h4>{t}</h4><ul>{q}</ul>", t=tr("facilitator.questions"), q=safe.Markup(questions))

    def _timer_running(self) -> bool:
        return bool(self.timer_state.value)

    def _votes_chart(self, tallies: dict[str, dict]):
        """How many teams made each choice (the first column a module marks ``tally``)."""
        label, votes = next(((k, v) for k, v in tallies.items() if v), (None, None))
        if not votes:
            return None
        bars = go().Bar(x=safe.chart_labels([str(k) for k in votes], 40), y=list(votes.values()),
                        marker_color="#2f6fae")
        return figure(bars, self.tr("facilitator.votes_title"), x=self.tr(label),
                      y=self.tr("facilitator.teams"), yaxis={"dtick": 1})

    def _start_polling(self) -> None:
        if not self.live or self._poller is not None:
            return
        self._poller = asyncio.ensure_future(self._poll())

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(config().poll_seconds)
            try:
                if not self.still_allowed():  # a new key: locked, asks for it
                    return
                self._seen()
                self.refresh()
            except Exception:  # noqa: BLE001 - keep the dashboard alive, say so
                log.exception("dashboard refresh failed")
                self.status.value = safe.html('<span class="aw-status aw-status-bad">{t}</span>',
                                              t=self.tr("error.store.unavailable"))

    # -- export ---------------------------------------------------------------------------------
    def export_all(self) -> None:
        """A zip with every team's charter as HTML, Markdown and PDF (where the server has a
        Chromium), the workbook and the JSON export."""
        self.export_message.show("info", self.tr("facilitator.export_preparing"))
        data = event_export(self.store, self.event.code, lang=self.tr.lang)
        buffer = io.BytesIO()
        missing = ""
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for fmt in EXPORT_FORMATS:
                try:
                    body = render_export(data, fmt, self.tr)
                except PdfUnavailable:
                    missing = "facilitator.pdf_unavailable" if pdf.browser() is None else "facilitator.pdf_failed"
                    continue
                zf.writestr(f"{self.event.code}.{fmt}", body)
        name = f"alliance-workshop-{self.event.code}.zip"
        self.downloader.send(name, "application/zip", buffer.getvalue())
        self.export_message.show("ok", self.tr("summary.download_ready", file=name,
                                               kb=max(1, len(buffer.getvalue()) // 1024)))
        if missing:
            self.pdf_note.show("info", self.tr(missing))
        else:
            self.pdf_note.clear()

    def export_pack(self) -> None:
        """The printed pack of the event's case in the page's language: a PDF where the server
        has Chromium, else the printable HTML, and the message says which."""
        from widgets.report import pack

        self.export_message.show("info", self.tr("pack.preparing"))
        result = pack.build(cases.get(self.event.case_id), self.tr)
        self.downloader.send(result.filename, result.mime, result.body)
        kb = max(1, len(result.body) // 1024)
        if result.missing:
            self.export_message.show("info", self.tr(f"pack.ready_html.{result.missing}", file=result.filename, kb=kb))
        else:
            self.export_message.show("ok", self.tr("pack.ready_pdf", file=result.filename, kb=kb))

    def export_comparison(self) -> None:
        """The cross-team comparison as CSV (one row per team, in the reader's language)."""
        from widgets.report.frames import comparison_table, to_csv

        data = event_export(self.store, self.event.code, lang=self.tr.lang)
        body = to_csv(comparison_table(dashboard.comparisons(data["teams"]), self.tr))
        name = f"alliance-workshop-{self.event.code}-teams.csv"
        self.downloader.send(name, "text/csv", body)
        self.export_message.show("ok", self.tr("summary.download_ready", file=name, kb=max(1, len(body) // 1024)))


def guide_link(tr: Translator) -> str:
    """The facilitator guide in the page's language, in a new tab (served by the workshop server:
    widgets/serving/guide_handler.py, under the base URL Voila gives the kernel)."""
    href = guide.url(tr.lang, os.environ.get("VOILA_SERVER_URL") or "/")
    return safe.html('<a class="aw-guide-link" href="{href}" target="_blank" rel="noopener" '
                     'style="color:#fff;text-decoration:underline">{label}'
                     '<span class="aw-sr-only"> {tab}</span></a>',
                     href=href, label=tr("facilitator.guide"), tab=tr("facilitator.guide_new_tab"))


def facilitator_app(store: Store | None = None) -> w.Widget:
    """The facilitator notebook's display cell."""
    from widgets.logs import kernel_logging, set_context

    kernel_logging()
    set_context(participant="facilitator", module="dashboard")
    return facilitator_page(store or Store()).widget


def facilitator_page(store: Store) -> FacilitatorApp:
    """The dashboard for this page's request: its event and language from the address, and,
    inside a JupyterHub user's server, the hub's word on whether this user facilitates."""
    query = parse_query(request_query())
    settings = config()
    lang = query.get("lang") or settings.default_lang
    user = os.environ.get("JUPYTERHUB_USER")
    app = FacilitatorApp(store, event=query.get("event") or settings.default_event,
                         lang=lang if lang in SUPPORTED else "en",
                         hub_user=user if hub_facilitator(user, "1" if settings.hub_facilitator else None) else None)
    if app.hub_user and app.code.value:
        app.try_unlock()  # the hub has authenticated a facilitator: straight to the dashboard
    return app

