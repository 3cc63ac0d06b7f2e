"""The perception pulse: the export section, the charter, the health check's sources, the dashboard."""

from __future__ import annotations

import io
import json

import pytest
from pydantic import ValidationError

from widgets import cases, demo
from widgets.contract import CharterContext
from widgets.i18n import Translator
from widgets.modules.pulse import model as pl
from widgets.modules.pulse import report
from widgets.modules.pulse.section import (
    Movement,
    PulseCheck,
    PulseSection,
    RoundSection,
    StatementRow,
)
from widgets.modules.pulse.spec import SPEC
from widgets.report.export import event_export, team_section
from widgets.session import Event, TeamData, team_data

CASE = cases.get("medtech-distribution")


def _team(scores: dict[str, tuple[str, int]], comment: str = "") -> TeamData:
    data = TeamData(Event(0, "EV", "", CASE.id, "en", None), 1, "Blue", list(enumerate(scores)))
    data.documents["pulse"] = {n: {"rounds": {"start": {"resources_adequate": {"score": s, "comment": comment},
                                                        "trust_other": {"score": 4}}}}
                               for n, (_, s) in scores.items()}
    data.shared["pulse"] = {"sides": {n: side for n, (side, _) in scores.items()}}
    return data


TEAM = {"Ana": ("a", 5), "Ben": ("a", 4), "Eli": ("a", 3), "Cal": ("b", 2), "Dee": ("b", 1), "Fay": ("b", 3)}


def test_the_charter_labels_pulse_evidence_and_escapes_comments():
    data = _team(TEAM, comment="<img src=x onerror=alert(1)>")
    tr = Translator("es")
    out = team_section(data, CASE, tr)
    section = out["modules"]["pulse"]
    [resources] = [s for s in section["rounds"]["start"]["statements"] if s["id"] == "resources_adequate"]
    assert (resources["mean_a"], resources["mean_b"], resources["gap"], resources["flagged"]) == (4.0, 2.0, 2.0, True)
    assert "Ben" not in json.dumps(section["rounds"])  # answers are per company, never per person
    crack = next(c for c in out["health_check"] if c["crack"] == "resources")
    pulse_line = next(e for e in crack["evidence"] if e["code"] == "pulse_resources")
    assert pulse_line["source"] == "perception" and pulse_line["passed"] is False
    assert pulse_line["text"].startswith("Pulso · ambas empresas ven adecuados los recursos")
    assert all(e["text"].startswith("Diseño · ") for e in crack["evidence"] if e["source"] == "design")
    blocks = report.charter(SPEC.typed(section), CharterContext(tr, CASE, data))
    [chart] = [b.figure for b in blocks if b.kind == "chart"]
    assert chart.layout.title.text == "La visión de cada empresa (inicio del taller)"
    assert any("⚠" in label for label in chart.data[0].y)


def test_two_per_side_is_not_enough_and_the_facilitator_sees_what_is_missing():
    two = {n: v for n, v in TEAM.items() if n not in ("Eli", "Fay")}
    section = team_section(_team(two, comment="only us two"), CASE, Translator("en"))["modules"]["pulse"]
    start = section["rounds"]["start"]
    assert not start["visible"] and start["needed"] == {"a": 1, "b": 1} and section["latest"] is None
    assert all(s["mean_a"] is None and not s["comments_a"] for s in start["statements"])
    typed = SPEC.typed(section)
    lines = [text for _, text in report.status_lines(typed, Translator("en"))]
    assert "At the start of the workshop: Norvia Medical needs 1 more person to answer before anything is shown." in lines
    es = [text for _, text in report.status_lines(typed, Translator("es"))]
    assert "Al inicio del taller: Andina Salud Distribución necesita que responda 1 persona más antes de que se muestre algo." in es
    [needed] = [c for c in report.comparison(typed) if c.name == "pulse_needed"]
    assert needed.value == {"Norvia Medical": 1, "Andina Salud Distribución": 1}
    assert needed.show(Translator("en"), needed.value) == "Norvia Medical +1 · Andina Salud Distribución +1"
    full = report.section(_team(TEAM), CASE, "en")
    assert next(c for c in report.comparison(full) if c.name == "pulse_needed").value is None


def test_the_dashboard_sees_the_largest_gap_and_the_board_lists_flagged_gaps(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=4, participants=6)
    teams = event_export(sqlite_store, "DEMO")["teams"]
    sections = [t["modules"]["pulse"] for t in teams]
    assert {s["latest"] for s in sections} == {"start", "end", None}  # one team has only one side
    columns = [{c.name: c.value for c in report.comparison(SPEC.typed(s))} for s in sections]
    assert any(c["pulse_gap"] and c["pulse_gap"][1] >= 1.0 for c in columns)
    assert any(c["pulse_movement"] is not None for c in columns)
    assert any(d.module == "pulse" for t in teams for d in report.disagreements(SPEC.typed(t["modules"]["pulse"])))
    one_sided = next(s for s in sections if s["latest"] is None)
    assert [c["ok"] for c in one_sided["checks"] if c["check"] == "pulse.both_sides"] == [False]


# -- anonymity in every export ------------------------------------------------------------------
NAMES = ["Zoraida Quispe", "Yannick Oyarzún", "Xiomara Lindqvist", "Wenceslao Ibarra", "Valdemar Kühn",
         "Ulrika Tamayo"]
LEAN = {"a": [5, 4, 5], "b": [2, 1, 2]}  # resources_adequate: 4.67 against 1.67 with three per side


def _room(store, per_side: int):
    """One team of ``per_side`` members on each side (four with two per side): everyone
    answers every statement and comments on resources_adequate; another team is left alone."""
    from widgets.modules.pulse import model as pl
    from widgets.store import DocRef

    event = store.create_event("PULSE", CASE.id)
    people, comments = {}, {}
    for i, side in enumerate(s for s in pl.SIDES for _ in range(per_side)):
        name = NAMES[i]
        p = store.join("PULSE", "Blue", name)
        people[name] = side
        comments[name] = f"remark {i} on the budget <b>{side}</b> = {i}"
        score = LEAN[side][i % per_side]
        doc = {"rounds": {"start": {s: {"score": score if s == "resources_adequate" else 3,
                                        "comment": comments[name] if s == "resources_adequate" else ""}
                                    for s in pl.STATEMENTS}}}
        store.save(DocRef.of_participant(p), pl.KEY, pl.Entry.model_validate(doc).model_dump(mode="json"))
    store.save(DocRef.of_team(event.id, p.team_id), pl.KEY, {"sides": people})
    store.join("PULSE", "Red", "Solo Person")
    return people, comments


def _pulse_part(text: str, title: str, level: str) -> str:
    """The text of the pulse's part of a charter (from its title to the next title)."""
    start = text.index(title)
    end = text.find(level, start + len(title))
    return text[start:] if end < 0 else text[start:end]


def _walk(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, (*path, i))
    else:
        yield path, value


PER_SIDE = sorted({2, pl.MIN_PER_SIDE})  # four members on two sides, and the model's minimum


@pytest.mark.parametrize("who", ["member", "facilitator"])
@pytest.mark.parametrize("per_side", PER_SIDE)
def test_no_export_puts_a_name_next_to_a_pulse_answer(sqlite_store, monkeypatch, per_side, who):
    """Every format of a member's download of the team, and of the facilitator's event export:
    no name beside a score or a comment, no individual score; the comments appear (escaped,
    without names) once each side has the model's minimum of answers. Only the facilitator's
    JSON keeps the raw documents, for ``import`` (docs/security.md)."""
    from openpyxl import load_workbook

    from widgets.report import documents
    from widgets.report.export import team_export

    people, comments = _room(sqlite_store, per_side)
    shown = per_side >= pl.MIN_PER_SIDE
    tr = Translator("en")
    export = team_export(sqlite_store, "PULSE", "Blue") if who == "member" else event_export(sqlite_store, "PULSE")
    team = next(t for t in export["teams"] if t["name"] == "Blue")

    # JSON
    data = json.loads(documents.render_export(export, "json", tr))
    blue = next(t for t in data["teams"] if t["name"] == "Blue")
    if who == "member":
        assert "pulse" not in blue["documents"] and '"score"' not in json.dumps(blue["modules"]["pulse"])
        assert not [p for p, _ in _walk(data) if p and p[-1] == "comment"]  # no answer, anywhere
        assert set(blue["documents"]) == set(team["documents"])  # other modules' documents stay
    else:  # the facilitator's backup keeps every answer, by name, so that import restores the event
        assert set(blue["documents"]["pulse"]) == set(people)
    for path, value in _walk({k: v for k, v in blue.items() if k != "documents" or who == "member"}):
        if isinstance(value, str) and value in comments.values():
            assert path[:2] == ("modules", "pulse") and path[-2] in ("comments_a", "comments_b"), path
    section = blue["modules"]["pulse"]
    [resources] = [s for s in section["rounds"]["start"]["statements"] if s["id"] == "resources_adequate"]
    if shown:
        assert sorted(resources["comments_a"] + resources["comments_b"]) == sorted(comments.values())
        assert resources["comments_a"] == sorted(resources["comments_a"])  # alphabetical, not who wrote first
        assert (resources["mean_a"], resources["mean_b"]) == (
            round(sum(LEAN["a"][:per_side]) / per_side, 2), round(sum(LEAN["b"][:per_side]) / per_side, 2))
    else:
        assert resources["comments_a"] == resources["comments_b"] == [] and resources["mean_a"] is None

    # Markdown, HTML and the PDF made from the HTML
    pages = {}
    monkeypatch.setattr(documents, "html_to_pdf", lambda page: pages.setdefault("pdf", page).encode())
    md = documents.render_export(export, "md", tr).decode()
    pages["html"] = documents.render_export(export, "html", tr).decode()
    documents.render_export(export, "pdf", tr)
    parts = {"md": _pulse_part(md, "## Perception pulse", "\n## "),
             **{fmt: _pulse_part(page, "<h2>Perception pulse</h2>", "<h2>") for fmt, page in pages.items()}}
    for fmt, part in parts.items():
        assert not [n for n in people if n in part], fmt  # the pulse's part names nobody
        whole = md if fmt == "md" else pages[fmt]
        for line in whole.splitlines() if fmt == "md" else whole.split("<tr>"):
            if any(c.split(" <")[0] in line for c in comments.values()):
                assert not [n for n in people if n in line], (fmt, line)
    if shown:
        assert "remark 0 on the budget &lt;b&gt;a&lt;/b&gt; = 0" in parts["html"] and "<b>a</b>" not in parts["html"]
        assert r"remark 0 on the budget \<b\>a\</b\> = 0" in parts["md"]
        assert "Comments at the start of the workshop" in parts["md"]
    else:
        assert "remark" not in parts["md"] and "remark" not in parts["html"]

    # XLSX
    wb = load_workbook(io.BytesIO(documents.render_export(export, "xlsx", tr)))
    cells = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    for value in cells:
        if any(c.split(" <")[0] in value for c in comments.values()):
            assert not [n for n in people if n in value]
    rows = [[c.value for c in row] for row in wb[tr("module.pulse.title")].iter_rows()]
    assert not [n for n in people for row in rows for v in row if isinstance(v, str) and n in v]
    assert rows[0][-2:] == ["Comments, Norvia Medical", "Comments, Andina Salud Distribución"]
    blue_rows = [r for r in rows[1:] if r[0] == "Blue"]
    if shown:
        [budget] = [r for r in blue_rows if r[2] == resources["statement"]]
        assert budget[3:5] == [resources["mean_a"], resources["mean_b"]]
        assert budget[7].split("\n") == resources["comments_a"] and budget[8].split("\n") == resources["comments_b"]
        assert {v for r in blue_rows for v in r[3:5]} <= {3, resources["mean_a"], resources["mean_b"]}
    else:
        assert blue_rows == []


def test_a_members_download_still_imports(sqlite_store, tmp_path):
    """A member's team JSON, without the pulse's answers, is still an export ``import`` takes;
    the team's sides come with it, the answers do not."""
    from widgets.report.export import team_export
    from widgets.report.importer import import_event
    from widgets.store import Store

    _room(sqlite_store, 2)
    mine = json.loads(json.dumps(team_export(sqlite_store, "PULSE", "Blue")))
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        import_event(other, mine, code="COPY")
        [blue] = event_export(other, "COPY")["teams"]
    finally:
        other.close()
    assert "pulse" not in blue["documents"] and set(blue["shared"]["pulse"]["sides"]) == set(NAMES[:4])


def test_the_charter_lists_the_comments_without_names_in_spanish():
    n = pl.MIN_PER_SIDE
    team = {f"{side.upper()}{i}": (side, 5 if side == "a" else 1) for side in pl.SIDES for i in range(n)}
    data = _team(team, comment="Falta <i>presupuesto</i>")
    tr = Translator("es")
    section = report.section(data, CASE, "es")
    blocks = report.charter(section, CharterContext(tr, CASE))
    [table] = [b for b in blocks if b.kind == "table" and b.headers[-1] == "Comentario"]
    assert table.headers == ["Afirmación", "Empresa", "Comentario"]
    assert [r[1] for r in table.rows] == ["Norvia Medical"] * n + ["Andina Salud Distribución"] * n
    assert {r[2] for r in table.rows} == {"Falta <i>presupuesto</i>"}  # escaped by each renderer
    assert any(b.kind == "p" and b.text.startswith("Comentarios al inicio del taller, por empresa y sin nombres")
               for b in blocks)


def test_the_section_is_typed_and_round_trips_through_its_export(sqlite_store):
    demo.generate(sqlite_store, "DEMO", "medtech-distribution", teams=4, participants=6)
    event = sqlite_store.get_event("DEMO")
    sections = []
    for team in sqlite_store.list_teams(event.id):
        section = report.section(team_data(sqlite_store, event, team.id, team.name), CASE, "en")
        assert isinstance(section, PulseSection) and SPEC.section_model is PulseSection
        assert SPEC.typed(section.exported()) == section and SPEC.typed(section) is section
        assert list(section.rounds) == list(pl.ROUNDS)
        assert all(isinstance(r, RoundSection) and isinstance(s, StatementRow)
                   for r in section.rounds.values() for s in r.statements)
        assert all(isinstance(c, PulseCheck) and c.judged() is c.assessed for c in section.checks)
        assert all(isinstance(m, Movement) for m in section.movement)
        for view in section.rounds.values():
            assert all(type(n) is int for n in view.respondents.values())  # counts stay whole numbers
            for s in view.statements:  # how many answered: only once the round is shown
                assert (s.answers_a is None and s.answers_b is None) is not view.visible
        exported = section.exported()
        assert list(exported) == ["members", "companies", "sides", "unassigned", "rule", "rounds", "latest",
                                  "movement", "seen", "checks"]
        assert exported["rule"] == {"min_per_side": pl.MIN_PER_SIDE, "gap_flag": pl.GAP_FLAG, "healthy": pl.HEALTHY}
        assert list(exported["rounds"]["start"]) == ["respondents", "visible", "needed", "statements"]
        assert list(exported["rounds"]["start"]["statements"][0]) == [
            "id", "statement", "crack", "mean_a", "mean_b", "gap", "flagged", "answers_a", "answers_b",
            "comments_a", "comments_b"]
        assert [list(c) for c in exported["checks"]] == [["check", "ok", "assessed"]] * 3
        sections.append(section)
    assert {s.latest for s in sections} == {"start", "end", None} and any(s.movement for s in sections)
    assert SPEC.typed(None) == PulseSection() and PulseSection().rule.min_per_side == pl.MIN_PER_SIDE
    assert report.phase_checks(PulseSection()) == (0, 0) and report.comparison(PulseSection())[0].value is None
    with pytest.raises(ValidationError):
        SPEC.typed({**section.exported(), "surprise": 1})
    with pytest.raises(ValidationError):
        PulseCheck(check="pulse.shown", ok=True, assessed=True, detail="x")
