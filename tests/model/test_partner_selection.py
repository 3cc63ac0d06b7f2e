"""Partner selection model: validation, aggregation, ranking, robustness, the team's lists."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import cases
from widgets.model.problems import ModelError, validate
from widgets.modules.partner_selection import model as ps

CRIT = ["q", "p", "s"]
CAND = ["x", "y", "z"]


def entry(weights=None, **scores):
    return ps.Entry(weights=weights or {}, scores=scores)


# -- validation ---------------------------------------------------------------------------------
def test_entry_rejects_bad_weights_scores_and_ids():
    with pytest.raises(ModelError) as exc:
        validate(ps.Entry, {"weights": {"q": 60, "p": 50}})
    assert exc.value.problems[0].code == "partner_selection.weights_over"
    assert validate(ps.Entry, {"weights": {"q": 60, "p": 30}}).weights == {"q": 60, "p": 30}
    for bad in ({"scores": {"x": {"q": 6}}}, {"scores": {"x": {"q": 0}}}, {"scores": {"x": {"q": "4"}}},
                {"scores": {"<script>": {"q": 3}}}, {"weights": {"q": 101, "p": -1}}, {"extra": 1},
                {"notes": {"x": {"q": "n" * 5000}}}):
        with pytest.raises(ModelError):
            validate(ps.Entry, bad)


def test_notes_are_cleaned_and_empty_notes_dropped():
    e = validate(ps.Entry, {"notes": {"x": {"q": "  a\u202eb\x00  ", "p": "   "}, "y": {"q": ""}}})
    assert e.notes == {"x": {"q": "ab"}}


@settings(max_examples=200)
@given(st.dictionaries(st.text(max_size=6), st.one_of(st.integers(-5, 200), st.text(max_size=5), st.none(),
                                                        st.dictionaries(st.text(max_size=4), st.integers(-2, 7)))))
def test_any_input_validates_or_fails_cleanly(data):
    for field in ("weights", "scores", "notes"):
        try:
            validate(ps.Entry, {field: data})
        except ModelError as exc:
            assert exc.problems and all(p.code for p in exc.problems)


# -- aggregation ----------------------------------------------------------------------------------
def test_team_score_is_the_mean_of_members_weighted_scores():
    entries = {
        "ana": entry({"q": 50, "p": 50, "s": 0}, x={"q": 5, "p": 3, "s": 1}, y={"q": 2, "p": 2, "s": 5}),
        "ben": entry({"q": 100, "p": 0, "s": 0}, x={"q": 4, "p": 1, "s": 1}, y={"q": 2, "p": 5, "s": 5}),
    }
    r = ps.aggregate(CRIT, ["x", "y"], entries)
    assert r.member_scores["ana"]["x"] == pytest.approx(4.0)
    assert r.member_scores["ben"]["x"] == pytest.approx(4.0)
    assert r.member_scores["ana"]["y"] == pytest.approx(2.0)
    assert [x.candidate for x in r.ranking] == ["x", "y"]
    assert r.ranking[0].score == pytest.approx(4.0) and r.ranking[0].spread == pytest.approx(0.0)
    # the (y, p) cell: 2 and 5 -> contested; (x, q): 5 and 4 -> not
    assert r.cells[("y", "p")].contested and not r.cells[("x", "q")].contested
    assert [(c.candidate, c.criterion) for c in r.contested] == [("y", "p"), ("x", "p")]
    assert r.team_weights == pytest.approx({"q": 0.75, "p": 0.25, "s": 0.0})


def test_ties_share_a_rank_and_unscored_come_last():
    entries = {"ana": entry({"q": 100, "p": 0, "s": 0}, x={"q": 4}, y={"q": 4})}
    r = ps.aggregate(CRIT, CAND, entries)
    assert [(x.candidate, x.rank, x.tied) for x in r.ranking] == [("x", 1, True), ("y", 1, True), ("z", None, False)]
    codes = [f.code for f in ps.findings(r, {})]
    assert "partner_selection.tie_top" in codes and "partner_selection.single_member" in codes


def test_single_member_and_no_members():
    empty = ps.aggregate(CRIT, CAND, {"idle": ps.Entry()})
    assert empty.members == [] and empty.robustness.top is None and empty.robustness.share is None
    assert [f.code for f in ps.findings(empty, {})] == ["partner_selection.no_input"]
    one = ps.aggregate(CRIT, CAND, {"ana": entry(x={"q": 5, "p": 5, "s": 5}, y={"q": 1, "p": 1, "s": 1})})
    assert one.robustness.top == "x" and one.robustness.stays_first == 1 and one.contested == []
    assert one.ranking[0].spread == 0


def test_robustness_counts_members_whose_own_weights_keep_the_top():
    # x is strong on q, y on p. Two members weight q, one weights p.
    scores = {"x": {"q": 5, "p": 2, "s": 3}, "y": {"q": 2, "p": 5, "s": 3}}
    entries = {
        "ana": entry({"q": 80, "p": 10, "s": 10}, **scores),
        "ben": entry({"q": 70, "p": 20, "s": 10}, **scores),
        "cal": entry({"q": 10, "p": 80, "s": 10}, **scores),
    }
    r = ps.aggregate(CRIT, ["x", "y"], entries)
    assert r.robustness.top == "x"
    assert (r.robustness.stays_first, r.robustness.members) == (2, 3)
    assert r.robustness.dissent == {"cal": "y"}
    # cal moves to q-heavy weights: now everyone keeps x first
    entries["cal"] = entry({"q": 60, "p": 30, "s": 10}, **scores)
    r2 = ps.aggregate(CRIT, ["x", "y"], entries)
    assert (r2.robustness.stays_first, r2.robustness.members) == (3, 3)
    # what-if: all weight on p puts y first
    assert ps.rank_with({"p": 100}, r2)[0].candidate == "y"
    assert ps.rank_with({"q": 1, "p": 1, "s": 1}, r2)[0].rank == 1


def test_drivers_explain_first_over_second():
    scores = {"x": {"q": 5, "p": 3, "s": 3}, "y": {"q": 2, "p": 3, "s": 4}}
    r = ps.aggregate(CRIT, ["x", "y"], {"a": entry({"q": 50, "p": 25, "s": 25}, **scores)})
    assert r.drivers[0].criterion == "q" and r.drivers[0].gap == 3
    assert r.drivers[-1].criterion == "s" and r.drivers[-1].contribution < 0


def test_ids_not_on_the_lists_are_ignored():
    r = ps.aggregate(["q"], ["x"], {"a": entry({"q": 50, "gone": 50}, x={"q": 3, "gone": 5}, old={"q": 1})})
    assert r.ranking[0].score == 3 and list(r.cells) == [("x", "q")]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 20), st.integers(1, 20), st.integers(1, 12), st.data())
def test_extremes_never_crash(n_crit, n_cand, n_members, data):
    criteria = [f"c{i}" for i in range(n_crit)]
    candidates = [f"p{i}" for i in range(n_cand)]
    entries = {}
    for m in range(n_members):
        scores = {c: {k: data.draw(st.integers(1, 5)) for k in criteria if data.draw(st.booleans())}
                  for c in candidates}
        raw = {k: data.draw(st.integers(0, 5)) for k in criteria}
        from widgets.model.weights import apportion
        entries[f"m{m}"] = ps.Entry(weights=apportion(raw), scores=scores)
    r = ps.aggregate(criteria, candidates, entries)
    assert len(r.ranking) == n_cand
    ranks = [x.rank for x in r.ranking if x.rank is not None]
    assert ranks == sorted(ranks)
    assert 0 <= r.robustness.stays_first <= r.robustness.members <= n_members
    if r.robustness.top:
        assert r.ranking[0].candidate == r.robustness.top
    assert sum(r.team_weights.values()) == pytest.approx(1.0)
    ps.findings(r, {})


# -- the team's lists --------------------------------------------------------------------------------
def test_lists_add_rename_drop():
    case = cases.get("medtech-distribution")
    lists = ps.default_lists(case)
    labels = {c.id: c.label for c in ps.resolve(lists, case, "en")[0]}
    added = ps.add_criterion(lists, "  Regulatory   track record ", labels)
    new = added.criteria[-1]
    assert new.id == "team-c1" and new.label == "Regulatory track record" and not new.case
    with pytest.raises(ModelError) as exc:
        ps.add_criterion(added, "regulatory TRACK record", {**labels, new.id: new.label})
    assert exc.value.problems[0].code == "partner_selection.label_exists"
    with pytest.raises(ModelError):
        ps.add_criterion(lists, "   ", labels)
    renamed = ps.rename_criterion(added, "trust", "<b>Trust</b>")
    crit, _ = ps.resolve(renamed, case, "es")
    assert [c.label for c in crit if c.id == "trust"] == ["<b>Trust</b>"]  # kept as text, escaped on display
    dropped = ps.drop_criterion(renamed, "trust")
    assert "trust" not in [c.id for c in dropped.criteria]
    one = lists.model_copy(update={"criteria": lists.criteria[:1]})
    with pytest.raises(ModelError):
        ps.drop_criterion(one, lists.criteria[0].id)
    with_cand = ps.add_candidate(lists, "Nueva Distribuidora", "Regional reach", {})
    assert with_cand.candidates[-1].id == "team-p1"
    _, cands = ps.resolve(with_cand, case, "en")
    assert cands[-1].label == "Nueva Distribuidora" and cands[-1].profile == "Regional reach"
    assert len(ps.drop_candidate(with_cand, "team-p1").candidates) == len(lists.candidates)


def test_team_lists_validation():
    with pytest.raises(ModelError):
        validate(ps.TeamLists, {"criteria": [], "candidates": [{"id": "x", "name": "X"}]})
    with pytest.raises(ModelError):
        validate(ps.TeamLists, {"criteria": [{"id": "a", "label": "A"}, {"id": "a", "label": "B"}],
                                "candidates": [{"id": "x", "name": "X"}]})
    with pytest.raises(ModelError):  # a team item needs its own label
        validate(ps.TeamLists, {"criteria": [{"id": "a"}], "candidates": [{"id": "x", "name": "X"}]})


def test_entry_weights_follow_the_active_criteria():
    e = ps.Entry(weights={"q": 50, "p": 30})
    assert ps.entry_weights(e, ["q", "p", "s"]) == {"q": 50, "p": 30, "s": 0}
    assert ps.entry_weights(e, ["q", "s"]) == {"q": 50, "s": 0}
    assert ps.entry_weights(ps.Entry(), ["q", "p", "s"]) == {"q": 0, "p": 0, "s": 0}
    # a partial budget ranks in proportion; no points at all weighs every criterion equally
    assert ps.member_weights(e, ["q", "p"]) == {"q": 0.625, "p": 0.375}
    assert ps.member_weights(ps.Entry(), ["q", "p"]) == {"q": 0.5, "p": 0.5}


def test_list_edits_fail_with_problems_not_crashes():
    case = cases.get("medtech-distribution")
    lists = ps.default_lists(case)
    for call in (lambda: ps.add_criterion(lists, "x" * 500, {}), lambda: ps.add_candidate(lists, "ok", "y" * 5000, {}),
                 lambda: ps.rename_criterion(lists, "trust", 42)):
        with pytest.raises(ModelError):
            call()


def test_a_candidate_counts_for_a_member_only_once_scored_on_every_weighted_criterion():
    """A gap is missing evidence: x, scored 5 on one criterion only, must not outrank y,
    scored 4 on all three."""
    entries = {"ana": entry({"q": 40, "p": 30, "s": 30}, x={"q": 5}, y={"q": 4, "p": 4, "s": 4})}
    r = ps.aggregate(CRIT, ["x", "y"], entries)
    assert r.member_scores["ana"] == {"x": None, "y": pytest.approx(4.0)}
    assert [x.candidate for x in r.ranking] == ["y", "x"] and r.ranking[1].rank is None
    # a criterion the member weighs 0 needs no score
    zero = {"ana": entry({"q": 100, "p": 0, "s": 0}, x={"q": 5}, y={"q": 4, "p": 4, "s": 4})}
    assert ps.aggregate(CRIT, ["x", "y"], zero).ranking[0].candidate == "x"
    assert ps.weighted({"q": 0.5, "p": 0.5}, {"q": 5, "p": None}) is None
    assert ps.weighted({"q": 0.5, "p": 0.5}, {"q": 5, "p": 3}) == pytest.approx(4.0)


def fact(e: ps.Entry, candidate: str, criterion: str, met: bool, reason: str = "checked the register") -> ps.Entry:
    return ps.set_fact(e, candidate, criterion, met, reason)


SCORES = {"x": {"q": 5, "p": 5, "s": 1}, "y": {"q": 3, "p": 3, "s": 4}, "z": {"q": 4, "p": 4, "s": 3}}


def test_a_must_have_is_a_fact_never_a_mean_of_scores():
    """Scores on a must-have gate nothing (x scores 1 on it): only facts with evidence do."""
    entries = {"ana": entry({"q": 50, "p": 50}, **SCORES), "ben": entry({"q": 50, "p": 50}, **SCORES)}
    by_scores = ps.aggregate(CRIT, CAND, entries, knockouts=["s"])
    assert by_scores.knocked_out == {} and by_scores.disputed == {} and by_scores.ranking[0].candidate == "x"
    assert {v.status for v in by_scores.facts.values()} == {"open"}
    assert "partner_selection.must_have_open" in [f.code for f in ps.findings(by_scores, {})]
    # everyone who recorded it says met: the candidate stays in
    entries["ana"] = fact(entries["ana"], "x", "s", True, "registered in Colombia since 2019")
    met = ps.aggregate(CRIT, CAND, entries, knockouts=["s"])
    assert met.facts[("x", "s")].status == "met" and met.ranking[0].candidate == "x"


def test_one_members_not_met_puts_the_candidate_aside_until_the_team_settles_it():
    entries = {"ana": fact(entry({"q": 50, "p": 50}, **SCORES), "x", "s", True, "registered since 2019"),
               "ben": fact(entry({"q": 50, "p": 50}, **SCORES), "x", "s", False, "the licence lapsed in May")}
    disputed = ps.aggregate(CRIT, CAND, entries, knockouts=["s"])
    assert disputed.disputed == {"x": ["s"]} and disputed.knocked_out == {}
    assert [(r.candidate, r.rank) for r in disputed.ranking] == [("z", 1), ("y", 2), ("x", None)]
    aside = disputed.ranking[2]
    assert aside.disputed == ["s"] and aside.score == pytest.approx(5.0)  # its score is still shown
    assert disputed.robustness.top == "z"
    assert [r.candidate for r in ps.rank_with({"q": 1, "p": 1, "s": 0}, disputed)][:2] == ["z", "y"]
    assert ps.findings(disputed, {})[0].code == "partner_selection.must_have_disputed"
    # the team settles it: not met -> out; met -> ranked again, whatever the members recorded
    out = ps.aggregate(CRIT, CAND, entries, ["s"], {"x": {"s": ps.MustHave(met=False, reason="no licence")}})
    assert out.knocked_out == {"x": ["s"]} and out.disputed == {} and out.ranking[2].knocked_out == ["s"]
    assert "partner_selection.knocked_out" in [f.code for f in ps.findings(out, {})]
    back = ps.aggregate(CRIT, CAND, entries, ["s"], {"x": {"s": ps.MustHave(met=True, reason="renewed on 2 June")}})
    assert back.disputed == {} and back.knocked_out == {} and back.ranking[0].candidate == "x"


def test_a_fact_needs_its_evidence_and_old_documents_still_load():
    for reason in ("", "   "):
        with pytest.raises(ModelError) as exc:
            ps.set_fact(ps.Entry(), "x", "s", False, reason)
        assert exc.value.problems[0].code == "partner_selection.fact_reason_required"
    e = ps.set_fact(ps.Entry(), "x", "s", False, "no licence")
    assert ps.set_fact(e, "x", "s", None).facts == {}
    old = ps.Entry.model_validate({"weights": {"q": 100}, "scores": {"x": {"s": 1}}, "notes": {}})  # stored before
    assert old.facts == {}
    case = cases.get("medtech-distribution")
    stored = ps.default_lists(case).model_dump(mode="json")
    del stored["settled"]
    lists = ps.TeamLists.model_validate(stored)
    assert lists.settled == {}
    settled = ps.settle(lists, "x", "registration", False, "no registration")
    assert settled.settled["x"]["registration"].met is False
    assert ps.settle(settled, "x", "registration", None).settled == {}
    with pytest.raises(ModelError):
        ps.settle(lists, "x", "registration", True, "")
    with pytest.raises(ModelError):
        ps.settle(lists, "x", "nowhere", True, "why")


@settings(max_examples=120, deadline=None)
@given(st.dictionaries(st.sampled_from(["ana", "ben", "cal"]), st.sampled_from([None, True, False]), min_size=1),
       st.sampled_from([None, True, False]))
def test_a_candidate_is_ranked_only_when_no_unsettled_not_met_and_no_settled_not_met(facts, settled):
    entries = {}
    for m, met in facts.items():
        e = entry({"q": 100}, x={"q": 5, "p": 5, "s": 5}, y={"q": 1, "p": 1, "s": 1})
        entries[m] = e if met is None else fact(e, "x", "s", met)
    team = None if settled is None else {"x": {"s": ps.MustHave(met=settled, reason="agreed")}}
    result = ps.aggregate(CRIT, ["x", "y"], entries, ["s"], team)
    ranked = next(r for r in result.ranking if r.candidate == "x").rank is not None
    expected = settled if settled is not None else all(v is not False for v in facts.values())
    assert ranked == expected


def test_the_team_sets_its_must_haves_over_the_case_defaults():
    case = cases.get("medtech-distribution")
    lists = ps.default_lists(case)
    assert ps.knockouts(lists, case) == ["registration"]  # the case's must-have
    lists = ps.set_knockout(ps.set_knockout(lists, "registration", False), "trust", True)
    assert ps.knockouts(lists, case) == ["trust"]
    with pytest.raises(ModelError):
        ps.set_knockout(lists, "nowhere", True)


def test_the_even_split_gives_a_must_have_no_weight():
    """The guide says to give a must-have no weight; the even split (the button, and the
    weights of a member who has distributed none) now does so."""
    assert ps.even_weights(["q", "s", "p"], ["s"]) == {"q": 50, "s": 0, "p": 50}
    assert ps.even_weights(["a", "b", "c", "k"], ["k"]) == {"a": 34, "b": 33, "c": 33, "k": 0}
    assert ps.even_weights(["q", "p"]) == {"q": 50, "p": 50}
    assert ps.even_weights(["s"], ["s"]) == {"s": 100}  # nothing else to weigh
    assert ps.even_weights(["q", "p"], ["gone"]) == {"q": 50, "p": 50}
    assert sum(ps.even_weights([f"c{i}" for i in range(7)], ["c3"]).values()) == 100
    assert ps.member_weights(ps.Entry(), ["q", "s", "p"], ["s"]) == {"q": 0.5, "s": 0.0, "p": 0.5}
    # a member who has not weighed is ranked as the button would weigh them: the must-have's
    # score (once passed) does not move the ranking
    unweighed = {"ana": ps.Entry.model_validate({"scores": {"x": {"q": 4, "s": 5, "p": 4},
                                                             "y": {"q": 5, "s": 3, "p": 5}}})}
    result = ps.aggregate(["q", "s", "p"], ["x", "y"], unweighed, knockouts=["s"])
    assert result.team_weights["s"] == 0 and [r.candidate for r in result.ranking] == ["y", "x"]
    assert {r.candidate: r.score for r in result.ranking} == {"x": 4.0, "y": 5.0}


def test_a_members_changes_return_the_same_entry_when_nothing_changes():
    """The rules a page uses on the member's document: the value the document already holds
    (a widget set from it) gives back the very same entry, so the page stores nothing."""
    e = ps.Entry(weights={"q": 50, "p": 30})
    same, result = ps.allocate_weight(e, ["q", "p", "s"], "q", 50)
    assert same is e and result.given == 50
    assert ps.allocate_weight(ps.Entry(), ["q", "p"], "p", 0)[0] == ps.Entry()  # unset shows 0
    more, result = ps.allocate_weight(e, ["q", "p", "s"], "s", 40)  # only 20 left: capped
    assert more.weights == {"q": 50, "p": 30, "s": 20} and result.capped and result.given == 20
    capped, result = ps.allocate_weight(more, ["q", "p", "s"], "s", 60)  # nothing left: as stored
    assert capped is more and result.capped
    assert ps.allocate_weight(e, ["q", "s"], "s", 10)[0].weights == {"q": 50, "s": 10}  # p no longer counts
    assert ps.with_weights(e, {"q": 50, "p": 30}) is e
    assert ps.with_weights(e, {"q": 10}).weights == {"q": 10}
    with pytest.raises(ModelError):
        ps.with_weights(e, {"q": 60, "p": 50})
    scored = ps.with_score(e, "x", "q", 4)
    assert ps.score_of(scored, "x", "q") == 4 and ps.score_of(scored, "x", "p") is None
    assert ps.with_score(scored, "x", "q", 4) is scored and ps.with_score(scored, "x", "q", 2).scores == {"x": {"q": 2}}
    for bad in (0, 6, 2.5):
        with pytest.raises(ModelError):
            ps.with_score(e, "x", "q", bad)
    noted = ps.with_note(scored, "x", "q", "Two lawsuits")
    assert ps.note_of(noted, "x", "q") == "Two lawsuits" and ps.note_of(noted, "y", "q") == ""
    assert ps.with_note(noted, "x", "q", "Two lawsuits") is noted and ps.with_note(e, "x", "q", "") is e
    assert ps.with_note(noted, "x", "q", "").notes == {}  # an empty note is not kept
    with pytest.raises(ModelError):
        ps.with_note(e, "x", "q", "n" * (ps.NOTE_MAX + 1))
