"""pandas tables: the facilitator's cross-team comparison (on screen and as CSV) and the
numbers a self-paced learner explores under a module notebook.

pandas is imported here only, so a participant's kernel pays for it only when a page asks
for one of these tables.
"""

from __future__ import annotations

import json

import pandas as pd

from widgets import safe
from widgets.i18n import Translator
from widgets.model.dashboard import Comparison, columns

HEALTH = ("green", "amber", "red", "grey")


def comparison_table(comparisons: list[Comparison], tr: Translator) -> pd.DataFrame:
    """One row per team, in the reader's language, as the dashboard shows it: the team, every
    module's comparison columns, and the health check's counts."""
    first = comparisons[0].columns if comparisons else columns(None)
    headers = [tr("facilitator.col_team"), *[tr(c.label) for c in first], tr("facilitator.col_health")]
    rows = [[c.team, *[col.show(tr, col.value) for col in c.columns],
             tr("facilitator.health_counts", **{k: list(c.health.values()).count(k) for k in HEALTH})]
            for c in comparisons]
    return pd.DataFrame(rows, columns=headers)


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV that a spreadsheet opens safely: no cell starts a formula; UTF-8 with a BOM so that
    Excel reads accents right."""
    safe_frame = frame.map(safe.spreadsheet_cell)
    safe_frame.columns = [safe.spreadsheet_cell(c) for c in frame.columns]
    return safe_frame.to_csv(index=False).encode("utf-8-sig")


def _cell(value: object) -> object:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def section_tables(section: dict) -> dict[str, pd.DataFrame]:
    """Every table in one module's export section: lists of records and dicts of rows.

    Scalars and plain lists (member names, the vision) are left out; nested values are shown
    as JSON text.
    """
    out: dict[str, pd.DataFrame] = {}
    for name, value in section.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            out[name] = pd.DataFrame([{k: _cell(v) for k, v in row.items()} for row in value])
        elif isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            out[name] = pd.DataFrame.from_dict(
                {k: {c: _cell(x) for c, x in row.items()} for k, row in value.items()}, orient="index")
        elif isinstance(value, dict) and value and all(not isinstance(v, (dict, list)) for v in value.values()):
            out[name] = pd.DataFrame([value])
    return {name: frame for name, frame in out.items() if not frame.empty}
