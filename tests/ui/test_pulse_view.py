"""Perception pulse view, headless: sides, answers per round, the per-side view and its flags."""

from __future__ import annotations

import json
from functools import partial

from tests.ui.conftest import as_in_a_kernel, open_step, revisions
from widgets import event_docs
from widgets.model.controls import KEY as CONTROLS
from widgets.modules.pulse import model as pl
from widgets.modules.pulse import report
from widgets.modules.pulse.section import PulseSection
from widgets.store import DocRef, participant_doc, team_doc
from widgets.ui.facilitator import FacilitatorApp

open_view = partial(open_step, key=pl.KEY)


def set_settings(store, **changes):
    """The facilitator's pulse settings for the room (its own document, not the controls)."""
    event_docs.save_settings(store, store.get_event("EV-1").id, pl.KEY, **changes)


def answer_all(view, score, **special):
    for s, buttons in view.scores.items():
        buttons.value = special.get(s, score)


def test_three_per_side_then_gaps_are_flagged_for_everyone(ev1_store):
    people = {}
    for name, side, score in (("Ana", "a", 5), ("Ben", "a", 4), ("Eva", "a", 3),
                              ("Cal", "b", 2), ("Dee", "b", 3), ("Fio", "b", 1)):
        app, view = open_view(ev1_store, name)
        view.side.value = side
        answer_all(view, score, trust_other=4)
        people[name] = (app, view)
    app, ana = people["Ana"]
    assert ev1_store.latest(participant_doc(app.session.participant.id), pl.KEY).data["rounds"]["start"]["trust_other"] == {
        "score": 4, "comment": ""}
    assert ev1_store.latest(team_doc(app.session.participant.team_id), pl.KEY).data["sides"] == {
        "Ana": "a", "Ben": "a", "Eva": "a", "Cal": "b", "Dee": "b", "Fio": "b"}
    for _, view in people.values():
        view.refresh_team()
        assert "Both companies are represented: Norvia Medical (3), Andina Salud Distribución (3)." in view.status.value
        assert "the two companies&#x27; views differ by 1.0 points or more on: " in view.status.value
        assert view.chart.figure is not None and "the companies see this differently" in view.gaps.value
    # the view keeps the typed section: the latest round shown, its flagged gaps read as attributes
    assert isinstance(ana.section, PulseSection) and ana.section.latest == "start"
    assert [s.id for s in report.shown_rows(ana.section) if s.flagged] and ana.section.rule.min_per_side == pl.MIN_PER_SIDE
    # the comparison never shows a person's answer: only the two means per statement
    assert "4.0" in ana.gaps.value and "2.0" in ana.gaps.value and ">5<" not in ana.gaps.value


def test_two_per_side_show_nothing_and_comments_are_escaped(ev1_store):
    """With two on a side, each could work out the other's answer: nothing is shown, and the
    page says how many more people each company needs."""
    views = {}
    for name, side, score in (("Ana", "a", 5), ("Ben", "a", 4), ("Cal", "b", 1), ("Dee", "b", 2)):
        _, views[name] = open_view(ev1_store, name)
        views[name].side.value = side
        answer_all(views[name], score)
    ana = views["Ana"]
    ana.comments["trust_other"].value = "<script>x</script>"
    ana.refresh_team()
    assert "shown once at least 3 people on each side have answered (Norvia Medical: 2, Andina Salud Distribución: 2)" \
        in ana.status.value
    assert "Norvia Medical needs 1 more person to answer" in ana.status.value
    assert "Andina Salud Distribución needs 1 more person to answer" in ana.status.value
    assert ana.chart.figure is None and ana.gaps.value == "" and "script" not in ana.comment_list.value


def test_the_facilitators_round_and_assigned_sides_reach_the_page(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    ana.side.value = "b"
    answer_all(ana, 4)
    set_settings(ev1_store, round="end", sides_assigned=True)
    ana.refresh_team()
    assert "Round: end of the workshop" in ana.round_line.value and ana.side.disabled
    assert all(b.value is None for b in ana.scores.values())  # a fresh round
    ana.scores["kpis_used"].value = 2
    doc = ev1_store.latest(participant_doc(app.session.participant.id), pl.KEY).data
    assert doc["rounds"]["end"] == {"kpis_used": {"score": 2, "comment": ""}} and len(doc["rounds"]["start"]) == 13
    # the facilitator assigns Ana to the other company: written into the team's document
    fac = FacilitatorApp(ev1_store, event="EV-1", live=False)
    fac.event = ev1_store.get_event("EV-1")
    fac._build_dashboard()
    panel = fac.panels[pl.KEY]  # the pulse's panel in the Controls tab, through the module contract
    fac.refresh(force=True)  # fills the people list
    fac.people.value = app.session.participant.id
    panel.side.value = "a"
    panel.assign_button.click()
    ana.refresh_team()
    assert ana.side.value == "a"
    assert "speaks for Norvia Medical" in panel.message.widget.value
    assert not panel.assign(None, "b") and "Pick the person" in panel.message.widget.value
    # the panel shows the pulse's settings, and its round buttons change them (not the controls)
    assert panel.round.value == "end" and panel.sides_mode.value is True
    panel.round.value = "start"
    event = ev1_store.get_event("EV-1")
    assert event_docs.settings(ev1_store, event.id, pl.KEY) == pl.Settings(round="start", sides_assigned=True)
    controls = ev1_store.latest(DocRef.of_event(event.id), CONTROLS)
    assert controls is None or "round" not in controls.data
    ana.refresh_team()
    assert "Round: start of the workshop" in ana.round_line.value


def test_spanish_page(ev1_store):
    _, ana = open_view(ev1_store, "Ana", lang="es")
    assert ana.tabs.titles == ("1 · Sus respuestas", "2 · Ambos lados")
    assert "Aún nadie habla en nombre de" in ana.status.value


PEOPLE = ["Ana", "Ben", "Cal", "Dee", "Eva", "Fio"]


def _answering(store, per_side, lang="en"):
    """``per_side`` people on each side (four with two per side), each scoring every statement
    and commenting on the budget; the comments sort against the order they were written."""
    people = {}
    for i in range(2 * per_side):
        name, side = PEOPLE[i], "a" if i < per_side else "b"
        app, view = open_view(store, name, lang=lang)
        view.side.value = side
        answer_all(view, 5 if side == "a" else 2)
        view.comments["resources_adequate"].value = f"{'zyxwvu'[i]} budget <script>{i}</script>"
        people[name] = (app, view)
    return people


def test_comments_appear_with_their_company_without_names_once_enough_answered(ev1_store):
    below = _answering(ev1_store, pl.MIN_PER_SIDE - 1) if pl.MIN_PER_SIDE > 1 else {}
    for _, view in below.values():
        view.refresh_team()
        assert "budget" not in view.comment_list.value  # too few: nothing, as for the means
    people = _answering(ev1_store, pl.MIN_PER_SIDE)
    _, ana = people["Ana"]
    ana.refresh_team()
    shown = ana.comment_list.value
    assert "Comments at the start of the workshop, per company and without names" in shown
    assert "&lt;script&gt;0&lt;/script&gt;" in shown and "<script>" not in shown  # escaped
    assert not [n for n in people if n in shown]  # no name beside a comment
    written = [f"{'zyxwvu'[i]} budget" for i in range(2 * pl.MIN_PER_SIDE)]
    positions = [shown.index(c) for c in written]
    for side in (slice(0, pl.MIN_PER_SIDE), slice(pl.MIN_PER_SIDE, None)):  # alphabetical, not as written
        assert positions[side] == sorted(positions[side], reverse=True)
    assert shown.count("Norvia Medical") == shown.count("Andina Salud Distribución") == pl.MIN_PER_SIDE


def test_comments_in_spanish_and_none_yet(ev1_store):
    people = _answering(ev1_store, pl.MIN_PER_SIDE, lang="es")
    _, ana = people["Ana"]
    ana.comments["resources_adequate"].value = ""
    for _, view in people.values():
        view.comments["resources_adequate"].value = ""
    ana.refresh_team()
    assert "Aún no hay comentarios sobre las afirmaciones mostradas." in ana.comment_list.value
    _, ben = people["Ben"]
    ben.comments["trust_other"].value = "Cumplen lo que dicen"
    ana.refresh_team()
    assert "Comentarios al inicio del taller, por empresa y sin nombres" in ana.comment_list.value
    assert "Cumplen lo que dicen" in ana.comment_list.value and "Ben" not in ana.comment_list.value


def test_a_members_download_carries_no_pulse_answer(ev1_store, monkeypatch):
    """The summary's downloads (what a teammate takes home) in every format it offers."""
    from widgets.report import documents
    from widgets.ui.app import SUMMARY

    people = _answering(ev1_store, pl.MIN_PER_SIDE)
    app, ana = people["Ana"]
    app.stepper.show(SUMMARY)
    summary = app.stepper.current_view
    summary.download("json")
    data = json.loads(summary.downloader.payload)
    [team] = data["teams"]
    assert "pulse" not in team["documents"]
    assert not [k for k in team["modules"]["pulse"] if k in ("answers", "entries")]
    pulse = json.dumps(team["modules"]["pulse"]["rounds"], ensure_ascii=False)
    assert "budget" in pulse and not [n for n in people if n in pulse]
    for fmt in ("md", "html"):
        summary.download(fmt)
        text = summary.downloader.payload.decode()
        for line in text.splitlines() if fmt == "md" else text.split("<tr>"):
            if " budget " in line:
                assert not [n for n in people if n in line], (fmt, line)
    captured = []
    monkeypatch.setattr(documents, "html_to_pdf", lambda page: captured.append(page) or b"%PDF-")
    summary.download("pdf")
    assert "budget" in captured[0] and summary.downloader.payload == b"%PDF-"
    charter = "".join(getattr(c, "value", "") for c in summary.charter_box.children)
    assert "budget" in charter and "&lt;script&gt;" in charter  # the page's charter shows them too


def test_showing_what_is_stored_stores_nothing_in_the_page_or_the_facilitators(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    ana.side.value = "b"
    answer_all(ana, 4)
    ana.comments["trust_other"].value = "They deliver"
    assert revisions(ev1_store, app, key=pl.KEY) == (14, 1)  # 13 scores, one comment; one side
    event = ev1_store.get_event("EV-1")
    settings_revisions = len(ev1_store.history(DocRef.of_event(event.id), pl.KEY))
    fac = FacilitatorApp(ev1_store, event="EV-1", live=False)
    fac.event = event
    fac._build_dashboard()
    fac.refresh(force=True)  # the controls and the pulse's panel are set from the store
    set_settings(ev1_store, round="end")  # a fresh round: the page empties its buttons
    ana.refresh_team()
    _, again = open_view(ev1_store, "Ana")  # and Ana reloads
    again.refresh_team()
    assert all(b.value is None for b in again.scores.values()) and again.side.value == "b"
    assert revisions(ev1_store, app, key=pl.KEY) == (14, 1)
    assert len(ev1_store.history(DocRef.of_event(event.id), pl.KEY)) == settings_revisions + 1
    fac.refresh(force=True)
    assert len(ev1_store.history(DocRef.of_event(event.id), pl.KEY)) == settings_revisions + 1
    set_settings(ev1_store, round="start")
    again.refresh_team()
    assert again.comments["trust_other"].value == "They deliver" and again.scores["trust_other"].value == 4
    again.scores["kpis_used"].value = 1  # the member's own change is one revision
    assert revisions(ev1_store, app, key=pl.KEY) == (15, 1)


def test_a_comment_typed_back_to_what_is_stored_before_the_pause_stores_nothing(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    ana.comments["trust_other"].value = "They deliver"
    before = revisions(ev1_store, app, key=pl.KEY)

    async def typing() -> None:
        box = ana.comments["trust_other"]
        box.value = "They deliver!"
        assert ana.ctx.typing("comment:trust_other")
        box.value = "They deliver"  # back to the stored text before the pause: the wait is dropped
        assert not ana.ctx.typing()
        box.value = "They deliver, late"

    as_in_a_kernel(typing, ana)
    assert revisions(ev1_store, app, key=pl.KEY) == (before[0] + 1, before[1])
    assert ana.doc.rounds["start"]["trust_other"].comment == "They deliver, late"
