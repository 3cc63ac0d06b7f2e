"""Three members work on goals and KPIs: a KPI proposed by one and endorsed by another
appears in everyone's team set."""

from __future__ import annotations

import pytest

from tests.browser.conftest import page_problems, screenshot
from tests.browser.pages import open_step, open_tab, wait_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_proposal_endorsed_by_a_teammate_joins_the_team_set(server, new_page):
    pages = {}
    for name in ("Ana", "Ben", "Cal"):
        page = new_page(viewport=(1250, 1000))
        page.goto(server.url(team="Targets", name=name))
        wait_app(page)
        page.wait_for_selector(f"text={name} · team Targets")
        open_step(page, "2. Goals and KPIs")
        page.wait_for_selector("text=Business case")
        pages[name] = page
    ana, ben, cal = pages["Ana"], pages["Ben"], pages["Cal"]

    # Cal types the shared vision; Ana proposes a goal and a KPI
    cal.get_by_label("Vision").fill("Norvia monitors become the standard of care in Andean hospitals")
    cal.wait_for_selector("text=Saved at")
    open_tab(ana, "Your proposals")
    ana.get_by_label("New goal").fill("Win 40 hospital accounts")
    ana.get_by_role("button", name="Add goal").click()
    ana.wait_for_selector("text=Remove")
    ana.get_by_label("Name", exact=True).fill("Signed hospital commitments")
    ana.get_by_label("Goal it serves").select_option(value="Win 40 hospital accounts (Ana)")
    ana.get_by_label("Target").fill("40")
    ana.get_by_label("Unit").fill("hospitals")
    ana.locator(".widget-toggle-buttons", has=ana.locator("label", has_text="Horizon")).get_by_role(
        "button", name="Short term (within 12 months)").click()
    ana.get_by_label("Owner").fill("Sales lead, Andina")
    ana.get_by_label("Reported").select_option(value="Monthly")
    ana.get_by_role("button", name="Save KPI").click()
    ana.wait_for_selector("text=KPI saved.")

    # Ben endorses it; everyone sees it in the team set with who proposed and endorsed
    open_tab(ben, "Team set")
    ben.locator(".widget-checkbox", has_text="Signed hospital commitments").locator("input").check()
    for page in pages.values():
        if page is not ben:
            open_tab(page, "Team set")
        row = page.locator("table.aw-table tbody tr:visible", has_text="Signed hospital commitments")
        row.wait_for(timeout=15_000)
        assert "Ben" in row.inner_text() and "Ana" in row.inner_text()
    cal.wait_for_selector("text=At least one KPI watches the health", state="detached")
    cal.wait_for_selector("text=No relationship-health KPI yet")
    open_tab(ana, "Vision and business case")
    assert ana.get_by_label("Vision").input_value().startswith("Norvia monitors")
    screenshot(ben, "goals-team-set")
    for page in pages.values():
        assert page_problems(page) == []


def test_tab_titles_and_field_labels_are_never_cut_in_either_language(server, new_page):
    for lang, name in (("en", "Tess"), ("es", "Teo")):
        page = new_page(viewport=(1250, 900))
        page.goto(server.url(team="Tabs", name=name, lang=lang))
        wait_app(page)
        open_step(page, "2. Goals and KPIs" if lang == "en" else "2. Objetivos y KPI")
        page.locator(".aw-step-goals_kpis .lm-TabBar-tab").first.wait_for()
        cut = page.evaluate("""() => [...document.querySelectorAll('.lm-TabBar-tabLabel')]
            .filter(l => l.offsetParent !== null && l.scrollWidth > l.clientWidth + 1).map(l => l.textContent)""")
        assert cut == [], (lang, cut)
        # the business case's labels carry the companies' names ("Inversión de Andina Salud Distribución")
        open_tab(page, "Vision and business case" if lang == "en" else "Visión y caso de negocio")
        page.locator(".aw-step-goals_kpis .widget-label", has_text="Andina Salud").first.wait_for()
        labels = page.evaluate("""() => [...document.querySelectorAll('.aw-step-goals_kpis .widget-label')]
            .filter(l => l.offsetParent !== null && l.textContent.trim())
            .map(l => [l.textContent, l.scrollWidth > l.clientWidth + 1 || l.scrollHeight > l.clientHeight + 1])""")
        assert any("Andina Salud" in text for text, _ in labels), labels
        assert [text for text, cut in labels if cut] == [], lang
        screenshot(page, f"tabs-{lang}")
        assert page_problems(page) == []
