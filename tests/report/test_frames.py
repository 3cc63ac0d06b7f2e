"""pandas tables: the facilitator's comparison (screen and CSV) and a learner's module tables."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from widgets import demo, registry
from widgets.i18n import Translator
from widgets.model import dashboard
from widgets.report.export import event_export
from widgets.report.frames import comparison_table, section_tables, to_csv
from widgets.ui.explore import module_tables


def test_comparison_csv_has_a_row_per_team_and_no_formulas(store):
    demo.generate(store, "CSV-1", "medtech-distribution", teams=3, participants=3)
    p = store.join("CSV-1", "=HYPERLINK(\"http://x\")", "Eve")
    assert p.team_name.startswith("=")
    teams = event_export(store, "CSV-1", lang="es")["teams"]
    frame = comparison_table(dashboard.comparisons(teams), Translator("es"))
    assert len(frame) == 4 and frame.columns[0] == Translator("es")("facilitator.col_team")
    body = to_csv(frame)
    assert body.startswith("\ufeff".encode())
    back = pd.read_csv(io.BytesIO(body), encoding="utf-8-sig", keep_default_na=False)
    assert set(back.iloc[:, 0]) == {"Blue", "Green", "Orange", "'=HYPERLINK(\"http://x\")"}
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in back.to_numpy().ravel())


def test_section_tables_keep_records_and_rows():
    section = {"members": ["a", "b"], "vision": "x", "ranking": [{"candidate": "A", "rank": 1, "cells": [1, 2]}],
               "consensus": {"act": {"a:lead": "R", "b:lead": "A"}}, "balance": {"balanced": True, "gap": 0.1}}
    tables = section_tables(section)
    assert set(tables) == {"ranking", "consensus", "balance"}
    assert tables["ranking"].loc[0, "cells"] == "[1, 2]"
    assert tables["consensus"].loc["act", "b:lead"] == "A"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_learner_sees_the_reference_before_joining(lang):
    for spec in registry.modules():
        result = module_tables(spec.key, lang)
        assert result["tables"], spec.key
        assert all(not frame.empty for frame in result["tables"].values())
        # each title is the module's own message (<key>.table.<name>), not an id shown raw
        assert all(title and not title.startswith((f"{spec.key}.", "explore.")) for title in result["titles"].values())
    assert ("reference answer" if lang == "en" else "respuesta de referencia") in result["source"]
