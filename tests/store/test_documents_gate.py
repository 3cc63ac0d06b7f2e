"""The one gate (widgets/documents.py): every module document is judged once, by the model its
place calls for, before it is stored; nothing invalid is stored."""

from __future__ import annotations

import pytest

from widgets import documents, registry
from widgets.model.problems import ModelError
from widgets.modules.pulse import model as pl
from widgets.modules.risk import model as rk
from widgets.store import DocRef


def test_the_place_of_a_document_names_its_model(sqlite_store):
    event = sqlite_store.create_event("GATE-1", "medtech-distribution")
    ana = sqlite_store.join("GATE-1", "Blue", "Ana")
    spec = registry.get(pl.KEY)
    assert documents.model_for(spec, DocRef.of_participant(ana)) is pl.Entry
    assert documents.model_for(spec, DocRef.of_team(event.id, ana.team_id)) is pl.Sides
    assert documents.model_for(spec, DocRef.of_event(event.id)) is pl.Settings
    with pytest.raises(ModelError) as exc:  # the risk module keeps no room settings
        documents.model_for(registry.get(rk.KEY), DocRef.of_event(event.id))
    assert exc.value.problems[0].code == "module.no_model"


def test_raw_data_is_validated_and_a_model_instance_is_taken_as_built(sqlite_store, monkeypatch):
    sqlite_store.create_event("GATE-2", "medtech-distribution")
    ana = sqlite_store.join("GATE-2", "Blue", "Ana")
    ref, spec = DocRef.of_participant(ana), registry.get(pl.KEY)
    with pytest.raises(ModelError):
        documents.save(sqlite_store, ref, spec, {"rounds": {"later": {}}})
    assert sqlite_store.latest(ref, pl.KEY) is None  # nothing invalid stored
    entry = pl.answer(pl.Entry(), "start", "trust_other", 4, "They <b>delivered</b>")
    calls = []
    original = pl.Entry.model_validate.__func__
    monkeypatch.setattr(pl.Entry, "model_validate", classmethod(lambda cls, *a, **k: calls.append(1) or original(cls, *a, **k)))
    documents.save(sqlite_store, ref, spec, entry)
    assert calls == []  # validated once, when the rule built it
    documents.save(sqlite_store, ref, spec, entry.model_dump(mode="json"))
    assert calls == [1]  # a dict from outside is judged here, once
    assert sqlite_store.latest(ref, pl.KEY).data == entry.model_dump(mode="json")
