"""Goals and KPIs export section and charts from demo data."""

from __future__ import annotations

import json

import pytest

from widgets import cases, demo
from widgets.i18n import Translator
from widgets.modules.goals_kpis import report
from widgets.report.export import event_export
from widgets.session import team_data


def test_demo_sections_vary_and_have_every_key(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=6, participants=4)
    exported = event_export(sqlite_store, "DEMO")
    sections = [t["modules"]["goals_kpis"] for t in exported["teams"]]
    for s in sections:
        assert set(s) >= {"vision", "business_case", "goals", "kpis", "checks"}
        assert len(s["checks"]) == 6 and s["vision"]
        assert {p["partner"] for p in s["business_case"]["partners"]} == {"a", "b"}
        assert all("endorsed_by" in k and "proposed_by" in k for k in s["kpis"])
    verdicts = [{c["check"]: c["ok"] for c in s["checks"]} for s in sections]
    assert any(not v["goals_kpis.both_benefit"] for v in verdicts) and any(v["goals_kpis.both_benefit"] for v in verdicts)
    assert any(k["in_team_set"] for s in sections for k in s["kpis"])
    a = sections[0]["business_case"]["partners"][0]
    assert a["roi"] == pytest.approx((a["annual_return"] * sections[0]["business_case"]["horizon_years"]
                                      - a["investment"]) / a["investment"], abs=1e-3)
    json.dumps(exported)


def test_charts_are_labelled(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=1, participants=3)
    event = sqlite_store.get_event("DEMO")
    [team] = sqlite_store.list_teams(event.id)
    data = team_data(sqlite_store, event, team.id, team.name)
    state = report.state_for(data)
    case = cases.get("medtech-distribution")
    tr = Translator("es")
    for fig in (report.category_chart(state, tr), report.beneficiary_chart(state, tr, case),
                report.business_chart(state, tr, case)):
        assert fig is not None and fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text


class _Team:
    """Just what the goals section reads of a team."""

    def __init__(self, documents: dict, members: list[str]):
        self.documents, self.members, self.shared = documents, members, {}

    def module(self, key):
        return self.documents


def test_a_goal_two_members_proposed_counts_once_in_the_section_the_health_check_and_the_charter():
    from widgets.contract import CharterContext

    goals = lambda *texts: [{"id": f"g{i + 1}", "text": t} for i, t in enumerate(texts)]  # noqa: E731
    docs = {"Ana": {"goals": goals("Grow revenue", "Cut costs"), "endorse": ["Ben#g2"]},
            "Ben": {"goals": goals("grow  REVENUE", "Train staff"), "endorse": ["Ana#g2"]}}
    case = cases.get("medtech-distribution")
    section = report.section(_Team(docs, ["Ana", "Ben"]), case, "en")
    assert [g.text for g in section.goals] == ["Grow revenue", "Cut costs", "Train staff"]  # 3, not 4
    assert section.goals[0].supporters == ["Ana", "Ben"] and section.goals[0].proposed_by == ["Ana", "Ben"]
    enough = next(c for c in section.checks if c.check == "goals_kpis.enough_goals")
    assert enough.detail["count"] == 3 and enough.ok
    fact = next(f for f in report.facts(section) if f.code == "enough_goals")
    assert fact.passed is True
    docs["Ben"]["goals"] = goals("grow  REVENUE")  # now only 2 distinct goals in the set: the health check says so
    docs["Ana"]["endorse"] = []
    section = report.section(_Team(docs, ["Ana", "Ben"]), case, "en")
    assert next(f for f in report.facts(section) if f.code == "enough_goals").passed is False
    for lang, words in (("en", "Grow revenue (supported by Ana, Ben)"), ("es", "Grow revenue (respaldado por Ana, Ben)")):
        blocks = report.charter(section, CharterContext(Translator(lang), case))
        assert words in next(b for b in blocks if b.kind == "list").items


def test_the_section_is_typed_round_trips_through_its_export_and_refuses_unknown_fields(sqlite_store):
    from pydantic import ValidationError

    from widgets import registry
    from widgets.modules.goals_kpis import model as gk
    from widgets.modules.goals_kpis.section import GoalsKpisCheck, GoalsKpisSection, KpiRow

    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=2, participants=3)
    event = sqlite_store.get_event("DEMO")
    spec = registry.get("goals_kpis")
    case = cases.get("medtech-distribution")
    for team in sqlite_store.list_teams(event.id):
        section = report.section(team_data(sqlite_store, event, team.id, team.name), case, "en")
        assert isinstance(section, GoalsKpisSection) and section.kpis and section.checks
        exported = section.exported()
        assert "in" in exported["scope"] and "in_" not in exported["scope"]  # the export keeps its key
        assert spec.typed(exported) == section
        assert json.loads(json.dumps(exported)) == exported
        # "detail" only where a check has figures, as the export always had it
        for check, out in zip(section.checks, exported["checks"], strict=True):
            assert ("detail" in out) == bool(check.detail)
        assert any("detail" not in c for c in exported["checks"]) and any("detail" in c for c in exported["checks"])
    # a KPI's row starts with the KPI's own fields, in order (all but its id)
    assert list(KpiRow.model_fields)[:len(gk.Kpi.model_fields) - 1] == [f for f in gk.Kpi.model_fields if f != "id"]
    assert GoalsKpisCheck(check="x", ok=True).model_dump() == {"check": "x", "ok": True}
    assert GoalsKpisSection().exported()["scope"] == {"in": "", "out": ""}
    with pytest.raises(ValidationError):
        GoalsKpisSection.model_validate({**exported, "surprise": 1})
    with pytest.raises(ValidationError):
        GoalsKpisSection.model_validate({**exported, "kpis": [{**exported["kpis"][0], "surprise": 1}]})
