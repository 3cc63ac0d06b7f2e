"""Partner selection view, headless: set values, click, check the store and the team view."""

from __future__ import annotations

from functools import partial

import pytest

from tests.ui.conftest import as_in_a_kernel, open_step, revisions, saved_doc
from widgets.modules.partner_selection import model as ps
from widgets.store import team_doc

HOSTILE = '<img src=x onerror="alert(1)">'


open_view = partial(open_step, key=ps.KEY)



def saved(ev1_store, app):
    return saved_doc(ev1_store, app, key=ps.KEY)


def score_all(view, values: dict[str, int]):
    """Score every criterion of every candidate: candidate -> score."""
    for cand, value in values.items():
        view.candidate.value = cand
        for buttons in view.score_buttons.values():
            buttons.value = value


def test_weights_are_a_budget_no_number_moves_another(ev1_store):
    app, view = open_view(ev1_store, "Ana")
    assert all(s.value == 0 for s in view.sliders.values())
    assert "100 points to distribute" in view.weights_total.value
    view.sliders["strategic_fit"].value = 44
    view.sliders["trust"].value = 30
    data = saved(ev1_store, app)
    assert data["weights"]["strategic_fit"] == 44 and data["weights"]["trust"] == 30
    assert sum(data["weights"].values()) == 74
    assert "26 points left" in view.weights_total.value
    # asking for more than is left gives what is left, says so, and leaves the others alone
    view.sliders["culture"].value = 90
    data = saved(ev1_store, app)
    assert data["weights"]["culture"] == 26 and data["weights"]["strategic_fit"] == 44
    assert view.sliders["culture"].value == 26 and view.sliders["strategic_fit"].value == 44
    assert "You asked for 90 points but only 26 were free" in view.weights_total.value
    assert "All 100 points distributed" in view.weights_total.value
    # what the inputs show is what is stored, and a new kernel shows the same
    assert {k: s.value for k, s in view.sliders.items()} == {k: data["weights"].get(k, 0) for k in view.sliders}
    _, again = open_view(ev1_store, "Ana")
    assert {k: s.value for k, s in again.sliders.items()} == {k: view.sliders[k].value for k in view.sliders}
    view.even.click()
    must = ps.knockouts(view.state.lists, app.session.case)  # a gate, not a weight (the guide): 0 points
    n = len(view.sliders) - len(must)  # the others: 100 points as evenly as whole points allow
    weights = saved(ev1_store, app)["weights"]
    assert must and all(weights[k] == 0 and view.sliders[k].value == 0 for k in must)
    assert {v for k, v in weights.items() if k not in must} <= {100 // n, 100 // n + 1}
    assert sum(weights.values()) == 100


def test_weights_in_spanish_say_points_left(ev1_store):
    app, view = open_view(ev1_store, "Ana", lang="es")
    view.sliders["trust"].value = 40
    assert "Le quedan 60 puntos por repartir" in view.weights_total.value


def test_scores_and_notes_save_and_resume_exactly(ev1_store):
    app, view = open_view(ev1_store, "Ana")
    view.candidate.value = "medcore"
    view.score_buttons["trust"].value = 2
    view.note_boxes["trust"].value = "Two lawsuits last year"
    view.candidate.value = "andina"
    view.score_buttons["trust"].value = 5
    data = saved(ev1_store, app)
    assert data["scores"] == {"medcore": {"trust": 2}, "andina": {"trust": 5}}
    assert data["notes"] == {"medcore": {"trust": "Two lawsuits last year"}}
    assert f"2 of {len(view.score_buttons) * len(view.candidate.options)}" in view.progress.value
    _, again = open_view(ev1_store, "Ana")
    again.candidate.value = "medcore"
    assert again.score_buttons["trust"].value == 2
    assert again.note_boxes["trust"].value == "Two lawsuits last year"
    assert again.score_buttons["culture"].value is None


def test_team_view_aggregates_members_and_flags_disagreement(ev1_store):
    app_a, a = open_view(ev1_store, "Ana")
    app_b, b = open_view(ev1_store, "Ben")
    assert "No scores yet" in a.team_findings.value
    score_all(a, {"andina": 5, "medcore": 2, "vitalis": 3, "tecnobio": 3})
    score_all(b, {"andina": 2, "medcore": 4, "vitalis": 3, "tecnobio": 3})
    a.refresh_team()
    result = a.state.result
    assert result.members == ["Ana", "Ben"]
    assert result.ranking[0].candidate == "andina" and result.ranking[0].score == pytest.approx(3.5)
    assert "Andina" in a.ranking.value and "Contested cells" in a.team_findings.value
    assert "aw-hot" in a.means.value and "Ana: 5, Ben: 2" in a.contested.value
    assert a.radar.figure is not None and a.heat.figure is not None
    assert a.radar.figure.layout.title.text == "Team mean score per criterion"


def test_whatif_changes_the_ranking_without_saving(ev1_store):
    _, a = open_view(ev1_store, "Ana")
    for cand, fit, trust in (("andina", 5, 1), ("medcore", 1, 5)):
        a.candidate.value = cand
        for buttons in a.score_buttons.values():  # a candidate is ranked once scored on every criterion
            buttons.value = 3
        a.score_buttons["strategic_fit"].value = fit
        a.score_buttons["trust"].value = trust
    a.refresh_team()
    before = ev1_store.change_marker(a.ctx.session.participant.event_id, a.ctx.session.participant.team_id)
    others = {k: s.value for k, s in a.whatif.items() if k != "trust"}
    a.whatif["trust"].value = 90
    assert {k: s.value for k, s in a.whatif.items() if k != "trust"} == others
    assert "overtakes" in a.whatif_table.value or "stays first" in a.whatif_table.value
    top = ps.rank_with({k: s.value for k, s in a.whatif.items()}, a.state.result)[0].candidate
    assert top == "medcore"
    after = ev1_store.change_marker(a.ctx.session.participant.event_id, a.ctx.session.participant.team_id)
    assert before == after
    a.whatif_reset.click()
    assert not a._whatif_touched


def test_list_edits_reach_teammates_and_text_is_escaped(ev1_store):
    app_a, a = open_view(ev1_store, "Ana")
    app_b, b = open_view(ev1_store, "Ben")
    a.crit_new.value = HOSTILE
    a.crit_add.click()
    team_id = app_a.session.participant.team_id
    lists = ev1_store.latest(team_doc(team_id), ps.KEY).data
    assert lists["criteria"][-1]["label"] == HOSTILE
    b.refresh_team()
    assert "team-c1" in b.sliders and "team-c1" in b.score_buttons
    assert HOSTILE not in b.lists_view.value and "&lt;img" in b.lists_view.value
    # the same label again is refused with a message, nothing stored
    b.crit_new.value = HOSTILE.upper()
    b.crit_add.click()
    assert "already on the list" in b.messages.widget.value
    assert ev1_store.latest(team_doc(team_id), ps.KEY).revision == 1
    # Ben drops a candidate based on a stale copy: Ana's edit is kept (re-applied on the latest)
    a.cand_new.value = "Nueva Distribuidora"
    a.cand_add.click()
    b.cand_pick.value = "vitalis"
    b.cand_drop.click()
    ids = [c["id"] for c in ev1_store.latest(team_doc(team_id), ps.KEY).data["candidates"]]
    assert "vitalis" not in ids and "team-p1" in ids and "team-c1" in [
        c["id"] for c in ev1_store.latest(team_doc(team_id), ps.KEY).data["criteria"]]


def test_spanish_labels_come_from_the_case(ev1_store):
    _, view = open_view(ev1_store, "Ana", lang="es")
    assert view.sliders["strategic_fit"].description == "Alineación estratégica y filosófica"
    assert view.tabs.titles[0] == "Su puntuación"


def test_invalid_document_is_refused_and_nothing_stored(ev1_store):
    app, view = open_view(ev1_store, "Ana")
    view.ctx.save({"weights": {"trust": 50, "culture": 60}, "scores": {}, "notes": {}})
    assert "at most 100 points (these add up to 110)" in app.status.value
    assert saved(ev1_store, app) is None
    view.ctx.save({"weights": {}, "scores": {"andina": {"trust": 9}}, "notes": {}})
    assert saved(ev1_store, app) is None


def test_a_must_have_is_a_fact_a_not_met_puts_the_candidate_aside_and_the_team_settles_it(ev1_store):
    app, a = open_view(ev1_store, "Ana")
    _, b = open_view(ev1_store, "Ben")
    for cand, score in (("andina", 4), ("vitalis", 5)):
        a.candidate.value = cand
        for buttons in a.score_buttons.values():
            buttons.value = score
    a.candidate.value = "vitalis"
    a.score_buttons["registration"].value = 1  # a score on a must-have is an opinion: it gates nothing
    rows = a.ranking.value.split("<tbody>")[1]
    assert rows.index("Vitalis") < rows.index("Andina") and "out: fails" not in rows
    # a fact needs its evidence
    a.fact_toggles["registration"].value = False
    a.fact_record["registration"].click()
    assert "Write the evidence" in a.fact_message.widget.value and saved(ev1_store, app).get("facts", {}) == {}
    a.fact_reasons["registration"].value = "A <b>hospital</b> chain holds no device registration"
    a.fact_record["registration"].click()
    assert saved(ev1_store, app)["facts"] == {"vitalis": {"registration": {
        "met": False, "reason": "A <b>hospital</b> chain holds no device registration"}}}
    b.refresh_team()
    rows = b.ranking.value.split("<tbody>")[1]
    assert "Vitalis Clinics Group</th><td class=\"aw-out\">aside: Can register" in rows
    assert rows.index("Andina") < rows.index("Vitalis")  # ranked first, although Vitalis scores higher
    assert "A member records a must-have as not met" in b.team_findings.value
    assert "A &lt;b&gt;hospital&lt;/b&gt; chain" in b.musts.value and "<b>hospital</b>" not in b.musts.value
    # the team settles the fact: not met, so Vitalis is out for everyone
    assert b.settle_pick.value == "vitalis|registration"
    b.settle_met.value = False
    b.settle_reason.value = "Checked INVIMA: no registration"
    note = a.note_boxes["registration"]
    b.settle_button.click()
    a.refresh_team()
    assert "out: fails Can register" in a.ranking.value and "Out on a must-have" in a.team_findings.value
    assert a.note_boxes["registration"] is note  # a settled fact leaves Ana's inputs (and her focus) alone
    assert "settled as Not met (Checked INVIMA: no registration)" in a.musts.value
    b.settle_reopen.click()  # reopened: aside again, until settled
    a.refresh_team()
    assert "aside: Can register" in a.ranking.value
    assert "· must-have" in a.lists_view.value
    a.crit_pick.value = "registration"
    assert a.crit_knockout.value  # the case marks it
    a.crit_knockout.value = False  # the team decides it is not a must-have after all
    assert "updated for the team" in a.messages.widget.value
    b.refresh_team()
    assert "aside:" not in b.ranking.value and "· must-have" not in b.lists_view.value
    assert b.ranking.value.split("<tbody>")[1].index("Vitalis") < b.ranking.value.split("<tbody>")[1].index("Andina")


def test_a_team_weight_reads_the_same_in_the_table_and_on_its_what_if_slider(ev1_store):
    import re

    _, a = open_view(ev1_store, "Ana")
    first = list(a.sliders)[:3]
    for key in first:  # three equal weights: 33.3 % each, which rounded one by one read 33 + 33 + 33 = 99
        a.sliders[key].value = 10
    a.candidate.value = "andina"
    for buttons in a.score_buttons.values():
        buttons.value = 3
    a.refresh_team()
    shown = {}
    for c in a.state.criteria:
        m = re.search(re.escape(c.label) + r"</t[dh]>\s*<td[^>]*>(\d+)%", a.means.value)
        shown[c.id] = int(m.group(1))
    assert shown == {k: s.value for k, s in a.whatif.items()}
    assert sum(shown.values()) == 100 and sorted(shown[k] for k in first) == [33, 33, 34]


def counts(store, app):
    return revisions(store, app, key=ps.KEY)


def fill_in(store):
    """Ana stores weights, scores, a note and a fact; the team adds a criterion, makes another
    one no must-have and settles a must-have. (Ana's app, Ben's app, Ben's view.)"""
    app, a = open_view(store, "Ana")
    app_b, b = open_view(store, "Ben")
    a.sliders["trust"].value = 40
    a.sliders["culture"].value = 20
    for cand in ("medcore", "andina"):
        a.candidate.value = cand
        for buttons in a.score_buttons.values():
            buttons.value = 4
    a.note_boxes["trust"].value = "Good references"
    a.fact_toggles["registration"].value = False
    a.fact_reasons["registration"].value = "No device registration yet"
    a.fact_record["registration"].click()
    b.crit_new.value = "Speed"
    b.crit_add.click()
    b.refresh_team()
    b.crit_pick.value = "trust"
    b.crit_knockout.value = True
    b.refresh_team()
    b.settle_pick.value = "andina|registration"
    b.settle_met.value = True
    b.settle_reason.value = "INVIMA register checked"
    b.settle_button.click()
    return app, app_b, b


def test_opening_the_page_and_redrawing_it_stores_nothing(ev1_store):
    app, app_b, b = fill_in(ev1_store)
    stored, before = saved(ev1_store, app), counts(ev1_store, app)
    assert stored["weights"] and stored["notes"] and stored["facts"] and before[1] == 3
    app, a = open_view(ev1_store, "Ana")  # a new page on the stored document
    assert a.doc == ps.Entry.model_validate(stored)
    assert a.sliders["trust"].value == 40 and a.candidate.value == "andina" and a.score_buttons["trust"].value == 4
    assert a.note_boxes["trust"].value == "Good references" and a.fact_toggles["registration"].value is False
    assert a.settle_pick.value == "andina|registration" and "team-c1" in a.sliders
    a.refresh_team()
    # the pickers are the page's own: showing another candidate or criterion stores nothing
    a.candidate.value = "medcore"
    assert a.score_buttons["trust"].value == 4 and a.note_boxes["trust"].value == ""
    a.crit_pick.value = "trust"
    assert a.crit_knockout.value
    a.crit_pick.value = "culture"
    assert not a.crit_knockout.value
    a.whatif_reset.click()
    a.refresh_team()
    assert counts(ev1_store, app) == before and saved(ev1_store, app) == stored
    # a teammate saves their scores and changes the lists: Ana's page redraws, storing nothing of its own
    b.candidate.value = "andina"
    b.score_buttons["trust"].value = 2
    b.crit_pick.value = "team-c1"
    b.crit_label.value = "Speed of launch"
    b.crit_rename.click()
    b.cand_new.value = "Nueva"
    b.cand_add.click()
    after_ben = counts(ev1_store, app)
    assert after_ben == (before[0], before[1] + 2)
    a.refresh_team()
    assert a.sliders["team-c1"].description == "Speed of launch" and ("Nueva", "team-p1") in a.candidate.options
    assert a.candidate.value == "medcore" and a.crit_pick.value == "culture"  # the picks are kept
    assert a.score_buttons["trust"].value == 4 and a.sliders["trust"].value == 40
    a.candidate.value = "andina"
    assert a.note_boxes["trust"].value == "Good references" and a.score_buttons["trust"].value == 4
    a.refresh_team()
    assert counts(ev1_store, app) == after_ben and saved(ev1_store, app) == stored


def test_each_change_on_the_page_stores_one_revision(ev1_store):
    app, app_b, b = fill_in(ev1_store)
    app, a = open_view(ev1_store, "Ana")
    mine, team = counts(ev1_store, app)

    def stored_once(what: str):
        nonlocal mine, team
        now = counts(ev1_store, app)
        assert now == ((mine + 1, team) if what == "mine" else (mine, team + 1)), what
        mine, team = now
        return saved(ev1_store, app) if what == "mine" else ev1_store.latest(
            team_doc(app.session.participant.team_id), ps.KEY).data

    a.sliders["strategic_fit"].value = 25
    assert stored_once("mine")["weights"]["strategic_fit"] == 25
    a.sliders["strategic_fit"].value = 90  # capped at what is left: one save, the slider shows it
    assert stored_once("mine")["weights"]["strategic_fit"] == 40 and a.sliders["strategic_fit"].value == 40
    a.sliders["strategic_fit"].value = 95  # nothing left: capped at what is stored, nothing new
    assert counts(ev1_store, app) == (mine, team) and a.sliders["strategic_fit"].value == 40
    assert "only 40 were free" in a.weights_total.value
    a.even.click()
    assert sum(stored_once("mine")["weights"].values()) == 100
    a.even.click()  # the even split again: already stored
    assert counts(ev1_store, app) == (mine, team)
    a.candidate.value = "vitalis"
    a.score_buttons["culture"].value = 5
    assert stored_once("mine")["scores"]["vitalis"] == {"culture": 5}
    a.score_buttons["culture"].value = 3
    assert stored_once("mine")["scores"]["vitalis"] == {"culture": 3}
    a.note_boxes["culture"].value = "Met them twice"
    assert stored_once("mine")["notes"]["vitalis"] == {"culture": "Met them twice"}
    a.note_boxes["culture"].value = ""
    assert "vitalis" not in stored_once("mine")["notes"]
    a.fact_toggles["registration"].value = True
    a.fact_reasons["registration"].value = "Registered in 2019"
    a.fact_record["registration"].click()
    assert stored_once("mine")["facts"]["vitalis"] == {"registration": {"met": True, "reason": "Registered in 2019"}}
    # the team's lists: one write each
    a.crit_pick.value = "culture"
    a.crit_knockout.value = True
    lists = stored_once("team")
    assert next(c for c in lists["criteria"] if c["id"] == "culture")["knockout"] is True
    a.crit_knockout.value = False
    assert next(c for c in stored_once("team")["criteria"] if c["id"] == "culture")["knockout"] is False
    a.settle_pick.value = "andina|registration"
    a.settle_reopen.click()
    assert stored_once("team")["settled"] == {}
    a.refresh_team()
    assert counts(ev1_store, app) == (mine, team)


def test_notes_typed_in_a_kernel_wait_for_a_pause_and_none_is_lost(ev1_store):
    app, a = open_view(ev1_store, "Ana")
    a.candidate.value = "andina"
    a.note_boxes["trust"].value = "Known"
    before = counts(ev1_store, app)

    async def typing() -> None:
        a.note_boxes["trust"].value = "Known!"
        assert a.ctx.typing("note:andina:trust")
        a.note_boxes["trust"].value = "Known"  # back to the stored note before the pause: nothing waits
        assert not a.ctx.typing()
        a.note_boxes["trust"].value = "Known for years"
        a.note_boxes["culture"].value = "Close to ours"  # another note at once
        a.score_buttons["culture"].value = 4  # and a score, stored at once: the notes still wait
        assert a.ctx.typing("note:andina:trust") and a.ctx.typing("note:andina:culture")

    as_in_a_kernel(typing, a)
    assert counts(ev1_store, app) == (before[0] + 3, before[1])  # the score, then each note
    stored = saved(ev1_store, app)
    assert stored["notes"]["andina"] == {"trust": "Known for years", "culture": "Close to ours"}
    assert stored["scores"]["andina"] == {"culture": 4}
