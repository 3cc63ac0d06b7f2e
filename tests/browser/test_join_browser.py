"""Two participants join one team from two browsers; a reload resumes the identity."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import page_problems, screenshot
from tests.browser.pages import choose, join, wait_app
from widgets.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_two_participants_join_one_team_and_a_reload_resumes(server, new_page):
    ana = new_page()
    ana.goto(server.url())
    wait_app(ana)
    screenshot(ana, "join-page")
    assert ana.get_by_label("Event code").input_value() == server.event
    join(ana, "Ana", team="Blue")
    ana.wait_for_selector("text=Ana · team Blue · BROWSER")
    ana.wait_for_url(re.compile(r"name=Ana"))

    ben = new_page()
    ben.goto(server.url())
    wait_app(ben)
    join(ben, "Ben", pick="Blue (1 joined)")
    ben.wait_for_selector("text=Ben · team Blue · BROWSER")
    ben.wait_for_selector("text=The path through the workshop")
    ben.wait_for_selector("text=Norvia Medical goes to the Andes")
    screenshot(ben, "joined-welcome")

    ana.reload()
    wait_app(ana)
    ana.wait_for_selector("text=Ana · team Blue · BROWSER")
    assert ana.get_by_label("Your name").count() == 0  # no form: resumed directly

    store = Store(server.db_url)
    try:
        event = store.get_event(server.event)
        [team] = store.list_teams(event.id)
        assert (team.name, team.members) == ("Blue", 2)
    finally:
        store.close()
    assert page_problems(ana) == [] and page_problems(ben) == []


def test_a_rejected_join_explains_why_in_the_page(server, new_page):
    page = new_page()
    page.goto(server.url(lang="es"))
    wait_app(page)
    choose(page, "Equipo", "+ Crear un equipo nuevo")
    page.get_by_label("Nombre del equipo").fill("Rojo")
    page.get_by_role("button", name="Unirme").click()
    page.wait_for_selector("text=Escriba su nombre.")
    screenshot(page, "join-error-es")


def test_sources_are_not_served(server, new_page):
    page = new_page()
    page.goto(server.url())
    wait_app(page)
    html = page.content()
    assert "prepared_app()" not in html and "from widgets" not in html
    response = page.request.get(f"{server.base}/voila/files/workshop.ipynb")
    assert response.status in (403, 404)
