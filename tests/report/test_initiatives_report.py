"""Initiatives and launch: the export section, its charts and its hooks."""

from __future__ import annotations

import json

from widgets import cases, demo, registry
from widgets.contract import CharterContext
from widgets.i18n import Translator
from widgets.modules.initiatives import report
from widgets.report.export import event_export
from widgets.session import Event, TeamData

CASE = cases.get("medtech-distribution")


def test_demo_sections_disagree_and_fail_checks(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=6, participants=4)
    exported = event_export(sqlite_store, "DEMO")
    sections = [t["modules"]["initiatives"] for t in exported["teams"]]
    for s in sections:
        assert set(s) >= {"criteria", "initiatives", "grid", "plan", "staffing", "funnel", "life_cycle", "needs",
                          "checks"}
        assert sum(c["points"] for c in s["criteria"]) == 100
        assert len({i["title"] for i in s["initiatives"]}) == len(s["initiatives"])  # each idea proposed once
        assert s["funnel"]["proposed"] == len(s["initiatives"]) and s["funnel"]["plan"] == len(s["plan"])
    checks = {c["check"]: set() for c in sections[0]["checks"]}
    for s in sections:
        for c in s["checks"]:
            checks[c["check"]].add(c["ok"] if c["assessed"] else None)
    # the demo room has teams that pass and teams that fail every rule
    assert all({True, False} <= outcomes for code, outcomes in checks.items()), checks
    assert any(c["contested"] for s in sections for c in s["criteria"])
    assert any(s["contested"] for s in sections)
    assert any(t["crack"] == "resources" and any(e["code"] == "initiatives_staffed" for e in t["evidence"])
               for t in exported["teams"][0]["health_check"])
    json.dumps(exported, allow_nan=False)


def _team(docs: dict, board: dict | None = None) -> TeamData:
    data = TeamData(Event(0, "EV", "", CASE.id, "en", None), 1, "Blue", [(n, m) for n, m in enumerate(docs)])
    data.documents["initiatives"] = docs
    if board is not None:
        data.shared["initiatives"] = board
    return data


HOSTILE = "<img src=x onerror=alert(1)>=SUM(A1)"
DOCS = {"Ana": {"weights": {"customer_value": 100},
                "initiatives": [{"id": "i1", "title": HOSTILE, "gain_a": "x", "horizon": "long", "people_a": 4},
                                {"id": "i2", "title": "Quick one", "gain_b": "y", "people_b": 1}],
                "scores": {"Ana#i1": {"customer_value": 5}, "Ana#i2": {"customer_value": 2}}}}


def test_charter_sheet_and_charts_escape_what_members_typed_and_read_in_spanish():
    data = _team(DOCS, {"capacity": {"a": 2, "b": 3}, "narrow_to": "<b>reseller</b>"})
    tr = Translator("es")
    section = report.section(data, CASE, "es")
    assert [i.title for i in section.initiatives] == [HOSTILE, "Quick one"]
    assert section.staffing["Norvia Medical"].model_dump() == {"load": 4, "capacity": 2, "people_rating": None,
                                                               "overloaded": True, "thin": False}
    blocks = report.charter(section, CharterContext(tr, CASE, data))
    text = " ".join(str(b.text) + str(b.rows) + str(b.items) for b in blocks)
    assert "Norvia Medical está sobrecargada: el plan pide 4 personas y puede asignar 2." in text
    assert "Al plan le falta un logro: Norvia Medical: Logro rápido; Andina Salud Distribución: Logro a largo plazo" in text
    charts = [b.figure for b in blocks if b.kind == "chart"]
    assert len(charts) == 2 and charts[0].layout.title.text == "Cartera: puntuación frente a las personas necesarias"
    assert all("<img" not in t for t in charts[0].data[0].hovertext)  # chart labels are escaped
    assert list(charts[1].data[0].y) == ["Propuestas", "En el plan", "Concepto", "Ejecución", "Lanzamiento"]
    headers, rows = report.sheet(section, CharterContext(tr, CASE))
    assert headers[:3] == ["rank", "initiative", "proposed_by"] and rows[0][6] == "Logro a largo plazo"


def test_facts_checks_and_the_dashboard_columns():
    section = report.section(_team(DOCS), CASE, "en")
    facts = {f.code: f.passed for f in report.facts(section)}
    assert facts == {"criteria_agreed": True, "portfolio_balanced": False, "initiatives_staffed": None}
    assert report.phase_checks(section) == (1, 4)  # staffed is not assessed without a capacity
    columns = {c.name: c.value for c in report.comparison(section)}
    assert columns == {"life_cycle": "assess", "portfolio": "lopsided"}
    empty = report.section(_team({}), CASE, "en")
    assert {c.name: c.value for c in report.comparison(empty)} == {"life_cycle": None, "portfolio": None}
    assert report.phase_checks(empty) == (0, 0)


def test_the_reference_comparison_names_the_portfolio_and_the_stage():
    team = report.section(_team(DOCS), CASE, "en")
    spec = registry.get("initiatives")
    from widgets import references

    ref = report.section(references.reference_team(Event(0, "R", "", CASE.id, "en", None), CASE.id), CASE, "en")
    points = {p.code: p for p in spec.reference_points(team, ref)}
    assert points["portfolio_differs"].same is False and points["stage_differs"].same is False
    assert points["initiatives_count"].params == {"count": 2, "reference": 4}


def test_the_section_is_typed_and_reads_back_from_its_export():
    """The JSON export is the typed section's dump; reading it back gives the same section, and
    a field the model does not know is refused rather than ignored."""
    import pytest
    from pydantic import ValidationError

    spec = registry.get("initiatives")
    section = report.section(_team(DOCS, {"capacity": {"a": 2, "b": 3}}), CASE, "en")
    assert isinstance(section, spec.section_model)
    assert spec.typed(section.exported()) == section
    assert json.loads(json.dumps(section.exported())) == section.exported()
    with pytest.raises(ValidationError):
        spec.typed({**section.exported(), "plans": []})
    assert spec.typed(None) == spec.section_model() and spec.typed(None).life_cycle.stage is None
