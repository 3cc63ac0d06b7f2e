"""The join form: event code, team (pick one or create one), your name."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from widgets import safe, session
from widgets.i18n import Translator
from widgets.model.identity import NAME_MAX, JoinRequest, clean_event_code, hub_name
from widgets.model.problems import ModelError, Problem
from widgets.store import Participant, Store
from widgets.ui.messages import MessageArea

NEW_TEAM = "\x00new"


def _wide() -> w.Layout:
    return w.Layout(width="100%")  # one Layout per widget: layouts are shared objects


def solo_event_code(case_id: str) -> str:
    """The self-paced event of a case: ``SOLO-`` and the case id's initials (e.g. SOLO-MD)."""
    initials = "".join(part[0] for part in case_id.split("-") if part).upper()
    return f"SOLO-{initials or 'X'}"


class JoinView:
    """Binds the join widgets to ``widgets.session.join``; ``.value`` is the form's fields."""

    def __init__(self, store: Store, tr: Translator, on_joined: Callable[[Participant], None],
                 defaults: dict[str, str] | None = None, claim_for: Callable[[str], str] | None = None,
                 fixed_name: str | None = None):
        """``fixed_name``: the hub user, when names are fixed to hub users (the field is shown,
        filled and locked, and no other name is accepted)."""
        defaults = dict(defaults or {})
        if fixed_name:
            defaults["name"] = fixed_name
        self.claim_for = claim_for
        self.fixed_name = fixed_name
        self.store, self.tr, self.on_joined = store, tr, on_joined
        style = {"description_width": "150px"}
        self.event = w.Text(value=defaults.get("event", ""), description=tr("join.event"),
                            placeholder=tr("join.event_placeholder"), continuous_update=False,
                            style=style, layout=_wide())
        self.team_choice = w.Dropdown(description=tr("join.team"), style=style, layout=_wide())
        self.new_team = w.Text(value=defaults.get("team", ""), description=tr("join.new_team"),
                               placeholder=tr("join.new_team_placeholder"), style=style, layout=_wide())
        self.name = w.Text(value=defaults.get("name", ""), description=tr("join.name"),
                           placeholder=tr("join.name_placeholder", max=NAME_MAX), style=style,
                           layout=_wide(), disabled=bool(fixed_name))
        self.button = w.Button(description=tr("join.button"), button_style="primary",
                               icon="sign-in", tooltip=tr("join.button_tip"))
        self.message = MessageArea()
        from widgets import cases as _cases

        self.solo_case = w.Dropdown(options=[(_cases.get(c).title.get(tr.lang), c) for c in _cases.available()],
                                    value=_cases.DEFAULT_CASE if _cases.DEFAULT_CASE in _cases.available() else None,
                                    description=tr("join.solo_case"), style=style, layout=_wide())
        self.solo_button = w.Button(description=tr("join.solo_button"), icon="user",
                                    tooltip=tr("join.solo_tip"))
        self.solo_button.on_click(lambda _b: self.submit_solo())
        solo = w.VBox([w.HTML(safe.html("<h3>{t}</h3><p class='aw-muted'>{h}</p>", t=tr("join.solo_title"),
                                        h=tr("join.solo_help"))), self.solo_case, self.solo_button])
        solo.add_class("aw-solo")
        intro = w.HTML(safe.html("<h2>{title}</h2><p class='aw-muted'>{intro}</p>"
                                 "<p class='aw-muted aw-shared-computer'>{shared}</p>",
                                 title=tr("join.title"), intro=tr("join.intro"), shared=tr("join.shared_computer")))
        self.widget = w.VBox(
            [intro, self.event, self.team_choice, self.new_team, self.name, self.button,
             self.message.widget, solo],
            layout=w.Layout(padding="8px 4px"),
        )
        self.widget.add_class("aw-card")
        self.widget.add_class("aw-join")
        self.event.observe(lambda _c: self.refresh_teams(), "value")
        self.team_choice.observe(lambda _c: self._show_new_team(), "value")
        self.button.on_click(lambda _b: self.submit())
        self.refresh_teams(preferred=defaults.get("team", ""))

    @property
    def value(self) -> dict[str, str]:
        team = self.new_team.value if self.team_choice.value == NEW_TEAM else self.team_choice.value
        return {"event": self.event.value, "team": team or "", "name": self.name.value,
                "lang": self.tr.lang}

    def refresh_teams(self, preferred: str = "") -> None:
        """List the teams of the event typed so far (nothing if the code is not known)."""
        options: list[tuple[str, str]] = [(self.tr("join.pick_team"), "")]
        try:
            event = self.store.get_event(clean_event_code(self.event.value))
        except Exception:  # noqa: BLE001 - a code being typed is not an error yet
            event = None
        if event is not None:
            options += [(self.tr("join.team_option", team=t.name, members=t.members), t.name)
                       for t in self.store.list_teams(event.id)]
        options.append((self.tr("join.create_team"), NEW_TEAM))
        names = {v.casefold(): v for _, v in options}
        self.team_choice.options = options
        # no teams yet, or a team named in the link that does not exist yet: create it
        fallback = NEW_TEAM if len(options) == 2 or preferred.strip() else ""
        self.team_choice.value = names.get(preferred.strip().casefold(), fallback)
        if self.team_choice.value == NEW_TEAM and preferred:
            self.new_team.value = preferred
        self._show_new_team()

    def _show_new_team(self) -> None:
        self.new_team.layout.display = None if self.team_choice.value == NEW_TEAM else "none"

    def submit_solo(self) -> Participant | None:
        """Self-paced: a personal event per case, the learner as a team of one; resumable."""
        from widgets import cases
        from widgets.model.problems import validate

        try:
            name = validate(JoinRequest, {"event": "SOLO", "team": self.name.value, "name": self.name.value}).name
            case_id = self.solo_case.value or cases.DEFAULT_CASE
            cases.get(case_id)
            code = solo_event_code(case_id)
            if self.store.get_event(code) is None:
                self.store.create_event(code, case_id, title=self.tr("join.solo_event_title"))
        except ModelError as exc:
            self.message.error(self.tr, exc.problems)
            return None
        self.event.value = code
        self.team_choice.value = NEW_TEAM
        self.new_team.value = name
        return self.submit()

    def submit(self) -> Participant | None:
        self.button.disabled = True
        try:
            hub_name(self.value["name"], self.fixed_name, fixed=bool(self.fixed_name))
            claim = self.claim_for(self.value["event"]) if self.claim_for else None
            participant = session.join(self.store, self.value, claim=claim)
        except ModelError as exc:
            self.message.error(self.tr, exc.problems)
            return None
        except Exception:  # noqa: BLE001 - store down: say so, keep the form
            self.message.error(self.tr, [Problem("store.unavailable")])
            return None
        finally:
            self.button.disabled = False
        self.message.clear()
        self.on_joined(participant)
        return participant
