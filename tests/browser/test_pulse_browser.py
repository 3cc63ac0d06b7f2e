"""Three members speak for each company and answer differently: once the sixth has answered,
the pages show the two companies' means, the gap chart and the flag, never a person's answer
(with two on a side nothing is shown: each could work out the other's answer)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import page_problems, screenshot
from tests.browser.pages import choose, open_step, open_tab, see, toggle_row, wait_app
from widgets.modules.pulse import model as pl
from widgets.store import DocRef, Store, participant_doc

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TEAM = "Pulse"
SEEDED = {"Ana": ("a", 5), "Ben": ("a", 4), "Eva": ("a", 3), "Cal": ("b", 2), "Fio": ("b", 3)}
RESOURCES = "The people and budget assigned are enough for what we promised"
FLAG = {"en": "the two companies' views differ by 1.0 points or more on: " + RESOURCES,
        "es": "las visiones de las dos empresas difieren 1,0 puntos o más en: "
              "Las personas y el presupuesto asignados bastan para lo prometido"}
COMMENTS = {"Ana": "We gave what we promised", "Cal": "Two engineers promised, one arrived <b>late</b>"}
COMMENTS_TITLE = {"en": "Comments at the start of the workshop, per company and without names",
                  "es": "Comentarios al inicio del taller, por empresa y sin nombres"}
HIDDEN = {"en": "shown once at least 3 people on each side have answered",
          "es": "se mostrará cuando al menos 3 personas de cada lado hayan respondido"}


def test_three_per_side_answer_differently_and_everyone_sees_the_flagged_gap(server, new_page):
    store = Store(server.db_url)
    try:
        event = store.get_event(server.event)
        for name, (_, score) in SEEDED.items():
            p = store.join(server.event, TEAM, name)
            answers = {s: {"score": score, "comment": COMMENTS.get(name, "") if s == "resources_adequate" else ""}
                       for s in pl.STATEMENTS}
            store.save(participant_doc(p.id), pl.KEY, {"rounds": {"start": answers}},
                       event_id=event.id, team_id=p.team_id, participant_id=p.id)
        store.save(DocRef.of_team(event.id, p.team_id), pl.KEY,
                   {"sides": {n: side for n, (side, _) in SEEDED.items()}})
    finally:
        store.close()
    pages = {}
    for name, lang in (("Ana", "en"), ("Ben", "es"), ("Cal", "en"), ("Dee", "en")):
        page = new_page(viewport=(1250, 1100))
        page.goto(server.url(team=TEAM, name=name, lang=lang))
        wait_app(page)
        page.wait_for_selector(f"text={name} · {'equipo' if lang == 'es' else 'team'} {TEAM}")
        open_step(page, "7. Pulso de percepción" if lang == "es" else "7. Perception pulse")
        pages[name] = page
    for name, page in pages.items():
        if name != "Dee":
            open_tab(page, "2 · Ambos lados" if name == "Ben" else "2 · Both sides")
            see(page, HIDDEN["es" if name == "Ben" else "en"])
    dee = pages["Dee"]
    choose(dee, "I speak for", "Andina Salud Distribución")
    see(dee, "You speak for Andina Salud Distribución.")
    toggle_row(dee, RESOURCES).get_by_role("button", name="1", exact=True).click()
    open_tab(dee, "2 · Both sides")
    for name, page in pages.items():
        lang = "es" if name == "Ben" else "en"
        see(page, FLAG[lang])
        page.locator(".aw-module .js-plotly-plot >> visible=true").first.wait_for()
        table = page.locator("table >> visible=true", has_text="2.0" if lang == "en" else "2,0").first
        assert (table.inner_text().count("4.0" if lang == "en" else "4,0")) == 1  # (5 + 4 + 3) / 3
        comments = page.locator("table >> visible=true", has_text=COMMENTS_TITLE[lang]).first
        text = comments.inner_text()  # the comments, as typed (escaped, not markup), beside a company, no name
        assert all(c in text for c in COMMENTS.values()) and not [n for n in pages if n in text]
    screenshot(pages["Ana"], "pulse-gap-en")
    screenshot(pages["Ben"], "pulse-gap-es")
    for page in pages.values():
        assert page_problems(page) == []
