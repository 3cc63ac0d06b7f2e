"""Perception pulse view, headless: sides, answers per round, the per-side view and its flags."""

from __future__ import annotations

from tests.ui.conftest import browser_of
from widgets.model import pulse as pl
from widgets.model.controls import KEY as CONTROLS
from widgets.model.controls import Controls
from widgets.store import DocRef, participant_doc, team_doc
from widgets.ui.app import WorkshopApp
from widgets.ui.facilitator import FacilitatorApp


def open_view(store, name, lang="en"):
    app = WorkshopApp(store, {"event": "EV-1", "team": "Blue", "name": name, "lang": lang},
                      browser=browser_of(store, name))
    app.stepper.show(pl.KEY)
    return app, app.stepper.current_view


def set_controls(store, **changes):
    event = store.get_event("EV-1")
    store.save(DocRef.of_event(event.id), CONTROLS, Controls(**changes).model_dump(mode="json"))


def answer_all(view, score, **special):
    for s, buttons in view.scores.items():
        buttons.value = special.get(s, score)


def test_two_per_side_then_gaps_are_flagged_for_everyone(ev1_store):
    people = {}
    for name, side, score in (("Ana", "a", 5), ("Ben", "a", 4), ("Cal", "b", 2), ("Dee", "b", 3)):
        app, view = open_view(ev1_store, name)
        view.side.value = side
        answer_all(view, score, trust_other=4)
        people[name] = (app, view)
    app, ana = people["Ana"]
    assert ev1_store.latest(participant_doc(app.session.participant.id), pl.KEY).data["rounds"]["start"]["trust_other"] == {
        "score": 4, "comment": ""}
    assert ev1_store.latest(team_doc(app.session.participant.team_id), pl.KEY).data["sides"] == {
        "Ana": "a", "Ben": "a", "Cal": "b", "Dee": "b"}
    for _, view in people.values():
        view.refresh_team()
        assert "Both companies are represented: Norvia Medical (2), Andina Salud Distribución (2)." in view.status.value
        assert "the two companies&#x27; views differ by 1.0 points or more on: " in view.status.value
        assert view.chart.figure is not None and "the companies see this differently" in view.gaps.value
    # the comparison never shows a person's answer: only the two means per statement
    assert "4.5" in ana.gaps.value and "2.5" in ana.gaps.value and ">5<" not in ana.gaps.value


def test_one_person_per_side_shows_nothing_and_comments_are_escaped(ev1_store):
    _, ana = open_view(ev1_store, "Ana")
    _, cal = open_view(ev1_store, "Cal")
    ana.side.value, cal.side.value = "a", "b"
    answer_all(ana, 5)
    answer_all(cal, 1)
    ana.comments["trust_other"].value = "<script>x</script>"
    ana.refresh_team()
    assert "shown once at least 2 people on each side have answered (Norvia Medical: 1, Andina Salud Distribución: 1)" \
        in ana.status.value
    assert ana.chart.figure is None and ana.gaps.value == ""


def test_the_facilitators_round_and_assigned_sides_reach_the_page(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    ana.side.value = "b"
    answer_all(ana, 4)
    set_controls(ev1_store, round="end", sides_assigned=True)
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
    # the panel shows the room's controls, and its round buttons change them
    assert panel.round.value == "end" and panel.sides_mode.value is True
    panel.round.value = "start"
    assert fac._controls().round == "start"


def test_spanish_page(ev1_store):
    _, ana = open_view(ev1_store, "Ana", lang="es")
    assert ana.tabs.titles == ("1 · Sus respuestas", "2 · Ambos lados")
    assert "Aún nadie habla en nombre de" in ana.status.value
