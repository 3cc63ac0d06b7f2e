"""The content that makes the kit usable without its authors: cases, references, guide, notebooks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from widgets import cases, references, registry
from widgets.guide import build, pages
from widgets.i18n import Translator
from widgets.model.reference import compare
from widgets.modules.governance.case import of as gv_case
from widgets.modules.risk.case import of as risk_case
from widgets.report.export import team_section
from widgets.store import Event, Store
from widgets.ui.app import WorkshopApp
from widgets.ui.join import solo_event_code

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "facilitator_guide"
# each module's self-paced notebook (and guide page of the same name): the notebook that opens it
NOTEBOOKS = {key: path.stem for path in sorted((ROOT / "notebooks").glob("0*.ipynb"))
             for key in re.findall(r'module_app\(\\?"([a-z_]+)\\?"\)', path.read_text())}


def test_three_cases_in_two_languages_that_validate():
    ids = cases.available()
    assert {"medtech-distribution", "saas-integrator", "bank-fintech"} <= set(ids)
    industries = set()
    for case_id in ids:
        path = ROOT / "exercises" / "cases" / f"{case_id}.yaml"
        assert cases.check(path) == [], case_id
        case = cases.get(case_id)
        industries.add(case.industry.en)
        assert 3 <= len(case.candidates) <= 5 and len(gv_case(case).scenarios) >= 4
        for c in case.candidates:
            assert c.profile.en != c.profile.es
    assert len(industries) == len(ids)  # every case in a different industry


CASE_IDS = ["medtech-distribution", "saas-integrator", "bank-fintech"]
NUMBER = re.compile(r"\d+(?:[.,]\d+)?%|\d+[.,]\d+")  # percentages and decimals, as quoted in a reasoning


def _reference_section(case_id: str, lang: str = "en") -> dict:
    """The reference's export section, its texts and labels in ``lang``."""
    event = Event(0, "REF", "", case_id, lang, None)
    return team_section(references.reference_team(event, case_id), cases.get(case_id), Translator(lang))


def _computed_numbers(module: str, section: dict, tr: Translator) -> set[str]:
    """The numbers a module's reasoning may quote, formatted as the reader sees them."""
    if module == "partner_selection":
        return {tr.number(r["score"]) for r in section["ranking"]}
    if module == "goals_kpis":
        partners = section["business_case"]["partners"]
        return {tr.percent(p["roi"]) for p in partners} | {tr.number(p["payback_years"], 1) for p in partners}
    if module == "roles":
        return {tr.percent(x) for x in section["responsible_share"].values()}
    if module == "risk":
        shares = {tr.percent(v) for p in section["shares"].values() for v in p.values()}
        rule = section["balance"]["rule"]
        return shares | {tr.number(p["index"], 1) for p in section["balance"]["partners"].values()} | {
            tr.number(rule["balanced_from"], 1), tr.number(rule["balanced_to"])}
    if module == "pulse":
        rows = [r for r in section["rounds"][section["latest"]]["statements"] if r["gap"] is not None]
        rule = section["rule"]
        return {tr.number(abs(v), 1) for r in rows for v in (r["mean_a"], r["mean_b"], r["gap"])} | {
            tr.number(rule["gap_flag"], 1), tr.number(rule["healthy"], 1)}
    if module == "initiatives":
        return {tr.number(i["score"], 2) for i in section["initiatives"] if i["score"] is not None}
    return set()


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_reference_answers_are_written_for_their_case_and_quote_the_computed_numbers(case_id):
    """A reference is a model answer for its own case: it validates, its goals trace to KPIs,
    its risks carry real mitigations with owners named in one of the two companies, its
    module checks pass, its reasoning is its own and every number it quotes is computed."""
    ref = references.load(case_id)  # every document validated by its module's models
    case = cases.get(case_id)
    assert set(ref) == {s.key for s in registry.modules()}
    section = _reference_section(case_id)["modules"]
    # the Spanish reader's reference: its own texts, the same numbers (each reasoning is checked against its reader's)
    sections = {"en": section, "es": _reference_section(case_id, "es")["modules"]}
    goals = ref["goals_kpis"]["document"]
    traced = {k["goal"].split("#")[1] for k in goals["kpis"]}
    assert traced == {g["id"] for g in goals["goals"]} and all(k["goal"] for k in goals["kpis"])
    assert all(section["goals_kpis"]["wins"][p][h] for p in ("a", "b") for h in ("short", "long"))
    companies = [case.companies[p].name.split()[0] for p in ("a", "b")]  # "Andina", "Banco", "Lumen"
    register = ref["risk"]["team"]["risks"]
    assert {r["id"] for r in register} == {r.id for r in risk_case(case).risks}
    assert len({r["mitigation"] for r in register}) == len(register)  # no boilerplate mitigation
    assert all(any(c in r["owner"] for c in companies) for r in register)
    for module in ("goals_kpis", "roles", "governance", "initiatives"):
        failing = [c["check"] for c in section[module]["checks"] if not c["ok"]]
        assert not failing, (module, failing)
    assert section["initiatives"]["life_cycle"]["stage"] == "operate"  # nothing launched yet
    assert section["risk"]["balance"]["balanced"] and not section["risk"]["unmitigated"]
    for module, entry in ref.items():
        for lang in ("en", "es"):
            text = entry["explanation"][lang]
            quoted = set(NUMBER.findall(text))
            computed = _computed_numbers(module, sections[lang][module], Translator(lang))
            assert quoted <= computed, (module, lang, quoted - computed)
            if computed:
                assert quoted, (module, lang, "the reasoning quotes none of the computed numbers")
            for other in CASE_IDS:
                if other != case_id:
                    assert text != references.load(other)[module]["explanation"][lang], (module, other)
    points = compare(section, section)
    assert all(p.same for items in points.values() for p in items)


def test_the_comparison_names_real_differences():
    case_id = "medtech-distribution"
    event = Event(0, "REF", "", case_id, "en", None)
    ref = team_section(references.reference_team(event, case_id), cases.get(case_id), Translator("en"))["modules"]
    team = json.loads(json.dumps(ref))
    team["partner_selection"]["ranking"][0]["rank"] = 2
    team["partner_selection"]["ranking"][1]["rank"] = 1
    team["roles"]["consensus"]["strategy"] = {"b:exec_sponsor": "A"}
    team["governance"]["stress_test"][0]["deadlock"] = True
    points = {m: {p.code: p for p in items} for m, items in compare(team, ref).items()}
    assert "other_partner" in points["partner_selection"]
    assert points["roles"]["accountable_differs"].params["count"] == 1
    assert points["governance"]["deadlocks"].params["count"] == 1


def test_every_module_has_a_notebook_a_guide_page_and_debrief_questions():
    tr_en, tr_es = Translator("en"), Translator("es")
    for spec in registry.modules():
        notebook = ROOT / "notebooks" / f"{NOTEBOOKS[spec.key]}.ipynb"
        assert notebook.exists(), spec.key
        cells = json.loads(notebook.read_text())["cells"]
        text = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        assert "Worked example" in text and "Your exercise" in text, spec.key
        assert f'module_app("{spec.key}")' in "".join("".join(c["source"]) for c in cells)
        assert (GUIDE / f"{NOTEBOOKS[spec.key]}.md").exists(), spec.key
        guide = (GUIDE / f"{NOTEBOOKS[spec.key]}.md").read_text()
        for heading in ("**Goal.**", "**Timing.**", "**Debrief questions.**"):
            assert heading in guide, (spec.key, heading)
        assert tr_en(spec.title) != tr_es(spec.title)
    for name in ("06_team_summary", "facilitator", "workshop"):
        assert (ROOT / "notebooks" / f"{name}.ipynb").exists()


def test_every_link_in_the_guide_resolves():
    links = []
    for page in GUIDE.glob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text()):
            links.append((page.name, target))
            assert (GUIDE / target).exists(), (page.name, target)
    assert len(links) >= 10
    listed = {t for p, t in links if p == "README.md"}
    assert {p.name for p in GUIDE.glob("*.md")} - {"README.md"} <= listed  # the index lists every chapter


def test_the_guide_renders_to_html(tmp_path):
    written = build(GUIDE, tmp_path)
    html = (tmp_path / "index.html").read_text()
    assert 'href="agendas.html"' in html and "<table>" in (tmp_path / "agendas.html").read_text()
    assert len([p for p in written if p.suffix == ".html"]) == len(pages(GUIDE))


def test_every_table_row_in_the_guide_renders_inside_a_table(tmp_path):
    """A blank line inside a Markdown table ends it: the rows after it render as plain text."""
    build(GUIDE, tmp_path)
    for page in GUIDE.glob("*.md"):
        lines = page.read_text(encoding="utf-8").splitlines()
        rows = [line for line in lines if re.match(r"^\|.*\|$", line) and not re.match(r"^\|[-:| ]+\|$", line)]
        name = "index.html" if page.name == "README.md" else page.with_suffix(".html").name
        html = (tmp_path / name).read_text(encoding="utf-8")
        assert html.count("<tr") == len(rows), page.name


def test_a_solo_learner_starts_on_any_case_and_resumes(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        laptop: dict = {}  # the learner's browser
        app = WorkshopApp(store, {}, browser=laptop)
        app.join_view.name.value = "Lea"
        app.join_view.solo_case.value = "saas-integrator"
        app.join_view.solo_button.click()
        assert app.session.participant.event_code == solo_event_code("saas-integrator") == "SOLO-SI"
        assert app.session.case.id == "saas-integrator"
        app.stepper.show("partner_selection")
        app.stepper.current_view.sliders["trust"].value = 40
        again = WorkshopApp(store, {}, browser=laptop)
        again.join_view.name.value = " lea "
        again.join_view.solo_case.value = "saas-integrator"
        again.join_view.solo_button.click()
        assert again.session.participant.id == app.session.participant.id
        again.stepper.show("partner_selection")
        assert again.stepper.current_view.sliders["trust"].value == 40
    finally:
        store.close()


def test_every_module_notebook_has_a_spanish_twin_that_runs_the_same_cells_in_spanish():
    for name in sorted(set(NOTEBOOKS.values())):
        english = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text())["cells"]
        spanish = json.loads((ROOT / "notebooks" / "es" / f"{name}.ipynb").read_text())["cells"]
        assert [c["cell_type"] for c in spanish] == [c["cell_type"] for c in english], name
        for en_cell, es_cell in zip(english, spanish, strict=True):
            en_src, es_src = "".join(en_cell["source"]), "".join(es_cell["source"])
            if en_cell["cell_type"] == "code":  # the same code, asking for Spanish
                assert es_src == re.sub(r'(module_app|explore|check_module)\("([a-z_]+)"\)',
                                        r'\1("\2", lang="es")', en_src), name
            else:
                assert es_src != en_src and "Why it matters" not in es_src and "Worked example" not in es_src
        text = "".join("".join(c["source"]) for c in spanish if c["cell_type"] == "markdown")
        if name != "06_team_summary":
            assert "Ejemplo resuelto" in text and "Su ejercicio" in text, name
        assert f"notebooks/es/{name}.ipynb" in "".join("".join(c["source"]) for c in english), name


def test_readme_and_guide_show_pages_in_both_languages_and_every_image_exists():
    for doc in [ROOT / "README.md", *sorted(GUIDE.glob("*.md"))]:
        for target in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", doc.read_text()):
            assert (doc.parent / target).resolve().is_file(), (doc.name, target)
    readme = (ROOT / "README.md").read_text()
    assert "goals-en.png" in readme and "goals-es.png" in readme and "board-es.png" in readme


SUM = re.compile(r"(\d+(?:\s*\+\s*\d+)+)\s*=\s*(\d+)")


def _sums(text: str) -> list[tuple[int, int]]:
    return [(sum(int(x) for x in re.findall(r"\d+", terms)), int(total)) for terms, total in SUM.findall(text)]


@pytest.mark.parametrize("case_id", sorted(cases.available()))
def test_every_sum_quoted_in_a_reference_adds_up_and_the_governance_one_is_the_computed_trace(case_id):
    from widgets.modules.governance import model as gv

    answer = references.load(case_id)
    for module, entry in answer.items():
        for lang, text in (entry.get("explanation") or {}).items():
            assert all(got == total for got, total in _sums(text)), (module, lang, _sums(text))
    design = gv.Entry.model_validate(answer["governance"]["document"])
    ip = gv.trace(design, "ip", "joint_ip", cases.get(case_id))
    for text in answer["governance"]["explanation"].values():
        assert [total for _, total in _sums(text)] == [ip.days]  # the worst case it quotes is the computed one


def test_the_governance_notebook_quotes_the_computed_worst_cases():
    """Notebook 05's worked example (EN and ES) against the model on the numbers it states."""
    from widgets.modules.governance import model as gv

    case = cases.get("medtech-distribution")
    base = gv.default_entry(case).model_dump()
    base.update(ladder={"alliance_managers": 7, "steering_committee": 14, "executive_sponsors": 14}, final="ceos")
    base["decisions"]["joint_ip"]["last"] = "arbitration"  # a dispute over rights: its own binding last step
    expected = set()
    for breaker in ("escalate", "mediation"):
        base["decisions"]["joint_ip"]["breaker"] = breaker
        traced = gv.trace(gv.Entry.model_validate(base), "ip", "joint_ip", case)
        assert breaker == "mediation" or traced.skipped == ["executive_sponsors"]  # the sponsors sit on the committee
        expected.add(traced.days)
    for path in ("notebooks/05_governance.ipynb", "notebooks/es/05_governance.ipynb"):
        text = "".join("".join(c["source"]) for c in json.loads(Path(path).read_text())["cells"])
        sums = _sums(text)
        assert sums and all(got == total for got, total in sums) and {t for _, t in sums} == expected, (path, sums)


def _agenda_minutes(section: str) -> dict[str, int]:
    """Page -> minutes in one agenda table of agendas.md."""
    text = (GUIDE / "agendas.md").read_text(encoding="utf-8").split(f"## {section}")[1].split("\n## ")[0]
    rows = re.findall(r"^\| (\d):(\d\d) \| .*?\]\((\w+)\.md\).*\((\d+) min\) \|$", text, re.M)
    out, clock = {}, 0
    times = [(int(h) * 60 + int(m), page, int(mins)) for h, m, page, mins in rows]
    for start, page, mins in times:
        assert start >= clock, (section, page)  # in order, no overlap
        clock = start + mins
        out[page] = mins
    return out


def test_the_agendas_add_up_and_every_page_gives_the_same_minutes():
    short, half = _agenda_minutes("90 minutes"), _agenda_minutes("Half day")
    assert list(short)[-1] == "closing" and max(short.values()) and "03_roles" not in short
    assert sum(short.values()) == 90 and sum(half.values()) == 210 - 10  # the half day has a 10-minute break
    last = re.findall(r"^\| (\d):(\d\d) \| \[Closing\].*\((\d+) min\)", (GUIDE / "agendas.md").read_text(), re.M)
    assert [int(h) * 60 + int(m) + int(d) for h, m, d in last] == [90, 210, 450]  # each agenda ends on time
    for page in sorted(set(short) | set(half)):
        timing = re.search(r"\*\*Timing\.\*\* (.+?)\n\n", (GUIDE / f"{page}.md").read_text(encoding="utf-8"), re.S)
        line = " ".join(timing.group(1).split())
        stated = dict(re.findall(r"(\d+) (?:minutes )?in the (90-minute|half)", line))
        stated = {v: int(k) for k, v in stated.items()}
        if page in half:
            assert stated.get("half") == half[page], (page, line)
        if page in short:
            assert stated.get("90-minute") == short[page], (page, line)
        else:
            assert "not part of the 90-minute" in line, (page, line)


def test_the_full_day_adds_up_with_lunch_and_breaks():
    """Every row of the full day starts where the one before ends: 6 hours of work, two
    15-minute breaks and an hour for lunch, 7 hours 30 minutes in all; the sides are assigned
    in the opening of the half day and of the full day."""
    text = (GUIDE / "agendas.md").read_text(encoding="utf-8")
    full = text.split("## Full day")[1].split("\n## ")[0]
    rows = re.findall(r"^\| (\d):(\d\d) \| (.*?)\((\d+) min\) \|$", full, re.M)
    clock = 0
    for h, m, _, mins in rows:
        assert int(h) * 60 + int(m) == clock, (h, m)
        clock += int(mins)
    assert clock == 450 and re.search(r"^\| 7:30 \| End \|$", full, re.M)
    pauses = [int(mins) for _, _, what, mins in rows if what.startswith(("Break", "Lunch"))]
    assert sorted(pauses) == [15, 15, 60] and clock - sum(pauses) == 360
    for section in ("Half day", "Full day"):
        opening = text.split(f"## {section}")[1].split("\n## ")[0]
        assert re.search(r"\[Opening\]\(opening\.md\).*the sides", opening), section


def test_the_risk_notebook_quotes_the_computed_indexes():
    """Notebook 04's worked example (EN and ES): both indexes round to 1.0, and Norvia's drops
    to 0.7 when it carries every risk alone."""
    from widgets.modules.risk import model as rk

    case = cases.get("medtech-distribution")
    values = {"contributions": {"capital": {"a": 4, "b": 3}, "technology": {"a": 4, "b": 3}, "brand": {"a": 3, "b": 3},
                                "people": {"a": 3, "b": 4}, "customer_access": {"a": 2, "b": 4}},
              "benefits": {c: {"a": 3, "b": 3} for c in rk.BENEFITS}}
    alone = {**values, "risks": {r.id: {"likelihood": r.likelihood, "impact": r.impact, "share_a": 100}
                                 for r in risk_case(case).risks}}

    def indexes(doc):
        result = rk.aggregate(rk.default_register(case), case, {"m": rk.Entry.model_validate(doc)})
        return {p: b.index for p, b in result.balance.items()}

    even, skewed = indexes(values), indexes(alone)
    for path, lang in (("notebooks/04_risk_balance.ipynb", "en"), ("notebooks/es/04_risk_balance.ipynb", "es")):
        tr = Translator(lang)
        text = "".join("".join(c["source"]) for c in json.loads(Path(path).read_text())["cells"])
        assert {tr.number(x, 1) for x in even.values()} == {tr.number(1.0, 1)}
        assert {"en": "round to 1.0", "es": "redondean a 1,0"}[lang] in text
        assert skewed["a"] < rk.BALANCED[0] and tr.number(skewed["a"], 1) in text, path


def test_the_initiatives_notebook_quotes_the_computed_scores_and_loads():
    """Notebook 07's worked example (EN and ES) is the medtech reference: every score it quotes
    and the people the plan asks of each company are the computed ones."""
    section = _reference_section("medtech-distribution")["modules"]["initiatives"]
    loads = [s["load"] for s in section["staffing"].values()]
    doc = references.load("medtech-distribution")["initiatives"]["document"]
    weights = {k: v / 100 for k, v in doc["weights"].items()}
    # the worked sum for the demonstration fleet: each weight times its score
    fleet = next(f"Reference#{i['id']}" for i in doc["initiatives"] if i["title"].startswith("A shared fleet"))
    terms = {w * doc["scores"][fleet][k] for k, w in weights.items()}
    for path, lang in (("notebooks/07_initiatives.ipynb", "en"), ("notebooks/es/07_initiatives.ipynb", "es")):
        tr = Translator(lang)
        text = "".join(json.loads(Path(path).read_text())["cells"][0]["source"])
        quoted = set(re.findall(r"\d[.,]\d\d\b", text)) - {tr.number(x, 2) for x in (*weights.values(), *terms)}
        assert quoted == {tr.number(i["score"], 2) for i in section["initiatives"]}, (path, quoted)
        people = {"en": "people", "es": "personas"}[lang]
        assert f"= {loads[0]} {people}" in text and f"= {loads[1]}" in text, path


def test_the_pulse_notebook_quotes_the_computed_means_and_gap():
    """Notebook 08's worked example (EN and ES) is the medtech reference's team: three people per
    company, Norvia's 5, 4 and 3 against Andina's 2, 1 and 3, every member named."""
    from widgets.modules.pulse import model as pl

    ref = references.load("medtech-distribution")["pulse"]
    docs = {references.REFERENCE_MEMBER: ref["document"], **ref["teammates"]}
    entries = {name: pl.Entry.model_validate(doc) for name, doc in docs.items()}
    view = pl.aggregate(entries, pl.Sides.model_validate(ref["team"])).rounds["start"]
    assert all(n >= pl.MIN_PER_SIDE for n in view.respondents.values())
    row = view.row("resources_adequate")
    assert sorted(entries[n].rounds["start"]["resources_adequate"].score for n, s in ref["team"]["sides"].items()
                  if s == "a") == [3, 4, 5]
    assert row.flagged and not view.row("trust_other").flagged and pl.crack_seen(view, "resources") is False
    for path, lang in (("notebooks/08_pulse.ipynb", "en"), ("notebooks/es/08_pulse.ipynb", "es")):
        tr = Translator(lang)
        text = "".join(json.loads(Path(path).read_text())["cells"][0]["source"])
        for value in (row.means["a"], row.means["b"], row.gap, pl.GAP_FLAG, pl.HEALTHY):
            assert tr.number(value, 1) in text, (path, value)
        worked = text.split("\n## ")[1]  # the worked example's own section
        assert worked.startswith(("Worked example", "Ejemplo resuelto")), path
        assert all(name in worked for name in ref["teammates"]), path  # the reference's team, by name


# notebooks whose worked example has been checked against the case's reference (issue 36):
# each says whether its team is the reference answer's or another team
WORKED_AGAINST_REFERENCE = ("01_partner_selection", "02_goals_kpis", "03_roles", "04_risk_balance", "05_governance",
                            "07_initiatives", "08_pulse")


@pytest.mark.parametrize("name", WORKED_AGAINST_REFERENCE)
def test_a_worked_example_says_how_it_stands_to_the_cases_reference_answer(name):
    for path, says, other in ((ROOT / "notebooks" / f"{name}.ipynb", "reference answer", "another team"),
                              (ROOT / "notebooks" / "es" / f"{name}.ipynb", "respuesta de referencia", "otro equipo")):
        text = "".join(json.loads(path.read_text())["cells"][0]["source"])
        worked = " ".join(text.split("\n## ")[1].split())  # the worked example, on one line
        assert worked.startswith(("Worked example", "Ejemplo resuelto")) and says in worked, path
        same = {"07_initiatives", "08_pulse"}  # these use the reference's own team and numbers
        assert (other in worked) != (name in same), path
