"""Risk balancing: the export section and the charts."""

from __future__ import annotations

import math

from widgets import safe
from widgets.contract import CharterContext, Column, Disagreement, Fact, Point
from widgets.i18n import Translator
from widgets.model import weights as wt
from widgets.model.case import Case
from widgets.model.health import PEOPLE_MIN
from widgets.modules.risk import model as rk
from widgets.modules.risk.case import RISK_CATEGORIES
from widgets.modules.risk.case import of as case_of
from widgets.modules.risk.section import (
    BalanceRule,
    PartnerBalance,
    PartnerShares,
    RiskBalance,
    RiskEstimate,
    RiskItem,
    RiskSection,
)
from widgets.report import worksheet as ws
from widgets.report.blocks import Block
from widgets.report.figures import figure, go


def state_for(team, case: Case, lang: str) -> rk.RiskState:
    return rk.risk_state(team.module(rk.KEY), team.shared.get(rk.KEY), case, lang)


def _r(x: float | None, digits: int = 3):
    return None if x is None or not math.isfinite(x) else round(x, digits)


SHARE_KINDS = ("contribution", "benefit", "risk")


def section(team, case: Case, lang: str | None = None) -> RiskSection:
    state = state_for(team, case, lang or team.event.lang)
    result = state.result
    names = {p: case.companies[p].name for p in rk.PARTNERS}
    return RiskSection(
        members=result.members,
        contributions={cat: {names[p]: _r(v[p]) for p in rk.PARTNERS} for cat, v in result.contributions.items()},
        benefits={cat: {names[p]: _r(v[p]) for p in rk.PARTNERS} for cat, v in result.benefits.items()},
        # how much each category counts in this alliance (team mean, 0-5): the shares' weights
        weights={kind: {cat: _r(v["weight"]) for cat, v in values.items()}
                 for kind, values in (("contributions", result.contributions), ("benefits", result.benefits))},
        risks=[RiskItem(id=r.id, risk=state.labels[r.id], category=state.categories[r.id],
                        likelihood=_r(r.likelihood), impact=_r(r.impact), score=_r(r.score),
                        share_a=_r(r.share_a), likelihood_spread=r.spread("likelihood"),
                        impact_spread=r.spread("impact"), contested=r.contested, high=r.high,
                        mitigation=r.mitigation, owner=r.owner, from_case_defaults=r.from_case,
                        estimates={m: RiskEstimate(likelihood=e.likelihood, impact=e.impact, share_a=e.share_a)
                                   for m, e in r.estimates.items()})
               for r in result.risks],
        shares={names[p]: PartnerShares(contribution=_r(b.contribution), benefit=_r(b.benefit), risk=_r(b.risk))
                for p, b in result.balance.items()},
        balance=RiskBalance(
            rule=BalanceRule(balanced_from=rk.BALANCED[0], balanced_to=rk.BALANCED[1]),
            balanced=result.balanced,
            # rounded without crossing 0.8 or 1.25, so the stored index gives the stored verdict
            partners={names[p]: PartnerBalance(index=_r(rk.shown_index(b.index, 3)), verdict=b.verdict,
                                               band=None if b.band is None
                                               else [_r(rk.shown_index(x, 3)) for x in b.band],
                                               agreed=b.agreed)
                      for p, b in result.balance.items()}),
        unmitigated=[state.labels[r.id] for r in result.unmitigated],
    )


def index_text(index: float | None, band, tr: Translator) -> str:
    """The balance index as read: two decimals, never rounded across an end of the balanced
    band (:func:`widgets.modules.risk.model.shown_index`), so it agrees with the verdict beside it, and
    the members' band when it is wider ("1.12 (members: 0.91 to 1.40)")."""
    if index is None:
        return "–"
    if not math.isfinite(index):
        return "∞"

    def shown(x: float) -> str:
        return "∞" if not math.isfinite(x) else tr.number(rk.shown_index(x), rk.INDEX_DIGITS)

    text = shown(index)
    if band is not None and shown(band[0]) != shown(band[1]):
        text = tr("risk.index_band", index=text, low=shown(band[0]), high=shown(band[1]))
    return text


def shown_shares(shares: dict[str, dict[str, float | None]], digits: int = 0) -> dict[str, dict[str, float | None]]:
    """Partner -> kind -> share, as shown side by side: for each kind (contribution, benefit,
    risk) the partners' shares rounded so that they add up to 100 % (largest remainder)."""
    out: dict[str, dict[str, float | None]] = {p: {} for p in shares}
    for kind in SHARE_KINDS:
        for p, v in wt.shown_shares({p: (shares[p] or {}).get(kind) for p in shares}, digits).items():
            out[p][kind] = v
    return out


def matrix(state: rk.RiskState, tr: Translator):
    """Likelihood x impact: a coloured 5x5 background with every risk placed on it."""
    risks = [r for r in state.result.risks if r.score is not None]
    if not risks:
        return None
    xs, ys = _spread_out([(r.impact, r.likelihood) for r in risks])
    zone = [[x * y for x in range(1, 6)] for y in range(1, 6)]
    background = go().Heatmap(z=zone, x=list(range(1, 6)), y=list(range(1, 6)), showscale=False, hoverinfo="skip",
                              colorscale=[[0, "#e8f5e9"], [0.4, "#fff6e0"], [0.6, "#fde2cf"], [1, "#f4b5ab"]])
    placed = go().Scatter(
        x=xs, y=ys, mode="markers+text",
        text=[str(i + 1) for i in range(len(risks))], textposition="middle center",
        marker={"size": 26, "color": ["#c0392b" if r.unmitigated else "#16324f" for r in risks],
                "line": {"width": 2, "color": ["#e09100" if r.contested else "#ffffff" for r in risks]}},
        textfont={"color": "#ffffff"},
        hovertext=[safe.chart_label(f"{i + 1}. {state.labels[r.id]}", 70) for i, r in enumerate(risks)],
        hoverinfo="text", name=tr("risk.chart.risks"))
    grid = {"range": [0.5, 5.5], "dtick": 1}
    return figure([background, placed], tr("risk.chart.matrix_title"), showlegend=False,
                  x=tr("risk.impact"), xaxis=grid, y=tr("risk.likelihood"), yaxis=grid)


def _spread_out(points: list[tuple[float, float]], radius: float = 0.28) -> tuple[list[float], list[float]]:
    """Risks that land on the same spot are placed around it so that each stays visible."""
    groups: dict[tuple[float, float], list[int]] = {}
    for i, (x, y) in enumerate(points):
        groups.setdefault((round(x, 1), round(y, 1)), []).append(i)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    for members in groups.values():
        if len(members) < 2:
            continue
        for k, i in enumerate(members):
            angle = 2 * math.pi * k / len(members)
            xs[i] += radius * math.cos(angle)
            ys[i] += radius * math.sin(angle)
    return xs, ys


def shares_chart(state: rk.RiskState, tr: Translator, case: Case):
    balance = state.result.balance
    kinds = SHARE_KINDS
    if all(getattr(balance[p], k) is None for p in rk.PARTNERS for k in kinds):
        return None
    shown = shown_shares({p: {k: getattr(balance[p], k) for k in kinds} for p in rk.PARTNERS}, 1)
    x = [tr(f"risk.share.{k}") for k in kinds]
    bars = [go().Bar(x=x, y=[round(100 * (shown[p][k] or 0), 1) for k in kinds],
                     name=safe.chart_label(case.companies[p].name, 40))
            for p in rk.PARTNERS]
    return figure(bars, tr("risk.chart.shares_title"), barmode="group",
                  x=tr("risk.chart.what"), y=tr("risk.chart.share_pct"), yaxis={"range": [0, 100]})


# -- the module's hooks into the charter, the workbook, the health check and the dashboard ----
def _balanced(section: RiskSection) -> bool | None:
    return section.balance.balanced if section.members else None


def _shares(section: RiskSection) -> dict[str, dict[str, float | None]]:
    """The section's shares as shown side by side (:func:`shown_shares`)."""
    return shown_shares({name: {"contribution": s.contribution, "benefit": s.benefit, "risk": s.risk}
                         for name, s in section.shares.items()})


def charter(section: RiskSection, ctx: CharterContext) -> list[Block]:
    tr = ctx.tr
    headers, rows = balance_table(section, tr)
    out = [Block("table", headers=headers, rows=rows),
           Block("table", headers=[tr("risk.col_risk"), tr("risk.likelihood"), tr("risk.impact"),
                                   tr("risk.mitigation"), tr("risk.owner")],
                 rows=[[r.risk, tr.number(r.likelihood, 1), tr.number(r.impact, 1), r.mitigation or "–",
                        r.owner or "–"] for r in section.risks])]
    if section.unmitigated:
        out.append(Block("p", tr("risk.unmitigated", risks="; ".join(section.unmitigated))))
    if ctx.charts and section.members:
        out.append(Block("chart", figure=shares_chart(state_for(ctx.data, ctx.case, tr.lang), tr, ctx.case)))
    return out


def balance_table(section: RiskSection, tr: Translator) -> tuple[list[str], list[list[str]]]:
    """Each partner's shares (adding up to 100 % per kind), balance index and verdict, as read."""
    partners = section.balance.partners
    headers = [tr("risk.col_partner"), tr("risk.share.contribution"), tr("risk.share.benefit"), tr("risk.share.risk"),
               tr("risk.col_index"), tr("risk.col_verdict")]
    return headers, [[name, *[tr.percent(v[k]) for k in SHARE_KINDS],
                      index_text(partners[name].index, partners[name].band, tr),
                      tr(f"risk.verdict_short.{partners[name].verdict}")] for name, v in _shares(section).items()]


def sheet(section: RiskSection, ctx: CharterContext) -> list[tuple[list[str], list[list]]]:
    """Two tables: each partner's shares, balance index and verdict; then the risk register."""
    tr = ctx.tr
    partners = section.balance.partners
    balance = (["partner", "contribution_share", "benefit_share", "risk_share", "balance_index", "verdict"],
               [[name, *[None if v[k] is None else round(100 * v[k]) for k in SHARE_KINDS],
                 None if partners[name].index is None else rk.shown_index(partners[name].index),
                 tr(f"risk.verdict_short.{partners[name].verdict}")] for name, v in _shares(section).items()])
    register = (["risk", "category", "likelihood", "impact", "score", "share_a", "mitigation", "owner", "contested"],
                [[r.risk, tr(f"risk.category.{r.category}"), r.likelihood, r.impact, r.score, r.share_a,
                  r.mitigation, r.owner, r.contested] for r in section.risks])
    return [balance, register]


def facts(section: RiskSection) -> list[Fact]:
    started = bool(section.members)
    people = section.contributions.get("people") if started else None
    people_ok = None if not people else all(v is not None and v >= PEOPLE_MIN for v in people.values())
    return [Fact("trust", "balanced", _balanced(section), critical=True),
            Fact("resources", "people", people_ok, {"min": PEOPLE_MIN}, critical=True)]


def phase_checks(section: RiskSection) -> tuple[int, int]:
    """No checks of its own: whether the balance is balanced counts as one."""
    balanced = section.balance.balanced
    return (int(bool(balanced)), 1) if balanced is not None else (0, 0)


def disagreements(section: RiskSection, case: Case | None = None, tr: Translator | None = None) -> list[Disagreement]:
    out = []
    for r in section.risks:
        if r.contested:
            spread = max(r.likelihood_spread, r.impact_spread)
            out.append(Disagreement(rk.KEY, r.risk, f"±{spread}", min(1.0, spread / 4)))
    return out


def comparison(section: RiskSection) -> list[Column]:
    balanced = _balanced(section)
    return [Column("balance", "facilitator.col_balance",
                   None if balanced is None else ("balanced" if balanced else "lopsided"),
                   show=lambda tr, v: tr(f"facilitator.balance.{v or 'unknown'}"))]


def reference_points(team: RiskSection, reference: RiskSection) -> list[Point]:
    bal_t, bal_r = team.balance.balanced, reference.balance.balanced
    return [Point("balance_same" if bal_t == bal_r else "balance_differs", bal_t == bal_r,
                  {"team": bal_t, "reference": bal_r}),
            Point("unmitigated", not team.unmitigated, {"count": len(team.unmitigated)})]


# -- printed pack ------------------------------------------------------------------------------
NEW_RISK_LINES = 3


def worksheet(case: Case, tr: Translator) -> safe.Markup:
    """Two sheets like the page's tabs: each member's estimates of what each company puts in
    and gets out, then the register of the case's risks with lines for the team's own."""
    title = tr("module.risk.title")
    names = {p: case.companies[p].name for p in rk.PARTNERS}
    values_tab, register_tab = tr("risk.tab_values"), tr("risk.tab_register")
    heads = [names["a"], names["b"], tr("risk.weight_head")]

    def values(kind: str, items: tuple[str, ...]) -> safe.Markup:
        return ws.grid([tr(f"risk.kind.{kind}"), *heads],
                       [[tr(f"risk.{kind}.{i}"), *(ws.Blank(hint="0–5") for _ in heads)] for i in items],
                       widths=("40%", "20%", "20%", "20%"))

    values_sheet = ws.sheet(tr, title + " · " + values_tab, [
        ws.part(tr("risk.contributions_title"), ws.where(tr, title, values_tab, tr("risk.contributions_title")),
                values("contributions", rk.CONTRIBUTIONS), note=tr("risk.contributions_help")),
        ws.part(tr("risk.benefits_title"), ws.where(tr, title, values_tab, tr("risk.benefits_title")),
                values("benefits", rk.BENEFITS), note=tr("risk.benefits_help")),
    ], intro=tr("risk.worksheet.intro_values"))
    categories = [tr(f"risk.category.{c}") for c in RISK_CATEGORIES]
    heads = [tr("risk.col_risk"), tr("risk.likelihood"), tr("risk.impact"), tr("risk.share_a", company=names["a"]),
             tr("risk.mitigation"), tr("risk.owner")]
    rows = [[r.label.get(tr.lang), ws.Blank(2, "1–5"), ws.Blank(2, "1–5"), ws.Blank(2, "0–100"), ws.Blank(2), ws.Blank(2)]
            for r in case_of(case).risks]
    new_rows = [[ws.Blank(2), ws.numbered(categories)] for _ in range(NEW_RISK_LINES)]
    register_sheet = ws.sheet(tr, title + " · " + register_tab, [
        ws.part(tr("risk.register_title"), ws.where(tr, title, register_tab, tr("risk.register_title")),
                ws.grid(heads, rows, widths=("26%", "9%", "9%", "11%", "27%", "18%")), note=tr("risk.register_help")),
        ws.part(tr("risk.add_title"), ws.where(tr, title, register_tab, tr("risk.add_title")),
                ws.grid([tr("risk.new_risk"), tr("risk.category")], new_rows, widths=("75%", "25%")),
                ws.legend(tr("risk.category"), categories),
                note=tr("risk.worksheet.new_risks")),
    ], intro=tr("risk.worksheet.intro_register"))
    return safe.join([values_sheet, register_sheet])
