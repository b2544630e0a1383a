"""What patients read: the same phrases in both languages, at a 6th-grade level."""

from __future__ import annotations

from string import Formatter

import pytest

from casepath.core.messaging import WORDS, words_for
from tests.core.explain.reading import Grade

SAMPLE = {
    "practice": "Bright Smile Dental",
    "link": "https://x.example/m/u/1/",
    "phone": "555-0100",
}


def fields(phrase: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(phrase) if name is not None}


def test_both_languages_have_the_same_phrases_and_fields() -> None:
    assert set(WORDS["en"]) == set(WORDS["es"])
    for key, english in WORDS["en"].items():
        assert fields(english) == fields(WORDS["es"][key]) <= set(SAMPLE), key


def test_the_patients_language_picks_the_phrases() -> None:
    assert words_for("Spanish (Mexico)")["sms_stop"] == "Responda STOP para no recibir más textos."
    assert words_for("Vietnamese")["sms_stop"] == "Reply STOP to end texts."


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_sentence_reads_at_grade_6_or_below(grade: Grade, language: str) -> None:
    for key, phrase in WORDS[language].items():  # type: ignore[index]
        text = phrase.format(**SAMPLE).replace(SAMPLE["link"], "here")
        if len(text.split()) < 3:
            continue
        assert grade(text, language) <= 6, (key, text, grade(text, language))
