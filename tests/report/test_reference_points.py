"""Every point a module gives in the comparison with a case's reference reads as a sentence in
both languages: the module's own message (``<key>.point.<code>``), or the shared one for the
checks every module compares (``reference.point.<code>``)."""

from __future__ import annotations

import pytest

from widgets import cases, demo, references, registry
from widgets.i18n import Translator, catalog
from widgets.model.reference import compare, message_id
from widgets.report.export import event_export, team_section
from widgets.session import Event


def test_the_message_of_a_point_is_the_modules_unless_it_compares_checks():
    assert message_id("risk", "balance_same") == "risk.point.balance_same"
    assert message_id("risk", "checks_missing") == "reference.point.checks_missing"


@pytest.mark.parametrize("case_id", cases.available())
def test_every_point_of_every_module_has_its_words_in_both_languages(case_id, sqlite_store):
    demo.generate(sqlite_store, "REF-PTS", case_id, teams=3, participants=3)
    teams = event_export(sqlite_store, "REF-PTS")["teams"]
    reference = team_section(references.reference_team(Event(0, "R", "", case_id, "en", None), case_id),
                             cases.get(case_id), Translator("en"))["modules"]
    seen = set()
    for team in [*teams, {"modules": reference}]:
        for module, points in compare(team["modules"], reference).items():
            for p in points:
                seen.add((module, p.code))
    assert {m for m, _ in seen} == {s.key for s in registry.modules() if s.reference_points is not None}
    for lang in ("en", "es"):
        words = catalog(lang)
        for module, code in seen:
            mid = message_id(module, code)
            assert mid in words or f"{mid}.other" in words, (lang, mid)
            text = Translator(lang)(mid, count=2, checks="x", scenarios="x", reference="x", team="x")
            assert text and not text.startswith((f"{module}.", "reference.")), (lang, mid)
