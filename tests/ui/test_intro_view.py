"""The welcome page: the case, your company and the candidates, without naming the partner the
case story settles on (choosing it is the team's first task)."""

import pytest

from widgets import cases, registry
from widgets.i18n import Translator
from widgets.ui.intro import intro_html


@pytest.mark.parametrize("case_id", sorted(cases.available()))
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_welcome_page_lists_the_candidates_as_equals(case_id, lang):
    case = cases.get(case_id)
    page = intro_html(case, Translator(lang), registry.modules())
    assert case.companies["a"].name in page
    for candidate in case.candidates:
        assert page.count(f"<li>{candidate.name}</li>") == 1  # every candidate once, none singled out
    partner = case.companies["b"]
    assert partner.situation.get(lang) not in page  # the partner's own brief waits for step 2
    assert Translator(lang)("intro.candidates") in page
