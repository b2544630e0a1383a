"""The page phrases: the same keys and format fields in both languages."""

from __future__ import annotations

from string import Formatter

import pytest

from casepath.core.explain import WORDS, words
from tests.core.explain.reading import SAMPLE_FIELDS


def fields(phrase: str) -> set[str]:
    return {field for _, field, _, _ in Formatter().parse(phrase) if field is not None}


def test_both_languages_have_the_same_keys() -> None:
    assert set(WORDS["en"]) == set(WORDS["es"])
    assert len(WORDS["en"]) >= 40


def test_each_phrase_has_the_same_fields_in_both_languages() -> None:
    for key, english in WORDS["en"].items():
        assert fields(english) == fields(WORDS["es"][key]), key


def test_every_field_has_a_sample_and_fills_in() -> None:
    for language, phrases in WORDS.items():
        for key, phrase in phrases.items():
            assert fields(phrase) <= set(SAMPLE_FIELDS), (language, key)
            assert "{" not in phrase.format(**SAMPLE_FIELDS)


def test_the_phrases_the_pages_need_are_there() -> None:
    needed = {
        "page_title",
        "verify_heading",
        "verify_help",
        "date_of_birth",
        "open_plan",
        "wrong_birth_date",
        "link_expired",
        "link_revoked",
        "option",
        "recommended",
        "choose_option",
        "chosen",
        "procedures",
        "visits",
        "time_to_finish",
        "total_fee",
        "insurance_pays",
        "you_pay",
        "ask_question",
        "question_label",
        "send_question",
        "question_sent",
        "sign_heading",
        "sign_help",
        "draw_signature",
        "type_signature",
        "typed_name",
        "clear",
        "sign",
        "signed_thanks",
        "consent_heading",
        "risks",
        "benefits",
        "alternatives",
        "refusal",
        "what_it_is",
        "why_needed",
        "if_delayed",
        "what_to_expect",
        "estimate_note",
        "questions_call",
        "tooth",
    }
    assert needed <= set(WORDS["en"])


def test_words_follow_the_patients_language() -> None:
    assert words("en")["page_title"] == "Your treatment plan"
    assert words("Spanish")["page_title"] == "Su plan de tratamiento"
    assert words("es-MX")["tooth"].format(tooth="14") == "Diente 14"
    assert words("Tagalog")["questions_call"].format(phone="555-0100") == (
        "Questions? Call us at 555-0100."
    )


def test_words_cannot_be_changed_by_a_page() -> None:
    with pytest.raises(TypeError):
        words("en")["page_title"] = "Hacked"  # type: ignore[index]
