"""Explanations: every common code has its own, in both languages, with fallbacks."""

from __future__ import annotations

import pytest

from casepath.core.catalog import CATEGORIES, PLAIN_NAMES
from casepath.core.explain import LANGUAGES, Explanation, en, es, explain, language_of


def test_every_common_code_has_its_own_text_in_both_languages() -> None:
    assert set(en.CODES) == set(PLAIN_NAMES)
    assert set(es.CODES) == set(PLAIN_NAMES)
    assert set(es.CODE_NAMES) == set(PLAIN_NAMES)
    for code in PLAIN_NAMES:
        assert explain(code, "en").what == en.CODES[code].what
        assert explain(code, "es").what == es.CODES[code].what


def test_every_category_has_a_fallback_in_both_languages() -> None:
    assert set(en.CATEGORIES) == CATEGORIES
    assert set(es.CATEGORIES) == CATEGORIES
    assert set(es.CATEGORY_NAMES) == CATEGORIES


def test_a_common_code_is_explained_in_its_own_words() -> None:
    crown = explain("D2740")
    assert crown.name == "All-ceramic crown"
    assert crown.what.startswith("A crown is a cap that covers the whole tooth.")
    corona = explain("D2740", "es")
    assert corona.name == "Corona de cerámica"
    assert corona.what.startswith("Una corona es una funda que cubre todo el diente.")


def test_other_codes_fall_back_to_their_category() -> None:
    crown = explain("D2791")
    assert crown == Explanation.of("Crown", en.CATEGORIES["crowns"])
    assert explain("D2791", "es") == Explanation.of("Corona", es.CATEGORIES["crowns"])
    assert explain("D0399").name == "X-ray"
    assert explain("D0399", "es").what == es.CATEGORIES["xray"].what


def test_a_code_without_category_gets_the_generic_text() -> None:
    assert explain("D0050") == Explanation.of("Procedure", en.GENERIC)
    assert explain("not a code", "es") == Explanation.of("Tratamiento", es.GENERIC)


def test_an_unknown_language_is_english() -> None:
    assert explain("D2740", "fr") == explain("D2740", "en")
    assert explain("D2740", "") == explain("D2740")


def test_the_preferred_language_may_be_any_way_of_writing_spanish() -> None:
    assert explain("D2740", "Spanish") == explain("D2740", "es")


@pytest.mark.parametrize(
    "preferred",
    [
        "es",
        "ES",
        "es-MX",
        "es_US",
        "Spanish",
        "spanish",
        "Español",
        "español",
        "Espanol",
        " ESPAÑOL ",
        "Spanish (Mexico)",
        "spa",
        "Castellano",
        "Spanish, English",
    ],
)
def test_spanish_is_recognised(preferred: str) -> None:
    assert language_of(preferred) == "es"


@pytest.mark.parametrize(
    "preferred",
    [
        "en",
        "English",
        "en-US",
        "",
        "   ",
        "French",
        "fr",
        "Portuguese",
        "English, Spanish",
        "Spanglish",
        "e",
        "s",
    ],
)
def test_anything_else_is_english(preferred: str) -> None:
    assert language_of(preferred) == "en"


def test_languages_are_english_and_spanish() -> None:
    assert LANGUAGES == ("en", "es")
