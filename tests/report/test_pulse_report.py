"""The perception pulse: the export section, the charter, the health check's sources, the dashboard."""

from __future__ import annotations

import json

from widgets import cases, demo
from widgets.contract import CharterContext
from widgets.i18n import Translator
from widgets.report import pulse as report
from widgets.report.export import event_export, team_section
from widgets.session import Event, TeamData

CASE = cases.get("medtech-distribution")


def _team(scores: dict[str, tuple[str, int]], comment: str = "") -> TeamData:
    data = TeamData(Event(0, "EV", "", CASE.id, "en", None), 1, "Blue", list(enumerate(scores)))
    data.documents["pulse"] = {n: {"rounds": {"start": {"resources_adequate": {"score": s, "comment": comment},
                                                        "trust_other": {"score": 4}}}}
                               for n, (_, s) in scores.items()}
    data.shared["pulse"] = {"sides": {n: side for n, (side, _) in scores.items()}}
    return data


TEAM = {"Ana": ("a", 5), "Ben": ("a", 4), "Cal": ("b", 2), "Dee": ("b", 1)}


def test_the_charter_labels_pulse_evidence_and_escapes_comments():
    data = _team(TEAM, comment="<img src=x onerror=alert(1)>")
    tr = Translator("es")
    out = team_section(data, CASE, tr)
    section = out["modules"]["pulse"]
    [resources] = [s for s in section["rounds"]["start"]["statements"] if s["id"] == "resources_adequate"]
    assert (resources["mean_a"], resources["mean_b"], resources["gap"], resources["flagged"]) == (4.5, 1.5, 3.0, True)
    assert "Ben" not in json.dumps(section["rounds"])  # answers are per company, never per person
    crack = next(c for c in out["health_check"] if c["crack"] == "resources")
    pulse_line = next(e for e in crack["evidence"] if e["code"] == "pulse_resources")
    assert pulse_line["source"] == "perception" and pulse_line["passed"] is False
    assert pulse_line["text"].startswith("Pulso · ambas empresas ven adecuados los recursos")
    assert all(e["text"].startswith("Diseño · ") for e in crack["evidence"] if e["source"] == "design")
    blocks = report.charter(section, CharterContext(tr, CASE, data))
    [chart] = [b.figure for b in blocks if b.kind == "chart"]
    assert chart.layout.title.text == "La visión de cada empresa (inicio del taller)"
    assert any("⚠" in label for label in chart.data[0].y)


def test_the_dashboard_sees_the_largest_gap_and_the_board_lists_flagged_gaps(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=4, participants=4)
    teams = event_export(sqlite_store, "DEMO")["teams"]
    sections = [t["modules"]["pulse"] for t in teams]
    assert {s["latest"] for s in sections} == {"start", "end", None}  # one team has only one side
    columns = [{c.name: c.value for c in report.comparison(s)} for s in sections]
    assert any(c["pulse_gap"] and c["pulse_gap"][1] >= 1.0 for c in columns)
    assert any(c["pulse_movement"] is not None for c in columns)
    assert any(d.module == "pulse" for t in teams for d in report.disagreements(t["modules"]["pulse"]))
    one_sided = next(s for s in sections if s["latest"] is None)
    assert [c["ok"] for c in one_sided["checks"] if c["check"] == "pulse.both_sides"] == [False]
