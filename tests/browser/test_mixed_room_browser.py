"""A mixed room: one Spanish and two English members of one team. Each reads the charter in
their own language, case text included, and the facilitator's debrief board reads in the
facilitator's language; screenshots of both in both languages."""

from __future__ import annotations

import pytest

from tests.browser.conftest import page_problems, screenshot
from tests.browser.pages import open_step, open_tab, see, wait_app
from widgets import cases
from widgets.modules.partner_selection.case import of as ps_case
from widgets.modules.roles.case import of as roles_case
from widgets.store import Store, participant_doc

pytestmark = pytest.mark.browser
CASE = cases.get("medtech-distribution")
TEAM = "Mixta"
MEMBERS = {"Ana": "es", "Ben": "en", "Cy": "en"}


def _seed(server) -> None:
    """Three members who disagree on one cell by four points (a contested item)."""
    criteria = [c.id for c in ps_case(CASE).criteria]
    store = Store(server.db_url)
    try:
        event = store.get_event(server.event)
        for name, score in zip(MEMBERS, (1, 5, 3), strict=True):
            p = store.join(server.event, TEAM, name)
            scores = {c.id: {k: 3 for k in criteria} for c in CASE.candidates}
            scores["andina"]["strategic_fit"] = score
            store.save(participant_doc(p.id), "partner_selection",
                       {"weights": {}, "scores": scores, "notes": {}}, event_id=event.id, team_id=p.team_id,
                       participant_id=p.id)
    finally:
        store.close()


def test_each_member_and_the_facilitator_read_in_their_own_language(server, new_page):
    _seed(server)
    andina, fit = CASE.candidate("andina"), ps_case(CASE).criteria[0]
    pages = {}
    for name, lang in MEMBERS.items():
        page = new_page(viewport=(1250, 1100))
        page.goto(server.url(team=TEAM, name=name, lang=lang))
        wait_app(page)
        pages[name] = page
    for name, lang in (("Ana", "es"), ("Ben", "en")):
        page = pages[name]
        # the language switch shows the page's language as the one chosen
        active = page.locator(".aw-header .widget-toggle-button.mod-active")
        active.wait_for()
        assert active.inner_text().strip() == lang.upper()
        open_step(page, "8. Acta de la alianza" if lang == "es" else "8. Alliance charter")
        other = "en" if lang == "es" else "es"
        contested = "Dónde más discrepa el equipo" if lang == "es" else "Where the team disagrees most"
        see(page, contested, timeout=60_000)
        # the most contested cell, named with the case's text in the reader's language
        row = page.locator("table.aw-table tr:visible", has_text=f"{andina.name} · {fit.label.get(lang)}").first
        row.wait_for()
        assert "1–5" in row.inner_text()
        text = page.locator(".aw-step-summary").inner_text()
        assert roles_case(CASE).activities[0].label.get(lang) in text or ps_case(CASE).criteria[1].label.get(lang) in text
        assert fit.label.get(other) not in text and ps_case(CASE).criteria[1].label.get(other) not in text
        screenshot(page, f"mixed-charter-{lang}")

    # the Spanish member's team views with this session's rules: must-haves, wins per partner, the ladder
    ana = pages["Ana"]
    for step, tab, shown, shot in (
            ("1. Selección del socio", "Vista del equipo", "Clasificación del equipo", "mixed-partner-es"),
            ("2. Objetivos y KPI", "Conjunto del equipo", "Cada casilla debería tener al menos 1", "mixed-wins-es"),
            ("5. Diseño de la gobernanza", "Diseño del equipo y prueba de estrés", "Prueba de estrés", "mixed-stress-es"),
            # the RACI with its joint committee column and A/R, the sponsors' level, the weighted
            # contributions and the succession plan, in Spanish and in English
            ("3. Claridad de roles", "Su tabla RACI", "Comité directivo (conjunto)", "mixed-raci-es"),
            ("3. Claridad de roles", "Actividades y personas", "¿Qué rango tiene cada patrocinador?", "mixed-sponsors-es"),
            ("4. Equilibrio de riesgos", "Aportaciones y beneficios", "Cuánto cuenta aquí", "mixed-weights-es"),
            ("5. Diseño de la gobernanza", "Escalamiento, informes, salida", "Sucesión del patrocinador",
             "mixed-succession-es")):
        open_step(ana, step)
        open_tab(ana, tab)
        see(ana, shown, timeout=60_000)
        screenshot(ana, shot)
    ben = pages["Ben"]
    for step, tab, shown, shot in (
            ("3. Role clarity", "Your RACI grid", "Steering committee (joint)", "mixed-raci-en"),
            ("4. Risk balancing", "Contributions and benefits", "How much it counts here", "mixed-weights-en"),
            ("5. Governance design", "Escalation, reporting, exit", "Sponsor succession", "mixed-succession-en")):
        open_step(ben, step)
        open_tab(ben, tab)
        see(ben, shown, timeout=60_000)
        screenshot(ben, shot)

    for lang in ("es", "en"):
        fac = new_page(viewport=(1300, 1100))
        fac.goto(f"{server.base}/voila/render/facilitator.ipynb?event={server.event}&lang={lang}")
        fac.wait_for_selector(".aw-facilitator", state="attached", timeout=90_000)
        fac.get_by_label("Clave del facilitador" if lang == "es" else "Facilitator key").fill("TEST-KEY-1234")
        fac.get_by_role("button", name="Abrir el panel" if lang == "es" else "Open the dashboard").click()
        open_tab(fac, "Tablero de puesta en común" if lang == "es" else "Debrief board")
        board = fac.locator("table.aw-table tr:visible", has_text=f"{andina.name} · {fit.label.get(lang)}").first
        board.wait_for(timeout=30_000)
        assert TEAM in board.inner_text()
        assert ("Selección del socio" if lang == "es" else "Partner selection") in board.inner_text()
        board.scroll_into_view_if_needed()
        screenshot(fac, f"mixed-board-{lang}")
        assert page_problems(fac) == []
    for page in pages.values():
        assert page_problems(page) == []
