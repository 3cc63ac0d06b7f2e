"""Risk balancing view, headless: estimates, the shared register, the balance verdict."""

from __future__ import annotations

from functools import partial

from tests.ui.conftest import as_in_a_kernel, open_step, revisions, saved_doc
from widgets.modules.risk import model as rk
from widgets.store import team_doc

open_view = partial(open_step, key=rk.KEY)


def saved(ev1_store, app):
    return saved_doc(ev1_store, app, key=rk.KEY)


def test_estimates_start_from_the_case_and_save(ev1_store):
    app, view = open_view(ev1_store, "Ana")
    assert saved(ev1_store, app) is None  # nothing stored until the participant changes something
    assert view.estimates["competing_line"]["likelihood"].value == 3
    view.values[("contributions", "capital", "a")].value = 5
    data = saved(ev1_store, app)
    assert data["contributions"]["capital"] == {"a": 5, "b": 0, "weight": 3}
    view.values[("contributions", "capital", "weight")].value = 5  # capital counts most in this alliance
    assert saved(ev1_store, app)["contributions"]["capital"]["weight"] == 5
    assert data["risks"]["competing_line"] == {"likelihood": 3, "impact": 4, "share_a": 70}
    view.estimates["competing_line"]["share_a"].value = 20
    assert saved(ev1_store, app)["risks"]["competing_line"]["share_a"] == 20
    _, again = open_view(ev1_store, "Ana")
    assert again.estimates["competing_line"]["share_a"].value == 20
    assert again.values[("contributions", "capital", "a")].value == 5
    assert again.values[("contributions", "capital", "weight")].value == 5


def test_moving_risk_shares_flips_the_balance(ev1_store):
    _, view = open_view(ev1_store, "Ana")
    for (kind, cat, p), slider in view.values.items():
        slider.value = 3
    for sliders in view.estimates.values():
        sliders["share_a"].value = 50
    view.refresh_team()
    assert view.state.result.balanced is True and "Balanced:" in view.verdict.value
    for sliders in view.estimates.values():
        sliders["share_a"].value = 100
    view.refresh_team()
    assert view.state.result.balanced is False
    assert "Norvia Medical gives more than it gets" in view.verdict.value
    assert view.matrix.figure is not None and view.shares_chart.figure is not None


def test_register_treatment_is_shared_and_clears_unmitigated(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    for sliders in ana.estimates.values():
        sliders["likelihood"].value = 4
        sliders["impact"].value = 4
    ana.refresh_team()
    assert len(ana.state.result.unmitigated) == len(ana.state.register.risks)
    mitigation, owner = ana.treatments["ip_leak"]
    mitigation.value = "Encrypt firmware; need-to-know access"
    owner.value = "<b>CTO</b>"
    ben.refresh_team()
    register = ev1_store.latest(team_doc(app.session.participant.team_id), rk.KEY).data
    assert next(r for r in register["risks"] if r["id"] == "ip_leak")["owner"] == "<b>CTO</b>"
    assert ben.treatments["ip_leak"][1].value == "<b>CTO</b>"
    assert "ip_leak" not in [r.id for r in ben.state.result.unmitigated]
    assert "<b>CTO" not in ben.risk_table.value and "&lt;b&gt;CTO" in ben.risk_table.value


def test_adding_and_dropping_risks(ev1_store):
    _, ana = open_view(ev1_store, "Ana")
    ana.new_label.value = "Distributor contract expires"
    ana.new_category.value = "market"
    ana.add.click()
    assert "team-r1" in ana.estimates
    ana.new_label.value = "distributor contract EXPIRES"
    ana.add.click()
    assert "already in the register" in ana.register_message.widget.value
    ana.new_label.value = "x" * 500
    ana.add.click()
    assert "at most 120 characters" in ana.register_message.widget.value


def test_spanish(ev1_store):
    _, view = open_view(ev1_store, "Ana", lang="es")
    assert view.tabs.titles == ("Aportaciones y beneficios", "Registro de riesgos", "Equilibrio del equipo")


def counts(ev1_store, app):
    return revisions(ev1_store, app, key=rk.KEY)


def test_showing_what_is_stored_stores_nothing(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    assert counts(ev1_store, app) == (0, 0)
    ana.refresh_team()  # before anything is stored the sliders show the case's values: not saved
    ana._show_values()
    assert counts(ev1_store, app) == (0, 0) and saved(ev1_store, app) is None
    ana.values[("benefits", "revenue", "b")].value = 4
    ana.estimates["ip_leak"]["impact"].value = 5
    ana.treatments["ip_leak"][0].value = "Encrypt firmware"
    stored = saved(ev1_store, app)
    assert counts(ev1_store, app) == (2, 1)
    app2, again = open_view(ev1_store, "Ana")  # the page reopened on the stored document
    again.refresh_team()
    again._show_values()
    again._show_estimate("ip_leak")
    assert counts(ev1_store, app2) == (2, 1) and saved(ev1_store, app2) == stored
    assert again.values[("benefits", "revenue", "b")].value == 4 and again.estimates["ip_leak"]["impact"].value == 5
    # a teammate saves estimates and changes the register: Ana's page redraws and stores nothing
    _, ben = open_view(ev1_store, "Ben")
    ben.estimates["competing_line"]["likelihood"].value = 5
    ben.treatments["competing_line"][1].value = "Alliance managers"
    ben.new_label.value = "Distributor contract expires"
    ben.add.click()
    before = counts(ev1_store, app2)
    assert before == (2, 3)
    again.refresh_team()
    assert "team-r1" in again.estimates and again.treatments["competing_line"][1].value == "Alliance managers"
    assert counts(ev1_store, app2) == before and saved(ev1_store, app2) == stored
    assert again.estimates["team-r1"]["likelihood"].value == 3  # not estimated: shown at the default, not stored
    assert "team-r1" not in saved(ev1_store, app2)["risks"]


def test_each_change_through_the_widgets_is_saved_once(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    ana.values[("contributions", "people", "b")].value = 2  # the first change stores the case's values with it
    assert counts(ev1_store, app) == (1, 0)
    assert saved(ev1_store, app)["contributions"] == {"people": {"a": 0, "b": 2, "weight": 3}}
    assert saved(ev1_store, app)["risks"]["competing_line"] == {"likelihood": 3, "impact": 4, "share_a": 70}
    ana.estimates["competing_line"]["impact"].value = 2
    assert counts(ev1_store, app) == (2, 0)
    assert saved(ev1_store, app)["risks"]["competing_line"] == {"likelihood": 3, "impact": 2, "share_a": 70}
    assert "Your score: 6 of 25" in ana.hints["competing_line"].value
    assert ana.doc.risks["competing_line"].impact == 2
    ana._value_changed("contributions", "people", "b", 2)  # the browser sends the stored value again: nothing
    ana._estimate_changed("competing_line", "impact", 2)
    assert counts(ev1_store, app) == (2, 0)
    ana.values[("benefits", "reputation", "a")].value = 1
    assert counts(ev1_store, app) == (3, 0)
    ana.values[("benefits", "reputation", "a")].value = 0  # moved back: stored, the category now scored
    assert counts(ev1_store, app) == (4, 0)
    assert saved(ev1_store, app)["benefits"]["reputation"] == {"a": 0, "b": 0, "weight": 3}
    # the team's register: a typed mitigation is one team revision; typing it back stores nothing more
    mitigation, owner = ana.treatments["ip_leak"]
    mitigation.value = "Need-to-know access"
    assert counts(ev1_store, app) == (4, 1)
    register = ev1_store.latest(team_doc(app.session.participant.team_id), rk.KEY).data
    assert next(r for r in register["risks"] if r["id"] == "ip_leak")["mitigation"] == "Need-to-know access"
    ana._treatment_changed("ip_leak", mitigation="Need-to-know access")  # the browser sends the stored text again
    ana._treatment_changed("ip_leak", owner="")
    assert counts(ev1_store, app) == (4, 1)
    ana.new_label.value = "Regulator delays approval"
    ana.add.click()
    assert counts(ev1_store, app) == (4, 2)
    ana.estimates["team-r1"]["share_a"].value = 30  # a risk the team added, estimated for the first time
    assert counts(ev1_store, app) == (5, 2)
    assert saved(ev1_store, app)["risks"]["team-r1"] == {"likelihood": 3, "impact": 3, "share_a": 30}


def test_a_failed_save_puts_the_slider_back_and_stores_nothing(ev1_store, monkeypatch):
    """The store fails once: the slider shows the stored value again, and putting it back is not
    taken for a change (the store works again by then; a category never scored stays unscored)."""
    app, ana = open_view(ev1_store, "Ana")
    ana.values[("contributions", "capital", "a")].value = 4
    before = counts(ev1_store, app)
    save, failures = app.session.save, []

    def fail_once(*args, **kwargs):
        if not failures:
            failures.append(args)
            raise OSError("disk full")
        return save(*args, **kwargs)

    monkeypatch.setattr(app.session, "save", fail_once)
    ana.values[("contributions", "brand", "b")].value = 5
    assert len(failures) == 1
    assert ana.values[("contributions", "brand", "b")].value == 0  # put back from the stored document
    assert "brand" not in ana.doc.contributions and counts(ev1_store, app) == before
    assert "brand" not in saved(ev1_store, app)["contributions"]
    failures.clear()
    ana.estimates["ip_leak"]["share_a"].value = 10
    assert len(failures) == 1 and ana.estimates["ip_leak"]["share_a"].value == ana.doc.risks["ip_leak"].share_a
    assert counts(ev1_store, app) == before
    ana.estimates["ip_leak"]["share_a"].value = 10
    assert counts(ev1_store, app) == (before[0] + 1, 0)
    assert saved(ev1_store, app)["risks"]["ip_leak"]["share_a"] == 10


def test_text_typed_back_to_the_register_cancels_its_waiting_save(ev1_store):
    """In a kernel a typed mitigation waits for a pause; typed back to what the register holds
    before the pause, nothing is stored."""
    app, ana = open_view(ev1_store, "Ana")
    ana.treatments["ip_leak"][0].value = "Need-to-know access"
    before = counts(ev1_store, app)

    async def scenario() -> None:
        mitigation = ana.treatments["ip_leak"][0]
        mitigation.value = "Need-to-know access only"
        assert ana.ctx.typing("treatment:ip_leak:mitigation")
        mitigation.value = "Need-to-know access"
        assert not ana.ctx.typing()

    as_in_a_kernel(scenario, ana)
    assert counts(ev1_store, app) == before


def test_the_register_updates_its_text_fields_in_place_and_keeps_text_being_typed(ev1_store):
    """A saved or a teammate's mitigation reaches the same field (the one being typed keeps its
    focus); a field whose typed text waits for a pause is not overwritten by a teammate's save;
    only a risk added or dropped builds new cards."""
    app, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    mitigation, owner = ana.treatments["ip_leak"]
    mitigation.value = "Encrypt firmware"  # stored at once without an event loop; the page redraws
    assert ana.treatments["ip_leak"] == (mitigation, owner)
    ben.treatments["ip_leak"][1].value = "CTO"
    ana.refresh_team()
    assert ana.treatments["ip_leak"] == (mitigation, owner) and owner.value == "CTO"

    async def scenario() -> None:
        mitigation.value = "Encrypt firmware and keys"  # waits for a pause
        ben.treatments["ip_leak"][0].value = "Need-to-know access"
        ana.refresh_team()
        assert mitigation.value == "Encrypt firmware and keys" and ana.ctx.typing("treatment:ip_leak:mitigation")

    as_in_a_kernel(scenario, ana)
    register = ev1_store.latest(team_doc(app.session.participant.team_id), rk.KEY).data
    assert next(r for r in register["risks"] if r["id"] == "ip_leak")["mitigation"] == "Encrypt firmware and keys"
    ana.new_label.value = "Key people leave"
    ana.add.click()
    assert len(ana.estimates) == len(ana.state.register.risks) and ana.treatments["ip_leak"][0] is not mitigation
