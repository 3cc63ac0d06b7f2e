"""Governance design: the export section and the charts."""

from __future__ import annotations

from dataclasses import dataclass

from widgets import safe
from widgets.contract import CharterContext, Column, Disagreement, Fact, Point
from widgets.i18n import Translator
from widgets.model.case import Case
from widgets.model.health import CONTESTED_LIMIT, check
from widgets.model.reference import checks_point
from widgets.modules.goals_kpis import model as gk
from widgets.modules.governance import model as gv
from widgets.modules.governance.case import of as case_of
from widgets.modules.governance.section import (
    BodyRow,
    DecisionRow,
    DesignDifference,
    Escalation,
    ExitTerms,
    GovernanceCheck,
    GovernanceSection,
    KpiReview,
    LadderLevel,
    Reporting,
    StressTrace,
)
from widgets.modules.roles import model as rm
from widgets.report import worksheet as ws
from widgets.report.blocks import Block, checks_block
from widgets.report.figures import figure, go


@dataclass
class GovernanceState:
    labels: dict[str, str]
    kpis: list[str]  # refs of the team's KPIs (from the goals module)
    entries: dict[str, gv.Entry]
    result: gv.GovernanceResult
    owners: dict[str, str]  # the RACI's agreed Accountable per activity linked to a decision


def state_from(documents: dict, goals_documents: dict, case: Case, lang: str, team_size: int | None = None,
               roles_documents: dict | None = None, goals: gk.TeamSet | None = None) -> GovernanceState:
    if goals is None:
        goals = gk.team_set({m: gk.Entry.model_validate(d) for m, d in goals_documents.items()}, team_size)
    kpis = [p.ref for p in goals.chosen_kpis]
    labels = gv.labels_for(case, lang)
    labels.update({p.ref: p.item.name for p in goals.kpis})
    entries = {m: gv.Entry.model_validate(d) for m, d in documents.items()}
    linked = [d.activity for d in case_of(case).decisions if d.activity]
    owners = rm.owners(linked, rm.columns_for(case), roles_documents or {})
    return GovernanceState(labels, kpis, entries, gv.aggregate(entries, case, labels, kpis, owners), owners)


def state_for(team, case: Case, lang: str) -> GovernanceState:
    from widgets.modules.goals_kpis.report import team_set_for

    return state_from(team.module(gv.KEY), team.module(gk.KEY), case, lang, len(team.members), team.module(rm.KEY),
                      goals=team_set_for(team))


def _path(path: tuple) -> str:
    return "/".join(str(p) for p in path)


def section(team, case: Case, lang: str | None = None) -> GovernanceSection:
    state = state_for(team, case, lang or team.event.lang)
    result, labels = state.result, state.labels
    design = result.design
    return GovernanceSection(
        members=result.members,
        bodies=[BodyRow(id=b, body=labels.get(b, b), members_a=body.members_a, members_b=body.members_b,
                        chair=body.chair, cadence=body.cadence) for b, body in design.bodies.items()],
        decisions=[DecisionRow(id=d, decision=labels.get(d, d), body=dd.body, rule=dd.rule, days=dd.days,
                               breaker=dd.breaker, last=dd.last) for d, dd in design.decisions.items()],
        escalation=Escalation(levels=[LadderLevel(level=lv, days=design.ladder.get(lv, 0)) for lv in gv.LEVELS],
                              final=design.final, backstop=design.backstop, ends_in=gv.ladder_end(design)[0],
                              worst_case_days=gv.escalation_days(design, case=case)),
        reporting=Reporting(kpis=[KpiReview(kpi=labels.get(k, k), ref=k, body=design.reporting.get(k))
                                  for k in state.kpis],
                            health_review=design.health_review),
        exit=ExitTerms(triggers=design.exit_triggers, plan=design.exit_plan),
        succession=design.succession,
        checks=[GovernanceCheck(check=c.code, ok=c.ok, items=[labels.get(i, i) for i in c.items],
                                assessed=c.variant != "none") for c in result.checks],
        stress_test=[StressTrace(scenario=labels.get(t.scenario, t.scenario), decision=labels.get(t.decision, t.decision),
                                 body=t.body, rule=t.rule, who_decides=t.who, worst_case_days=t.days,
                                 outcome=t.outcome, one_partner=t.one_partner, deadlock=t.deadlock, path=t.path,
                                 skipped=t.skipped)
                     for t in result.traces],
        differences=[DesignDifference(field=_path(d.path), choices=d.choices, team_design=d.chosen)
                     for d in result.differences],
    )


def field_label(path: tuple, labels: dict[str, str], tr: Translator, names: dict[str, str]) -> str:
    """A design field as a person reads it (e.g. "Pricing · rule"), in ``tr``'s language."""
    if path[0] in ("bodies", "decisions"):
        return f"{labels.get(path[1], path[1])} · {tr(f'governance.field.{path[2]}', **names)}"
    if path[0] == "ladder":
        return tr(f"governance.level.{path[1]}")
    if path[0] == "reporting":
        return f"{labels.get(path[1], path[1])} · {tr('governance.field.reviewed_by')}"
    if path[0] in gv.LISTS:
        kind = {"exit_triggers": "trigger", "exit_plan": "plan"}.get(path[0], path[0])
        return tr(f"governance.{kind}.{path[1]}")
    return tr(f"governance.field.{path[0]}", **names)


def value_label(path: tuple, value, labels: dict[str, str], tr: Translator, names: dict[str, str]) -> str:
    """A field's value as a person reads it (e.g. "Majority vote", "Steering committee")."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return tr("governance.yes") if value else tr("governance.no")
    last = path[-1] if path[0] not in ("ladder", "reporting", *gv.LISTS) else path[0]
    if last == "body" or path[0] == "reporting":
        return labels.get(value, value)
    if last in ("rule", "chair", "breaker", "cadence", "final", "backstop", "last", "health_review"):
        kind = {"health_review": "cadence"}.get(last, last)
        return tr(f"governance.{kind}.{value}", **names)
    return str(value)


def who_label(who: str, body: str | None, labels: dict[str, str], names: dict[str, str], tr: Translator) -> str:
    """Who decides in a stress-test trace, as a person reads it (a body, a company, a chair, a
    final mechanism, or nobody)."""
    if who == "body":
        return labels.get(body, body or "–")
    if who in ("a", "b"):
        return names[who]
    if who == "chair":
        return tr("governance.who.chair", body=labels.get(body, body or "–"))
    if who in gv.LAST_STEPS:
        return tr(f"governance.last.{who}")
    return tr(f"governance.who.{who}")


def skipped_text(levels: list[str], tr: Translator) -> str:
    """The groups a trace skipped (their people already decided below), as a person reads them."""
    return ", ".join(tr(f"governance.level.{lv}") for lv in levels) or "–"


def people_rows(case: Case, lang: str) -> list[tuple[str, str]]:
    """(level, who sits there for each company) for each ladder level the case names."""
    section = gv.case_section(case)
    rows = []
    for level in (*gv.LEVELS, "ceos"):
        group = section.levels.get(level) or {}
        names = [f"{section.people[side][p].get(lang)} ({case.companies[side].name})"
                 for side in gv.SIDES for p in group.get(side, [])]
        if names:
            rows.append((level, ", ".join(names)))
    return rows


def difference_text(difference: DesignDifference, labels: dict[str, str], names: dict[str, str],
                    tr: Translator, memo: dict | None = None) -> tuple[str, str]:
    """A section's difference (field ``"decisions/pricing/rule"``, members' choices) as
    (field, members' choices) in ``tr``'s language: never an internal id or value (``labels``:
    the case's labels in that language, ``names``: the companies'; ``memo``: value labels
    already looked up, shared by the differences of one team)."""
    path = tuple(difference.field.split("/"))
    memo = {} if memo is None else memo

    def label(value) -> str:
        key = (path[0], path[-1], repr(value))
        if key not in memo:
            memo[key] = value_label(path, value, labels, tr, names)
        return memo[key]

    choices = ", ".join(f"{member}: {label(value)}" for member, value in difference.choices.items())
    return field_label(path, labels, tr, names), choices


def ladder_chart(state: GovernanceState, tr: Translator, case: Case):
    """The escalation path as a flow: each ladder level used, the top of the ladder, then each
    decision's own last step (red when a decision that escalates has none)."""
    design = state.result.design
    steps = [tr("governance.chart.start")]
    days = []
    for level in gv.LEVELS:
        if design.ladder.get(level, 0) > 0:
            steps.append(tr(f"governance.level.{level}"))
            days.append(design.ladder[level])
    if design.final != "none":
        steps.append(tr(f"governance.final.{design.final}"))
        days.append(gv.FINAL_DAYS[design.final] or 1)
    if design.final not in gv.BINDING:
        steps.append(tr("governance.chart.last_steps"))
        days.append(1)
    ends = next((c.ok for c in state.result.checks if c.code == "governance.ladder_final"), False)
    flow = go().Sankey(
        arrangement="snap",
        node={"label": [safe.chart_label(s, 40) for s in steps], "pad": 24, "thickness": 18,
              "color": ["#2f6fae"] * (len(steps) - 1) + ["#2e7d32" if ends else "#c0392b"]},
        link={"source": list(range(len(steps) - 1)), "target": list(range(1, len(steps))), "value": [max(1, d) for d in days],
              "label": [tr("governance.chart.days", days=d) for d in days], "color": "rgba(47,111,174,0.25)"})
    return figure(flow, tr("governance.chart.ladder_title", days=gv.escalation_days(design, case=case)))


OUTCOME_COLOURS = {"decided": "#2f6fae", "right": "#2e7d32", "no_change": "#6b7f93", "fallback": "#6b7f93",
                   "buy_sell": "#e09100", "exit": "#e09100",
                   "deadlock": "#c0392b", "unsponsored": "#c0392b"}


def stress_chart(state: GovernanceState, tr: Translator):
    traces = state.result.traces
    if not traces:
        return None
    worst = max([t.days for t in traces if t.days is not None] + [30])
    names = safe.chart_labels([state.labels.get(t.scenario, t.scenario) for t in traces], 40)
    bars = go().Bar(
        x=[t.days if t.days is not None else worst * 1.2 for t in traces], y=names, orientation="h",
        marker_color=[OUTCOME_COLOURS[t.outcome] for t in traces],
        text=[tr(f"governance.chart.{t.outcome}", days=t.days) for t in traces],
        textposition="auto")
    return figure(bars, tr("governance.chart.stress_title"), x=tr("governance.chart.days_axis"),
                  y=tr("governance.chart.scenario"), yaxis={"autorange": "reversed"}, margin={"l": 260})


# -- the module's hooks into the charter, the workbook, the health check and the dashboard ----
def charter(section: GovernanceSection, ctx: CharterContext) -> list[Block]:
    tr = ctx.tr
    labels, names = gv.labels_for(ctx.case, tr.lang), {p: ctx.case.companies[p].name for p in ("a", "b")}
    out = [Block("table", headers=[tr("governance.col_scenario"), tr("governance.col_decision"),
                                   tr("governance.col_who"), tr("governance.col_days"), tr("governance.col_outcome"),
                                   tr("governance.col_skipped")],
                 rows=[[t.scenario, t.decision, who_label(t.who_decides, t.body, labels, names, tr),
                        t.worst_case_days or "–", tr(f"governance.outcome.{t.outcome}"), skipped_text(t.skipped, tr)]
                       for t in section.stress_test]),
           checks_block(section.checks, tr)]
    if ctx.charts and section.members:
        out.append(Block("chart", figure=stress_chart(state_for(ctx.data, ctx.case, tr.lang), tr)))
    return out


def sheet(section: GovernanceSection, ctx: CharterContext) -> tuple[list[str], list[list]]:
    labels, names = gv.labels_for(ctx.case, ctx.tr.lang), {p: ctx.case.companies[p].name for p in ("a", "b")}
    return (["scenario", "decision", "who_decides", "worst_case_days", "deadlock"],
            [[t.scenario, t.decision, who_label(t.who_decides, t.body, labels, names, ctx.tr),
              t.worst_case_days, t.deadlock] for t in section.stress_test])


def facts(section: GovernanceSection) -> list[Fact]:
    started = section if section.members else None
    escalation = section.escalation
    levels = {lv.level: lv.days for lv in escalation.levels}
    ladder_reaches = (None if not started else
                      levels.get("executive_sponsors", 0) > 0 or escalation.final == "ceos")
    health = (section.reporting.health_review is not None) if started else None
    stress = section.stress_test if started else None
    return [Fact("senior_commitment", "ladder_reaches_sponsors", ladder_reaches),
            Fact("senior_commitment", "succession_ready", check(started, "governance.succession_ready")),
            Fact("trust", "health_reviewed", health),
            Fact("governance", "breakers", check(started, "governance.deadlock_breaker"), critical=True),
            Fact("governance", "ladder_final", check(started, "governance.ladder_final")),
            Fact("governance", "no_deadlocks", None if not stress else not any(t.deadlock for t in stress),
                 critical=True)]


def disagreements(section: GovernanceSection, case: Case | None = None,
                  tr: Translator | None = None) -> list[Disagreement]:
    out = []
    readable = case is not None and tr is not None
    if readable:  # the case's labels once, not once per difference
        labels, names = gv.labels_for(case, tr.lang), {p: case.companies[p].name for p in ("a", "b")}
    levels, memo = [], {}
    for d in section.differences:
        values = [repr(v) for v in d.choices.values()]
        levels.append((d, 1 - max(values.count(v) for v in values) / len(values)))
    # only the most contested can reach the charter: name those (ties with the last kept)
    ranked = sorted((level for _, level in levels), reverse=True)
    floor = ranked[min(len(ranked), CONTESTED_LIMIT) - 1] if ranked else 0
    for d, level in levels:
        if level < floor:
            continue
        item, detail = (difference_text(d, labels, names, tr, memo) if readable else
                        (d.field, ", ".join(f"{m}: {v}" for m, v in d.choices.items())))
        out.append(Disagreement(gv.KEY, item, detail, level))
    return out


def comparison(section: GovernanceSection) -> list[Column]:
    started = bool(section.members)
    checks = section.checks if started else []
    return [Column("governance_checks", "facilitator.col_governance", (sum(c.ok for c in checks), len(checks)),
                   show=lambda tr, v: f"{v[0]}/{v[1]}"),
            Column("deadlocks", "facilitator.col_deadlocks",
                   sum(1 for s in section.stress_test if s.deadlock) if started else 0)]


def reference_points(team: GovernanceSection, reference: GovernanceSection) -> list[Point]:
    dead = [s.scenario for s in team.stress_test if s.deadlock]
    return [checks_point(team, reference),
            Point("no_deadlocks" if not dead else "deadlocks", not dead,
                  {"count": len(dead), "scenarios": ", ".join(dead)})]


# -- printed pack ------------------------------------------------------------------------------
KPI_LINES = 5  # lines for the reporting plan: the team's KPIs are written in from its goals sheet


def worksheet(case: Case, tr: Translator) -> safe.Markup:
    """Two sheets like the page's first two tabs: the case's bodies and decision map, then the
    escalation ladder, reporting, exit and sponsor succession. A drop-down in a grid becomes a
    numbered legend: the team writes the number and picks that option on the page."""
    title, lang = tr("module.governance.title"), tr.lang
    names = {p: case.companies[p].name for p in ("a", "b")}
    tab1, tab2 = tr("governance.tab_bodies"), tr("governance.tab_ladder")
    chairs = [tr(f"governance.chair.{c}", **names) for c in gv.CHAIRS]
    cadences = [tr(f"governance.cadence.{c}") for c in gv.CADENCES]
    bodies = [b.label.get(lang) for b in case_of(case).bodies]
    rules = [tr(f"governance.rule.{r}", **names) for r in gv.RULES]
    breakers = [tr(f"governance.breaker.{b}") for b in gv.BREAKERS]
    lasts = [tr(f"governance.last.{x}") for x in gv.LAST_STEPS]
    body_rows = [[b.label.get(lang), ws.Blank(hint=f"0–{gv.MAX_MEMBERS}"), ws.Blank(hint=f"0–{gv.MAX_MEMBERS}"),
                  ws.numbered(chairs), ws.numbered(cadences)] for b in case_of(case).bodies]
    decision_rows = [[d.label.get(lang), ws.numbered(bodies), ws.numbered(rules), ws.Blank(hint="1–365"),
                      ws.numbered(breakers), ws.numbered(lasts)] for d in case_of(case).decisions]
    first = ws.sheet(tr, title + " · " + tab1, [
        ws.part(tr("governance.bodies_title"), ws.where(tr, title, tab1, tr("governance.bodies_title")),
                ws.grid([tr("governance.body"), tr("governance.members_of", company=names["a"]),
                         tr("governance.members_of", company=names["b"]), tr("governance.chair"), tr("governance.cadence")],
                        body_rows, widths=("36%", "16%", "16%", "16%", "16%")),
                ws.legend(tr("governance.chair"), chairs), ws.legend(tr("governance.cadence"), cadences),
                note=tr("governance.bodies_help")),
        ws.part(tr("governance.decisions_title"), ws.where(tr, title, tab1, tr("governance.decisions_title")),
                ws.grid([tr("governance.col_decision"), tr("governance.body"), tr("governance.rule"), tr("governance.days"),
                         tr("governance.breaker"), tr("governance.last")], decision_rows,
                        widths=("35%", "13%", "13%", "13%", "13%", "13%")),
                ws.legend(tr("governance.body"), bodies), ws.legend(tr("governance.rule"), rules),
                ws.legend(tr("governance.breaker"), breakers), ws.legend(tr("governance.last"), lasts),
                note=tr("governance.decisions_help")),
    ], intro=tr("governance.worksheet.intro"))
    people = dict(people_rows(case, lang))  # who each level is: the same people twice add nothing
    ladder = ws.grid([tr("governance.ladder_title"), tr("governance.level_people"), tr("governance.days")],
                     [[tr(f"governance.level.{lv}"), people.get(lv, "–"), ws.Blank(hint="0–180")] for lv in gv.LEVELS],
                     widths=("30%", "50%", "20%"))
    reporting = ws.grid([tr("governance.worksheet.kpi"), tr("governance.body")],
                        [[ws.BOX, ws.numbered(bodies)] for _ in range(KPI_LINES)], widths=("75%", "25%"))
    second = ws.sheet(tr, title + " · " + tab2, [
        ws.part(tr("governance.ladder_title"), ws.where(tr, title, tab2, tr("governance.ladder_title")), ladder,
                ws.choices(tr, tr("governance.final"), [tr(f"governance.final.{f}") for f in gv.TOP_STEPS]),
                note=tr("governance.ladder_help")),
        ws.part(tr("governance.reporting_title"), ws.where(tr, title, tab2, tr("governance.reporting_title")), reporting,
                ws.legend(tr("governance.body"), bodies),
                ws.choices(tr, tr("governance.health_review"), cadences), note=tr("governance.reporting_help")),
        ws.part(tr("governance.exit_title"), ws.where(tr, title, tab2, tr("governance.exit_title")),
                ws.choices(tr, tr("governance.triggers"), [tr(f"governance.trigger.{t}") for t in gv.TRIGGERS], many=True),
                ws.choices(tr, tr("governance.plan"), [tr(f"governance.plan.{p}") for p in gv.EXIT_PLAN], many=True),
                note=tr("governance.exit_help")),
        ws.part(tr("governance.succession_title"), ws.where(tr, title, tab2, tr("governance.succession_title")),
                ws.choices(tr, tr("governance.succession_title"),
                           [tr(f"governance.succession.{s}") for s in gv.SUCCESSION], many=True),
                note=tr("governance.succession_help")),
    ])
    return safe.join([first, second])
