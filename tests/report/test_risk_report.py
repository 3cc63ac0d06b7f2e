"""Risk balancing export section and charts."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from widgets import cases, demo
from widgets.i18n import Translator
from widgets.modules.risk import report
from widgets.modules.risk.section import RiskEstimate, RiskSection
from widgets.modules.risk.spec import SPEC
from widgets.report.export import event_export
from widgets.session import team_data


def test_demo_sections(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=6, participants=4)
    exported = event_export(sqlite_store, "DEMO")
    sections = [t["modules"]["risk"] for t in exported["teams"]]
    for s in sections:
        assert set(s) >= {"contributions", "benefits", "risks", "shares", "balance", "unmitigated"}
        assert len(s["risks"]) == 7
        # contributions stay {category: {company: mean}}; the weights are their own table
        assert all(set(v) == {"Norvia Medical", "Andina Salud Distribución"} for v in s["contributions"].values())
        assert set(s["weights"]) == {"contributions", "benefits"} and s["weights"]["contributions"]["capital"] == 3
        for p in s["balance"]["partners"].values():
            assert set(p) == {"index", "verdict", "band", "agreed"}
            assert p["band"] is None or p["band"][0] <= p["index"] <= p["band"][1]
    assert any(p["band"] for s in sections for p in s["balance"]["partners"].values())
    assert {s["balance"]["balanced"] for s in sections} == {True, False}
    assert any(s["unmitigated"] for s in sections)
    assert any(r["contested"] for s in sections for r in s["risks"])
    json.dumps(exported, allow_nan=False)


def test_charts_and_overlapping_points(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=1, participants=2)
    event = sqlite_store.get_event("DEMO")
    [team] = sqlite_store.list_teams(event.id)
    case = cases.get("medtech-distribution")
    state = report.state_for(team_data(sqlite_store, event, team.id, team.name), case, "en")
    tr = Translator("en")
    matrix, shares = report.matrix(state, tr), report.shares_chart(state, tr, case)
    assert matrix.layout.xaxis.title.text == "Impact" and matrix.layout.yaxis.title.text == "Likelihood"
    assert shares.layout.yaxis.title.text == "Share (%)"
    xs, ys = report._spread_out([(3, 3), (3, 3), (2, 5)])
    assert (xs[0], ys[0]) != (xs[1], ys[1]) and (xs[2], ys[2]) == (2, 5)


def test_the_index_read_agrees_with_its_verdict_and_shares_shown_together_add_up_to_100():
    from widgets.contract import CharterContext

    en, es = Translator("en"), Translator("es")
    assert report.index_text(0.765, None, en) == "0.77" and report.index_text(0.765, None, es) == "0,77"
    assert report.index_text(0.7951, None, en) == "0.79"  # not "0.80" beside "Gives more than it gets"
    assert report.index_text(1.1, (0.795, 1.2549), en) == "1.10 (members: 0.79 to 1.26)"
    case = cases.get("medtech-distribution")
    a, b = case.companies["a"].name, case.companies["b"].name
    section = SPEC.typed({"shares": {a: {"contribution": 0.9246, "benefit": 0.5, "risk": 0.125},
                                     b: {"contribution": 0.0754, "benefit": 0.5, "risk": 0.875}},
                          "balance": {"partners": {a: {"index": 0.765, "verdict": "gives_more", "band": None,
                                                       "agreed": True},
                                                   b: {"index": 2.0, "verdict": "gets_more", "band": None,
                                                       "agreed": True}}}})
    headers, rows = report.balance_table(section, en)
    assert rows[0][1:] == ["92%", "50%", "13%", "0.77", "Gives more than it gets"]
    assert rows[1][1:4] == ["8%", "50%", "87%"]  # each kind adds up to 100 %
    table = report.charter(section, CharterContext(en, case))[0]
    assert table.rows == rows and table.headers == headers


def test_the_section_is_typed_and_round_trips_through_its_export(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=2, participants=3)
    event = sqlite_store.get_event("DEMO")
    case = cases.get("medtech-distribution")
    for team in sqlite_store.list_teams(event.id):
        section = report.section(team_data(sqlite_store, event, team.id, team.name), case, "en")
        assert isinstance(section, RiskSection) and SPEC.section_model is RiskSection
        assert SPEC.typed(section.exported()) == section and SPEC.typed(section) is section
        assert len(section.members) == 3 and len(section.risks) == 7
        assert all(isinstance(e, RiskEstimate) for r in section.risks for e in r.estimates.values())
        assert set(section.shares) == set(section.balance.partners) == {case.companies[p].name for p in "ab"}
        assert section.contributions["people"]  # what the initiatives module reads
        assert (section.balance.rule.balanced_from, section.balance.rule.balanced_to) == (0.8, 1.25)
        exported = section.exported()
        assert list(exported) == ["members", "contributions", "benefits", "weights", "risks", "shares", "balance",
                                  "unmitigated"]
        assert list(exported["risks"][0]) == ["id", "risk", "category", "likelihood", "impact", "score", "share_a",
                                              "likelihood_spread", "impact_spread", "contested", "high", "mitigation",
                                              "owner", "from_case_defaults", "estimates"]
    assert SPEC.typed(None) == RiskSection() and RiskSection().balance.balanced is None
    with pytest.raises(ValidationError):
        SPEC.typed({**section.exported(), "surprise": 1})
    with pytest.raises(ValidationError):
        RiskSection.model_validate({"balance": {"balanced": True, "verdict": "balanced"}})
