"""Goals and KPIs view, headless: the plan, proposals, endorsements and the team set."""

from __future__ import annotations

from functools import partial

from tests.ui.conftest import as_in_a_kernel, open_step, revisions, saved_doc
from widgets.modules.goals_kpis import model as gk
from widgets.store import participant_doc, team_doc

open_view = partial(open_step, key=gk.KEY)
KEY = gk.KEY


def team_plan(store, app) -> dict:
    return store.latest(team_doc(app.session.participant.team_id), KEY).data


def fill_kpi(view, **values):
    view.kpi_pick.value = "__new__"
    for key, value in values.items():
        getattr(view, f"f_{key}").value = value
    view.kpi_save.click()


def test_plan_is_shared_and_the_business_case_computed(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    ana.vision.value = "Norvia monitors, Andean service"
    ana.money["a"][0].value = "1,200,000"
    ana.money["a"][1].value = "600000"
    ana.horizon.value = 4
    stored = ev1_store.latest(team_doc(app.session.participant.team_id), gk.KEY).data
    assert stored["vision"] == "Norvia monitors, Andean service"
    assert stored["a"] == {"investment": 1200000.0, "annual_return": 600000.0} and stored["horizon_years"] == 4
    assert "100%" in ana.returns.value and "2.0 years" in ana.returns.value  # ROI (2.4M-1.2M)/1.2M, payback 2
    _, ben = open_view(ev1_store, "Ben")
    assert ben.vision.value == "Norvia monitors, Andean service" and ben.money["a"][0].value == "1,200,000"
    ana.money["b"][0].value = "lots"
    assert "is not a number" in ana.plan_message.widget.value
    assert ev1_store.latest(team_doc(app.session.participant.team_id), gk.KEY).data["b"]["investment"] is None
    # a bad amount does not hold back what else is typed: the scope is saved, the amount is still named
    ana.scope_in.value = "Scanners for hospitals"
    stored = ev1_store.latest(team_doc(app.session.participant.team_id), gk.KEY).data
    assert stored["scope_in"] == "Scanners for hospitals" and stored["b"]["investment"] is None
    assert "is not a number" in ana.plan_message.widget.value and ana.money["b"][0].value == "lots"
    ana.money["b"][0].value = "400000"
    assert ev1_store.latest(team_doc(app.session.participant.team_id), gk.KEY).data["b"]["investment"] == 400000
    assert "is not a number" not in ana.plan_message.widget.value


def test_proposal_endorsed_by_a_teammate_enters_the_team_set(ev1_store):
    app_a, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    ana.goal_text.value = "Win 40 hospitals"
    ana.goal_add.click()
    ana.refresh_team()
    fill_kpi(ana, name="Signed hospitals", goal="Ana#g1", target="40", unit="hospitals", horizon="short",
             owner="Sales lead", frequency="monthly")
    assert "KPI saved." in ana.kpi_message.widget.value
    saved = ev1_store.latest(participant_doc(app_a.session.participant.id), gk.KEY).data
    assert saved["kpis"][0]["target"] == 40 and saved["kpis"][0]["goal"] == "Ana#g1"
    assert "Signed hospitals" not in ana.team_table.value.split("<tbody>")[1]
    ben.refresh_team()
    assert set(ben.endorse_boxes) == {"Ana#g1", "Ana#k1"}
    ben.endorse_boxes["Ana#k1"].value = True
    ana.refresh_team()
    body = ana.team_table.value.split("<tbody>")[1]
    assert "Signed hospitals" in body and "Ben" in body
    assert ana.state.team.chosen_kpis[0].endorsed_by == ["Ben"]
    ben.endorse_boxes["Ana#k1"].value = False
    ana.refresh_team()
    assert ana.state.team.chosen_kpis == []


def test_kpi_form_reports_weak_kpis_and_refuses_invalid(ev1_store):
    _, ana = open_view(ev1_store, "Ana")
    fill_kpi(ana, name="Partner satisfaction", kind="qualitative")
    text = ana.kpi_message.widget.value
    assert "describe the scale" in text and "name an owner" in text
    fill_kpi(ana, name="", target="5")
    assert "Give the KPI a name" in ana.kpi_message.widget.value
    fill_kpi(ana, name="Revenue", target="ten")
    assert "is not a number" in ana.kpi_message.widget.value
    assert [k.name for k in ana.doc.kpis] == ["Partner satisfaction"]
    # edit and delete
    ana.kpi_pick.value = "k1"
    assert ana.f_name.value == "Partner satisfaction"
    ana.f_scale.value = "1-5 survey"
    ana.kpi_save.click()
    assert ana.doc.kpis[0].scale == "1-5 survey" and len(ana.doc.kpis) == 1
    ana.kpi_delete.click()
    assert ana.doc.kpis == []


def test_hostile_text_is_escaped_everywhere(ev1_store):
    _, ana = open_view(ev1_store, "Ana")
    ana.goal_text.value = "<script>alert(1)</script>"
    ana.goal_add.click()
    fill_kpi(ana, name="<img src=x onerror=alert(1)>", target="1", unit="<b>u</b>")
    _, ben = open_view(ev1_store, "Ben")
    for html in (ana.my_kpis.value, ana.team_table.value, ben.team_table.value, ana.team_checks.value):
        assert "<script" not in html and "<img" not in html and "<b>u" not in html
    assert any("<script>" in box.description for box in ben.endorse_boxes.values())  # a label, shown as text


def test_checks_speak_spanish(ev1_store):
    _, ana = open_view(ev1_store, "Ana", lang="es")
    assert "Aún no hay un KPI de salud de la relación" in ana.team_checks.value
    assert ana.tabs.titles == ("Visión y caso de negocio", "Sus propuestas", "Conjunto del equipo")


def test_a_repeated_goal_is_refused_and_the_wins_grid_shows_what_each_partner_lacks(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    ana.goal_text.value = "Win 40 hospitals"
    ana.goal_add.click()
    ana.goal_text.value = "win 40  Hospitals"
    ana.goal_add.click()
    assert "already proposed" in ana.goal_message.widget.value and ana.goal_text.value == "win 40  Hospitals"
    assert [g["text"] for g in ev1_store.latest(participant_doc(app.session.participant.id), gk.KEY).data["goals"]] \
        == ["Win 40 hospitals"]  # nothing stored twice
    fill_kpi(ana, name="Signed hospitals", goal="Ana#g1", target="40", unit="hospitals", horizon="short",
             beneficiary="b", owner="Sales lead", frequency="monthly")
    wins = ana.wins.value  # a team of one: Ana's own KPI is the set; Andina has a quick win only
    assert "Every cell should be at least 1" in wins and "Norvia" in wins and "Andina" in wins
    assert wins.count('class="aw-bad"') == 3  # Norvia short and long, Andina long
    assert "Win 40 hospitals" in ana.team_table.value  # the goal the KPI serves is in the set
    fill_kpi(ana, name="Joint bookings", goal="Ana#g1", target="6", unit="M EUR", horizon="long",
             beneficiary="both", owner="Alliance managers", frequency="quarterly")
    assert ana.wins.value.count('class="aw-bad"') == 1  # only Norvia's quick win is still missing


def test_the_kpi_form_shows_not_set_after_a_saved_kpi(ev1_store):
    """After a KPI with a goal and a rhythm is saved, the form for the next one shows "not set"
    in both lists (not an empty list), and a KPI saved so stores None."""
    _, view = open_view(ev1_store, "Ana")
    view.goal_text.value = "Win hospitals"
    view.goal_add.click()
    view.f_name.value = "Orders"
    view.f_goal.value = next(v for _, v in view.f_goal.options if v)
    view.f_frequency.value = "monthly"
    view.save_kpi()
    view.kpi_pick.value = view.kpi_pick.options[0][1]  # a new KPI
    assert view.f_frequency.index == 0 and view.f_goal.index == 0
    view.f_name.value = "Visits"
    view.save_kpi()
    saved = next(k for k in view.doc.kpis if k.name == "Visits")
    assert saved.frequency is None and saved.goal is None


def test_the_same_goal_from_two_members_shows_once_with_both_supporters(ev1_store):
    _, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    ana.goal_text.value = "Win 40 hospitals"
    ana.goal_add.click()
    ben.goal_text.value = "  win 40   HOSPITALS"
    ben.goal_add.click()
    ana.refresh_team()
    ben.refresh_team()
    assert [g.item.text for g in ana.state.team.goals] == ["Win 40 hospitals"]
    assert "Ana#g1" not in ben.endorse_boxes  # Ben proposed it too: he supports it already
    assert "Win 40 hospitals (supported by Ana, Ben)" in ana.team_table.value
    assert ana.team_table.value.count("40 hospitals") == 1


def test_opening_and_redrawing_a_stored_page_stores_nothing(ev1_store):
    """The boxes, the KPI picker and the endorsements set from what is stored store nothing: not
    when the page opens, not when it redraws, not when it redraws a teammate's change."""
    app_a, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    ana.vision.value = "Monitors for the Andes"
    ana.money["a"][0].value = "2,5"  # 2.5, shown rounded as "2"
    ana.money["a"][1].value = "1200000"
    ana.horizon.value = 5
    ana.goal_text.value = "Win 40 hospitals"
    ana.goal_add.click()
    fill_kpi(ana, name="Signed hospitals", goal="Ana#g1", target="40", unit="hospitals", due=6, owner="Sales lead",
             frequency="monthly")
    ben.goal_text.value = "Train engineers"
    ben.goal_add.click()
    ana.refresh_team()
    ana.endorse_boxes["Ben#g1"].value = True
    before = revisions(ev1_store, app_a, key=KEY)

    app, again = open_view(ev1_store, "Ana")  # Ana opens her page again
    again.refresh_team()
    assert revisions(ev1_store, app, key=KEY) == before
    assert again.money["a"][0].value == "2" and again.money["a"][1].value == "1,200,000" and again.horizon.value == 5
    assert again.endorse_boxes["Ben#g1"].value and again.doc == ana.doc
    again.kpi_pick.value = "k1"  # choosing a KPI to edit loads its form and stores nothing
    assert again.f_name.value == "Signed hospitals" and revisions(ev1_store, app, key=KEY) == before

    # a teammate saves his document and the plan; a box Ana is fixing keeps what she typed
    again.money["b"][0].value = "lots"
    assert revisions(ev1_store, app, key=KEY) == before  # refused: nothing stored
    ben.endorse_boxes["Ana#k1"].value = True
    ben.scope_in.value = "Hospitals"
    before = revisions(ev1_store, app, key=KEY)
    again.refresh_team()
    ana.refresh_team()
    assert revisions(ev1_store, app, key=KEY) == before
    assert again.scope_in.value == "Hospitals" and ana.scope_in.value == "Hospitals"
    assert again.money["b"][0].value == "lots" and "is not a number" in again.plan_message.widget.value
    assert again.kpi_pick.value == "k1" and again.f_name.value == "Signed hospitals"
    assert team_plan(ev1_store, app)["a"] == {"investment": 2.5, "annual_return": 1200000.0}  # never rounded


def test_each_change_through_the_widgets_is_stored_once(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    ben.goal_text.value = "Train engineers"
    ben.goal_add.click()
    ana.refresh_team()

    def change(action, own: int = 0, team: int = 0) -> None:
        mine, shared = revisions(ev1_store, app, key=KEY)
        action()
        assert revisions(ev1_store, app, key=KEY) == (mine + own, shared + team)

    ana.goal_text.value = "Win 40 hospitals"
    change(ana.goal_add.click, own=1)
    assert [g["text"] for g in saved_doc(ev1_store, app, key=KEY)["goals"]] == ["Win 40 hospitals"]
    change(lambda: fill_kpi(ana, name="Signed hospitals", target="40", unit="hospitals"), own=1)
    assert saved_doc(ev1_store, app, key=KEY)["kpis"][0]["name"] == "Signed hospitals"
    change(ana.kpi_save.click)  # the KPI saved again as it is: nothing new
    assert "KPI saved." in ana.kpi_message.widget.value
    change(lambda: setattr(ana.kpi_pick, "value", "__new__"))  # choosing what to edit stores nothing
    change(lambda: setattr(ana.kpi_pick, "value", "k1"))
    ana.f_owner.value = "Sales lead"
    change(ana.kpi_save.click, own=1)
    assert saved_doc(ev1_store, app, key=KEY)["kpis"][0]["owner"] == "Sales lead"
    change(lambda: setattr(ana.endorse_boxes["Ben#g1"], "value", True), own=1)
    assert saved_doc(ev1_store, app, key=KEY)["endorse"] == ["Ben#g1"]
    change(lambda: setattr(ana.endorse_boxes["Ben#g1"], "value", False), own=1)
    assert saved_doc(ev1_store, app, key=KEY)["endorse"] == []
    # the team's plan: each change one revision of the team's document, none of Ana's
    change(lambda: setattr(ana.vision, "value", "Together"), team=1)
    assert team_plan(ev1_store, app)["vision"] == "Together"
    change(lambda: setattr(ana.money["a"][0], "value", "1,200,000"), team=1)
    change(lambda: setattr(ana.money["a"][0], "value", "1200000"))  # the same amount, typed otherwise
    change(lambda: setattr(ana.money["b"][0], "value", "lots"))  # refused
    change(lambda: setattr(ana.horizon, "value", 6), team=1)
    assert team_plan(ev1_store, app)["horizon_years"] == 6 and team_plan(ev1_store, app)["a"]["investment"] == 1200000
    change(lambda: ana.my_goals.children[0].children[1].click(), own=1)  # remove the goal
    assert saved_doc(ev1_store, app, key=KEY)["goals"] == []
    ana.kpi_pick.value = "k1"
    change(ana.kpi_delete.click, own=1)
    assert saved_doc(ev1_store, app, key=KEY)["kpis"] == [] and ana.kpi_pick.value == "__new__"


def test_a_teammates_change_to_the_plan_stays_when_another_field_is_saved(ev1_store):
    """Ana's page has not redrawn Ben's vision yet when she writes the scope: her save takes the
    scope onto the team's latest plan, and her page then shows his vision."""
    app, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    ben.vision.value = "Ben's vision"
    ana.scope_in.value = "Hospitals"
    stored = team_plan(ev1_store, app)
    assert stored["vision"] == "Ben's vision" and stored["scope_in"] == "Hospitals"
    assert ana.vision.value == "Ben's vision" and ana.scope_in.value == "Hospitals"
    # an amount Ana typed in her own way is the stored amount: Ben's new amount replaces it on her page,
    # and her next change keeps it
    ana.money["a"][0].value = "1200000"
    ben.refresh_team()
    ben.money["a"][0].value = "1,500,000"
    ana.refresh_team()
    assert ana.money["a"][0].value == "1,500,000"
    ana.horizon.value = 4
    assert team_plan(ev1_store, app)["a"]["investment"] == 1500000 and team_plan(ev1_store, app)["horizon_years"] == 4


def test_the_kpi_being_edited_and_its_goal_stay_chosen_when_the_lists_change(ev1_store):
    _, ana = open_view(ev1_store, "Ana")
    ana.goal_text.value = "Win hospitals"
    ana.goal_add.click()
    fill_kpi(ana, name="Orders", goal="Ana#g1")
    assert ana.kpi_pick.value == "k1" and ana.f_goal.value == "Ana#g1"
    ana.f_name.value = "Orders signed"  # typed, not saved yet
    ana.goal_text.value = "Train engineers"
    ana.goal_add.click()  # the list of goals changes
    assert [v for _, v in ana.f_goal.options][1:] == ["Ana#g1", "Ana#g2"]
    assert ana.kpi_pick.value == "k1" and ana.f_goal.value == "Ana#g1" and ana.f_name.value == "Orders signed"


def test_the_plan_typed_in_a_kernel_is_stored_after_a_pause_and_typed_back_stores_nothing(ev1_store):
    app, ana = open_view(ev1_store, "Ana")
    _, ben = open_view(ev1_store, "Ben")
    ana.vision.value = "Together"
    before = revisions(ev1_store, app, key=KEY)

    async def typing() -> None:
        ana.vision.value = "Together!"
        assert ana.ctx.typing("plan")
        ana.vision.value = "Together"  # back to the stored text before the pause: the wait is dropped
        assert not ana.ctx.typing()
        ana.vision.value = "Together, first"
        ana.scope_in.value = "Hospitals"  # another box at once: both are stored
        ben.refresh_team()
        ben.horizon.value = 7  # meanwhile a teammate saves the plan ...
        ana.refresh_team()  # ... and Ana's page, while she types, leaves her boxes alone
        assert ana.vision.value == "Together, first" and ana.horizon.value == 3

    as_in_a_kernel(typing, ana)
    assert revisions(ev1_store, app, key=KEY) == (before[0], before[1] + 2)  # Ben's save and Ana's one
    stored = team_plan(ev1_store, app)
    assert (stored["vision"], stored["scope_in"], stored["horizon_years"]) == ("Together, first", "Hospitals", 7)
    assert ana.horizon.value == 7 and ana.vision.value == "Together, first"
