"""Goals and KPIs: the export section and the charts."""

from __future__ import annotations

from dataclasses import dataclass

from widgets import safe
from widgets.contract import CharterContext, Column, Fact, Point
from widgets.i18n import Translator
from widgets.model.case import Case
from widgets.model.health import check
from widgets.model.reference import checks_point
from widgets.modules.goals_kpis import model as gk
from widgets.modules.goals_kpis.section import (
    BusinessCase,
    GoalRow,
    GoalsKpisCheck,
    GoalsKpisSection,
    KpiRow,
    PartnerRow,
    Scope,
)
from widgets.report import worksheet as ws
from widgets.report.blocks import Block, checks_block
from widgets.report.figures import figure, go


@dataclass
class GoalsState:
    plan: gk.TeamPlan
    entries: dict[str, gk.Entry]
    team: gk.TeamSet
    returns: list[gk.PartnerReturn]


def state_from(documents: dict, shared, team_size: int | None = None, team_set: gk.TeamSet | None = None) -> GoalsState:
    plan = gk.TeamPlan.model_validate(shared) if shared is not None else gk.TeamPlan()
    entries = {name: gk.Entry.model_validate(doc) for name, doc in documents.items()}
    return GoalsState(plan, entries, team_set or gk.team_set(entries, team_size), gk.business_case(plan))


def team_set_for(team) -> gk.TeamSet:
    """The team's goals and KPIs, computed once per snapshot (governance reads them too)."""
    def compute() -> gk.TeamSet:
        entries = {name: gk.Entry.model_validate(doc) for name, doc in team.module(gk.KEY).items()}
        return gk.team_set(entries, len(team.members))

    memo = getattr(team, "memo", None)  # a TeamData snapshot keeps it; anything else computes it
    return memo((gk.KEY, "team_set"), compute) if memo else compute()


def state_for(team) -> GoalsState:
    return state_from(team.module(gk.KEY), team.shared.get(gk.KEY), len(team.members), team_set_for(team))


def _num(x: float | None, digits: int = 3):
    return None if x is None else round(x, digits)


def section(team, case: Case, lang: str | None = None) -> GoalsKpisSection:
    state = state_for(team)
    goal_text = {g.ref: g.item.text for g in state.team.goals}
    team = state.team
    return GoalsKpisSection(
        vision=state.plan.vision,
        scope=Scope(in_=state.plan.scope_in, out=state.plan.scope_out),
        business_case=BusinessCase(
            horizon_years=state.plan.horizon_years,
            partners=[PartnerRow(partner=r.partner, company=case.companies[r.partner].name,
                                 investment=r.investment, annual_return=r.annual_return,
                                 total_return=_num(r.total_return), roi=_num(r.roi),
                                 payback_years=_num(r.payback_years)) for r in state.returns],
        ),
        # one entry per distinct goal or KPI: "proposed_by" lists every member who proposed it
        goals=[GoalRow(ref=g.ref, text=g.item.text, proposed_by=g.proposed_by, endorsed_by=g.endorsed_by,
                       supporters=g.supporters, in_team_set=g.in_set) for g in team.goals],
        kpis=[_kpi_row(p, goal_text.get(team.entry_ref(p.item.goal)), team.kpi_checks[p.ref]) for p in team.kpis],
        wins=team.wins,
        checks=[GoalsKpisCheck(check=c.code, ok=c.ok, detail=c.params) for c in team.checks],
    )


def _kpi_row(p: gk.Proposal, goal_text: str | None, checks: list[gk.Check]) -> KpiRow:
    """A KPI of the team's list: the KPI's own fields (all but its id), then who stands behind it."""
    k = p.item
    return KpiRow(name=k.name, goal=k.goal, category=k.category, kind=k.kind, baseline=k.baseline, target=k.target,
                  unit=k.unit, scale=k.scale, horizon=k.horizon, due_months=k.due_months, beneficiary=k.beneficiary,
                  owner=k.owner, frequency=k.frequency,
                  ref=p.ref, goal_text=goal_text, proposed_by=p.proposed_by, endorsed_by=p.endorsed_by,
                  supporters=p.supporters, in_team_set=p.in_set, checks={c.code: c.ok for c in checks})


def wins_table(wins: dict, names: dict[str, str], tr: Translator) -> tuple[list[str], list[list]]:
    """The 2×2 of quick and long-term wins: (headers, rows), a row per partner."""
    headers = [tr("goals_kpis.col_partner"), tr("goals_kpis.col_short"), tr("goals_kpis.col_long")]
    return headers, [[names[p], wins.get(p, {}).get("short", 0), wins.get(p, {}).get("long", 0)] for p in ("a", "b")]


def category_chart(state: GoalsState, tr: Translator):
    data = gk.counts(state.team.kpis)["category"]
    if not any(sum(v.values()) for v in data.values()):
        return None
    cats = [tr(f"goals_kpis.category.{c}") for c in gk.CATEGORIES]
    bars = [go().Bar(x=cats, y=values, name=tr(f"goals_kpis.horizon.{horizon}"))
            for horizon in ("short", "long", "unset")
            if any(values := [data[c][horizon] for c in gk.CATEGORIES])]
    return figure(bars, tr("goals_kpis.chart.category_title"), barmode="stack",
                  x=tr("goals_kpis.chart.category"), y=tr("goals_kpis.chart.kpi_count"), yaxis={"dtick": 1},
                  legend=tr("goals_kpis.chart.horizon"))


def beneficiary_chart(state: GoalsState, tr: Translator, case: Case):
    data = gk.counts(state.team.kpis)["beneficiary"]
    if not any(data.values()):
        return None
    names = {"a": case.companies["a"].name, "b": case.companies["b"].name}
    labels = safe.chart_labels([tr(f"goals_kpis.beneficiary.{b}", a=names["a"], b=names["b"]) for b in gk.BENEFICIARIES], 40)
    bar = go().Bar(x=[data[b] for b in gk.BENEFICIARIES], y=labels, orientation="h",
                   marker_color=["#2f6fae", "#e09100", "#2e7d32"])
    return figure(bar, tr("goals_kpis.chart.beneficiary_title"), x=tr("goals_kpis.chart.kpi_count"),
                  xaxis={"dtick": 1}, y=tr("goals_kpis.chart.beneficiary"))


def business_chart(state: GoalsState, tr: Translator, case: Case):
    if not any(r.investment is not None or r.annual_return is not None for r in state.returns):
        return None
    names = safe.chart_labels([case.companies[r.partner].name for r in state.returns], 30)
    bars = [
        go().Bar(x=names, y=[r.investment or 0 for r in state.returns], name=tr("goals_kpis.investment")),
        go().Bar(x=names, y=[r.total_return or 0 for r in state.returns],
                 name=tr("goals_kpis.total_return", years=state.plan.horizon_years)),
    ]
    return figure(bars, tr("goals_kpis.chart.business_title"), barmode="group",
                  x=tr("goals_kpis.chart.partner"), y=tr("goals_kpis.chart.amount"))


def horizon_text(horizon: str | None, due_months: int | None, tr: Translator) -> str:
    """A KPI's horizon as read, with its date when it has one ("Quick win · within 9 months")."""
    text = tr(f"goals_kpis.horizon.{horizon or 'unset'}")
    return f"{text} · {tr('goals_kpis.due_in', months=due_months)}" if due_months else text


def members_text(members: list[str] | str | None) -> str:
    """Members as read in a cell: "Ana, Ben"; nobody is "–" (an older export's single name is kept)."""
    if isinstance(members, str):
        return members or "–"
    return ", ".join(members or []) or "–"


# -- the module's hooks into the charter, the workbook, the health check and the dashboard ----
def charter(section: GoalsKpisSection, ctx: CharterContext) -> list[Block]:
    tr = ctx.tr
    out = [Block("p", tr("charter.vision", vision=section.vision or "–"))]
    scope = section.scope
    out.append(Block("p", tr("goals_kpis.charter_scope", scope_in=scope.in_ or "–", scope_out=scope.out or "–")))
    goals = [tr("goals_kpis.goal_supporters", text=g.text, names=members_text(g.supporters or g.proposed_by))
             for g in section.goals if g.in_team_set]
    if goals:
        out.append(Block("p", tr("goals_kpis.team_goals")))
        out.append(Block("list", items=goals))
    out.append(Block("table", headers=[tr("goals_kpis.col_partner"), tr("goals_kpis.investment"), tr("goals_kpis.annual_return"),
                                       tr("goals_kpis.col_roi"), tr("goals_kpis.col_payback")],
                     rows=[[p.company, tr.number(p.investment, 0), tr.number(p.annual_return, 0), tr.percent(p.roi),
                            tr.number(p.payback_years, 1)] for p in section.business_case.partners]))
    chosen = [k for k in section.kpis if k.in_team_set]
    out.append(Block("table", headers=[tr("goals_kpis.col_kpi"), tr("goals_kpis.kpi_category"), tr("goals_kpis.kpi_target"),
                                       tr("goals_kpis.kpi_unit"), tr("goals_kpis.kpi_horizon"), tr("goals_kpis.kpi_owner"),
                                       tr("goals_kpis.col_proposed"), tr("goals_kpis.col_endorsed")],
                     rows=[[k.name, tr(f"goals_kpis.category.{k.category}"),
                            tr.number(k.target), k.unit or k.scale or "–",
                            horizon_text(k.horizon, k.due_months, tr), k.owner or "–", members_text(k.proposed_by),
                            members_text(k.endorsed_by)] for k in chosen]))
    if section.wins:
        headers, rows = wins_table(section.wins, {p: ctx.case.companies[p].name for p in ("a", "b")}, tr)
        out.append(Block("p", tr("goals_kpis.wins_title")))
        out.append(Block("table", headers=headers, rows=rows))
    out.append(checks_block(section.checks, tr))
    return out


def sheet(section: GoalsKpisSection, ctx: CharterContext) -> tuple[list[str], list[list]]:
    tr = ctx.tr
    names = {p: ctx.case.companies[p].name for p in ("a", "b")}
    return (["name", "category", "kind", "baseline", "target", "unit", "horizon", "due_months", "beneficiary", "owner",
             "frequency", "proposed_by", "endorsed_by", "in_team_set"],
            [[k.name, tr(f"goals_kpis.category.{k.category}"), tr(f"goals_kpis.kind.{k.kind}"), k.baseline,
              k.target, k.unit or k.scale, tr(f"goals_kpis.horizon.{k.horizon or 'unset'}"), k.due_months,
              tr(f"goals_kpis.beneficiary.{k.beneficiary}", **names) if k.beneficiary else "", k.owner,
              tr(f"goals_kpis.frequency.{k.frequency or 'unset'}"), members_text(k.proposed_by), members_text(k.endorsed_by),
              k.in_team_set] for k in section.kpis])


def _all(*outcomes: bool | None) -> bool | None:
    """All pass; None when none was assessed."""
    known = [o for o in outcomes if o is not None]
    return all(known) if known else None


def facts(section: GoalsKpisSection) -> list[Fact]:
    # the empty section: no goals and KPIs data for this team at all (a real one always has the
    # partners' business case and the checks), so nothing is assessed, not even the vision
    present = section != GoalsKpisSection()
    scope = section.scope
    started = section if (section.kpis or section.goals or section.vision or scope.in_ or scope.out) else None
    partners = section.business_case.partners
    case_ok = (None if not partners else
               all(p.investment is not None and p.annual_return is not None for p in partners))
    return [Fact("strategy_clarity", "vision_written", bool(section.vision) if present else None, critical=True),
            Fact("strategy_clarity", "scope_written", bool(scope.in_ and scope.out) if started else None, critical=True),
            Fact("strategy_clarity", "enough_goals", check(started, "goals_kpis.enough_goals")),
            Fact("trust", "relationship_kpi", check(started, "goals_kpis.relationship_kpi")),
            Fact("goals_kpis", "kpis_sound", _all(check(started, "goals_kpis.kpis_sound"),
                                                  check(started, "goals_kpis.every_goal_measured")), critical=True),
            Fact("goals_kpis", "both_benefit", check(started, "goals_kpis.both_benefit"), critical=True),
            Fact("goals_kpis", "both_horizons", check(started, "goals_kpis.both_horizons")),
            Fact("resources", "business_case", case_ok)]


def comparison(section: GoalsKpisSection) -> list[Column]:
    checks = section.checks
    return [Column("kpis", "facilitator.col_kpis", sum(1 for k in section.kpis if k.in_team_set)),
            Column("goals_checks", "facilitator.col_goal_checks", (sum(c.ok for c in checks), len(checks)),
                   show=lambda tr, v: f"{v[0]}/{v[1]}")]


def reference_points(team: GoalsKpisSection, reference: GoalsKpisSection) -> list[Point]:
    return [checks_point(team, reference)]


# -- printed pack ------------------------------------------------------------------------------
KPI_CARDS = 3  # KPI forms on the sheet (a member adds more on the page)
GOAL_LINES = 4


def worksheet(case: Case, tr: Translator) -> safe.Markup:
    """Two sheets like the page's tabs: the team's vision, scope and business case (one copy
    for the team), then each member's goals and KPI forms, every choice printed to tick."""
    title = tr("module.goals_kpis.title")
    plan, proposals = tr("goals_kpis.tab_plan"), tr("goals_kpis.tab_proposals")
    names = {p: case.companies[p].name for p in ("a", "b")}
    business = ws.grid([tr("goals_kpis.col_partner"), tr("goals_kpis.investment"), tr("goals_kpis.annual_return")],
                       [[names[p], ws.BOX, ws.BOX] for p in ("a", "b")], widths=("40%", "30%", "30%"))
    team_sheet = ws.sheet(tr, title + " · " + plan, [
        ws.part(tr("goals_kpis.vision_title"), ws.where(tr, title, plan, tr("goals_kpis.vision")),
                ws.field(tr("goals_kpis.vision"), lines=3, hint=tr("goals_kpis.vision_placeholder")),
                note=tr("goals_kpis.vision_help")),
        ws.part(tr("goals_kpis.scope_title"), ws.where(tr, title, plan, tr("goals_kpis.scope_title")),
                ws.field(tr("goals_kpis.scope_in"), lines=2), ws.field(tr("goals_kpis.scope_out"), lines=2),
                note=tr("goals_kpis.scope_help")),
        ws.part(tr("goals_kpis.business_title"), ws.where(tr, title, plan, tr("goals_kpis.business_title")),
                ws.field(tr("goals_kpis.horizon_years"), hint="1–10"), business, note=tr("goals_kpis.business_help")),
    ], intro=tr("goals_kpis.worksheet.intro_team"))
    beneficiaries = [tr(f"goals_kpis.beneficiary.{b}", **names) for b in gk.BENEFICIARIES]
    kpis = []
    for n in range(1, KPI_CARDS + 1):
        kpis.append(ws.part(f"{tr('goals_kpis.kpi_edit')} {n}",
            ws.where(tr, title, proposals, tr("goals_kpis.kpi_title"), tr("goals_kpis.kpi_new")),
            ws.fields(ws.field(tr("goals_kpis.kpi_name")), ws.field(tr("goals_kpis.kpi_goal"))),
            ws.choices(tr, tr("goals_kpis.kpi_category"), [tr(f"goals_kpis.category.{c}") for c in gk.CATEGORIES]),
            ws.choices(tr, tr("goals_kpis.kpi_kind"), [tr(f"goals_kpis.kind.{k}") for k in ("quantitative", "qualitative")]),
            ws.fields(ws.field(tr("goals_kpis.kpi_baseline")), ws.field(tr("goals_kpis.kpi_target")),
                      ws.field(tr("goals_kpis.kpi_unit"), hint=tr("goals_kpis.unit_placeholder"))),
            ws.field(tr("goals_kpis.kpi_scale"), hint=tr("goals_kpis.scale_placeholder")),
            ws.choices(tr, tr("goals_kpis.kpi_horizon"), [tr(f"goals_kpis.horizon.{h}") for h in gk.HORIZONS]),
            ws.fields(ws.field(tr("goals_kpis.kpi_due"), hint=f"0–{gk.MAX_DUE_MONTHS}"),
                      ws.field(tr("goals_kpis.kpi_owner"), hint=tr("goals_kpis.owner_placeholder"))),
            ws.choices(tr, tr("goals_kpis.kpi_beneficiary"), beneficiaries),
            ws.choices(tr, tr("goals_kpis.kpi_frequency"), [tr(f"goals_kpis.frequency.{f}") for f in gk.FREQUENCIES])))
    member_sheet = ws.sheet(tr, title + " · " + proposals, [
        ws.part(tr("goals_kpis.goals_title"), ws.where(tr, title, proposals, tr("goals_kpis.new_goal")),
                ws.grid(["#", tr("goals_kpis.new_goal")], [[str(n), ws.BOX] for n in range(1, GOAL_LINES + 1)],
                        widths=("6%", "94%")), note=tr("goals_kpis.goals_help")),
        ws.text_block(tr("goals_kpis.kpi_help")), *kpis,
    ], intro=tr("goals_kpis.worksheet.intro_member"))
    return safe.join([team_sheet, member_sheet])
