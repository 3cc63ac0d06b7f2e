"""Synthetic workshop data for dry runs and benchmarks: every registered module fills in.

Each module's ``demo`` generator receives a :class:`DemoRequest` and returns documents
per member (and optionally a team document); they are validated by the module's model
and saved like any participant's input.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from widgets import cases, documents, registry
from widgets.i18n import DEFAULT, SUPPORTED, Translator
from widgets.model.case import Case
from widgets.store import DocRef, Store

TEAM_NAMES = ["Blue", "Green", "Orange", "Purple", "Red", "Teal", "Yellow", "Silver", "Indigo",
              "Coral", "Olive", "Maroon"]
PEOPLE = ["Ana", "Ben", "Chiara", "Dmitri", "Eun-ji", "Farah", "Gonzalo", "Hana", "Ibrahim",
          "Julia", "Kwame", "Lucía", "Mateo", "Nadia", "Oliver", "Priya", "Quentin", "Rosa",
          "Sipho", "Tomás", "Uma", "Víctor", "Wen", "Yara", "Zoë"]


@dataclass(frozen=True)
class DemoRequest:
    case: Case
    members: list[str]
    rng: random.Random
    team_index: int  # varies the teams: some agree, some disagree, some fail checks
    tr: Translator = field(default_factory=Translator)  # what members type is in the event's language


def team_name(index: int) -> str:
    base = TEAM_NAMES[index % len(TEAM_NAMES)]
    return base if index < len(TEAM_NAMES) else f"{base} {index // len(TEAM_NAMES) + 1}"


def member_names(index: int, count: int) -> list[str]:
    return [PEOPLE[(index * 5 + k) % len(PEOPLE)] + ("" if k < len(PEOPLE) else f" {k}")
            for k in range(count)]


def generate(store: Store, code: str, case_id: str, teams: int, participants: int,
             seed: int = 7, lang: str | None = None) -> list[str]:
    """Create (or top up) the event with ``teams`` x ``participants``; return module keys.

    A new event is run in ``lang`` (English by default); an existing one keeps its language.
    Every text the members write is in the event's language: the demo catalogs
    (``locales/<lang>/demo.json``) and the case's texts in that language."""
    event = store.get_event(code) or store.create_event(code, case_id, title=f"Demo {code}",
                                                        lang=lang if lang in SUPPORTED else DEFAULT)
    case = cases.get(event.case_id)
    specs = registry.modules()
    rng = random.Random(seed)
    for index in range(teams):
        names = member_names(index, participants)
        joined = [store.join(code, team_name(index), name) for name in names]
        by_name = {p.name: p for p in joined}
        for spec in specs:
            out = spec.demo(DemoRequest(case, names, rng, index, Translator(event.lang)))
            for name, document in out.get("members", {}).items():
                documents.save(store, DocRef.of_participant(by_name[name]), spec, document)
            if out.get("team") is not None and spec.team_model is not None:
                documents.save(store, DocRef.of_team(event.id, joined[0].team_id), spec, out["team"])
    return [s.key for s in specs]
