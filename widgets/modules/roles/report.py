"""Role clarity: the export section and the charts."""

from __future__ import annotations

from widgets import safe
from widgets.contract import CharterContext, Column, Disagreement, Fact, Point
from widgets.i18n import Translator
from widgets.model.case import Case
from widgets.model.health import check
from widgets.model.reference import checks_point
from widgets.modules.roles import model as rm
from widgets.modules.roles.case import of as case_of
from widgets.modules.roles.section import (
    Activity,
    ContestedCell,
    RoleColumn,
    RolesCheck,
    RolesSection,
)
from widgets.report import worksheet as ws
from widgets.report.blocks import Block, checks_block
from widgets.report.figures import figure, go

LETTER_VALUE = {"": 0, "I": 1, "C": 2, "R": 3, "A": 4, "A/R": 4}


def state_for(team, case: Case, lang: str) -> rm.RolesState:
    return rm.roles_state(team.module(rm.KEY), team.shared.get(rm.KEY), case, lang)


def section(team, case: Case, lang: str | None = None) -> RolesSection:
    state = state_for(team, case, lang or team.event.lang)
    result, labels = state.result, state.labels
    roles = []
    for col in state.columns:
        partner, role = col.split(":", 1)
        roles.append(RoleColumn(column=col, partner=partner, company=rm.company_of(case, partner), role=role,
                                label=labels[col], person=state.team.people.get(col, "")))
    return RolesSection(
        members=result.members,
        activities=[Activity(id=a, label=label) for a, label, _ in state.activities],
        roles=roles,
        consensus={a: {c: result.cells[(a, c)].shown for c in state.columns
                       if result.cells[(a, c)].choice != ""}
                   for a, _, _ in state.activities},
        contested=[ContestedCell(activity=labels[c.activity], role=labels[c.column], votes=c.votes,
                                 tied=[x or "-" for x in c.tied], agreement=round(c.share, 3))
                   for c in result.contested],
        checks=[RolesCheck(check=c.code, ok=c.ok, items=[labels.get(i, i) for i in c.items]) for c in result.checks],
        workload={labels[w.column]: w.counts for w in result.load},
        responsible_share={case.companies[p].name: (None if s is None else round(s, 3))
                           for p, s in result.shares.items()},
        sponsor_level={case.companies[p].name: state.team.sponsor_level.get(p) for p in rm.PARTNERS},
        joint_rule={labels[rm.column(rm.JOINT, r)]: rule for r, rule in state.team.joint_rule.items()
                    if rm.column(rm.JOINT, r) in labels},
    )


def heatmap(state: rm.RolesState, tr: Translator):
    """The consensus RACI grid as a coloured matrix with the letters written in."""
    result = state.result
    if not result.members:
        return None
    x = safe.chart_labels([state.labels[c] for c in state.columns], 30)
    y = safe.chart_labels([label for _, label, _ in state.activities], 30)
    z, text = [], []
    for a, _, _ in state.activities:
        row, letters = [], []
        for col in state.columns:
            cell = result.cells[(a, col)]
            letter = cell.shown
            row.append(LETTER_VALUE.get(letter, 2.5) if cell.choice is not None else 2.5)
            letters.append(letter + ("*" if cell.contested else ""))
        z.append(row)
        text.append(letters)
    cells = go().Heatmap(
        z=z, x=x, y=y, text=text, texttemplate="%{text}", zmin=0, zmax=4, showscale=False,
        colorscale=[[0, "#ffffff"], [0.25, "#e8eef5"], [0.5, "#cfe0f1"], [0.625, "#fde2cf"],
                    [0.75, "#8fbce6"], [1, "#16324f"]],
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>")
    return figure(cells, tr("roles.chart.heat_title"), x=tr("roles.chart.role"), xaxis={"tickangle": -35},
                  y=tr("roles.chart.activity"), yaxis={"autorange": "reversed"},
                  margin={"l": 200, "b": 160, "t": 60})


def workload_chart(state: rm.RolesState, tr: Translator):
    result = state.result
    if not result.members:
        return None
    x = safe.chart_labels([state.labels[w.column] for w in result.load], 30)
    bars = [go().Bar(x=x, y=[w.counts[letter] for w in result.load], name=tr(f"roles.letter.{letter}"))
            for letter in rm.LETTERS]
    limit = rm.overload_limit(len(state.activities))
    bars.append(go().Scatter(x=x, y=[w.counts["RA"] for w in result.load], mode="markers",
                             marker={"symbol": "diamond", "size": 11, "color": ["#c0392b" if w.counts["RA"] > limit
                                                                                 else "#16324f" for w in result.load]},
                             name=tr("roles.chart.ra", limit=limit)))
    return figure(bars, tr("roles.chart.load_title"), barmode="stack", x=tr("roles.chart.role"),
                  xaxis={"tickangle": -35}, y=tr("roles.chart.activities"), margin={"b": 160, "t": 60})


# -- the module's hooks into the charter, the workbook, the health check and the dashboard ----
def _grid(section: RolesSection) -> tuple[list[RoleColumn], list[list]]:
    roles = section.roles
    return roles, [[a.label] + [section.consensus.get(a.id, {}).get(r.column, "") for r in roles]
                   for a in section.activities]


def charter(section: RolesSection, ctx: CharterContext) -> list[Block]:
    roles, rows = _grid(section)
    return [Block("table", headers=[ctx.tr("roles.activity")] + [r.label for r in roles], rows=rows),
            checks_block(section.checks, ctx.tr)]


def sheet(section: RolesSection, ctx: CharterContext) -> tuple[list[str], list[list]]:
    roles, rows = _grid(section)
    return ["activity"] + [r.label for r in roles], rows


def facts(section: RolesSection) -> list[Fact]:
    started = section if section.members else None
    levels_said = any(section.sponsor_level.values())
    return [Fact("senior_commitment", "sponsors_senior",
                 check(section, "roles.sponsors_senior") if started or levels_said else None, critical=True),
            Fact("senior_commitment", "sponsors_active", check(started, "roles.sponsor_manager"), critical=True),
            Fact("resources", "both_pull", check(started, "roles.both_pull"), critical=True)]


def disagreements(section: RolesSection, case: Case | None = None, tr: Translator | None = None) -> list[Disagreement]:
    return [Disagreement(rm.KEY, f"{c.activity} · {c.role}",
                         ", ".join(f"{m}: {v or '–'}" for m, v in c.votes.items()), 1 - c.agreement)
            for c in section.contested]


def comparison(section: RolesSection) -> list[Column]:
    problems = sum(len(c.items) or 1 for c in section.checks if not c.ok) if section.members else 0
    return [Column("raci_problems", "facilitator.col_raci", problems)]


def reference_points(team: RolesSection, reference: RolesSection) -> list[Point]:
    def owners(section: RolesSection) -> dict:
        return {a: next((c for c, x in row.items() if rm.accountable(x)), None)
                for a, row in section.consensus.items()}

    owners_t, owners_r = owners(team), owners(reference)
    labels = {a.id: a.label for a in reference.activities}
    differ = [labels.get(a, a) for a, owner in owners_r.items() if owners_t.get(a) != owner]
    return [checks_point(team, reference),
            Point("accountable_same" if not differ else "accountable_differs", not differ,
                  {"count": len(differ), "activities": ", ".join(differ)})]


# -- printed pack ------------------------------------------------------------------------------
def worksheet(case: Case, tr: Translator) -> safe.Markup:
    """The case's RACI grid on a landscape sheet (activities by both companies' roles, as on
    the page), then the sheet of the "Activities and people" tab."""
    title, lang = tr("module.roles.title"), tr.lang
    columns = rm.columns_for(case)
    roles = {r.id: r for r in case_of(case).roles}
    headers = [f"{roles[c.split(':', 1)[1]].label.get(lang)} · {rm.company_of(case, c.split(':', 1)[0])}" for c in columns]
    rows = [[a.label.get(lang), *(ws.BOX for _ in columns)] for a in case_of(case).activities]
    rows += [[ws.Blank(hint=tr("roles.new_activity")), *(ws.BOX for _ in columns)] for _ in range(2)]
    letters = " · ".join(f"{x}: {tr('roles.letter_help.' + k)}" for x, k in
                         (("R", "R"), ("A", "A"), ("A/R", "AR"), ("C", "C"), ("I", "I")))
    grid_sheet = ws.sheet(tr, title + " · " + tr("roles.tab_grid"), [
        ws.where(tr, title, tr("roles.tab_grid"), tr("roles.grid_title")),
        ws.grid([tr("roles.activity"), *headers], rows, vertical=True,
                widths=("26%", *([f"{74 / len(columns):.2f}%"] * len(columns)))),
        ws.text_block(letters),
    ], intro=tr("roles.worksheet.intro"), landscape=True)
    levels = [tr(f"roles.level.{lv}") for lv in rm.SPONSOR_LEVELS]
    joint, names = [r for r in case_of(case).roles if r.joint], {p: case.companies[p].name for p in rm.PARTNERS}
    lists = tr("roles.tab_lists")
    people = ws.grid([tr("roles.role"), tr("roles.worksheet.person")], [[h, ws.BOX] for h in headers],
                     widths=("55%", "45%"))
    lists_sheet = ws.sheet(tr, title + " · " + lists, [
        ws.part(tr("roles.sponsor_level_title"), ws.where(tr, title, lists, tr("roles.sponsor_level_title")),
                *(ws.choices(tr, tr("roles.sponsor_level", company=case.companies[p].name), levels) for p in rm.PARTNERS),
                note=tr("roles.sponsor_level_help")),
        *([ws.part(tr("roles.joint_rule_title"), ws.where(tr, title, lists, tr("roles.joint_rule_title")),
                   *(ws.choices(tr, tr("roles.joint_rule", body=r.label.get(lang)),
                                [tr(f"roles.joint_rule.{x}", **names) for x in rm.JOINT_RULES]) for r in joint),
                   note=tr("roles.joint_rule_help"))] if joint else []),
        ws.part(tr("roles.people_title"), ws.where(tr, title, lists, tr("roles.people_title")), people,
                note=tr("roles.people_help")),
    ])
    return safe.join([grid_sheet, lists_sheet])
