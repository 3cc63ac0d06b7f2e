"""Helpers that drive the workshop page like a participant would."""

from __future__ import annotations


def wait_app(page):
    page.wait_for_selector(".aw-app", state="attached")
    page.wait_for_selector(".aw-header")


def choose(page, label: str, option: str):
    """ipywidgets renders option labels with no-break spaces; the value is the plain label."""
    page.get_by_label(label, exact=True).select_option(value=option)


def join(page, name: str, team: str | None = None, pick: str | None = None):
    if team is not None:
        choose(page, "Team", "+ Create a new team")
        page.get_by_label("New team name").fill(team)
    if pick is not None:
        choose(page, "Team", pick)
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").click()


def join_by_link(page, server, team: str, name: str, step: str | None = None):
    """Open the workshop link with team and name (English page), wait until joined, and
    optionally open a step by its title."""
    page.goto(server.url(team=team, name=name))
    wait_app(page)
    page.wait_for_selector(f"text={name} · team {team}")
    if step is not None:
        open_step(page, step)
    return page


def open_step(page, title: str):
    """Click a step in the workshop's navigation bar (e.g. '1. Partner selection')."""
    page.locator(".aw-nav").get_by_role("button", name=title, exact=True).click()


def open_tab(page, title: str):
    page.get_by_role("tab", name=title).click()


def toggle_row(page, label: str):
    """The ToggleButtons widget whose description is ``label``."""
    return page.locator(".widget-toggle-buttons", has=page.locator("label", has_text=label)).first


def see(page, text: str, timeout: float = 15_000):
    """Wait until ``text`` is visible (hidden tabs hold copies of the same messages)."""
    page.locator(f"text={text} >> visible=true").first.wait_for(timeout=timeout)
