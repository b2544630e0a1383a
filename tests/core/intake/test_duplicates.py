"""Possible duplicates: the reasons a record on file may be the caller's patient."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.intake import Person, match_reasons

BORN = date(1988, 4, 12)
LAST_AND_BIRTH = "same last name and date of birth"
FIRST_AND_BIRTH = "same first name and date of birth"
BOTH_NAMES = "same first and last name"
PHONE = "same phone number"
EMAIL = "same e-mail address"


def person(first: str = "Maria", last: str = "Nunez", **more: object) -> Person:
    return Person(first_name=first, last_name=last, **more)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "on_file"),
    [
        (("Núñez", "María"), ("nunez", "maria")),
        (("NUNEZ", "Maria"), ("Núñez", "maría")),
        (("O'Brien-Smith", "Ann Marie"), ("obrien smith", "annmarie")),
        (("  Nuñez ", "Maria."), ("Nunez", "Maria")),
    ],
)
def test_names_ignore_accents_case_and_punctuation(
    typed: tuple[str, str], on_file: tuple[str, str]
) -> None:
    new = person(typed[1], typed[0], date_of_birth=BORN)
    existing = person(on_file[1], on_file[0], date_of_birth=BORN)
    assert match_reasons(new, existing) == (LAST_AND_BIRTH, BOTH_NAMES)


def test_a_different_name_is_not_the_same_name() -> None:
    assert match_reasons(person("Maria", "Nunez"), person("Mario", "Nunes")) == ()


def test_names_alone_match_without_a_birth_date() -> None:
    assert match_reasons(person(), person("maria", "NÚÑEZ")) == (BOTH_NAMES,)


@pytest.mark.parametrize(
    ("typed", "on_file"),
    [
        ("+1 (614) 555-0101", "6145550101"),
        ("614.555.0101", "(614) 555-0101"),
        ("1-614-555-0101", "614 555 0101"),
    ],
)
def test_phone_numbers_match_whatever_the_format(typed: str, on_file: str) -> None:
    new = person("Nina", "Patel", phones=(typed,))
    existing = person("Ana", "Lopez", phones=("", on_file))
    assert match_reasons(new, existing) == (PHONE,)


def test_short_or_different_phone_numbers_do_not_match() -> None:
    assert (
        match_reasons(
            person("A", "B", phones=("555-0101",)), person("C", "D", phones=("555-0101",))
        )
        == ()
    )
    assert (
        match_reasons(
            person("A", "B", phones=("(614) 555-0101",)),
            person("C", "D", phones=("(614) 555-0102",)),
        )
        == ()
    )
    assert match_reasons(person("A", "B", phones=("", "")), person("C", "D", phones=("", ""))) == ()


def test_email_ignores_case_and_spaces() -> None:
    new = person("Nina", "Patel", email=" Nina.Patel@Example.COM ")
    existing = person("Ana", "Lopez", email="nina.patel@example.com")
    assert match_reasons(new, existing) == (EMAIL,)


@pytest.mark.parametrize(("mine", "theirs"), [("", ""), ("  ", ""), ("", "  "), (" ", " ")])
def test_no_email_on_either_side_is_not_a_match(mine: str, theirs: str) -> None:
    assert match_reasons(person("A", "B", email=mine), person("C", "D", email=theirs)) == ()


def test_birth_date_with_one_name() -> None:
    last_only = match_reasons(
        person("Maria", "Nunez", date_of_birth=BORN), person("Rosa", "Núñez", date_of_birth=BORN)
    )
    first_only = match_reasons(
        person("Maria", "Nunez", date_of_birth=BORN), person("maria", "Lopez", date_of_birth=BORN)
    )
    assert last_only == (LAST_AND_BIRTH,)
    assert first_only == (FIRST_AND_BIRTH,)


def test_birth_date_alone_or_missing_is_not_enough() -> None:
    assert (
        match_reasons(
            person("Maria", "Nunez", date_of_birth=BORN),
            person("Rosa", "Lopez", date_of_birth=BORN),
        )
        == ()
    )
    assert match_reasons(person("Maria", "Nunez"), person("Rosa", "Nunez")) == ()
    # no birth date typed: never "same date of birth", even against another without one
    assert match_reasons(person("Maria", "Nunez"), person("Maria", "Lopez")) == ()


def test_a_different_birth_date_leaves_the_names() -> None:
    new = person(date_of_birth=BORN)
    existing = person(date_of_birth=date(1988, 4, 13))
    assert match_reasons(new, existing) == (BOTH_NAMES,)


def test_everything_in_common_gives_every_reason_in_order() -> None:
    new = person(date_of_birth=BORN, phones=("6145550101",), email="m@example.com")
    existing = person(
        "MARIA", "Núñez", date_of_birth=BORN, phones=("(614) 555-0101",), email="M@example.com"
    )
    assert match_reasons(new, existing) == (LAST_AND_BIRTH, BOTH_NAMES, PHONE, EMAIL)


def test_nothing_in_common() -> None:
    new = person("Nina", "Patel", date_of_birth=BORN, phones=("6145550142",), email="n@example.com")
    existing = person(
        "Ana",
        "Lopez",
        date_of_birth=date(1985, 4, 12),
        phones=("6145550101",),
        email="a@example.com",
    )
    assert match_reasons(new, existing) == ()


def test_names_without_letters_never_match() -> None:
    assert match_reasons(person("...", "--"), person("", "")) == ()
    assert (
        match_reasons(person("", "", date_of_birth=BORN), person("", "", date_of_birth=BORN)) == ()
    )


# Few values on purpose, so that hypothesis often draws the same ones on both sides.
names = st.sampled_from(["Maria", "maría", "Núñez", "NUNEZ", "O'Brien", "obrien", "", " ", "Li"])
births = st.sampled_from([None, BORN, date(1990, 1, 1)])
phones = st.lists(
    st.sampled_from(["", "555-0101", "(614) 555-0101", "+1 614 555 0101", "6145550142"]),
    max_size=3,
).map(tuple)
emails = st.sampled_from(["", " ", "a@example.com", "A@Example.com ", "b@example.com"])
people = st.builds(
    Person, first_name=names, last_name=names, date_of_birth=births, phones=phones, email=emails
)


@given(people, people)
def test_symmetric_in_its_reasons(a: Person, b: Person) -> None:
    assert match_reasons(a, b) == match_reasons(b, a)


@given(people)
def test_a_person_with_a_name_matches_themselves(a: Person) -> None:
    reasons = match_reasons(a, a)
    if a.first_name.strip() and a.last_name.strip():
        assert BOTH_NAMES in reasons
    assert len(reasons) == len(set(reasons))
    assert not (LAST_AND_BIRTH in reasons and FIRST_AND_BIRTH in reasons)
