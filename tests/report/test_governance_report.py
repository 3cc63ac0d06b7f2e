"""Governance export section and charts from demo data."""

from __future__ import annotations

import json

from widgets import cases, demo
from widgets.i18n import Translator
from widgets.modules.governance import model as gv
from widgets.modules.governance import report
from widgets.modules.governance.case import of as gv_case
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


def test_the_charter_shows_levels_skipped_because_their_people_already_decided():
    from widgets.contract import CharterContext

    case, tr = cases.get("medtech-distribution"), Translator("es")
    trace = {"scenario": "IP", "decision": "joint_ip", "who_decides": "arbitration", "body": "steering",
             "worst_case_days": 224, "outcome": "decided", "deadlock": False, "skipped": ["executive_sponsors"]}
    ctx = CharterContext(tr=tr, case=case)
    [table, _] = report.charter({"stress_test": [trace], "checks": []}, ctx)
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
    differences = [{"field": f"decisions/{d.id}/days", "choices": {m: (30 if i < k else 14) for i, m in enumerate(members)}}
                   for k, d in zip([3, 3, 3, 2, 2, 2, 2], gv_case(case).decisions[:7], strict=True)]
    differences += [{"field": f"ladder/{lv}", "choices": {m: (7 if i < 2 else 0) for i, m in enumerate(members)}}
                    for lv in ("alliance_managers", "management_team", "steering_committee", "executive_sponsors")]
    differences += [{"field": f"exit_triggers/{t}", "choices": {m: i == 0 for i, m in enumerate(members)}}
                    for t in gv.TRIGGERS]  # one member in six: the least contested
    section = {"differences": differences}
    named = report.disagreements(section, case, tr)
    assert len(named) < len(differences)  # the least contested are not named
    everything = [report.Disagreement("governance", *report.difference_text(d, gv.labels_for(case, "en"),
                                                                            {"a": "Norvia Medical", "b": "Andina"}, tr),
                                      level) for d, level in zip(differences, [
                                          1 - max(list(d["choices"].values()).count(v) for v in d["choices"].values()) / 6
                                          for d in differences], strict=True)]
    top = sorted(everything, key=lambda d: (-d.level, d.module, d.item))[:CONTESTED_LIMIT]
    assert contested({"governance": section}, case=case, tr=tr) == top
