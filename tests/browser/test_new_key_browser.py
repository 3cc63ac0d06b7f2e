"""A new key takes control back (issue 39): a dashboard opened with the old key loses its
controls within seconds of ``alliance-workshop new-key``, says why and asks for the new key;
the dashboard lists the dashboards open now."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

from tests.browser.conftest import screenshot
from tests.browser.pages import open_tab, see

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _open_dashboard(page, server, key: str) -> None:
    page.goto(f"{server.base}/voila/render/facilitator.ipynb?event={server.event}")
    page.wait_for_selector(".aw-facilitator", state="attached", timeout=90_000)
    page.get_by_label("Facilitator key").fill(key)
    page.get_by_role("button", name="Open the dashboard").click()
    see(page, "Active / joined", timeout=30_000)


def test_a_dashboard_opened_with_the_old_key_loses_its_controls_within_seconds(server, new_page):
    old = new_page(viewport=(1300, 1000))
    _open_dashboard(old, server, "TEST-KEY-1234")
    open_tab(old, "Controls")
    see(old, "Dashboards open now: 1")
    assert "this page" in old.locator(".aw-dashboards").inner_text()
    assert re.search(r"(Headless )?Chrome \d+ · Linux", old.locator(".aw-dashboards").inner_text())

    env = {k: v for k, v in os.environ.items() if k != "ALLIANCE_FACILITATOR_KEY"}
    out = subprocess.run([sys.executable, "-m", "widgets.cli", "new-key", "--event", server.event,
                          "--db", server.db_url], capture_output=True, text=True, env=env, check=True).stdout
    assert "closes within seconds" in out
    new_key = re.search(r"([A-Z0-9]{4}(?:-[A-Z0-9]{4}){3})", out).group(1)
    started = time.monotonic()
    see(old, "a new facilitator key was made for this event", timeout=10_000)
    assert time.monotonic() - started < 10
    assert old.locator(".lm-TabBar-tab").count() == 0  # no tab, no control, nothing of the room
    assert old.get_by_role("button", name="Send").count() == 0
    screenshot(old, "new-key-locked-dashboard")

    old.get_by_label("Facilitator key").fill(new_key)  # the new key opens it again
    old.get_by_role("button", name="Open the dashboard").click()
    see(old, "Active / joined", timeout=30_000)
    open_tab(old, "Controls")
    see(old, "Dashboards open now: 1")
