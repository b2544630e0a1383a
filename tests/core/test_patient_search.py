from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.errors import CasepathError
from casepath.core.patient_search import (
    BirthDateQuery,
    ChartQuery,
    NameQuery,
    PhoneQuery,
    chart_key,
    name_key,
    parse_search,
    phone_key,
    prefix_range,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("smith", NameQuery("smith")),
        ("Smith, Jo", NameQuery("smith", "jo")),
        ("jo smith", NameQuery("smith", "jo")),
        ("O'Brien-Núñez", NameQuery("obriennunez")),
        ("(614) 555-0101", PhoneQuery("6145550101")),
        ("+1 614 555 0101", PhoneQuery("6145550101")),
        ("04/12/1987", BirthDateQuery(date(1987, 4, 12))),
        ("1987-04-12", BirthDateQuery(date(1987, 4, 12))),
        ("rv-000123", ChartQuery("RV-000123")),
        ("123", ChartQuery("123")),
    ],
)
def test_parse_search_recognises_what_the_tc_typed(text: str, expected: object) -> None:
    assert parse_search(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [("   ", "type a name"), ("02/30/1990", "not a real date"), ("!!!", "no letters")],
)
def test_parse_search_explains_what_cannot_be_searched(text: str, why: str) -> None:
    with pytest.raises(CasepathError) as caught:
        parse_search(text)
    assert caught.value.errors[0].path == "q"
    assert why in caught.value.errors[0].message


def test_keys_normalise_names_phones_and_charts() -> None:
    assert name_key("  Van Der-Berg ") == "vanderberg"
    assert phone_key("1-614-555-0101") == "6145550101"
    assert chart_key(" rv-12 ") == "RV-12"


def test_prefix_range_rejects_empty_prefix() -> None:
    with pytest.raises(CasepathError):
        prefix_range("")


@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", max_size=12),
)
def test_every_key_with_the_prefix_falls_in_its_range(prefix: str, rest: str) -> None:
    low, high = prefix_range(prefix)
    assert low <= prefix + rest < high


@given(st.text(max_size=40))
def test_name_key_is_ascii_alphanumeric_and_idempotent(name: str) -> None:
    key = name_key(name)
    assert key == name_key(key)
    assert all(ch.isascii() and ch.isalnum() and not ch.isupper() for ch in key)
