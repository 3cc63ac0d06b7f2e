"""Facilitator dashboard, headless: the key, the limits on attempts, and controls that reach
participants' pages."""

from __future__ import annotations

import pytest

from widgets import demo
from widgets.model.access import hash_key
from widgets.ui.app import SUMMARY, WorkshopApp
from widgets.ui.facilitator import FacilitatorApp

KEY = "ABCD-EFGH-JKLM"


@pytest.fixture
def demo_store(sqlite_store):
    """A demo room EV-1 (three teams of three) with the facilitator key set."""
    demo.generate(sqlite_store, "EV-1", "medtech-distribution", teams=3, participants=3)
    sqlite_store.set_event_key("EV-1", hash_key(KEY))
    return sqlite_store


def unlock(demo_store, key=KEY, event="EV-1"):
    app = FacilitatorApp(demo_store, event=event)
    app.key.value = key
    app.unlock.click()
    return app


def test_wrong_or_missing_key_shows_nothing(demo_store):
    for key, event in (("", "EV-1"), ("WRONG-KEY", "EV-1"), (KEY, "NOPE"), (KEY, "<script>")):
        app = unlock(demo_store, key, event)
        assert app.event is None and app.body.children == (app.login,)
        assert "do not match" in app.login_message.widget.value
        assert app.key.value == ""  # never kept in the page


def test_wrong_keys_slow_the_page_down_but_never_lock_the_right_key_out(demo_store, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("widgets.ui.facilitator.time.monotonic", lambda: clock[0])
    marker = demo_store.change_marker(demo_store.get_event("EV-1").id)
    stranger = FacilitatorApp(demo_store, event="EV-1")
    for _ in range(3):  # the first wrong keys are answered at once
        stranger.key.value = "nope"
        stranger.unlock.click()
        assert "try again" not in stranger.login_message.widget.value
    stranger.key.value = "nope"
    stranger.unlock.click()
    assert "try again in 5 s" in stranger.login_message.widget.value
    stranger.key.value = KEY  # even the right key waits on this page...
    stranger.unlock.click()
    assert stranger.event is None and "try again in 5 s" in stranger.login_message.widget.value
    clock[0] += 5
    stranger.key.value = "nope"
    stranger.unlock.click()
    assert "try again in 10 s" in stranger.login_message.widget.value
    # ...but the facilitator's own page is never locked out by a stranger, and nothing was
    # written that would wake the participants' pages
    assert unlock(demo_store).event is not None
    assert demo_store.change_marker(demo_store.get_event("EV-1").id) == marker
    clock[0] += 10
    stranger.key.value = KEY
    stranger.unlock.click()
    assert stranger.event is not None


def test_generated_keys_are_long_enough():
    from widgets.model.access import generate_key, key_bits

    keys = {generate_key() for _ in range(200)}
    assert len(keys) == 200 and all(len(k) == 19 for k in keys)
    assert key_bits() > 78


def test_dashboard_shows_every_team(demo_store):
    app = unlock(demo_store)
    assert app.event is not None
    for team in ("Blue", "Green", "Orange"):
        assert team in app.progress.value and team in app.compare.value
    assert "Debrief questions" in app.board.value and app.votes.figure is not None


def test_controls_reach_participants(demo_store):
    fac = unlock(demo_store)
    ana = WorkshopApp(demo_store, {"event": "EV-1", "team": "Blue", "name": "Ana"})
    ana.stepper.show("roles")
    fac.opens["roles"].value = False  # lock
    assert ana.check_for_changes()
    assert ana.stepper.content.children == (ana.stepper.waiting,)
    fac.minutes.value = 10
    fac.timer_label.value = "RACI"
    fac.start.click()
    fac.message.value = "<b>Back in 5</b>"
    fac.send.click()
    ana.check_for_changes()
    assert "RACI: 10:00" in ana.timer.value or "RACI: 09:5" in ana.timer.value
    assert "&lt;b&gt;Back in 5&lt;/b&gt;" in ana.banner.value
    fac.opens["roles"].value = True  # unlock
    ana.check_for_changes()
    assert ana.stepper.content.children == (ana.stepper.current_view.widget,)
    fac.clear.click()
    fac.stop.click()
    ana.check_for_changes()
    assert ana.banner.value == "" and ana.timer.value == ""


def test_reveal_shows_other_teams_on_the_charter(demo_store):
    fac = unlock(demo_store)
    ana = WorkshopApp(demo_store, {"event": "EV-1", "team": "Blue", "name": "Ana"})
    ana.stepper.show(SUMMARY)
    assert ana.stepper.current_view.others.value == ""
    fac.reveal.value = True
    ana.check_for_changes()
    others = ana.stepper.current_view.others.value
    assert "Green" in others and "Orange" in others and "Blue ★" in others


def test_export_everything_as_a_zip(demo_store, monkeypatch):
    import io
    import zipfile

    from widgets.report import documents, pdf

    made = []
    monkeypatch.setattr(pdf, "browser", lambda: "/usr/bin/chromium")  # a server with a Chromium
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: made.append(html) or b"%PDF-1.7 charter")
    fac = unlock(demo_store)
    assert fac.pdf_note.widget.value == ""  # nothing to warn about
    fac.export_button.click()
    zf = zipfile.ZipFile(io.BytesIO(fac.downloader.payload))
    assert sorted(zf.namelist()) == ["EV-1.html", "EV-1.json", "EV-1.md", "EV-1.pdf", "EV-1.xlsx"]
    assert fac.downloader.filename == "alliance-workshop-EV-1.zip"
    assert zf.read("EV-1.pdf") == b"%PDF-1.7 charter" and "Blue" in made[0]  # the HTML charter, printed
    markdown = zf.read("EV-1.md").decode()
    assert markdown.startswith("#") and "Blue" in markdown and "Green" in markdown


@pytest.mark.parametrize("lang", ["en", "es"])
def test_without_chromium_the_page_says_the_zip_has_no_pdf(demo_store, monkeypatch, lang):
    import io
    import zipfile

    from widgets.report import pdf

    monkeypatch.setattr(pdf, "browser", lambda: None)
    fac = FacilitatorApp(demo_store, event="EV-1", lang=lang)
    fac.key.value = KEY
    fac.unlock.click()
    said = {"en": "This server has no Chromium browser, so the zip has no PDF",
            "es": "Este servidor no tiene un navegador Chromium, así que el zip no incluye el PDF"}[lang]
    assert said in fac.pdf_note.widget.value  # said before the facilitator clicks
    fac.export_button.click()
    zf = zipfile.ZipFile(io.BytesIO(fac.downloader.payload))
    assert sorted(zf.namelist()) == ["EV-1.html", "EV-1.json", "EV-1.md", "EV-1.xlsx"]
    assert said in fac.pdf_note.widget.value and "aw-msg-ok" in fac.export_message.widget.value


def test_a_pdf_that_fails_is_said_and_the_rest_is_downloaded(demo_store, monkeypatch):
    import io
    import zipfile

    from widgets.report import documents, pdf

    def broken(html):
        raise pdf.PdfUnavailable("crashed")

    monkeypatch.setattr(pdf, "browser", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(documents, "html_to_pdf", broken)
    fac = unlock(demo_store)
    fac.export_button.click()
    assert "EV-1.md" in zipfile.ZipFile(io.BytesIO(fac.downloader.payload)).namelist()
    assert "The PDF could not be made this time" in fac.pdf_note.widget.value


def test_the_facilitator_releases_a_participant_for_another_device(demo_store):
    laptop: dict = {}
    dora = WorkshopApp(demo_store, {"event": "EV-1", "team": "Blue", "name": "Dora"}, browser=laptop)
    tablet = WorkshopApp(demo_store, {"event": "EV-1", "team": "Blue", "name": "Dora"}, browser={})
    assert tablet.session is None  # the name is held by the laptop
    fac = unlock(demo_store)
    fac.refresh(force=True)
    labels = dict((v, k) for k, v in fac.people.options)
    assert "Blue · Dora (held by a browser)" == labels[dora.session.participant.id]
    assert "free to take over" in labels[demo_store.join("EV-1", "Blue", "Ana").id]  # demo people are unclaimed
    fac.people.value = dora.session.participant.id
    fac.release_button.click()
    assert "Released: Blue · Dora" in fac.people_message.widget.value
    assert "Blue · Dora (free to take over)" in [k for k, _ in fac.people.options]
    again = WorkshopApp(demo_store, {"event": "EV-1", "team": "Blue", "name": "Dora"}, browser={})
    assert again.session.participant.id == dora.session.participant.id
    assert WorkshopApp(demo_store, {"event": "EV-1", "team": "Blue", "name": "Dora"}, browser=laptop).session is None


def test_a_hub_facilitator_opens_the_dashboard_without_the_key(demo_store):
    from widgets.model.access import hub_facilitator

    assert hub_facilitator("carol", "1") and not hub_facilitator("carol", "") and not hub_facilitator("", "1")
    assert not hub_facilitator(None, "1") and not hub_facilitator("carol", "yes")
    app = FacilitatorApp(demo_store, event="EV-1", hub_user="carol")
    assert app.key not in app.login.children and "carol" in app.login.children[0].value
    assert app.try_unlock() and app.event is not None and "Blue" in app.progress.value
    other = FacilitatorApp(demo_store, event="NOPE-1", hub_user="carol")
    assert not other.try_unlock() and "NOPE-1" in other.login_message.widget.value


def test_without_the_hub_flag_the_key_is_still_asked(demo_store, monkeypatch):
    from widgets.ui import facilitator

    monkeypatch.setenv("JUPYTERHUB_USER", "mallory")
    monkeypatch.setenv("ALLIANCE_HUB_FACILITATOR", "")
    monkeypatch.setattr(facilitator, "request_query", lambda: "event=EV-1")
    page = facilitator.facilitator_page(demo_store)
    assert page.hub_user is None and page.event is None and page.key in page.login.children
    monkeypatch.setenv("ALLIANCE_HUB_FACILITATOR", "1")
    page = facilitator.facilitator_page(demo_store)
    assert page.hub_user == "mallory" and page.event is not None and page.body.children != (page.login,)


def test_a_new_key_locks_every_dashboard_opened_with_the_old_one_and_lists_open_dashboards(demo_store, monkeypatch):
    """Issue 39: ``new-key`` takes control back; the facilitator sees which dashboards are open."""
    from widgets.model.controls import KEY as CONTROLS
    from widgets.store import DocRef

    monkeypatch.setenv("HTTP_USER_AGENT", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0 Safari/537.36")
    mine, stranger = unlock(demo_store), unlock(demo_store)
    assert mine.event is not None and stranger.event is not None
    mine.refresh(force=True)
    listed = mine.sessions_view.value
    assert listed.count("Chrome 120 · Linux") == 2 and "this page" in listed and "Dashboards open now: 2" in listed

    demo_store.set_event_key("EV-1", hash_key("NEW-KEY-0001"))  # alliance-workshop new-key
    event = demo_store.get_event("EV-1")
    before = demo_store.latest(DocRef.of_event(event.id), CONTROLS)
    stranger.reveal.value = True  # a control of the old dashboard: refused, the page locks
    assert demo_store.latest(DocRef.of_event(event.id), CONTROLS) == before
    assert stranger.event is None and stranger.body.children == (stranger.login,)
    assert "new facilitator key" in stranger.login_message.widget.value
    assert not mine.still_allowed()  # the poll's check: the other one locks too
    assert mine.body.children == (mine.login,) and demo_store.dashboards(event.id) == []

    mine.key.value = KEY  # the old key opens nothing
    mine.unlock.click()
    assert mine.event is None
    mine.key.value = "NEW-KEY-0001"
    mine.unlock.click()
    assert mine.event is not None and mine.still_allowed()
    mine.refresh(force=True)
    assert "Dashboards open now: 1" in mine.sessions_view.value


def test_the_presenter_view_shows_the_board_in_large_type_without_members_names(demo_store):
    from widgets.model.dashboard import BoardItem

    fac = unlock(demo_store)
    fac._board = [BoardItem(team="Blue", module="partner_selection", item="Trust", detail="Ana: 5, Ben: 1",
                              level=0.8)]
    fac._show_board()
    assert "Ana: 5" in fac.board.value
    fac.presenter.value = True
    assert "aw-presenter" in fac.widget._dom_classes and fac.tabs.selected_index == 2
    assert "Ana" not in fac.board.value and "Trust" in fac.board.value and "Blue" in fac.board.value
    fac.presenter.value = False
    assert "aw-presenter" not in fac.widget._dom_classes and "Ana: 5" in fac.board.value


def test_a_dashboard_showing_the_controls_stores_nothing_and_a_change_is_one_revision(demo_store):
    from widgets.model.controls import KEY as CONTROLS
    from widgets.store import DocRef

    fac = unlock(demo_store)
    ref = DocRef.of_event(fac.event.id)
    fac.opens["roles"].value = False
    count = len(demo_store.history(ref, CONTROLS))
    again = unlock(demo_store)  # a second dashboard opens, and both redraw from the store
    again.refresh(force=True)
    fac.refresh(force=True)
    assert not again.opens["roles"].value and not again.reveal.value
    assert len(demo_store.history(ref, CONTROLS)) == count
    again.reveal.value = True
    assert len(demo_store.history(ref, CONTROLS)) == count + 1
    assert "Sent" in again.controls_message.widget.value
    fac.controls_message.widget.value = ""
    fac.update_controls(reveal=True)  # what is stored already: nothing stored, nothing announced
    assert len(demo_store.history(ref, CONTROLS)) == count + 1 and fac.controls_message.widget.value == ""
