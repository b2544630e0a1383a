"""Merge fields: parse a template, list the unknown fields, render with a mapping."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.errors import CasepathError
from casepath.core.messaging import Field, check, parse, render, unknown_fields

KNOWN = {"patient.first_name", "practice.name", "case.title", "unsubscribe_url"}


def test_a_template_is_text_and_fields_in_order() -> None:
    assert parse("Hi {{ patient.first_name }}, from {{practice.name}}.") == (
        "Hi ",
        Field("patient.first_name"),
        ", from ",
        Field("practice.name"),
        ".",
    )


def test_unknown_fields_are_listed_once_each_in_order() -> None:
    body = "{{ patient.nickname }} {{ case.title }} {{ patient.ssn }} {{ patient.nickname }}"
    assert unknown_fields(body, KNOWN) == ["patient.nickname", "patient.ssn"]
    assert unknown_fields("Hi {{ patient.first_name }}", KNOWN) == []


def test_an_unknown_field_is_refused_at_the_path_naming_it() -> None:
    with pytest.raises(CasepathError) as refused:
        check("Dear {{ patient.first_name }}, {{ patient.balance }}", KNOWN, "subject")
    assert refused.value.errors[0].path == "subject"
    assert refused.value.errors[0].message == "“{{ patient.balance }}” is not a merge field here."


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("Hi {{ patient.first_name", "Close every merge field"),
        ("Hi patient.first_name }}", "Close every merge field"),
        ("{% if case.title %}x{% endif %}", "Close every merge field"),
        ("{{ patient.first_name|upper }}", "is not a merge field"),
        ("{{ }}", "is not a merge field"),
        ("{{ patient.first_name() }}", "is not a merge field"),
    ],
)
def test_anything_but_a_dotted_name_in_braces_is_refused(body: str, words: str) -> None:
    with pytest.raises(CasepathError, match=words) as refused:
        parse(body)
    assert refused.value.errors[0].path == "body"


def test_too_long_a_template_is_refused() -> None:
    with pytest.raises(CasepathError, match="under 20,000 characters"):
        parse("x" * 20_001, "html_body")


def test_render_fills_each_field_and_escapes_only_values() -> None:
    values = {"patient.first_name": "Ana <3", "practice.name": "Riverside & Sons"}
    body = "<p>Hi {{ patient.first_name }}, {{ practice.name }}</p>"
    assert render(body, values) == "<p>Hi Ana <3, Riverside & Sons</p>"
    assert render(body, values, escape=html.escape) == ("<p>Hi Ana &lt;3, Riverside &amp; Sons</p>")


def test_render_refuses_a_field_it_has_no_value_for() -> None:
    with pytest.raises(CasepathError, match=r"case\.title"):
        render("About {{ case.title }}", {"patient.first_name": "Ana"})


plain = st.text(alphabet=st.characters(blacklist_characters="{}%"), max_size=40)
names = st.sampled_from(sorted(KNOWN))
pieces = st.lists(st.one_of(plain, names.map(Field)), max_size=8)


def _write(parts: list[str | Field]) -> str:
    return "".join(f"{{{{ {p.name} }}}}" if isinstance(p, Field) else p for p in parts)


@given(pieces)
def test_parse_reads_back_what_was_written(parts: list[str | Field]) -> None:
    parsed = parse(_write(parts))
    assert [p for p in parsed if isinstance(p, Field)] == [p for p in parts if isinstance(p, Field)]
    assert "".join(p for p in parsed if isinstance(p, str)) == "".join(
        p for p in parts if isinstance(p, str)
    )


@given(pieces, st.dictionaries(names, plain, min_size=len(KNOWN), max_size=len(KNOWN)))
def test_render_puts_each_value_where_its_field_was(
    parts: list[str | Field], values: dict[str, str]
) -> None:
    expected = "".join(values[p.name] if isinstance(p, Field) else p for p in parts)
    assert render(_write(parts), values) == expected


@given(pieces, st.sets(names))
def test_unknown_fields_are_exactly_those_outside_known(
    parts: list[str | Field], known: set[str]
) -> None:
    named = {p.name for p in parts if isinstance(p, Field)}
    assert set(unknown_fields(_write(parts), known)) == named - known


@given(plain)
def test_text_without_braces_renders_unchanged(text: str) -> None:
    assert render(text, {}) == text
