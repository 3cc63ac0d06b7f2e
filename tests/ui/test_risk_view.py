"""Risk balancing view, headless: estimates, the shared register, the balance verdict."""

from __future__ import annotations

from functools import partial

from tests.ui.conftest import open_step, saved_doc
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
