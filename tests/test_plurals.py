"""Counts read right in both languages: "1 person", "2 people"; "1 persona", "2 personas"."""

from __future__ import annotations

import re

import pytest

from widgets.i18n import SUPPORTED, Translator, catalog
from widgets.modules.initiatives import report as ini_report
from widgets.modules.initiatives.section import InitiativesSection

# a count followed by a plural noun, as it reads wrong when the count is 1
_WRONG_ONE = re.compile(r"\b1 (people|members|teams|initiatives|scores|items|days|goals|KPIs|activities|checks|scenarios"
                        r"|statements|problems|points|personas|miembros|equipos|iniciativas|puntuaciones|puntos|días"
                        r"|objetivos|actividades|comprobaciones|escenarios|afirmaciones|problemas|unidos)\b")


def test_a_plural_message_has_its_other_form_in_every_language():
    en = catalog("en")
    plural = {k.rsplit(".", 1)[0] for k in en if k.endswith((".one", ".many", ".zero", ".two", ".few"))}
    assert plural and "initiatives.finding.overloaded" in plural
    for lang in SUPPORTED:
        assert {p for p in plural if p + ".other" not in catalog(lang)} == set(), lang


@pytest.mark.parametrize(("lang", "one", "two"), [
    ("en", "the plan asks for 1 person and", "the plan asks for 2 people and"),
    ("es", "el plan pide 1 persona y", "el plan pide 2 personas y"),
])
def test_the_form_follows_the_count(lang, one, two):
    tr = Translator(lang)
    assert one in tr("initiatives.finding.overloaded", company="X", count=1, capacity=0)
    assert two in tr("initiatives.finding.overloaded", company="X", count=2, capacity=0)
    assert tr.has("initiatives.finding.overloaded") and not tr.has("initiatives.finding.nothing")


def test_without_a_count_the_only_whole_number_chooses():
    es = Translator("es")
    assert es("join.team_option", team="Azul", members=1) == "Azul (1 unido)"
    assert es("join.team_option", team="Azul", members=3) == "Azul (3 unidos)"
    assert Translator("en")("partner_selection.points_left", left=1) == "1 point left to distribute."
    assert es("partner_selection.points_left", left=0) == "Le quedan 0 puntos por repartir."
    assert es("partner_selection.points_left", left=1_000_000).startswith("Le quedan")  # CLDR "many" -> other


def test_spanish_uses_the_same_form_for_a_million_as_for_two():
    es = Translator("es")
    assert es.plural_form(1_000_000) == "many"
    assert es("governance.chart.days", days=1_000_000) == "1000000 días"
    assert es.plural_form("3") == "other" and es.plural_form(True) == "other"


@pytest.mark.parametrize("lang", SUPPORTED)
def test_the_initiatives_findings_with_one_of_everything_read_right(lang):
    tr = Translator(lang)
    one = {"ref": "Ana#i1", "title": "One", "author": "Ana", "customers": "", "gain_a": "x", "gain_b": "", "horizon": "short",
           "people_a": 1, "people_b": 1, "score": 3.0, "spread": 0.0, "rank": 1, "scored_by": 1, "in_plan": True,
           "reached": "proposed", "next_gate": "concept", "missing": [], "evidence": {}}
    section = InitiativesSection.model_validate({"members": ["Ana"], "rule": {"min_initiatives": 3, "min_gains": 1, "criteria_spread": 30, "people_min": 2.5},
               "criteria": [], "checks": [{"check": "initiatives.criteria_agreed", "ok": True, "assessed": True},
                                          {"check": "initiatives.enough", "ok": False, "assessed": True}],
               "initiatives": [one], "grid": {}, "gains": {"A": 1},
               "staffing": {"A": {"load": 1, "capacity": 0, "people_rating": 1.0, "overloaded": True, "thin": True},
                            "B": {"load": 1, "capacity": None, "people_rating": None, "overloaded": False, "thin": False}},
               "contested": [{"initiative": "One", "criterion": "Fit", "low": 1, "high": 5, "spread": 4}]})
    lines = [text for _, text in ini_report.findings(section, tr)]
    assert len(lines) >= 5
    assert [t for t in lines if _WRONG_ONE.search(t)] == []
    for key, params in [("initiatives.portfolio_status", {"count": 1, "min": 3, "min_gains": 1}),
                        ("initiatives.progress_line", {"stage": "s", "gate": "g", "count": 1}),
                        ("finding.roles.responsible.fail", {"count": 1, "items": "x"}),
                        ("finding.goals_kpis.enough_goals.ok", {"count": 1}),
                        ("finding.governance.kpis_reviewed.fail", {"count": 1, "items": "x"}),
                        ("governance.point.deadlocks", {"count": 1, "scenarios": "x"}),
                        ("facilitator.progress_help", {"teams": 1}),
                        ("governance.chart.days", {"days": 1}),
                        ("cli.export_done", {"path": "p", "teams": 1}),
                        ("cli.case_problems", {"path": "p", "count": 1})]:
        assert not _WRONG_ONE.search(tr(key, **params)), (key, tr(key, **params))


@pytest.mark.parametrize(("lang", "one", "many", "arrives"), [
    ("en", "Ready for 1 participant.", "Ready for 30 participants.", "so that 1 participant can arrive;"),
    ("es", "Listo para 1 participante.", "Listo para 30 participantes.", "para que 1 participante pueda llegar;"),
])
def test_the_servers_ready_lines_count_right(lang, one, many, arrives):
    tr = Translator(lang)
    assert tr("cli.serve_ready", count=1) == one and tr("cli.serve_ready", count=30) == many
    assert arrives in tr("cli.serve_warming_start", count=1, pool=1)
