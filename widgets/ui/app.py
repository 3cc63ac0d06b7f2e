"""The participant app: join, then every module as a step in one page (one kernel each).

``notebooks/workshop.ipynb`` builds the page with ``prepared_app()`` in one cell and opens
it with ``open_requested()`` in the next. Under a preheated Voila kernel the notebook runs
before anyone asks for the page, so the query string is read only when the request comes.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time

import ipywidgets as w

from widgets import event_docs, registry, safe
from widgets.config import config
from widgets.contract import ModuleView
from widgets.i18n import LANGUAGE_NAMES, SUPPORTED, Translator, normalize_lang
from widgets.logs import kernel_logging, set_context
from widgets.model.controls import Controls, clock
from widgets.model.identity import (
    browser_tokens,
    clean_event_code,
    hub_claim,
    hub_name,
    new_token,
    parse_query,
    token_claim,
)
from widgets.model.problems import ModelError, Problem
from widgets.model.resume import resume_step, resume_tab, tab_place
from widgets.session import ParticipantSession
from widgets.store import Participant, Revision, Store
from widgets.ui.access import PageAccess
from widgets.ui.bridge import BrowserBridge
from widgets.ui.connection import ConnectionWatch
from widgets.ui.context import ModuleContext, guarded
from widgets.ui.intro import IntroView
from widgets.ui.join import JoinView
from widgets.ui.messages import describe_all
from widgets.ui.request import request_query
from widgets.ui.stepper import Step, Stepper
from widgets.ui.theme import stylesheet

log = logging.getLogger("widgets.ui")
INTRO = "intro"
SUMMARY = "summary"


def in_kernel() -> bool:
    """True inside a running IPython kernel (Voila or JupyterLab)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


class WorkshopApp:
    """The whole participant page. ``.widget`` is what the notebook displays."""

    def __init__(self, store: Store, query: dict[str, str] | None = None,
                 hub_user: str | None = None, default_event: str = "",
                 poll_seconds: float | None = None, only: list[str] | None = None,
                 live: bool | None = None, browser: dict | None = None, prepare: bool = False,
                 hub_names: bool = False):
        """``browser`` stands for the browser's storage where no real page is (scripts, tests):
        pass the same dict to two apps for "the same browser"; by default each app is a new one.

        ``prepare``: build the page (header, join form) before the request is known, as a
        preheated kernel does while it waits in the pool, then call :meth:`open` with the
        page's query. Otherwise the app opens ``query`` at once.

        ``hub_names``: under JupyterHub, a participant's name is their hub user's and no other.
        """
        query = query or {}
        # live: inside a Jupyter kernel, whose event loop runs polling and delayed saves.
        # Elsewhere (scripts, tests) the caller refreshes by hand and saves happen at once.
        self.live = in_kernel() if live is None else live
        self.only = only  # module keys shown (a module's own notebook); None: the whole workshop
        self.store = store
        settings = config()
        self.poll_seconds = poll_seconds if poll_seconds is not None else settings.poll_seconds
        self.heartbeat_seconds = settings.heartbeat_seconds
        self.identity_wait = settings.identity_wait  # how long a page waits for its browser's tokens
        self.tr = Translator(query.get("lang") or settings.default_lang)
        self.session: ParticipantSession | None = None
        self.stepper: Stepper | None = None
        self._poller: asyncio.Future | None = None
        self._marker: tuple[int | None, int | None] = (None, None)  # (team, room) change markers
        self.default_event, self.hub_user = default_event, hub_user
        self.fixed_name = hub_user if hub_user and hub_names else None
        self.defaults = {"event": default_event, "team": "", "name": hub_user or ""}
        self.title = w.HTML()
        self.who = w.HTML()
        self.status = w.HTML()
        self.status.add_class("aw-status-slot")
        self.lang = w.ToggleButtons(options=[(code.upper(), code) for code in SUPPORTED],
                                    value=self.tr.lang, style={"button_width": "44px"},
                                    tooltips=[LANGUAGE_NAMES[c] for c in SUPPORTED])
        self.lang.observe(lambda change: self.set_lang(change["new"]), "value")
        self.timer = w.HTML()
        # Leave this computer: shown once joined; the browser forgets the participant (bridge.py)
        self.leave = w.Button(icon="sign-out", layout=w.Layout(display="none", width="auto"))
        self.leave.add_class("aw-leave")
        self.leave.on_click(guarded(self.report_problems)(lambda _b: self.leave_computer()))
        header = w.HBox([self.title, self.who, self.status, self.timer, self.leave, self.lang])
        header.add_class("aw-header")
        self.banner = w.HTML()
        self.banner.add_class("aw-live")
        # what a screen reader is told, politely, of changes the participant did not make: a
        # teammate's save on this step, a broadcast, the timer starting and running out
        self.announcer = w.HTML()
        self.announcer.add_class("aw-live")
        self.announcer.add_class("aw-sr-only")
        self._timer_said: tuple = ()
        self.controls = Controls()
        self.settings: dict = {}  # each module's room settings, by key
        self.body = w.Box(layout=w.Layout(display="block"))
        self.bridge = BrowserBridge()
        self.connection = ConnectionWatch()
        self.connection.set_language(self.tr)
        self.widget = w.VBox([stylesheet(), header, self.banner, self.announcer, self.body, self.bridge,
                              self.connection, PageAccess()])
        self.widget.add_class("aw-app")
        self.join_view: JoinView | None = None
        self._render_header()
        self._query: dict[str, str] = {}
        self._hub_claim = hub_claim(hub_user) if hub_user else None
        self._browser = browser if browser is not None else {}
        self._tokens: dict[str, str] = {}
        self._new_tokens: dict[str, str] = {}
        self._started = False
        self._link_waiting = False  # a link naming the participant, waiting for the browser's report
        if prepare:
            self.show_join()  # the likely first screen, built before anybody asks for the page
        else:
            self.open(query)

    def open(self, query: dict[str, str]) -> None:
        """Open the page for its request: language, event, and who is joining."""
        query = query or {}
        if self.live:
            self.connection.start()
        lang = query.get("lang")
        if lang and normalize_lang(lang) != self.tr.lang:
            self.set_lang(lang)
        self._query = query
        self.defaults = {"event": query.get("event") or self.default_event, "team": query.get("team", ""),
                         "name": query.get("name") or self.hub_user or ""}
        if self._hub_claim is not None or not self.live:
            self._tokens = browser_tokens(self._browser)
            self._start()
            return
        if all(query.get(k) for k in ("event", "team", "name")):
            # who is joining depends on the browser's saved token: the link is never joined
            # before the page's bridge has reported it, however slow the page is
            self._link_waiting = True
            self._show_opening()
            self._fallback_after(self.identity_wait)
        else:
            # the shared link: the form at once (a room arrives in the same second); a browser
            # that already joined this event is resumed as soon as its bridge reports
            self._started = True
            if self.join_view is None:
                self.show_join()
            elif self.join_view.event.value != self.defaults["event"]:
                self.join_view.event.value = self.defaults["event"]  # lists that event's teams
            else:
                self.join_view.refresh_teams()  # teams made since the form was prepared
            self.body.children = [self.join_view.widget]
        self.bridge.observe(lambda _c: self._browser_reported(), "reported")
        if self.bridge.reported:  # reported before the request was read
            self._browser_reported()

    # -- identity -------------------------------------------------------------------------
    def _show_opening(self) -> None:
        self.body.children = [w.HTML(safe.html('<p class="aw-muted" role="status">{t}</p>',
                                               t=self.tr("app.opening")))]

    def _browser_reported(self) -> None:
        """The browser has reported the tokens it keeps, however late: this browser's saved
        identity is used whenever it has one, also after a join made without it."""
        if not self.bridge.reported:
            return
        reported = browser_tokens(self.bridge.stored)
        if self.session is not None:
            self._use_saved_identity(reported)
            return
        self._tokens = reported
        self._started = True
        if self._link_waiting:
            self._link_waiting = False
            self._auto_join(self._query)  # the link, with this browser's token if it has one
            return
        event = self._query.get("event") or self.defaults["event"]
        resumed = self._resume(event) if event else None
        if resumed is not None:
            self.joined(resumed)

    def _use_saved_identity(self, reported: dict[str, str]) -> None:
        """Joined before the browser reported (a page slower than ``identity_wait``):
        if the browser had already joined this event as somebody else, it is that person."""
        current = self.session.participant
        granted = self._tokens.get(current.event_code)
        self._tokens = {**reported, **({current.event_code: granted} if granted else {})}
        token = reported.get(current.event_code)
        if token is None or token == granted:
            return
        saved = self.store.find_claimed(current.event_code, token_claim(token))
        if saved is None or saved.id == current.id:
            return  # a token of somebody released since: the join made meanwhile stands
        log.info("the browser's saved identity arrived late: %r instead of %r", saved.name, current.name)
        self._tokens[current.event_code] = token
        self._browser[current.event_code] = token
        self.bridge.keep_token(current.event_code, token)  # the browser keeps its own identity
        self.stepper = None
        self.joined(saved)
        self.status.value = safe.html('<span class="aw-status" role="status">{t}</span>',
                                      t=self.tr("app.back_as", name=saved.name, team=saved.team_name))

    def _fallback_after(self, seconds: float) -> None:
        """A page whose bridge has not reported after ``seconds`` gets the join form, filled
        from the link, while the page still waits for the report."""
        try:
            asyncio.get_running_loop().call_later(seconds, self._identity_late)
        except RuntimeError:
            self._identity_late()

    def _identity_late(self) -> None:
        if self.session is not None or not self._link_waiting or self.bridge.reported:
            return
        self._started = True
        self.show_join()
        self.join_view.message.show("info", self.tr("app.opening_slow"))

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        query = self._query
        if all(query.get(k) for k in ("event", "team", "name")):
            self._auto_join(query)
            return
        event = query.get("event") or self.defaults["event"]
        resumed = self._resume(event) if event else None
        if resumed is None:
            self.show_join()
        else:
            self.joined(resumed)

    def _resume(self, event: str) -> Participant | None:
        """This browser's (or hub user's) participant in ``event``, if it has one."""
        try:
            code = clean_event_code(event)
        except Exception:  # noqa: BLE001 - a malformed code in the link: the form says why later
            return None
        claim = self._hub_claim or (token_claim(self._tokens[code]) if code in self._tokens else None)
        return self.store.find_claimed(code, claim) if claim else None

    def claim_for(self, event: str) -> str:
        """Who is joining: the hub user, or this browser's token for ``event`` (a new one the
        first time, kept by the browser once the join succeeds)."""
        if self._hub_claim is not None:
            return self._hub_claim
        try:
            code = clean_event_code(event)
        except Exception:  # noqa: BLE001 - the join itself reports the bad code
            code = str(event)
        token = self._tokens.get(code) or self._new_tokens.setdefault(code, new_token())
        return token_claim(token)

    def _keep_token(self, event_code: str) -> None:
        token = self._new_tokens.pop(event_code, None)
        if token is None:
            return
        self._tokens[event_code] = token
        self._browser[event_code] = token
        self.bridge.keep_token(event_code, token)

    # -- header -------------------------------------------------------------------------
    def _render_header(self) -> None:
        self.title.value = safe.html('<span class="aw-title">{t}</span>', t=self.tr("app.title"))
        self.title.add_class("aw-title")
        if self.session:
            p = self.session.participant
            self.who.value = safe.html('<span class="aw-who">{t}</span>',
                                       t=self.tr("app.who", name=p.name, team=p.team_name, event=p.event_code))
        else:
            self.who.value = ""
        self.leave.description = self.tr("app.leave")
        self.leave.tooltip = self.tr("app.leave_tip")
        self.leave.layout.display = "" if self.session else "none"

    def report_saved(self, revision: Revision, step: str | None = None) -> None:
        stamp = revision.saved_at.astimezone().strftime("%H:%M:%S")
        self.status.value = safe.html('<span class="aw-status" role="status">✓ {t}</span>',
                                      t=self.tr("app.saved", time=stamp))
        if step:
            self.connection.saved(step)  # the browser's journal drops what it held for the step

    def leave_computer(self) -> None:
        """The participant leaves a shared computer: this browser forgets their resume token and
        every edit it journaled for the event, and the page goes back to the join form with
        nobody's name. What they saved stays in the store, held for them: to come back from
        another browser, the facilitator releases their name."""
        if self.session is None:
            return
        p = self.session.participant
        log.info("participant left this computer")
        if self._poller is not None:
            self._poller.cancel()
            self._poller = None
        self.connection.forget()
        self.bridge.leave(p.event_code, self.tr.lang)
        self.session = None
        self.defaults = {"event": p.event_code, "team": "", "name": ""}
        self._query = {}
        self._render_header()
        self.show_join()

    def report_problems(self, problems: list[Problem]) -> None:
        self.status.value = safe.html('<span class="aw-status aw-status-bad" role="alert">⚠ {t}</span>',
                                      t=describe_all(self.tr, problems))

    # -- join -----------------------------------------------------------------------------
    def show_join(self, problems: list[Problem] | None = None) -> None:
        self.join_view = JoinView(self.store, self.tr, self.joined, self.defaults, claim_for=self.claim_for,
                                  fixed_name=self.fixed_name)
        if problems:
            self.join_view.message.error(self.tr, problems)
        self.body.children = [self.join_view.widget]

    def _auto_join(self, query: dict[str, str]) -> None:
        from widgets import session

        try:
            hub_name(query.get("name"), self.fixed_name, fixed=bool(self.fixed_name))
            participant = session.join(self.store, {**query, "lang": self.tr.lang},
                                       claim=self.claim_for(query.get("event", "")))
        except ModelError as exc:
            self.show_join(exc.problems)
            return
        self.joined(participant)

    def joined(self, participant: Participant) -> None:
        self._link_waiting = False
        self._keep_token(participant.event_code)
        set_context(event=participant.event_code, team=participant.team_name, participant=participant.name)
        self.session = ParticipantSession(self.store, participant)
        self.defaults = {"event": participant.event_code, "team": participant.team_name,
                         "name": participant.name}
        self._render_header()
        self._sync_url()
        self._marker = self.session.change_markers()  # what this page has seen
        self.load_controls()
        self._build_steps()
        self._start_polling()
        # the browser journals what is typed, and reports where the participant was
        self.connection.observe(self._placed, "place")
        self.connection.private_steps = [s.key for s in registry.modules() if s.confidential]
        self.connection.journal_for(participant.event_code, str(participant.team_id), str(participant.id))

    def _sync_url(self) -> None:
        p = self.session.participant
        self.bridge.set_identity(p.event_code, p.team_name, p.name, self.tr.lang)

    def _placed(self, change) -> None:
        """Back after a reload: open the step the participant was in (or the one with edits to
        restore), unless they have already moved on."""
        if self.stepper is None or self.stepper.current != self.stepper.steps[0].key:
            return
        step = resume_step(change["new"], [s.key for s in self.stepper.steps])
        if step is not None and step != self.stepper.current:
            self.stepper.show(step)
        tabs = self.stepper.tabs_of(step) if step is not None and step == self.stepper.current else None
        index = resume_tab(change["new"], step, len(tabs.children)) if tabs is not None else None
        if index is not None and not tabs.selected_index:  # not if they have already moved on
            self.stepper.select_tab(step, index)

    def _tab_selected(self, step: str, index: int | None) -> None:
        """Tell the browser which tab is open inside a step, so that a reload opens it again."""
        place = tab_place(step, index)
        if place is not None:
            self.connection.tab = place

    # -- steps ----------------------------------------------------------------------------
    def _build_steps(self, start: str | None = None) -> None:
        specs = registry.modules()
        case = self.session.case
        steps = [Step(INTRO, self.tr("step.intro"), lambda: IntroView(case, self.tr, specs))]
        for number, spec in enumerate(specs, start=1):
            if self.only is not None and spec.key not in self.only:
                continue
            steps.append(Step(spec.key, f"{number}. {self.tr(spec.title)}",
                              lambda spec=spec: self._module_view(spec)))
        if self.only is None or SUMMARY in self.only:
            steps.append(Step(SUMMARY, f"{len(specs) + 1}. {self.tr('step.summary')}", self._summary_view))
        if self.only is not None:
            steps = [s for s in steps if s.key != INTRO]
        self.stepper = Stepper(steps, self.tr, start=start, is_locked=self.controls.is_locked,
                               on_tab=self._tab_selected)
        self.body.children = [self.stepper.widget]

    def _module_view(self, spec: registry.ModuleSpec) -> ModuleView:
        view_cls = spec.load_view()
        ctx = ModuleContext(self.session, self.tr, spec,
                            lambda revision, step=spec.key: self.report_saved(revision, step),
                            self.report_problems, defer=self.live)
        view = view_cls(ctx)
        ctx.redraw = guarded(self.report_problems)(view.refresh_team)
        return view

    def _summary_view(self):
        from widgets.ui.summary import SummaryView

        return SummaryView(self.session, self.tr, self.report_problems, controls=lambda: self.controls)

    def set_lang(self, lang: str) -> None:
        lang = normalize_lang(lang)
        if lang == self.tr.lang:
            return
        self.tr = Translator(lang)
        self.lang.value = lang  # the switch shows the page's language (its observer finds it set)
        self.connection.set_language(self.tr)
        self._render_header()
        self.status.value = ""
        if self.session is None:
            if self._link_waiting and not self._started:
                self._show_opening()  # still waiting for the browser's report
                return
            self.defaults = {k: v for k, v in self.join_view.value.items() if k != "lang"}
            self.show_join()
            if self._link_waiting:
                self.join_view.message.show("info", self.tr("app.opening_slow"))
            return
        self._sync_url()
        current = self.stepper.current if self.stepper else None
        self._build_steps(start=current)

    # -- live team updates ------------------------------------------------------------------
    def _start_polling(self) -> None:
        if self._poller is not None or not self.live:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            return  # no event loop (a plain script): the caller refreshes by hand
        self._poller = asyncio.ensure_future(self._poll())

    async def _poll(self) -> None:
        last_beat = time.monotonic()
        while True:
            await asyncio.sleep(self.poll_seconds)
            try:
                self.check_for_changes()
                if time.monotonic() - last_beat > self.heartbeat_seconds:
                    self.store.touch(self.session.participant.id)
                    last_beat = time.monotonic()
            except Exception:  # noqa: BLE001 - keep polling; tell the participant
                log.exception("polling the store failed")
                self.report_problems([Problem("store.unavailable")])

    def check_for_changes(self) -> bool:
        """Redraw what changed; True if anything did. A teammate's save refreshes the visible
        step; the facilitator's controls (timer, broadcast) update the header only, and reach
        the step when they lock or open it or reveal the other teams' results."""
        self.show_timer()
        team, room = self.session.change_markers()
        last_team, last_room = self._marker
        if (team, room) == (last_team, last_room):
            return False
        self._marker = (team, room)
        refresh = team != last_team
        if room != last_room:
            before, settings_before = self.controls, self.settings
            self.load_controls()
            if self.stepper:
                self.stepper.is_locked = self.controls.is_locked
                current = self.stepper.current
                refresh = (refresh or self.controls.is_locked(current) != before.is_locked(current)
                           or self.controls.reveal != before.reveal
                           or self.settings.get(current) != settings_before.get(current))
        if self.stepper and refresh:
            self.stepper.refresh_current()
            if team != last_team and last_team is not None:
                self.announce(self.tr("app.said_teammate_saved"))
        return True

    def announce(self, text: str) -> None:
        """Tell a screen reader ``text`` (politely: after what it is reading)."""
        self.announcer.value = safe.html("<p>{t}</p>", t=text)

    # -- the facilitator's controls -------------------------------------------------------------
    def load_controls(self) -> None:
        """Read the room's controls (locks, timer, reveal, broadcast) and show them."""
        self.controls = self.session.controls()
        self.settings = event_docs.all_settings(self.store, self.session.participant.event_id)
        if self.controls.broadcast:
            self.banner.value = safe.html('<div class="aw-broadcast"><b>{h}</b> {t}</div>',
                                          h=self.tr("app.broadcast"), t=self.controls.broadcast)
        else:
            self.banner.value = ""
        self.show_timer()

    def show_timer(self) -> None:
        left = self.controls.remaining()
        if left is None:
            self.timer.value = ""
            self._timer_said = ()
            return
        label = self.controls.timer_label or self.tr("app.timer")
        said = (label, left == 0)  # announced when it starts and when it runs out, not every second
        if said != self._timer_said:
            self._timer_said = said
            self.announce(self.tr("app.said_time_up", label=label) if left == 0
                          else self.tr("app.said_timer", label=label, clock=clock(left)))
        text = safe.html('<span class="aw-timer{late}" role="timer" aria-live="off">◷ {label}: {clock}</span>',
                         late=" aw-timer-late" if left == 0 else "", label=label, clock=clock(left))
        if self.timer.value != text:
            self.timer.value = text

    def close(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
            self._poller = None
        self.connection.stop()


def prewarm() -> None:
    """Everything that does not depend on who opens the page, done before the request arrives.

    In a preheated kernel this runs while the kernel waits in the pool, so a burst of arrivals
    only pays for joining and building the first step (measured in docs/performance.md).
    """
    from widgets import cases

    registry.modules()
    for case_id in cases.available():
        cases.get(case_id)
    for lang in SUPPORTED:
        Translator(lang)


def prepared_app(store: Store | None = None, only: list[str] | None = None) -> WorkshopApp:
    """The participant app, built before its request is known (the first cell of the workshop).

    Under a preheated Voila kernel this cell runs while the kernel waits in the pool; it is a
    cell of its own so that the server has read every widget it creates before the kernel
    counts as warm (the server announces the room only then, and a burst of arrivals finds
    it idle).
    """
    kernel_logging()
    store = store or Store()
    prewarm()
    settings = config()
    app = WorkshopApp(store, hub_user=os.environ.get("JUPYTERHUB_USER"),
                      default_event=settings.default_event, only=only, prepare=True,
                      hub_names=settings.hub_names)
    global _LATEST
    _LATEST = app
    return app


def open_requested(app: WorkshopApp, lang: str | None = None) -> None:
    """The second cell: wait for the page's request (in the pool), then open the app for it
    (``lang``: the page's language unless the address names one)."""
    query = parse_query(request_query())
    if lang and not query.get("lang"):
        query["lang"] = lang
    app.open(query)


def workshop_app(store: Store | None = None, only: list[str] | None = None, lang: str | None = None) -> w.Widget:
    """Build the participant app and open it for the page's query string, in one call
    (``lang``: the page's language unless the address names one)."""
    app = prepared_app(store, only)
    open_requested(app, lang)
    return app.widget


_LATEST: WorkshopApp | None = None


def current_app() -> WorkshopApp | None:
    """The participant app this kernel showed last (None before any)."""
    return _LATEST


def module_app(key: str, store: Store | None = None, lang: str | None = None) -> w.Widget:
    """One module on its own page (the module notebooks): join, then just that module.

    ``key`` is a module key, or ``"summary"`` for the team summary (the alliance charter);
    ``lang`` the page's language (the Spanish notebooks in ``notebooks/es/`` pass "es").
    """
    if key != SUMMARY and registry.get(key) is None:
        raise KeyError(key)
    return workshop_app(store, only=[key], lang=lang)
