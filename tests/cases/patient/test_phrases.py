"""The patient pages' own phrases follow the core's rules: same keys and fields in both
languages, and a 6th-grade reading level (the core's measure, tests/core/explain)."""

from __future__ import annotations

import string

import pytest

from casepath.cases.patient.phrases import EXTRA, phrase, phrases
from casepath.core.explain import WORDS
from tests.core.explain.reading import (
    SAMPLE_FIELDS,
    Grade,
    give_nltk_the_cmu_dictionary,
    school_grade,
)

MAX_GRADE = 6


@pytest.fixture(scope="module")
def grade(tmp_path_factory: pytest.TempPathFactory) -> Grade:
    give_nltk_the_cmu_dictionary(tmp_path_factory.mktemp("nltk_data"))
    return school_grade()


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_and_fields() -> None:
    assert set(EXTRA["en"]) == set(EXTRA["es"])
    for key, english in EXTRA["en"].items():
        assert fields(english) == fields(EXTRA["es"][key]), key


def test_the_pages_own_phrases_do_not_hide_the_cores() -> None:
    assert not set(EXTRA["en"]) & set(WORDS["en"])


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_phrase_reads_at_grade_six_or_below(grade: Grade, language: str) -> None:
    samples = SAMPLE_FIELDS | {"code": "3f2a", "versions": "Consent for a crown v2"}
    hard = {
        key: score
        for key, text in EXTRA[language].items()
        if len(text.split()) >= 3 and (score := grade(text.format(**samples), language)) > MAX_GRADE
    }
    assert not hard


def test_a_phrase_in_the_patients_language() -> None:
    assert phrase("call_phone", "Spanish", phone="555-0100") == "Por favor, llámenos al 555-0100."
    assert phrases("fr")["page_title"] == "Your treatment plan"
