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
    ana.wait_for_selector(f"text=Ana · team Blue · {server.event}")
    ana.wait_for_url(re.compile(r"name=Ana"))

    ben = new_page()
    ben.goto(server.url())
    wait_app(ben)
    join(ben, "Ben", pick="Blue (1 joined)")
    ben.wait_for_selector(f"text=Ben · team Blue · {server.event}")
    ben.wait_for_selector("text=The path through the workshop")
    ben.wait_for_selector("text=Norvia Medical goes to the Andes")
    screenshot(ben, "joined-welcome")

    ana.reload()
    wait_app(ana)
    ana.wait_for_selector(f"text=Ana · team Blue · {server.event}")
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


def test_a_returning_participant_on_a_slow_page_is_never_refused_as_somebody_else(server, new_page):
    """The room's bug: on a busy machine the browser reported its saved token after the page's
    wait, the page joined from the link without it and said "Somebody else has already joined
    team Red as Diego". Here the bridge's report is held back by the network (a delayed
    bridge): the page waits, shows the form meanwhile, and lets Diego in once it arrives."""
    from tests.browser.conftest import _watch
    from widgets.config import config

    first = new_page()
    first.goto(server.url(team="Red", name="Diego"))
    wait_app(first)
    first.wait_for_selector(f"text=Diego · team Red · {server.event}")
    first.close()

    held: list = []

    def delay_the_report(ws):
        to_kernel = ws.connect_to_server()

        def from_page(message):
            data = message if isinstance(message, bytes) else message.encode()
            if b'"reported"' in data and b"comm_msg" in data:
                held.append(message)  # the bridge's report: sent when the test says
            else:
                to_kernel.send(message)

        ws.on_message(from_page)
        delay_the_report.kernel = to_kernel

    page = first.context.new_page()  # the same browser: its localStorage holds Diego's token
    page.set_default_timeout(60_000)
    _watch(page)
    page.route_web_socket(re.compile(r".*/api/kernels/.*"), delay_the_report)
    page.goto(server.url(team="Red", name="Diego"))
    wait_app(page)
    page.wait_for_selector("text=Opening your page")
    page.wait_for_timeout(config().identity_wait * 1000 + 2000)  # longer than the page waits
    page.wait_for_selector("text=Your page is still opening")
    assert held, "the bridge's report was not seen"
    assert page.get_by_text("Somebody else has already joined").count() == 0
    screenshot(page, "join-slow-bridge-waiting")
    for message in held:  # the report arrives at last
        delay_the_report.kernel.send(message)
    page.wait_for_selector(f"text=Diego · team Red · {server.event}")
    assert page.get_by_text("Somebody else has already joined").count() == 0
    store = Store(server.db_url)
    try:
        event = store.get_event(server.event)
        red = next(t for t in store.list_teams(event.id) if t.name == "Red")
        assert red.members == 1  # Diego, once
    finally:
        store.close()
    assert page_problems(page) == []
