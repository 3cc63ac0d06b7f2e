"""Partner selection's export section and charts, from demo data and from crafted teams."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from widgets import cases, demo
from widgets.i18n import Translator
from widgets.modules.partner_selection import model as ps
from widgets.modules.partner_selection import report
from widgets.modules.partner_selection.case import of as ps_case
from widgets.modules.partner_selection.section import PartnerSelectionSection
from widgets.modules.partner_selection.spec import SPEC
from widgets.report.export import event_export
from widgets.session import Event, TeamData, team_data


def test_demo_gives_varied_teams_and_the_export_has_the_section(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=8, participants=4)
    exported = event_export(sqlite_store, "DEMO")
    sections = [t["modules"]["partner_selection"] for t in exported["teams"]]
    assert len(sections) == 8
    for s in sections:
        assert set(s) >= {"criteria", "candidates", "ranking", "robustness", "contested"}
        assert {"candidate", "score", "spread"} <= set(s["ranking"][0])
        assert sum(c["weight"] for c in s["criteria"]) == pytest.approx(100, abs=0.5)
        assert s["robustness"]["members"] == 4
    assert any(s["contested"] for s in sections) and any(not s["contested"] for s in sections)
    assert any(s["robustness"]["stays_first"] < s["robustness"]["members"] for s in sections)
    assert any(len(s["criteria"]) == 9 for s in sections)  # a team added a criterion
    json.dumps(exported)


def test_charts_have_titles_axes_and_escaped_labels(sqlite_store):
    event = sqlite_store.create_event("EV", "medtech-distribution")
    a = sqlite_store.join("EV", "Blue", "Ana")
    b = sqlite_store.join("EV", "Blue", "Ben")
    from widgets import cases
    case = cases.get("medtech-distribution")
    lists = ps.add_candidate(ps.default_lists(case), "<b onmouseover=x>Evil</b>", "", {})
    scores = {c.id: {k.id: 3 for k in ps_case(case).criteria} for c in lists.candidates}
    other = {c: {k: (5 if c == "team-p1" else 1) for k in row} for c, row in scores.items()}
    data = team_data(sqlite_store, event, a.team_id, "Blue", [(a.id, "Ana"), (b.id, "Ben")], [])
    data.documents[ps.KEY] = {"Ana": {"scores": scores}, "Ben": {"scores": other}}
    data.shared[ps.KEY] = lists.model_dump()
    state = report.state_for(data, case, "en")
    tr = Translator("en")
    radar = report.radar(state, tr)
    heat = report.heatmap(state, tr)
    assert radar.layout.title.text and heat.layout.xaxis.title.text == "Candidate"
    names = [t.name for t in radar.data]
    assert "&lt;b onmouseover=x&gt;Evil&lt;/b&gt;" in names and not any("<b" in n for n in names)
    assert max(max(v for v in row if v is not None) for row in heat.data[0].z) == 2
    section = report.section(data, case)
    assert section.ranking[0].candidate == "<b onmouseover=x>Evil</b>"  # raw in JSON, escaped on display
    assert section.exported()["robustness"] == {"top": "<b onmouseover=x>Evil</b>", "stays_first": 2, "members": 2,
                                                "share": 1.0, "dissent": {}}
    assert section.ranking[0].score == 4.0 and section.ranking[0].spread == 2.0
    assert len(section.contested) == len(ps_case(case).criteria) * len(lists.candidates)


def test_the_charter_shows_each_must_have_with_its_evidence_and_an_old_team_still_exports():
    from widgets import cases
    from widgets.contract import CharterContext
    from widgets.session import Event, TeamData

    case = cases.get("medtech-distribution")
    data = TeamData(Event(0, "EV", "", case.id, "en", None), 1, "Blue", [(0, "Ana"), (1, "Ben")])
    scores = {c: dict.fromkeys(["complementary", "registration"], 4) for c in ("andina", "vitalis")}
    data.documents["partner_selection"] = {
        "Ana": {"weights": {"complementary": 100}, "scores": scores, "notes": {},
                "facts": {"vitalis": {"registration": {"met": False, "reason": "Sells <b>nothing</b> for others"}},
                          "andina": {"registration": {"met": True, "reason": "Registers devices in three countries"}}}},
        "Ben": {"weights": {"complementary": 100}, "scores": scores, "notes": {}},  # stored before facts existed
    }
    tr = Translator("en")
    section = report.section(data, case, "en")
    assert [r.candidate_id for r in section.ranking if r.disputed] == ["vitalis"]
    headers, rows = report.must_have_rows(section, tr)
    assert headers[-1] == "Evidence"
    by = {r[0]: r for r in rows}
    assert by["Vitalis Clinics Group"][2] == "Not met for a member: aside until the team settles it"
    assert by["Vitalis Clinics Group"][3] == "Ana: Not met (Sells <b>nothing</b> for others)"  # escaped by each renderer
    assert by["Andina Salud Distribución"][2] == "Met"
    blocks = report.charter(section, CharterContext(tr, case))
    assert any(b.kind == "table" and b.headers == headers for b in blocks)
    assert any(r.candidate_id == "vitalis" and report.rank_text(r, tr).startswith("aside:") for r in section.ranking)



def test_the_section_is_typed_and_round_trips_through_its_export(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=4, participants=3)
    event = sqlite_store.get_event("DEMO")
    case = cases.get("medtech-distribution")
    for team in sqlite_store.list_teams(event.id):
        section = report.section(team_data(sqlite_store, event, team.id, team.name), case, "en")
        assert isinstance(section, PartnerSelectionSection) and SPEC.section_model is PartnerSelectionSection
        assert SPEC.typed(section.exported()) == section and SPEC.typed(section) is section
        assert len(section.members) == 3 and section.robustness.members == 3 and section.ranking[0].rank == 1
        exported = section.exported()
        assert list(exported) == ["members", "criteria", "candidates", "ranking", "must_haves", "robustness",
                                  "contested", "drivers"]
        assert list(exported["ranking"][0]) == ["candidate", "candidate_id", "score", "spread", "rank", "tied",
                                                "members", "knocked_out", "disputed"]
        assert list(exported["robustness"]) == ["top", "stays_first", "members", "share", "dissent"]
    empty = SPEC.typed(None)
    assert empty == PartnerSelectionSection() and report.robust(empty) is None
    assert empty.exported()["robustness"] == {"top": None, "stays_first": 0, "members": 0, "share": None, "dissent": {}}
    with pytest.raises(ValidationError):
        SPEC.typed({**section.exported(), "rankings": []})
    with pytest.raises(ValidationError):
        SPEC.typed({"ranking": [{**section.exported()["ranking"][0], "rnak": 1}]})


def test_must_have_facts_and_the_settled_fact_round_trip():
    case = cases.get("medtech-distribution")
    data = TeamData(Event(0, "EV", "", case.id, "en", None), 1, "Blue", [(0, "Ana")])
    scores = {c.id: {k.id: 3 for k in ps_case(case).criteria} for c in case.candidates}
    data.documents[ps.KEY] = {"Ana": {"scores": scores, "facts": {
        "andina": {"registration": {"met": True, "reason": "Registers devices"}}}}}
    data.shared[ps.KEY] = ps.settle(ps.default_lists(case), "vitalis", "registration", False,
                                    "Does not service equipment").model_dump()
    section = report.section(data, case, "en")
    by = {m.candidate_id: m for m in section.must_haves}
    assert by["vitalis"].status == "not_met" and by["vitalis"].settled.reason == "Does not service equipment"
    assert by["andina"].status == "met" and [(f.member, f.met) for f in by["andina"].facts] == [("Ana", True)]
    assert SPEC.typed(section.exported()) == section
