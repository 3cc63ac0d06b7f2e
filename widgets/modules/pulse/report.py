"""The perception pulse: the export section, the gap chart and the module's hooks."""

from __future__ import annotations

from widgets import safe
from widgets.contract import CharterContext, Column, Disagreement, Fact, Point
from widgets.i18n import Translator
from widgets.model.case import Case
from widgets.model.health import CRACKS
from widgets.modules.pulse import model as pl
from widgets.modules.pulse.section import (
    Movement,
    PulseCheck,
    PulseSection,
    RoundSection,
    Rule,
    StatementRow,
)
from widgets.report import worksheet as ws
from widgets.report.blocks import Block, checks_block
from widgets.report.figures import figure, go


def state_for(team):
    return pl.pulse_state(team.module(pl.KEY), team.shared.get(pl.KEY))


def _r(x: float | None):
    return None if x is None else round(x, 2)


def section(team, case: Case, lang: str | None = None) -> PulseSection:
    tr = Translator(lang or team.event.lang)
    _, _, pulse = state_for(team)
    rounds = {}
    for name, view in pulse.rounds.items():
        rounds[name] = RoundSection(
            respondents=dict(view.respondents), visible=view.visible, needed=view.needed,
            statements=[StatementRow(id=r.statement, statement=tr(f"pulse.s.{r.statement}"),
                                     crack=pl.STATEMENTS[r.statement],
                                     mean_a=_r(r.means["a"]), mean_b=_r(r.means["b"]), gap=_r(r.gap),
                                     flagged=r.flagged, answers_a=r.counts["a"] if view.visible else None,
                                     answers_b=r.counts["b"] if view.visible else None,
                                     comments_a=list(r.comments["a"]), comments_b=list(r.comments["b"]))
                        for r in view.rows],
        )
    latest = pl.latest_round(pulse)
    flagged = [r for r in latest.rows if r.flagged] if latest else []
    checks = [("pulse.both_sides", pulse.represented if pulse.members else None),
              ("pulse.shown", latest is not None if pulse.members else None),
              ("pulse.no_gaps", None if latest is None else not flagged)]
    return PulseSection(
        members=pulse.members,
        companies={p: case.companies[p].name for p in pl.SIDES},
        sides={name: case.companies[side].name for name, side in pulse.sides.items()},
        unassigned=pulse.unassigned,
        rule=Rule(min_per_side=pl.MIN_PER_SIDE, gap_flag=pl.GAP_FLAG, healthy=pl.HEALTHY),
        rounds=rounds,
        latest=latest.round if latest else None,
        movement=[Movement(statement=tr(f"pulse.s.{m['statement']}"), change_a=_r(m["change"]["a"]),
                           change_b=_r(m["change"]["b"]), gap_start=_r(m["gap_start"]), gap_end=_r(m["gap_end"]))
                  for m in pulse.movement()],
        seen={crack: pl.crack_seen(latest, crack) if latest else None for crack in CRACKS},
        checks=[PulseCheck(check=code, ok=bool(ok), assessed=ok is not None) for code, ok in checks],
    )


def shown_rows(section: PulseSection, round_: str | None = None) -> list[StatementRow]:
    """The statements of a round that are shown (both sides' means), ranked by the gap."""
    round_ = round_ or section.latest
    if round_ is None:
        return []
    return [s for s in section.rounds[round_].statements if s.gap is not None]


def gap_chart(section: PulseSection, tr: Translator, round_: str | None = None):
    """Each side's mean per statement, the statements ranked by the gap (largest on top);
    a flagged gap is marked in its label."""
    rows = shown_rows(section, round_)
    if not rows:
        return None
    rows = list(reversed(rows))  # plotly draws the first category at the bottom
    labels = [safe.chart_label(("⚠ " if r.flagged else "") + r.statement, 70) for r in rows]
    names = section.companies
    bars = [go().Bar(y=labels, x=[r.mean_of(p) for r in rows], orientation="h",
                     name=safe.chart_label(names[p], 40), marker={"color": colour})
            for p, colour in (("a", "#16324f"), ("b", "#e09100"))]
    return figure(bars, tr("pulse.chart.title", round=tr(f"pulse.round.{round_ or section.latest}")),
                  barmode="group", x=tr("pulse.chart.mean"), xaxis={"range": [0, 5.2]}, legend=tr("pulse.chart.side"),
                  margin={"l": 380})


def comment_rows(section: PulseSection, tr: Translator, round_: str | None = None) -> tuple[list[str], list[list]]:
    """(headers, rows): one row per comment on a statement that is shown (both companies'
    means, so each side's comments come from at least ``MIN_PER_SIDE`` people who answered it),
    statements ranked like the gaps, each company's comments in alphabetical order: a row
    names the company, never the person, and its place says nothing of who wrote it."""
    names = section.companies
    headers = [tr("pulse.col_statement"), tr("pulse.col_company"), tr("pulse.col_comment")]
    return headers, [[s.statement, names[p], comment] for s in shown_rows(section, round_)
                     for p in pl.SIDES for comment in s.comments_of(p)]


def table_rows(section: PulseSection, tr: Translator, round_: str | None = None) -> tuple[list[str], list[list]]:
    names = section.companies
    headers = [tr("pulse.col_statement"), names["a"], names["b"], tr("pulse.col_gap"), tr("pulse.col_flag")]
    rows = [[s.statement, tr.number(s.mean_a, 1), tr.number(s.mean_b, 1), tr.number(s.gap, 1),
             "⚠ " + tr("pulse.flagged") if s.flagged else ""] for s in shown_rows(section, round_)]
    return headers, rows


def status_lines(section: PulseSection, tr: Translator) -> list[tuple[str, str]]:
    """(level, text): who speaks for which company, and whether the side view is shown."""
    names, rule = section.companies, section.rule
    counts = {p: sum(1 for side in section.sides.values() if side == names[p]) for p in pl.SIDES}
    out = []
    if all(counts.values()):
        out.append(("ok", tr("pulse.both_represented", a=names["a"], b=names["b"], count_a=counts["a"],
                             count_b=counts["b"])))
    else:
        missing = ", ".join(names[p] for p in pl.SIDES if not counts[p])
        out.append(("warn", tr("pulse.side_missing", companies=missing)))
    if section.unassigned:
        out.append(("info", tr("pulse.unassigned", names=", ".join(section.unassigned))))
    for round_, view in section.rounds.items():
        if not any(view.respondents.values()):
            continue
        if view.visible:
            flagged = [s.statement for s in view.statements if s.flagged]
            out.append(("warn", tr("pulse.gaps_flagged", round=tr(f"pulse.round.{round_}"), count=len(flagged),
                                   flag=tr.number(rule.gap_flag, 1), statements="; ".join(flagged)))
                       if flagged else ("ok", tr("pulse.no_gap", round=tr(f"pulse.round.{round_}"),
                                                 flag=tr.number(rule.gap_flag, 1))))
        else:
            out.append(("info", tr("pulse.hidden", round=tr(f"pulse.round.{round_}"), min=rule.min_per_side,
                                   a=names["a"], b=names["b"], count_a=view.respondents["a"],
                                   count_b=view.respondents["b"])))
            needed = view.needed
            out += [("info", tr("pulse.needed", company=names[p], count=needed[p], round=tr(f"pulse.round.{round_}")))
                    for p in pl.SIDES if needed[p]]
    return out


# -- the module's hooks ---------------------------------------------------------------------------------
def charter(section: PulseSection, ctx: CharterContext) -> list[Block]:
    tr = ctx.tr
    out = [Block("list", items=[text for _, text in status_lines(section, tr)])]
    if section.latest:
        headers, rows = table_rows(section, tr)
        out.append(Block("table", headers=headers, rows=rows))
        if ctx.charts:
            out.append(Block("chart", figure=gap_chart(section, tr)))
        headers, rows = comment_rows(section, tr)
        if rows:
            out.append(Block("p", tr("pulse.comments_caption", round=tr(f"pulse.round.{section.latest}"))))
            out.append(Block("table", headers=headers, rows=rows))
    if section.movement:
        names = section.companies
        out.append(Block("table", headers=[tr("pulse.col_statement"), tr("pulse.col_change", company=names["a"]),
                                           tr("pulse.col_change", company=names["b"]), tr("pulse.col_gap_start"),
                                           tr("pulse.col_gap_end")],
                         rows=[[m.statement, tr.number(m.change_a, 1), tr.number(m.change_b, 1),
                                tr.number(m.gap_start, 1), tr.number(m.gap_end, 1)] for m in section.movement]))
    out.append(checks_block(section.checks, tr))
    return out


def sheet(section: PulseSection, ctx: CharterContext) -> tuple[list[str], list[list]]:
    """The statements shown, per round: both means, the gap and each company's comments (one
    per line, in alphabetical order, without names)."""
    tr = ctx.tr
    rows = []
    for round_, view in section.rounds.items():
        for s in view.statements:
            if s.gap is not None:
                rows.append([tr(f"pulse.round.{round_}"), s.statement, s.mean_a, s.mean_b, s.gap, s.flagged,
                             "\n".join(s.comments_a), "\n".join(s.comments_b)])
    names = section.companies
    return ["round", "statement", "mean_a", "mean_b", "gap", "flagged",
            *[tr("pulse.col_comments", company=names.get(p, p.upper())) for p in pl.SIDES]], rows


def facts(section: PulseSection) -> list[Fact]:
    seen = section.seen
    return [Fact(crack, f"pulse_{crack}", seen.get(crack), source="perception") for crack in CRACKS]


def phase_checks(section: PulseSection) -> tuple[int, int]:
    assessed = [c for c in section.checks if c.assessed]
    return sum(1 for c in assessed if c.ok), len(assessed)


def disagreements(section: PulseSection, case: Case | None = None, tr: Translator | None = None) -> list[Disagreement]:
    """The flagged gaps of the latest round shown: where the two companies disagree."""
    names = section.companies
    return [Disagreement(pl.KEY, s.statement,
                         f"{names.get('a', 'A')} {s.mean_a} · {names.get('b', 'B')} {s.mean_b}",
                         min(1.0, abs(s.gap) / 4)) for s in shown_rows(section) if s.flagged]


def _largest(section: PulseSection) -> StatementRow | None:
    rows = shown_rows(section)
    return rows[0] if rows else None


def comparison(section: PulseSection) -> list[Column]:
    largest = _largest(section)
    movement = section.movement
    closed = (sum(abs(m.gap_start) - abs(m.gap_end) for m in movement) / len(movement)) if movement else None
    return [Column("pulse_gap", "pulse.col_largest_gap",
                   None if largest is None else (largest.statement, largest.gap),
                   show=lambda tr, v: "–" if v is None else f"{v[0]} ({tr.number(v[1], 1)})"),
            Column("pulse_movement", "pulse.col_movement", None if closed is None else round(closed, 2),
                   show=lambda tr, v: "–" if v is None else tr("pulse.closed_by", value=tr.number(v, 1))),
            Column("pulse_needed", "pulse.col_needed", _needed(section),
                   show=lambda tr, v: "–" if v is None else " · ".join(f"{c} +{n}" for c, n in v.items()))]


def _needed(section: PulseSection) -> dict[str, int] | None:
    """While no round is shown: per company, how many more people must answer the round
    they have started (None once a round is shown or before anyone answered)."""
    if section.latest is not None:
        return None
    names = section.companies
    for view in section.rounds.values():
        needed = view.needed
        if needed and any(view.respondents.values()):
            return {names.get(p, p): n for p, n in needed.items() if n}
    return None


def reference_points(team: PulseSection, reference: PulseSection) -> list[Point]:
    """Whether the team's pulse flags the same statements as the case's worked example (a pulse
    of four people on the two sides)."""
    mine = {s.id for s in shown_rows(team) if s.flagged}
    theirs = {s.id for s in shown_rows(reference) if s.flagged}
    return [Point("pulse_gaps_same" if mine == theirs else "pulse_gaps_differ", mine == theirs,
                  {"count": len(mine), "reference": len(theirs)})]


# -- printed pack ------------------------------------------------------------------------------
def worksheet(case: Case, tr: Translator) -> safe.Markup:
    """The questionnaire, one copy per person: the company they speak for, the round, and each
    statement on the 1-5 scale with room for a comment. Answers are shown only per company,
    so the sheet goes to the facilitator, not to the teammates."""
    title, tab = tr("module.pulse.title"), tr("pulse.tab_answer")
    scale = [f"{n} {tr(f'pulse.scale_{n}')}" for n in range(1, 6)]
    rows = [[tr(f"pulse.s.{s}"), *(ws.Blank(hint=str(n)) for n in range(1, 6)), ws.Blank(2)] for s in pl.STATEMENTS]
    return ws.sheet(tr, title, [
        ws.part(tr("pulse.side_title"), ws.where(tr, title, tab, tr("pulse.side")),
                ws.choices(tr, tr("pulse.side"), [case.companies[p].name for p in pl.SIDES]),
                ws.choices(tr, tr("pulse.facilitator.round"), [tr(f"pulse.round.{r}") for r in pl.ROUNDS]),
                note=tr("pulse.side_help")),
        ws.part(tr("pulse.answers_title"), ws.where(tr, title, tab, tr("pulse.answers_title")),
                ws.grid([tr("pulse.col_statement"), *scale, tr("pulse.col_comment")], rows, vertical=True,
                        widths=("44%", *(["6%"] * 5), "26%")),
                note=tr("pulse.answers_help")),
    ], intro=tr("pulse.worksheet.intro"), kind="person")


def tally(case: Case, tr: Translator) -> safe.Markup:
    """Per company, how many people gave each score to each statement, with the rule that a
    company's answers are shown only from the minimum number of people up."""
    heads = [tr("pulse.col_statement"), *(str(n) for n in range(1, 6)), tr("pulse.worksheet.count")]
    parts = [ws.part(tr("pulse.col_company") + ": " + case.companies[p].name,
                     ws.grid(heads, [[tr(f"pulse.s.{s}"), *(ws.BOX for _ in range(6))] for s in pl.STATEMENTS],
                             widths=("52%", *(["8%"] * 6))))
             for p in pl.SIDES]
    return ws.sheet(tr, tr("pulse.worksheet.tally_title"),
                    [ws.choices(tr, tr("pulse.facilitator.round"), [tr(f"pulse.round.{r}") for r in pl.ROUNDS]), *parts],
                    intro=tr("pulse.worksheet.tally_help", min=pl.MIN_PER_SIDE), kind="facilitator")
