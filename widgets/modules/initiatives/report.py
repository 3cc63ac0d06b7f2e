"""Initiatives and launch: the export section, its charts and its hooks into the kit."""

from __future__ import annotations

from widgets import safe
from widgets.contract import CharterContext, Column, Disagreement, Fact, Point
from widgets.i18n import Translator
from widgets.model.case import Case
from widgets.model.health import PEOPLE_MIN
from widgets.modules.initiatives import gates as gt
from widgets.modules.initiatives import lifecycle as lc
from widgets.modules.initiatives import model as ini
from widgets.modules.initiatives import section as sc
from widgets.modules.initiatives.case import of as case_of
from widgets.modules.initiatives.section import InitiativesSection
from widgets.modules.risk.section import RiskSection
from widgets.report import worksheet as ws
from widgets.report.blocks import Block, checks_block
from widgets.report.figures import figure, go

RISK = "risk"
OTHERS = ("partner_selection", "goals_kpis", "roles", RISK, "governance")  # read for the life cycle


def people_ratings(team, case: Case, lang: str) -> dict[str, float | None]:
    """Risk balancing's people contribution per company (0-5), where the team rated it."""
    if not team.module(RISK):
        return {}
    risk: RiskSection = team.section(RISK, case, lang)
    people = risk.contributions.get("people") or {}
    return {p: people.get(case.companies[p].name) for p in ini.PARTNERS}


def state_for(team, case: Case, lang: str):
    return ini.portfolio(team.module(ini.KEY), team.shared.get(ini.KEY), people_ratings(team, case, lang))


def criterion_labels(board: ini.Board, tr: Translator) -> dict[str, str]:
    """Every criterion in force as the reader sees it: the concept evaluation's in the reader's
    language, the team's own as its members wrote them."""
    return {**{k: tr(f"initiatives.criterion.{k}") for k in ini.CRITERIA}, **{c.id: c.label for c in board.criteria}}


def _r(x: float | None, digits: int = 3):
    return None if x is None else round(x, digits)


def _others(team, case: Case, lang: str) -> lc.Others:
    """The typed sections of the modules the life cycle reads, for those the team has used."""
    used = {key for key in OTHERS if key in team.documents or key in team.shared}
    return lc.Others(**{key: team.section(key, case, lang) for key in used})


def section(team, case: Case, lang: str | None = None) -> InitiativesSection:
    lang = lang or team.event.lang
    tr = Translator(lang)
    entries, board, result = state_for(team, case, lang)
    names = {p: case.companies[p].name for p in ini.PARTNERS}
    label = criterion_labels(board, tr)
    proposer = {c.id: c.by for c in board.criteria}
    ranks = {r.candidate: r for r in result.ranking}
    progress = {r: gt.progress(board.gates.get(r)) for r in result.plan}
    items = []
    for r, item in result.items.items():
        at = progress.get(r)
        items.append(sc.Initiative(
            ref=r, title=item.title, author=result.authors[r], customers=item.customers,
            gain_a=item.gain_a, gain_b=item.gain_b, horizon=item.horizon,
            people_a=item.people_a, people_b=item.people_b,
            score=_r(ranks[r].score), spread=_r(ranks[r].spread), rank=ranks[r].rank,
            scored_by=ranks[r].members, in_plan=r in result.plan,
            reached=at.reached if at else None, next_gate=at.next_gate if at else None,
            missing=[tr(f"initiatives.q.{q}") for q in at.missing] if at else [],
            evidence=dict(board.gates.get(r, {})) if at else {},
        ))
    items.sort(key=lambda i: (i.rank is None, i.rank or 0))
    concept = any(p.reached != "proposed" for p in progress.values()) if result.plan else None
    launched = any(p.launched for p in progress.values()) if result.plan else None
    own = lc.Own(criteria_agreed=result.agreed, enough=result.enough, concept=concept, launched=launched,
                 renewed=ini.renewed(board, launched, result.balanced), narrow_to=board.narrow_to)
    cycle = lc.locate(lc.needs(_others(team, case, lang), own), board.exiting)
    checks = [("initiatives.criteria_agreed", result.agreed), ("initiatives.enough", result.enough),
              ("initiatives.both_horizons", result.balanced), ("initiatives.staffed", result.staffed),
              ("initiatives.concept", concept)]
    return InitiativesSection(
        members=result.members,
        rule=sc.Rule(criteria_spread=ini.CRITERIA_SPREAD, min_initiatives=ini.MIN_INITIATIVES,
                     min_gains=ini.MIN_GAINS, people_min=PEOPLE_MIN, quick_months=12),
        criteria=[sc.Criterion(id=c.criterion, criterion=label[c.criterion], points=c.points, low=c.low,
                               high=c.high, contested=c.contested, proposed_by=proposer.get(c.criterion, ""))
                  for c in result.criteria],
        initiatives=items,
        contested=[sc.ContestedScore(initiative=result.items[c.candidate].title, criterion=label[c.criterion],
                                     low=c.low, high=c.high, spread=c.spread)
                   for c in result.contested],
        grid={names[p]: {h: [result.items[r].title for r in result.grid[p][h]] for h in ini.HORIZONS}
              for p in ini.PARTNERS},
        gains={names[p]: result.gains[p] for p in ini.PARTNERS},
        plan_size=board.plan_size,
        plan=[result.items[r].title for r in result.plan],
        bench=[result.items[r].title for r in result.bench],
        staffing={names[p]: sc.Staffing(load=s.load, capacity=s.capacity, people_rating=_r(s.people_rating),
                                        overloaded=s.overloaded, thin=s.thin) for p, s in result.staffing.items()},
        funnel=gt.funnel(len(result.items), result.plan, board.gates),
        life_cycle=sc.LifeCycle(stage=cycle.stage, exiting=board.exiting, narrow_to=board.narrow_to,
                                renewal=board.renewal),
        needs=[sc.Need(stage=n.stage, need=n.code, met=n.met) for n in cycle.needs],
        checks=[sc.InitiativesCheck(check=code, ok=bool(ok), assessed=ok is not None) for code, ok in checks],
    )


# -- charts -----------------------------------------------------------------------------------------
NEAR_SCORE = 0.15  # two bubbles at the same people count closer than this in score would overlap
SPREAD_STEP = 0.22  # how far apart (in people) the bubbles of one crowded spot are set


def spread_positions(points: list[tuple[int | float, float]]) -> list[tuple[float, float]]:
    """Where to draw each (people, score) point so that none hides another: points at the same
    people count whose scores are closer than ``NEAR_SCORE`` are set side by side, centred on
    their true people count and less than half a person away from it (deterministic: the
    same portfolio is always drawn the same way)."""
    order = sorted(range(len(points)), key=lambda i: (points[i][0], points[i][1], i))
    groups: list[list[int]] = []
    for i in order:
        last = groups[-1] if groups else None
        if last and points[last[0]][0] == points[i][0] and points[i][1] - points[last[0]][1] < NEAR_SCORE:
            last.append(i)
        else:
            groups.append([i])
    out: list[tuple[float, float]] = [(float(x), float(y)) for x, y in points]
    for group in groups:
        if len(group) > 1:
            step = min(SPREAD_STEP, 0.9 / (len(group) - 1))
            for j, i in enumerate(group):
                out[i] = (points[i][0] + (j - (len(group) - 1) / 2) * step, float(points[i][1]))
    return out


def bubble(section: InitiativesSection, tr: Translator):
    """The portfolio: team score against the people it needs, one bubble per initiative, sized
    by how many companies gain, coloured by horizon; the plan's initiatives are outlined.
    Initiatives that would sit on one another are set side by side (``spread_positions``)."""
    scored = [i for i in section.initiatives if i.score is not None]
    if not scored:
        return None
    at = dict(zip((id(i) for i in scored),
                  spread_positions([(i.people_a + i.people_b, i.score) for i in scored]), strict=True))
    traces = []
    for horizon, colour in (("short", "#2e86de"), ("long", "#8e44ad")):
        group = [i for i in scored if i.horizon == horizon]
        if not group:
            continue
        traces.append(go().Scatter(
            x=[at[id(i)][0] for i in group], y=[at[id(i)][1] for i in group],
            mode="markers+text", text=[str(i.rank) for i in group], textposition="middle center",
            textfont={"color": "#ffffff"},
            marker={"size": [22 + 12 * (bool(i.gain_a) + bool(i.gain_b)) for i in group], "color": colour,
                    "opacity": 0.85,
                    "line": {"width": 3, "color": ["#e09100" if i.in_plan else "#ffffff" for i in group]}},
            hovertext=[safe.chart_label(f"{i.rank}. {i.title}", 70) for i in group], hoverinfo="text",
            name=tr(f"initiatives.horizon.{horizon}")))
    return figure(traces, tr("initiatives.chart.bubble_title"), x=tr("initiatives.chart.people"),
                  y=tr("initiatives.chart.score"), yaxis={"range": [0.5, 5.5]}, xaxis={"dtick": 1},
                  legend=tr("initiatives.horizon"))


def funnel_chart(section: InitiativesSection, tr: Translator):
    steps = section.funnel
    if not steps.get("proposed"):
        return None
    labels = [tr(f"initiatives.step.{s}") for s in steps]
    return figure(go().Funnel(y=labels, x=list(steps.values()), textinfo="value",
                              marker={"color": "#16324f"}), tr("initiatives.chart.funnel_title"))


# -- tables a person reads, shared by the charter and the view ------------------------------------------
def portfolio_rows(section: InitiativesSection, tr: Translator, names: list[str]) -> tuple[list[str], list[list]]:
    headers = [tr("initiatives.col_rank"), tr("initiatives.col_initiative"), tr("initiatives.col_score"),
               tr("initiatives.col_spread"), tr("initiatives.horizon"), tr("initiatives.col_gains"),
               tr("initiatives.col_people"), tr("initiatives.col_reached")]
    rows = []
    for i in section.initiatives:
        gains = " / ".join(n for n, gain in zip(names, (i.gain_a, i.gain_b), strict=True) if gain)
        rows.append([i.rank or "–", i.title, tr.number(i.score, 2) if i.score is not None else "–",
                     tr.number(i.spread, 1) if i.spread is not None else "–",
                     tr(f"initiatives.horizon.{i.horizon}"), gains,
                     f"{i.people_a} + {i.people_b}",
                     tr(f"initiatives.stage.{i.reached}") if i.reached else tr("initiatives.not_in_plan")])
    return headers, rows


def grid_rows(section: InitiativesSection, tr: Translator) -> tuple[list[str], list[list]]:
    headers = [tr("initiatives.col_company"), tr("initiatives.horizon.short"), tr("initiatives.horizon.long")]
    rows = [[name, "; ".join(cells["short"]) or "✗ " + tr("initiatives.none"),
             "; ".join(cells["long"]) or "✗ " + tr("initiatives.none")]
            for name, cells in section.grid.items()]
    return headers, rows


def cycle_rows(section: InitiativesSection, tr: Translator) -> tuple[list[str], list[list]]:
    rows = []
    for stage in lc.STAGES:
        needs = [n for n in section.needs if n.stage == stage]
        marks = "; ".join(("✓ " if n.met else "– " if n.met is None else "✗ ") +
                          tr(f"initiatives.need.{n.need}") for n in needs)
        here = "◉ " if section.life_cycle.stage == stage else ""
        rows.append([here + tr(f"initiatives.stage.{stage}"), marks])
    return [tr("initiatives.col_stage"), tr("initiatives.col_needs")], rows


def funnel_rows(section: InitiativesSection, tr: Translator) -> tuple[list[str], list[list]]:
    """The gate funnel's numbers: how many initiatives stand at each step."""
    return ([tr("initiatives.col_step"), tr("initiatives.col_count")],
            [[tr(f"initiatives.step.{step}"), n] for step, n in section.funnel.items()])


def findings(section: InitiativesSection, tr: Translator) -> list[tuple[str, str]]:
    """(level, text) lines for the team: the rules' outcomes, most important first."""
    out = []
    rule = section.rule
    if not section.members:
        return [("info", tr("initiatives.finding.no_input"))]
    contested = [c.criterion for c in section.criteria if c.contested]
    checks = {c.check: c for c in section.checks}
    if contested:
        out.append(("warn", tr("initiatives.finding.criteria_contested", criteria=", ".join(contested),
                                spread=rule.criteria_spread)))
    elif checks["initiatives.criteria_agreed"].assessed:
        out.append(("ok", tr("initiatives.finding.criteria_agreed")))
    missing = [tr("initiatives.cell", company=name, horizon=tr(f"initiatives.horizon.{h}"))
               for name, cells in section.grid.items() for h in ini.HORIZONS if not cells[h]]
    if section.initiatives:
        out.append(("warn", tr("initiatives.finding.unbalanced", cells="; ".join(missing))) if missing
                   else ("ok", tr("initiatives.finding.balanced")))
        enough = checks["initiatives.enough"].ok
        gains = ", ".join(f"{name}: {n}" for name, n in section.gains.items())
        out.append(("ok" if enough else "warn", tr("initiatives.finding.enough" if enough else "initiatives.finding.not_enough",
                                                     count=len(section.plan), min=rule.min_initiatives,
                                                     gains=gains, min_gains=rule.min_gains)))
        if section.bench:
            out.append(("info", tr("initiatives.finding.bench", count=len(section.bench),
                                   titles="; ".join(section.bench))))
    for name, s in section.staffing.items():
        if s.overloaded:
            out.append(("warn", tr("initiatives.finding.overloaded", company=name, count=s.load, capacity=s.capacity)))
        if s.thin:
            out.append(("warn", tr("initiatives.finding.thin", company=name, count=s.load,
                                    rating=tr.number(s.people_rating, 1), min=tr.number(rule.people_min, 1))))
        if s.load and s.capacity is None and not s.thin:
            out.append(("info", tr("initiatives.finding.capacity_missing", company=name, count=s.load)))
    if section.contested:
        worst = section.contested[0]
        out.append(("warn", tr("initiatives.finding.contested", count=len(section.contested), **worst.model_dump())))
    return out


# -- the module's hooks -----------------------------------------------------------------------------
def _names(ctx: CharterContext) -> list[str]:
    return [ctx.case.companies[p].name for p in ini.PARTNERS]


def charter(section: InitiativesSection, ctx: CharterContext) -> list[Block]:
    tr = ctx.tr
    out = [Block("p", tr("initiatives.charter_criteria", criteria=", ".join(
        f"{c.criterion} {c.points}" for c in section.criteria)))]
    headers, rows = portfolio_rows(section, tr, _names(ctx))
    out.append(Block("table", headers=headers, rows=rows))
    headers, rows = grid_rows(section, tr)
    out.append(Block("table", headers=headers, rows=rows))
    out.append(Block("list", items=[text for _, text in findings(section, tr)]))
    out.append(checks_block(section.checks, tr))
    headers, rows = cycle_rows(section, tr)
    out.append(Block("table", headers=headers, rows=rows))
    out.append(Block("p", tr("initiatives.cycle_caption")))
    if section.life_cycle.narrow_to:
        out.append(Block("p", tr("initiatives.narrow_to_line", text=section.life_cycle.narrow_to)))
    if section.initiatives:
        headers, rows = funnel_rows(section, tr)
        out.append(Block("table", headers=headers, rows=rows))
    if ctx.charts and section.initiatives:
        out.append(Block("chart", figure=bubble(section, tr)))
        out.append(Block("chart", figure=funnel_chart(section, tr)))
    return out


def sheet(section: InitiativesSection, ctx: CharterContext) -> tuple[list[str], list[list]]:
    tr = ctx.tr
    return (["rank", "initiative", "proposed_by", "customers", "gain_a", "gain_b", "horizon", "people_a", "people_b",
             "score", "spread", "in_plan", "reached", "missing"],
            [[i.rank, i.title, i.author, i.customers, i.gain_a, i.gain_b,
              tr(f"initiatives.horizon.{i.horizon}"), i.people_a, i.people_b, i.score, i.spread,
              i.in_plan, tr(f"initiatives.stage.{i.reached}") if i.reached else "", "; ".join(i.missing)]
             for i in section.initiatives])


def _check(section: InitiativesSection, code: str) -> bool | None:
    for c in section.checks:
        if c.check == code:
            return c.ok if c.assessed else None
    return None


def facts(section: InitiativesSection) -> list[Fact]:
    return [Fact("strategy_clarity", "criteria_agreed", _check(section, "initiatives.criteria_agreed")),
            Fact("strategy_clarity", "portfolio_balanced", _check(section, "initiatives.both_horizons")),
            Fact("resources", "initiatives_staffed", _check(section, "initiatives.staffed"))]


def phase_checks(section: InitiativesSection) -> tuple[int, int]:
    assessed = [c for c in section.checks if c.assessed]
    return sum(1 for c in assessed if c.ok), len(assessed)


def disagreements(section: InitiativesSection, case: Case | None = None,
                  tr: Translator | None = None) -> list[Disagreement]:
    out = [Disagreement(ini.KEY, f"{c.initiative} · {c.criterion}", f"{c.low}–{c.high}",
                        min(1.0, c.spread / 4)) for c in section.contested]
    out += [Disagreement(ini.KEY, c.criterion, f"{c.low}–{c.high}", min(1.0, (c.high - c.low) / 100))
            for c in section.criteria if c.contested]
    return out


def comparison(section: InitiativesSection) -> list[Column]:
    balanced = _check(section, "initiatives.both_horizons")
    return [Column("life_cycle", "initiatives.col_life_cycle",
                   section.life_cycle.stage if section.members else None,
                   show=lambda tr, v: "–" if v is None else tr(f"initiatives.stage.{v}"), tally=True),
            Column("portfolio", "initiatives.col_portfolio",
                   None if balanced is None else ("balanced" if balanced else "lopsided"),
                   show=lambda tr, v: tr(f"initiatives.portfolio.{v or 'unknown'}"))]


def reference_points(team: InitiativesSection, reference: InitiativesSection) -> list[Point]:
    stage_t, stage_r = team.life_cycle.stage, reference.life_cycle.stage
    balanced_t, balanced_r = _check(team, "initiatives.both_horizons"), _check(reference, "initiatives.both_horizons")
    return [Point("portfolio_same" if balanced_t == balanced_r else "portfolio_differs", balanced_t == balanced_r,
                  {"team": balanced_t, "reference": balanced_r}),
            Point("initiatives_count", len(team.initiatives) >= ini.MIN_INITIATIVES,
                  {"count": len(team.initiatives), "reference": len(reference.initiatives)}),
            Point("stage_same" if stage_t == stage_r else "stage_differs", stage_t == stage_r,
                  {"team": stage_t or "–", "reference": stage_r or "–"})]


# -- printed pack ------------------------------------------------------------------------------
PROPOSAL_CARDS = 2  # proposal forms on the sheet
OWN_LINES = 3  # scoring lines for initiatives the team writes itself


def worksheet(case: Case, tr: Translator) -> safe.Markup:
    """The initiative sheets, tab by tab: each member's criteria points and proposals, the
    scoring sheet (the case's ideas and lines for the team's own, scored 1-5 on every
    criterion), and the team's portfolio and life-cycle fields."""
    title, lang = tr("module.initiatives.title"), tr.lang
    names = {p: case.companies[p].name for p in ini.PARTNERS}
    ideas = case_of(case).ideas
    tabs = {t: tr(f"initiatives.tab_{t}") for t in ("criteria", "propose", "score", "portfolio", "cycle")}
    criteria = [tr(f"initiatives.criterion.{k}") for k in ini.CRITERIA]
    points = ws.grid([tr("initiatives.col_criterion"), tr("initiatives.col_points")],
                     [[c, ws.Blank(hint="0–100")] for c in criteria] + [[tr("initiatives.worksheet.total"), "100"]],
                     widths=("78%", "22%"))
    horizons = [tr(f"initiatives.horizon.{h}") for h in ini.HORIZONS]
    cards = [ws.part(f"{tr('initiatives.field_title')} {n}",
                     ws.where(tr, title, tabs["propose"], tr("initiatives.propose_title")),
                     ws.field(tr("initiatives.field_title")), ws.field(tr("initiatives.field_customers")),
                     *(ws.field(tr("initiatives.field_gain", company=names[p]), hint=tr("initiatives.field_gain_placeholder"))
                       for p in ini.PARTNERS),
                     ws.choices(tr, tr("initiatives.horizon"), horizons),
                     ws.fields(*(ws.field(tr("initiatives.field_people", company=names[p]), hint=f"0–{ini.MAX_PEOPLE}")
                                 for p in ini.PARTNERS)))
             for n in range(1, PROPOSAL_CARDS + 1)]
    idea_lines = [tr("initiatives.worksheet.idea", title=i.title.get(lang), customers=i.customers.get(lang),
                     horizon=tr(f"initiatives.horizon.{i.horizon}")) for i in ideas]
    first = ws.sheet(tr, title + " · " + tabs["criteria"] + " · " + tabs["propose"], [
        ws.part(tr("initiatives.criteria_title"), ws.where(tr, title, tabs["criteria"], tr("initiatives.criteria_title")),
                points, ws.field(tr("initiatives.own_criteria_title"), hint=tr("initiatives.new_criterion_placeholder")),
                note=tr("initiatives.criteria_help", spread=ini.CRITERIA_SPREAD)),
        ws.part(tr("initiatives.from_case"), ws.items(idea_lines), note=tr("initiatives.worksheet.ideas_help", label=tr("initiatives.from_case"))),
        *cards,
    ], intro=tr("initiatives.worksheet.intro"))
    rows = [[i.title.get(lang), *(ws.Blank(hint="1–5") for _ in criteria)] for i in ideas]
    rows += [[ws.Blank(hint=tr("initiatives.field_title")), *(ws.Blank(hint="1–5") for _ in criteria)]
             for _ in range(OWN_LINES)]
    second = ws.sheet(tr, title + " · " + tabs["score"], [
        ws.where(tr, title, tabs["score"], tr("initiatives.score_title")),
        ws.grid([tr("initiatives.col_initiative"), *criteria], rows, vertical=True,
                widths=("40%", *(["12%"] * len(criteria)))),
        ws.part(tr("initiatives.staffing_caption"), ws.where(tr, title, tabs["portfolio"], tr("initiatives.staffing_caption")),
                ws.fields(ws.field(tr("initiatives.plan_size"), hint=f"1–{ini.MAX_PLAN}"),
                          *(ws.field(tr("initiatives.capacity", company=names[p])) for p in ini.PARTNERS)),
                note=tr("initiatives.plan_help")),
        ws.part(tr("initiatives.cycle_title"), ws.where(tr, title, tabs["cycle"], tr("initiatives.narrow_to")),
                ws.field(tr("initiatives.narrow_to"), lines=2, hint=tr("initiatives.narrow_placeholder"))),
    ], intro=tr("initiatives.score_help"))
    return safe.join([first, second])
