"""The instructors' check in each module notebook: the worked example entered as a learner on
their own would, and the module's page read back."""

from __future__ import annotations

import pytest

from widgets import cases, registry
from widgets.i18n import Translator
from widgets.ui.trial import try_module

MODULES = [spec.key for spec in registry.modules()]


@pytest.mark.parametrize("case_id", cases.available())
def test_every_module_and_the_charter_work_on_every_cases_worked_example(case_id):
    for key in MODULES:
        trial = try_module(key, case_id=case_id)
        assert trial.charts >= 1, (key, trial)  # drawn from the entered data
        if key != "partner_selection":  # its team view ranks; the others check
            assert trial.passed >= 1, (key, trial)
    charter = try_module("summary", case_id=case_id)
    assert charter.passed >= 10 and charter.charts >= 1, charter


def test_the_report_is_in_the_readers_language_and_says_what_the_page_showed():
    trial = try_module("governance", lang="es")
    text = trial.describe(Translator("es"))
    assert text.startswith("Diseño de la gobernanza funciona") and f"{trial.passed} comprobaciones" in text
    ranking = try_module("partner_selection")
    assert "shows the team view" in ranking.describe(Translator("en"))
