"""Names, team names and event codes: normalised, limited, refused with a reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from widgets.model.identity import (
    NAME_MAX,
    JoinRequest,
    clean_event_code,
    clean_name,
    name_key,
    parse_query,
)
from widgets.model.problems import ModelError, validate


def _code(fn, *args):
    with pytest.raises(PydanticCustomError) as exc:
        fn(*args)
    return exc.value.type


def test_names_are_trimmed_and_inner_space_collapsed():
    assert clean_name("  Ana   María \t ") == "Ana María"


def test_names_have_limits_and_reasons():
    assert _code(clean_name, "   ") == "identity.empty"
    assert _code(clean_name, "x" * (NAME_MAX + 1)) == "identity.too_long"
    assert _code(clean_name, "Ana\x00") == "identity.bad_characters"
    assert _code(clean_name, "Ana\u202eevil") == "identity.bad_characters"
    assert _code(clean_name, "Ana\u200b") == "identity.bad_characters"
    assert _code(clean_name, "!!!") == "identity.no_letters"
    assert _code(clean_name, 42) == "identity.not_text"
    assert _code(clean_name, "y" * 100_000) == "identity.too_long"


def test_names_keep_scripts_and_markup_as_text():
    assert clean_name("<script>alert(1)</script>") == "<script>alert(1)</script>"
    assert clean_name("李小龍") == "李小龍"


def test_name_key_folds_case_and_compatibility_forms():
    assert name_key("ANA") == name_key("ana")
    assert name_key("Ｂｅｎ") == name_key("Ben")  # full-width letters
    assert name_key("Straße") == name_key("STRASSE")


def test_event_codes():
    assert clean_event_code(" spring-26 ") == "SPRING-26"
    assert _code(clean_event_code, "") == "identity.event_empty"
    assert _code(clean_event_code, "ab") == "identity.event_format"
    assert _code(clean_event_code, "a b c") == "identity.event_format"
    assert _code(clean_event_code, "X" * 40) == "identity.event_too_long"


def test_join_request_reports_every_field():
    with pytest.raises(ModelError) as exc:
        validate(JoinRequest, {"event": "", "team": " ", "name": ""})
    codes = {(p.loc[0], p.code) for p in exc.value.problems}
    assert codes == {("event", "identity.event_empty"), ("team", "identity.empty"),
                     ("name", "identity.empty")}
    ok = validate(JoinRequest, {"event": "ev-1", "team": " Blue ", "name": "Ana", "lang": "ES-mx"})
    assert (ok.event, ok.team, ok.name, ok.lang) == ("EV-1", "Blue", "Ana", "es")


def test_parse_query():
    assert parse_query("?event=EV1&team=Blue+Team&name=Ana%20M&lang=es&x=1") == {
        "event": "EV1", "team": "Blue Team", "name": "Ana M", "lang": "es"}
    assert parse_query("") == {}
    assert parse_query("&".join(f"k{i}=1" for i in range(100))) == {}
    assert parse_query("name=a&name=b") == {"name": "a"}


@given(st.text(max_size=300))
def test_any_name_is_clean_or_refused_with_a_known_reason(raw):
    try:
        name = clean_name(raw)
    except PydanticCustomError as exc:
        assert exc.type.startswith("identity.")
        return
    assert 1 <= len(name) <= NAME_MAX
    assert name == name.strip() and "  " not in name
    assert clean_name(name) == name  # idempotent


@given(st.dictionaries(st.sampled_from(["event", "team", "name", "lang", "junk"]),
                       st.one_of(st.text(max_size=60), st.integers(), st.none(), st.lists(st.text()))))
def test_any_join_payload_validates_or_fails_with_problems(payload):
    try:
        req = validate(JoinRequest, payload)
    except ModelError as exc:
        assert exc.problems and all(p.code for p in exc.problems)
        return
    assert req.lang in ("en", "es")


@given(st.text(max_size=30), st.text(min_size=1, max_size=20))
def test_with_fixed_hub_names_only_the_hub_users_own_name_passes(requested, hub_user):
    from widgets.model.identity import hub_name, name_key

    assert hub_name(requested, hub_user, fixed=False) == requested
    assert hub_name(requested, None, fixed=True) == requested
    if name_key(requested) == name_key(hub_user):
        assert hub_name(requested, hub_user, fixed=True) == requested
    else:
        with pytest.raises(ModelError):
            hub_name(requested, hub_user, fixed=True)
    with pytest.raises(ModelError):
        hub_name(None, hub_user, fixed=True)
