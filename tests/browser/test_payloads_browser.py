"""The hostile-text corpus typed into every free-text field of every step in Chromium, then
every view of a teammate, the alliance charter, the facilitator's dashboard and every export
opened in the browser: no payload may execute anywhere (the pages count any execution)."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import page_problems, screenshot
from tests.browser.pages import open_step, see, wait_app
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FLAG = "window.__awPwned = (window.__awPwned || 0) + 1"
CORPUS = [
    f'<img src=x onerror="{FLAG}">',
    f"<svg onload=\"{FLAG}\">",
    f"<script>{FLAG}</script>",
    f'"><img src=x onerror="{FLAG}">',
    f"' onmouseover='{FLAG}' x='",
    f'<a href="javascript:{FLAG}">link</a>',
    f'<iframe srcdoc="<script>parent.{FLAG}</script>"></iframe>',
    f"<details open ontoggle=\"{FLAG}\">",
    '=HYPERLINK("http://example.invalid","x")',
    "{{7*7}} ${7*7} %(x)s",
]
COUNT = "() => window.__awPwned || 0"
STEPS = ["1. Partner selection", "2. Goals and KPIs", "3. Role clarity", "4. Risk balancing",
         "5. Governance design", "6. Initiatives and launch", "7. Perception pulse", "8. Alliance charter"]


def _watch_execution(page, dialogs: list[str]) -> None:
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))


def _tabs(page, step_key: str):
    return page.locator(f".aw-step-{step_key} .lm-TabBar-tab").all()


def _fill_every_field(page, step_key: str, payloads) -> int:
    filled = 0
    tabs = _tabs(page, step_key) or [None]
    for tab in tabs:
        if tab is not None:
            tab.click()
        fields = page.locator(f".aw-step-{step_key} input[type=text] >> visible=true").all()
        fields += page.locator(f".aw-step-{step_key} textarea >> visible=true").all()
        for field in fields:
            if not field.is_enabled():
                continue
            field.fill(next(payloads))
            field.press("Tab")
            filled += 1
        for add in page.locator(f".aw-step-{step_key} button.jupyter-button >> visible=true").all():
            label = add.inner_text().strip()
            if label.startswith("Add") and add.is_enabled():
                add.click()
        page.wait_for_timeout(300)
    return filled


def _open_every_tab(page, step_key: str) -> None:
    for tab in _tabs(page, step_key):
        tab.click()
        page.wait_for_timeout(150)


def _key_of(title: str) -> str:
    return {"1": "partner_selection", "2": "goals_kpis", "3": "roles", "4": "risk", "5": "governance",
            "6": "initiatives", "7": "pulse", "8": "summary"}[title[0]]


def test_no_payload_executes_in_any_view_the_charter_the_dashboard_or_an_export(server, new_page, tmp_path):
    dialogs: list[str] = []
    mal = new_page(viewport=(1250, 1000))
    _watch_execution(mal, dialogs)
    mal.goto(server.url(team="Payloads", name="Mal"))
    wait_app(mal)
    mal.wait_for_selector("text=Mal · team Payloads")
    payloads = itertools.cycle(CORPUS)
    typed = 0
    for title in STEPS[:-1]:
        open_step(mal, title)
        mal.locator(f".aw-step-{_key_of(title)}").wait_for()
        typed += _fill_every_field(mal, _key_of(title), payloads)
    assert typed >= 25, typed  # every step has free text
    mal.wait_for_timeout(1500)  # the last typed text is saved after a pause

    # a teammate reads every view; Mal reads the charter
    ted = new_page(viewport=(1250, 1000))
    _watch_execution(ted, dialogs)
    ted.goto(server.url(team="Payloads", name="Ted"))
    wait_app(ted)
    ted.wait_for_selector("text=Ted · team Payloads")
    for title in STEPS:
        open_step(ted, title)
        ted.locator(f".aw-step-{_key_of(title)}").wait_for()
        _open_every_tab(ted, _key_of(title))
    open_step(mal, STEPS[-1])
    _open_every_tab(mal, "summary")
    screenshot(ted, "payloads-charter-en")

    fac = new_page(viewport=(1250, 1000))
    _watch_execution(fac, dialogs)
    fac.goto(f"{server.base}/voila/render/facilitator.ipynb?event={server.event}")
    fac.get_by_label("Facilitator key").fill("TEST-KEY-1234")
    fac.get_by_role("button", name="Open the dashboard").click()
    see(fac, "Active / joined", timeout=30_000)
    for tab in fac.locator(".lm-TabBar-tab").all():
        tab.click()
        fac.wait_for_timeout(200)

    executed = {name: page.evaluate(COUNT) for name, page in (("participant", mal), ("teammate", ted),
                                                             ("facilitator", fac))}

    # every export of the event, opened in the browser
    env = dict(os.environ, ALLIANCE_DATA_DIR=str(server.data))
    env.pop("ALLIANCE_DB_URL", None)
    viewer = new_page()
    _watch_execution(viewer, dialogs)
    for fmt in ("html", "md"):
        out = tmp_path / f"export.{fmt}"
        subprocess.run([sys.executable, "-m", "widgets.cli", "export", "--event", server.event, "--format", fmt,
                        "--out", str(out)], check=True, env=env, capture_output=True, timeout=120)
        text = Path(out).read_text(encoding="utf-8")
        assert "Payloads" in text
        if fmt == "md":  # rendered as a Markdown viewer would, one that lets inline HTML through
            import mistune

            text = mistune.html(text)
        viewer.set_content(text)
        viewer.wait_for_timeout(300)
        executed[f"export {fmt}"] = viewer.evaluate(COUNT)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "payloads.txt").write_text(
        f"payloads typed into free-text fields: {typed} (corpus of {len(CORPUS)})\n"
        + "".join(f"executed in {name}: {count}\n" for name, count in executed.items())
        + f"dialogs opened: {len(dialogs)}\n", encoding="utf-8")
    assert all(count == 0 for count in executed.values()), executed
    assert dialogs == []
    for page in (mal, ted, fac, viewer):
        assert page_problems(page) == []
