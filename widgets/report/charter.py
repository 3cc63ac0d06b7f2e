"""The alliance charter as a list of blocks (headings, paragraphs, tables, charts), built from
one team's export section. Markdown, HTML and the summary page all render these blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from widgets import cases
from widgets.i18n import Translator
from widgets.model.case import Case
from widgets.session import TeamData


@dataclass
class Block:
    kind: str  # "h1", "h2", "p", "table", "chart", "health", "list"
    text: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    figure: Any = None
    items: list[Any] = field(default_factory=list)


def team_data_from_export(event, team: dict) -> TeamData:
    """Rebuild a :class:`TeamData` from an exported team (for charts in offline exports)."""
    members = list(enumerate(team["participants"], start=1))
    return TeamData(event, 0, team["name"], members, documents=team.get("documents", {}),
                    shared=team.get("shared", {}))


def _pct(x):
    return "–" if x is None else f"{100 * x:.0f}%"


def _num(x, digits=2):
    return "–" if x is None else f"{x:.{digits}f}"


def blocks(team: dict, event, tr: Translator, case: Case | None = None, charts: bool = True) -> list[Block]:
    """Every section of the charter for one exported team."""
    case = case or cases.get(event.case_id)
    m = team["modules"]
    out = [Block("h1", tr("charter.title", team=team["name"])),
           Block("p", tr("charter.subtitle", a=case.companies["a"].name, b=case.companies["b"].name,
                         members=", ".join(team["participants"]) or "–"))]
    data = team_data_from_export(event, team) if charts else None

    # health first: what a facilitator and a team look at first
    out.append(Block("h2", tr("health.title")))
    out.append(Block("p", tr("health.help")))
    out.append(Block("health", items=team["health_check"]))
    phases = team.get("phases", {})
    out.append(Block("table", headers=[tr("charter.phase"), tr("charter.checks_passed")],
                     rows=[[tr(f"phase.{p}"), f"{v['passed']} / {v['total']}"] for p, v in phases.items()]))

    ps = m.get("partner_selection") or {}
    out.append(Block("h2", tr("module.partner_selection.title")))
    top = next((r for r in ps.get("ranking", []) if r.get("rank") == 1), None)
    rob = ps.get("robustness") or {}
    if top:
        out.append(Block("p", tr("charter.partner_choice", candidate=top["candidate"], score=_num(top["score"]),
                                 count=rob.get("stays_first", 0), members=rob.get("members", 0))))
    out.append(Block("table", headers=[tr("partner.col_rank"), tr("partner.col_candidate"), tr("partner.col_score"),
                                       tr("partner.col_spread")],
                     rows=[[r["rank"] or "–", r["candidate"], _num(r["score"]), _num(r["spread"])]
                           for r in ps.get("ranking", [])]))
    if charts and ps.get("members"):
        from widgets.report import partner_selection as rp
        out.append(Block("chart", figure=rp.radar(rp.state_for(data, case, tr.lang), tr)))

    gk = m.get("goals_kpis") or {}
    out.append(Block("h2", tr("module.goals_kpis.title")))
    out.append(Block("p", tr("charter.vision", vision=gk.get("vision") or "–")))
    goals = [g["text"] for g in gk.get("goals", []) if g.get("in_team_set")]
    if goals:
        out.append(Block("p", tr("goals.team_goals")))
        out.append(Block("list", items=goals))
    bc = gk.get("business_case") or {}
    out.append(Block("table", headers=[tr("goals.col_partner"), tr("goals.investment"), tr("goals.annual_return"),
                                       tr("goals.col_roi"), tr("goals.col_payback")],
                     rows=[[p["company"], _num(p["investment"], 0), _num(p["annual_return"], 0), _pct(p["roi"]),
                            _num(p["payback_years"], 1)] for p in bc.get("partners", [])]))
    chosen = [k for k in gk.get("kpis", []) if k.get("in_team_set")]
    out.append(Block("table", headers=[tr("goals.col_kpi"), tr("goals.kpi_category"), tr("goals.kpi_target"),
                                       tr("goals.kpi_unit"), tr("goals.kpi_horizon"), tr("goals.kpi_owner"),
                                       tr("goals.col_proposed"), tr("goals.col_endorsed")],
                     rows=[[k["name"], tr(f"goals.category.{k['category']}"),
                            "–" if k["target"] is None else f"{k['target']:g}", k["unit"] or k["scale"] or "–",
                            tr(f"goals.horizon.{k['horizon'] or 'unset'}"), k["owner"] or "–", k["proposed_by"],
                            ", ".join(k["endorsed_by"]) or "–"] for k in chosen]))
    out.append(_checks_block(gk.get("checks", []), tr))

    rl = m.get("roles") or {}
    out.append(Block("h2", tr("module.roles.title")))
    roles = rl.get("roles", [])
    out.append(Block("table", headers=[tr("roles.activity")] + [r["label"] for r in roles],
                     rows=[[a["label"]] + [(rl.get("consensus", {}).get(a["id"], {}).get(r["column"], ""))
                                           for r in roles] for a in rl.get("activities", [])]))
    out.append(_checks_block(rl.get("checks", []), tr))

    rk = m.get("risk") or {}
    out.append(Block("h2", tr("module.risk.title")))
    out.append(Block("table", headers=[tr("risk.col_partner"), tr("risk.share.contribution"), tr("risk.share.benefit"),
                                       tr("risk.share.risk"), tr("risk.col_index"), tr("risk.col_verdict")],
                     rows=[[name, _pct(v["contribution"]), _pct(v["benefit"]), _pct(v["risk"]),
                            _num(rk["balance"]["partners"][name]["index"]),
                            tr(f"risk.verdict_short.{rk['balance']['partners'][name]['verdict']}")]
                           for name, v in (rk.get("shares") or {}).items()]))
    out.append(Block("table", headers=[tr("risk.col_risk"), tr("risk.likelihood"), tr("risk.impact"),
                                       tr("risk.mitigation"), tr("risk.owner")],
                     rows=[[r["risk"], _num(r["likelihood"], 1), _num(r["impact"], 1), r["mitigation"] or "–",
                            r["owner"] or "–"] for r in rk.get("risks", [])]))
    if rk.get("unmitigated"):
        out.append(Block("p", tr("risk.unmitigated", risks="; ".join(rk["unmitigated"]))))
    if charts and rk.get("members"):
        from widgets.report import risk as rr
        out.append(Block("chart", figure=rr.shares_chart(rr.state_for(data, case, tr.lang), tr, case)))

    gv = m.get("governance") or {}
    out.append(Block("h2", tr("module.governance.title")))
    out.append(Block("table", headers=[tr("governance.col_scenario"), tr("governance.col_decision"),
                                       tr("governance.col_who"), tr("governance.col_days"), tr("governance.col_outcome")],
                     rows=[[t["scenario"], t["decision"], t["who_decides"], t["worst_case_days"] or "–",
                            tr(f"governance.outcome.{'deadlock' if t['deadlock'] else 'decided'}")]
                           for t in gv.get("stress_test", [])]))
    out.append(_checks_block(gv.get("checks", []), tr))
    if charts and gv.get("members"):
        from widgets.report import governance as rg
        out.append(Block("chart", figure=rg.stress_chart(rg.state_for(data, case, tr.lang), tr)))

    out.append(Block("h2", tr("charter.contested_title")))
    out.append(Block("table", headers=[tr("charter.col_module"), tr("charter.col_item"), tr("charter.col_detail"),
                                       tr("charter.col_level")],
                     rows=[[tr(f"module.{c['module']}.title"), c["item"], c["detail"], f"{100 * c['level']:.0f}%"]
                           for c in team.get("contested", [])]))
    return [b for b in out if b.kind != "chart" or b.figure is not None]


def _checks_block(checks: list[dict], tr: Translator) -> Block:
    return Block("list", items=[("✓ " if c["ok"] else "✗ ") + tr(f"charter.check.{c['check']}") for c in checks])
