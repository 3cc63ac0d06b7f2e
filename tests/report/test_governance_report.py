"""Governance export section and charts from demo data."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from widgets import cases, demo
from widgets.i18n import Translator
from widgets.modules.governance import model as gv
from widgets.modules.governance import report
from widgets.modules.governance.case import of as gv_case
from widgets.modules.governance.section import DesignDifference, GovernanceSection, StressTrace
from widgets.modules.governance.spec import SPEC
from widgets.report.export import event_export
from widgets.session import team_data


def test_demo_sections(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=4, participants=3)
    sections = [t["modules"]["governance"] for t in event_export(sqlite_store, "DEMO")["teams"]]
    for s in sections:
        assert set(s) >= {"bodies", "decisions", "escalation", "reporting", "exit", "checks", "stress_test"}
        assert len(s["stress_test"]) == 4 and len(s["checks"]) == 14
        assert all(isinstance(t["skipped"], list) for t in s["stress_test"])
    deadlocks = [sum(t["deadlock"] for t in s["stress_test"]) for s in sections]
    assert 0 in deadlocks and max(deadlocks) == 3  # the change of control is a right: never a deadlock
    careful = sections[0]
    assert all(t["worst_case_days"] is not None and not t["deadlock"] for t in careful["stress_test"])
    assert any(c["check"] == "governance.kpis_reviewed" and c["ok"] for c in careful["checks"])
    assert any(not c["ok"] for s in sections for c in s["checks"] if c["check"] == "governance.both_sides")
    json.dumps(sections, allow_nan=False)


def test_the_section_is_typed_and_round_trips_through_its_export(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=3, participants=3)
    event = sqlite_store.get_event("DEMO")
    case = cases.get("medtech-distribution")
    for team in sqlite_store.list_teams(event.id):
        section = report.section(team_data(sqlite_store, event, team.id, team.name), case, "en")
        assert isinstance(section, GovernanceSection) and section.members and section.stress_test
        exported = section.exported()
        assert list(exported) == list(GovernanceSection.model_fields)  # the export's keys, in order
        assert SPEC.typed(exported) == section and SPEC.typed(section) is section
        assert json.loads(json.dumps(exported)) == exported
    with pytest.raises(ValidationError):
        GovernanceSection.model_validate({**exported, "surprise": 1})
    with pytest.raises(ValidationError):  # a row refuses an unknown field too
        SPEC.typed({**exported, "stress_test": [{**exported["stress_test"][0], "surprise": 1}]})
    assert SPEC.typed(None) == GovernanceSection()  # a team that has not started


def test_the_charter_shows_levels_skipped_because_their_people_already_decided():
    from widgets.contract import CharterContext

    case, tr = cases.get("medtech-distribution"), Translator("es")
    trace = StressTrace(scenario="IP", decision="joint_ip", body="steering", rule="consensus",
                        who_decides="arbitration", worst_case_days=224, outcome="decided", one_partner=False,
                        deadlock=False, path=["body:steering", "skip:executive_sponsors", "final:ceos",
                                              "last:arbitration"], skipped=["executive_sponsors"])
    ctx = CharterContext(tr=tr, case=case)
    [table, _] = report.charter(GovernanceSection(stress_test=[trace], checks=[]), ctx)
    assert table.headers[-1] == "Omitido (ya decidieron abajo)" and table.rows[0][-1] == "Patrocinadores ejecutivos"
    assert table.rows[0][2] == "Arbitraje vinculante (derechos y hechos)"
    assert report.people_rows(case, "en")[-1] == ("ceos", "Chief executive (Norvia Medical), "
                                                          "Chief executive (sponsor) (Andina Salud Distribución)")


def test_charts(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=1, participants=2)
    event = sqlite_store.get_event("DEMO")
    [team] = sqlite_store.list_teams(event.id)
    state = report.state_for(team_data(sqlite_store, event, team.id, team.name), cases.get("medtech-distribution"), "es")
    tr = Translator("es")
    stress, ladder = report.stress_chart(state, tr), report.ladder_chart(state, tr, cases.get("medtech-distribution"))
    assert stress.layout.xaxis.title.text == "Días" and stress.layout.title.text.startswith("Prueba de estrés")
    assert ladder.data[0].node.label[0] == "El órgano que decide"


def test_only_the_most_contested_differences_are_named_and_the_top_ten_is_unchanged():
    from widgets.i18n import Translator
    from widgets.model.health import CONTESTED_LIMIT, contested
    from widgets.modules.governance import report

    case, tr = cases.get("medtech-distribution"), Translator("en")
    members = ["ana", "ben", "cal", "dee", "eve", "fay"]
    differences = [DesignDifference(field=f"decisions/{d.id}/days", team_design=30 if k == 3 else 14,
                                    choices={m: (30 if i < k else 14) for i, m in enumerate(members)})
                   for k, d in zip([3, 3, 3, 2, 2, 2, 2], gv_case(case).decisions[:7], strict=True)]
    differences += [DesignDifference(field=f"ladder/{lv}", team_design=0,
                                     choices={m: (7 if i < 2 else 0) for i, m in enumerate(members)})
                    for lv in ("alliance_managers", "management_team", "steering_committee", "executive_sponsors")]
    differences += [DesignDifference(field=f"exit_triggers/{t}", team_design=False,
                                     choices={m: i == 0 for i, m in enumerate(members)})
                    for t in gv.TRIGGERS]  # one member in six: the least contested
    section = GovernanceSection(differences=differences)
    named = report.disagreements(section, case, tr)
    assert len(named) < len(differences)  # the least contested are not named
    everything = [report.Disagreement("governance", *report.difference_text(d, gv.labels_for(case, "en"),
                                                                            {"a": "Norvia Medical", "b": "Andina"}, tr),
                                      level) for d, level in zip(differences, [
                                          1 - max(list(d.choices.values()).count(v) for v in d.choices.values()) / 6
                                          for d in differences], strict=True)]
    top = sorted(everything, key=lambda d: (-d.level, d.module, d.item))[:CONTESTED_LIMIT]
    assert contested({"governance": section}, case=case, tr=tr) == top
