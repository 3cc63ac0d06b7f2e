"""Initiatives view, headless: criteria, proposals, scores, the 2x2, staffing, gates, life cycle."""

from __future__ import annotations

from functools import partial

from tests.ui.conftest import as_in_a_kernel, open_step, revisions, saved_doc
from widgets.modules.initiatives import gates as gt
from widgets.modules.initiatives import model as ini
from widgets.store import participant_doc, team_doc

open_view = partial(open_step, key=ini.KEY)


def saved(ev1_store, app):
    return saved_doc(ev1_store, app, key=ini.KEY)


def board(ev1_store, app):
    doc = ev1_store.latest(team_doc(app.session.participant.team_id), ini.KEY)
    return doc.data if doc else None


def propose(view, title, gain_a="", gain_b="", horizon="short", people=(0, 0)):
    view._clear_form()
    view.f_title.value = title
    view.f_gain["a"].value, view.f_gain["b"].value = gain_a, gain_b
    view.f_horizon.value = horizon
    view.f_people["a"].value, view.f_people["b"].value = people
    view.save_button.click()


def test_weights_are_a_budget_and_the_team_sees_disagreement(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    assert saved(ev1_store, app) is None
    ana.sliders["customer_value"].value = 70
    ana.sliders["feasibility"].value = 50  # only 30 left: capped, visibly
    weights = saved(ev1_store, app)["weights"]
    assert {k: v for k, v in weights.items() if v} == {"customer_value": 70, "feasibility": 30}
    assert ana.sliders["feasibility"].value == 30 and "Only 30 points" in ana.points.value
    ben.sliders["strategic_fit"].value = 100
    ana.refresh_team()
    assert "Not agreed yet" in ana.findings.value and "aw-hot" in ana.criteria_table.value
    _, again = open_view(ev1_store, "Ana")
    assert again.sliders["customer_value"].value == 70  # a reload resumes


def test_a_quick_win_for_the_other_company_balances_the_grid(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    propose(ana, "Joint tender", gain_a="Volume", gain_b="Range", horizon="long")
    propose(ana, "Demo fleet", gain_a="First sales", horizon="short")
    assert [i["title"] for i in saved(ev1_store, app)["initiatives"]] == ["Joint tender", "Demo fleet"]
    ana.refresh_team()
    for ref, score in (("Ana#i1", 4), ("Ana#i2", 3)):
        for k in ini.CRITERIA:
            ana.score_buttons[(ref, k)].value = score
    ben.refresh_team()
    assert ben.section.checks[2].model_dump() == {"check": "initiatives.both_horizons", "ok": False, "assessed": True}
    assert "The plan misses a win: Andina Salud Distribución: Quick win" in ben.findings.value
    propose(ben, "Service academy", gain_b="Service contracts", horizon="short")
    ben.refresh_team()
    for k in ini.CRITERIA:
        ben.score_buttons[("Ben#i1", k)].value = 5
    ben.refresh_team()
    assert ben.section.checks[2].ok is True and "The plan gives each company a quick" in ben.findings.value
    # a plan of two leaves the demo fleet, Norvia's only quick win, on the bench: it no longer counts
    ben.plan_size.value = 2
    ben.refresh_team()
    assert ben.section.plan == ["Service academy", "Joint tender"] and ben.section.bench == ["Demo fleet"]
    assert ben.section.checks[2].ok is False
    assert "The plan misses a win: Norvia Medical: Quick win" in ben.findings.value
    assert "On the bench, outside the plan: Demo fleet." in ben.findings.value
    assert "from the plan (the bench does not count)" in ben.grid.value
    ben.plan_size.value = 3
    # the same initiative from a teammate is refused: one initiative, scored by all
    propose(ben, " joint  TENDER ", gain_a="x")
    assert "already proposed by Ana" in ben.propose_message.widget.value
    assert len(saved(ev1_store, app)["initiatives"]) == 2


def test_scores_rank_the_portfolio_and_the_plan_gets_gates(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    propose(ana, "Alpha", gain_a="A", gain_b="B", people=(2, 3))
    propose(ana, "Beta", gain_a="A", horizon="long", people=(5, 0))
    ana.refresh_team()
    for k in ini.CRITERIA:
        ana.score_buttons[("Ana#i1", k)].value = 4
        ana.score_buttons[("Ana#i2", k)].value = 2
    ana.refresh_team()
    ranking = [(i.title, i.rank) for i in ana.section.initiatives]
    assert ranking == [("Alpha", 1), ("Beta", 2)]
    assert ana.bubble.figure is not None and ana.funnel.figure is not None
    # capacity: A can assign 4 people, the plan asks 7 of it
    assert ana.capacity["a"].value == ""  # not stated yet, which is not "none"
    ana.capacity["a"].value = "four"
    assert "is not a number of people" in ana.board_message.widget.value and board(ev1_store, app) is None
    ana.capacity["a"].value = " 4 "
    ana.refresh_team()
    assert "overloaded: the plan asks for 7 people and it can assign 4" in ana.findings.value
    assert ana.capacity["a"].value == "4" and ana.capacity["b"].value == ""
    # gates: evidence on every concept question moves Alpha to "Concept committed"
    assert set(ana.gate_fields) == {(r, q) for r in ("Ana#i1", "Ana#i2") for q in gt.QUESTIONS}
    for q in gt.GATES["concept"]:
        ana.gate_fields[("Ana#i1", q)].value = "Interview notes, 12 customers"
    ana.refresh_team()
    alpha = next(i for i in ana.section.initiatives if i.title == "Alpha")
    assert alpha.reached == "concept" and alpha.next_gate == "execution" and len(alpha.missing) == len(gt.GATES["execution"]) == 7
    assert "Reached: Concept committed" in ana.gate_lines["Ana#i1"].value
    assert board(ev1_store, app)["gates"]["Ana#i1"]["market"] == "Interview notes, 12 customers"


def test_life_cycle_and_exit_path_are_shared(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    assert "The alliance stands at: Assess" in ana.cycle.value
    ana.narrow_to.value = "A reseller agreement"
    ana.exiting.value = True
    ben.refresh_team()
    assert ben.narrow_to.value == "A reseller agreement" and ben.exiting.value is True
    assert "The alliance stands at: Exit" in ben.cycle.value
    assert board(ev1_store, app)["narrow_to"] == "A reseller agreement"


def test_bad_input_is_refused_with_a_message_and_nothing_stored(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    propose(ana, "", gain_a="x")
    assert "Give the initiative a title" in ana.propose_message.widget.value
    propose(ana, "No gain at all")
    assert "Say what at least one company gains" in ana.propose_message.widget.value
    assert saved(ev1_store, app) is None
    propose(ana, "<script>alert(1)</script>", gain_a="x")
    ana.refresh_team()
    assert "<script>" not in ana.ranking.value and "&lt;script&gt;" in ana.ranking.value


def test_spanish_view(ev1_store):
    _, ana = open_view(ev1_store, "Ana", lang="es")
    propose(ana, "Licitaciones", gain_a="Volumen", horizon="long")
    ana.refresh_team()
    assert "Al plan le falta un logro" in ana.findings.value and "La alianza está en: Evaluar" in ana.cycle.value
    assert ana.tabs.titles[0] == "1 · Criterios"


def test_a_member_proposes_a_criterion_and_a_teammate_weights_and_scores_it(ev1_store):
    _, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    ana.new_criterion.value = "Fits the regulator's timetable"
    ana.add_criterion.click()
    assert "Proposed: Fits the regulator&#x27;s timetable" in ana.criteria_message.widget.value
    ana.new_criterion.value = "fits the regulator's  TIMETABLE"
    ana.add_criterion.click()
    assert "is already a criterion" in ana.criteria_message.widget.value
    ben.refresh_team()
    assert "team-c1" in ben.sliders and ben.sliders["team-c1"].description == "Fits the regulator's timetable"
    ben.sliders["team-c1"].value = 40
    propose(ben, "Alpha", gain_a="x")
    ben.refresh_team()
    ben.score_buttons[("Ben#i1", "team-c1")].value = 5
    assert ev1_store.latest(participant_doc(ben.ctx.session.participant.id), ini.KEY).data["scores"] == {
        "Ben#i1": {"team-c1": 5}}
    assert "Fits the regulator" in ben.criteria_table.value


def test_a_corrected_capacity_takes_its_error_away_in_both_languages(ev1_store):
    for name, lang, field, refused in (("Ana", "en", "a", "is not a number of people"),
                                       ("Ben", "es", "b", "no es un número de personas")):
        app, view = open_view(ev1_store, name, lang=lang)
        view.capacity[field].value = "five"
        assert refused in view.board_message.widget.value and "five" in view.board_message.widget.value
        view.capacity[field].value = "4"  # corrected: the refusal no longer applies
        assert view.board_message.widget.value == ""
        assert board(ev1_store, app)["capacity"][field] == 4
    # the refused value is put back to the stored one and the refusal says why, until a value
    # validates; a confirmation shown there is not taken away by a later save
    view.capacity["a"].value = "muchas"
    assert view.capacity["a"].value == "4" and "«muchas»" in view.board_message.widget.value
    view.capacity["a"].value = "3"
    assert view.board_message.widget.value == ""
    view.board_message.show("ok", "saved")
    view.capacity["a"].value = "2"
    assert "saved" in view.board_message.widget.value


# -- a page that shows what is stored stores nothing; a participant's change is stored once --------
def counts(ev1_store, app) -> tuple[int, int]:
    """Revisions of the participant's document and of the team's board."""
    return revisions(ev1_store, app, key=ini.KEY)


def build_portfolio(ev1_store):
    """Ana enters everything the page stores: a criterion of the team's, her points, two
    proposals scored on every criterion, and the board (plan size, capacity, evidence, the
    renewal and the exit path)."""
    app, ana = open_view(ev1_store, "Ana")
    ana.new_criterion.value = "Fits the regulator's timetable"
    ana.add_criterion.click()
    ana.refresh_team()
    ana.sliders["customer_value"].value = 60
    ana.sliders["team-c1"].value = 40
    propose(ana, "Alpha", gain_a="A", gain_b="B", people=(2, 3))
    propose(ana, "Beta", gain_a="A", horizon="long", people=(5, 0))
    ana.refresh_team()
    for ref, score in (("Ana#i1", 4), ("Ana#i2", 2)):
        for k in (*ini.CRITERIA, "team-c1"):
            ana.score_buttons[(ref, k)].value = score
    ana.plan_size.value = 2
    ana.refresh_team()
    ana.capacity["a"].value = "4"
    ana.gate_fields[("Ana#i1", "market")].value = "Interview notes"
    ana.renewal.value = "Dropped the demo fleet"
    ana.narrow_to.value = "A reseller agreement"
    ana.exiting.value = True
    ana.refresh_team()
    return app, ana


def test_a_page_that_shows_what_is_stored_stores_nothing_even_after_a_teammate_saved(ev1_store):
    app, _ = build_portfolio(ev1_store)
    stored, shared = saved(ev1_store, app), board(ev1_store, app)
    assert stored["weights"]["team-c1"] == 40 and shared["exiting"] is True
    before = counts(ev1_store, app)
    _, again = open_view(ev1_store, "Ana")  # a reload shows all of it ...
    again.refresh_team()
    assert counts(ev1_store, app) == before  # ... and stores none of it
    assert again.sliders["customer_value"].value == 60 and again.sliders["team-c1"].value == 40
    assert again.score_buttons[("Ana#i1", "team-c1")].value == 4 and again.score_buttons[("Ana#i2", "feasibility")].value == 2
    assert again.plan_size.value == 2 and again.capacity["a"].value == "4" and again.capacity["b"].value == ""
    assert again.gate_fields[("Ana#i1", "market")].value == "Interview notes"
    assert (again.renewal.value, again.narrow_to.value, again.exiting.value) == (
        "Dropped the demo fleet", "A reseller agreement", True)
    # a teammate saves his document and the board: the plan grows, so Ana's page builds gates
    # for Beta and redraws every box of the board, and still stores nothing itself
    _, ben = open_view(ev1_store, "Ben")
    ben.sliders["strategic_fit"].value = 100
    propose(ben, "Gamma", gain_b="C")
    ben.plan_size.value = 3
    ben.capacity["b"].value = "6"
    ben.narrow_to.value = "A referral agreement"
    ben.exiting.value = False
    after_ben = counts(ev1_store, app)
    assert after_ben == (before[0], before[1] + 4)
    again.refresh_team()
    assert counts(ev1_store, app) == after_ben
    assert ("Ana#i2", "market") in again.gate_fields and ("Ben#i1", "team-c1") in again.score_buttons
    assert (again.plan_size.value, again.capacity["b"].value, again.narrow_to.value, again.exiting.value) == (
        3, "6", "A referral agreement", False)
    assert again.gate_fields[("Ana#i1", "market")].value == "Interview notes"
    assert saved(ev1_store, app) == stored


def test_each_change_a_participant_makes_is_stored_once(ev1_store):
    app, ana = build_portfolio(ev1_store)

    def stored_once(own: int, team: int, change) -> None:
        before = counts(ev1_store, app)
        change()
        assert counts(ev1_store, app) == (before[0] + own, before[1] + team)

    # her own document: points, a capped point, a score, a proposal, an edit and a drop
    stored_once(1, 0, lambda: setattr(ana.sliders["customer_value"], "value", 50))
    assert saved(ev1_store, app)["weights"]["customer_value"] == 50
    stored_once(1, 0, lambda: setattr(ana.sliders["strategic_fit"], "value", 80))  # 10 left
    assert saved(ev1_store, app)["weights"]["strategic_fit"] == 10 and ana.sliders["strategic_fit"].value == 10
    assert "Only 10 points were left" in ana.points.value
    stored_once(1, 0, lambda: setattr(ana.score_buttons[("Ana#i2", "feasibility")], "value", 5))
    assert saved(ev1_store, app)["scores"]["Ana#i2"]["feasibility"] == 5
    stored_once(1, 0, lambda: propose(ana, "Gamma", gain_b="C"))
    assert [i["title"] for i in saved(ev1_store, app)["initiatives"]] == ["Alpha", "Beta", "Gamma"]

    def edit_alpha() -> None:
        ana._edit("i1")
        ana.f_title.value = "Alpha, revised"
        ana.save_button.click()

    stored_once(1, 0, edit_alpha)
    stored_once(1, 0, lambda: ana._drop("i3"))
    assert [i["title"] for i in saved(ev1_store, app)["initiatives"]] == ["Alpha, revised", "Beta"]
    # the team's board: each box once; a capacity typed back as it is stored stores nothing
    stored_once(0, 1, lambda: setattr(ana.plan_size, "value", 3))
    stored_once(0, 0, lambda: setattr(ana.capacity["a"], "value", " 4 "))
    stored_once(0, 1, lambda: setattr(ana.capacity["a"], "value", "5"))
    stored_once(0, 1, lambda: setattr(ana.gate_fields[("Ana#i1", "legal_review")], "value", "Counsel's memo"))
    stored_once(0, 1, lambda: setattr(ana.renewal, "value", "Added a service line"))
    stored_once(0, 1, lambda: setattr(ana.narrow_to, "value", "A referral agreement"))
    stored_once(0, 1, lambda: setattr(ana.exiting, "value", False))
    shared = board(ev1_store, app)
    assert (shared["plan_size"], shared["capacity"]["a"], shared["gates"]["Ana#i1"]["legal_review"]) == (3, 5, "Counsel's memo")
    assert (shared["renewal"], shared["narrow_to"], shared["exiting"]) == (
        "Added a service line", "A referral agreement", False)


def test_board_text_typed_in_a_kernel_is_stored_after_a_pause_and_typed_back_stores_nothing(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    ana.renewal.value = "Added a service line"
    before = counts(ev1_store, app)

    async def typing() -> None:
        ana.renewal.value = "Added a service line!"
        assert ana.ctx.typing("renewal")
        ana.renewal.value = "Added a service line"  # back to the stored text before the pause
        assert not ana.ctx.typing()
        ana.narrow_to.value = "A reseller agreement"
        ana.capacity["b"].value = "6"  # another box at once: both are stored
        ana.refresh_team()  # while she types, her boxes are left alone
        assert ana.narrow_to.value == "A reseller agreement" and ana.capacity["b"].value == "6"

    as_in_a_kernel(typing, ana)
    assert counts(ev1_store, app) == (before[0], before[1] + 2)
    shared = board(ev1_store, app)
    assert (shared["renewal"], shared["narrow_to"], shared["capacity"]["b"]) == (
        "Added a service line", "A reseller agreement", 6)


def test_a_save_that_fails_puts_the_widgets_back_and_is_tried_once(ev1_store, monkeypatch):
    app, ana = open_view(ev1_store, "Ana")
    propose(ana, "Alpha", gain_a="A")
    ana.refresh_team()
    before, tries = counts(ev1_store, app), []

    def broken(key, data):
        tries.append(key)
        raise OSError("disk full")

    monkeypatch.setattr(ana.ctx.session, "save", broken)
    ana.sliders["feasibility"].value = 30
    assert ana.sliders["feasibility"].value == 0 and ana.doc.weights == {}  # back to what is stored ...
    ana.score_buttons[("Ana#i1", "feasibility")].value = 4
    assert ana.score_buttons[("Ana#i1", "feasibility")].value is None and ana.doc.scores == {}
    assert len(tries) == 2 and counts(ev1_store, app) == before  # ... without trying again
