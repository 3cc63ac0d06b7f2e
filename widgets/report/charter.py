"""The alliance charter as a list of blocks (headings, paragraphs, tables, charts), built from
one team's export section. Markdown, HTML and the summary page all render these blocks.

The charter opens with the health check, then gives each module's part (its ``charter``
hook, :mod:`widgets.contract`) under the module's title, and closes with where the team
disagrees most."""

from __future__ import annotations

from widgets import cases, registry
from widgets.contract import CharterContext
from widgets.i18n import Translator
from widgets.model.case import Case
from widgets.report.blocks import Block
from widgets.session import TeamData

__all__ = ["Block", "blocks", "module_blocks", "module_title", "team_data_from_export"]


def team_data_from_export(event, team: dict) -> TeamData:
    """Rebuild a :class:`TeamData` from an exported team (for charts in offline exports)."""
    members = list(enumerate(team["participants"], start=1))
    return TeamData(event, 0, team["name"], members, documents=team.get("documents", {}),
                    shared=team.get("shared", {}))


def module_blocks(team: dict, event, tr: Translator, case: Case, charts: bool = True) -> list[Block]:
    """Every module's part of the charter, each under its title, in workshop order."""
    ctx = CharterContext(tr, case, team_data_from_export(event, team) if charts else None)
    out: list[Block] = []
    for spec in registry.modules():
        out.append(Block("h2", tr(spec.title)))
        out.extend(spec.charter(spec.typed(team["modules"].get(spec.key)), ctx))
    return [b for b in out if b.kind != "chart" or b.figure is not None]


def blocks(team: dict, event, tr: Translator, case: Case | None = None, charts: bool = True) -> list[Block]:
    """Every section of the charter for one exported team."""
    case = case or cases.get(event.case_id)
    out = [Block("h1", tr("charter.title", team=team["name"])),
           Block("p", tr("charter.subtitle", a=case.companies["a"].name, b=case.companies["b"].name,
                         members=", ".join(team["participants"]) or "–"))]

    # health first: what a facilitator and a team look at first
    out.append(Block("h2", tr("health.title")))
    out.append(Block("p", tr("health.help")))
    out.append(Block("health", items=team["health_check"]))
    phases = team.get("phases", {})
    out.append(Block("table", headers=[tr("charter.phase"), tr("charter.checks_passed")],
                     rows=[[tr(f"phase.{p}"), f"{v['passed']} / {v['total']}"] for p, v in phases.items()]))
    out.extend(module_blocks(team, event, tr, case, charts))
    out.append(Block("h2", tr("charter.contested_title")))
    out.append(Block("table", headers=[tr("charter.col_module"), tr("charter.col_item"), tr("charter.col_detail"),
                                       tr("charter.col_level")],
                     rows=[[module_title(c["module"], tr), c["item"], c["detail"], tr.percent(c["level"])]
                           for c in team.get("contested", [])]))
    return out


def module_title(key: str, tr: Translator) -> str:
    spec = registry.get(key)
    return tr(spec.title) if spec is not None else key
