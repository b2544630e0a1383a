"""Every patient-facing text reads at a 6th-grade level or below, in both languages.

English is measured with Flesch-Kincaid, Spanish with Crawford (conftest.py says
why). A phrase of fewer than three words (a button, a label) is exempt: a grade
means nothing there; it must still exist, which the other tests check. A
procedure's name is graded as the heading of its explanation, not alone.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from casepath.core.catalog import CATEGORIES, CATEGORY_SPANS, PLAIN_NAMES, category_of
from casepath.core.explain import (
    CONSENT_STATEMENT,
    LANGUAGES,
    WORDS,
    Explanation,
    Language,
    default_consent,
    explain,
)
from tests.core.explain.reading import SAMPLE_FIELDS, Grade

HIGHEST_GRADE = 6
PARTS = ("what", "why", "delay", "expect")


def explanations(language: Language) -> Iterator[tuple[str, Explanation]]:
    """Each common code's own text, each category's fallback, and the generic one."""
    for code in PLAIN_NAMES:
        yield code, explain(code, language)
    for category in sorted(CATEGORIES):
        yield category, explain(_code_falling_back_to(category), language)
    yield "generic", explain("D0050", language)


def _code_falling_back_to(category: str) -> str:
    low, high = CATEGORY_SPANS[category][0]
    return next(
        code
        for code in (f"D{number:04d}" for number in range(low, high + 1))
        if code not in PLAIN_NAMES and category_of(code) == category
    )


def patient_texts(language: Language) -> Iterator[tuple[str, str]]:
    """(where, text) for everything a patient reads in this language."""
    for key, explanation in explanations(language):
        parts = [getattr(explanation, part) for part in PARTS]
        yield f"{key} (name and all parts)", f"{explanation.name}. {' '.join(parts)}"
        for part, text in zip(PARTS, parts, strict=True):
            yield f"{key}.{part}", text
    for category in sorted(CATEGORIES):
        consent = default_consent(category, language)
        yield f"consent {category}.title", consent.title
        for part in ("risks", "benefits", "alternatives", "refusal"):
            sentences = getattr(consent, part)
            yield f"consent {category}.{part}", " ".join(sentences)
            for number, sentence in enumerate(sentences):
                yield f"consent {category}.{part}[{number}]", sentence
    yield "consent statement", CONSENT_STATEMENT[language]
    for key, phrase in WORDS[language].items():
        yield f"words {key}", phrase.format(**SAMPLE_FIELDS)


def test_the_measure_tells_easy_from_hard(grade: Grade) -> None:
    assert grade("The cat sat on the mat. It was warm.", "en") < 2
    hard = (
        "Comprehensive periodontal evaluation necessitates circumferential probing "
        "and radiographic interpretation of interproximal osseous architecture."
    )
    assert grade(hard, "en") > 15
    assert grade("El gato se sentó en la silla. Hacía calor.", "es") < 3
    difícil = (
        "La periodontitis crónica generalizada requiere raspado y alisado radicular "
        "en los cuatro cuadrantes para eliminar los depósitos subgingivales."
    )
    assert grade(difícil, "es") > 8


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_patient_text_reads_at_grade_six_or_below(grade: Grade, language: Language) -> None:
    graded = [
        (grade(text, language), where, text)
        for where, text in patient_texts(language)
        if len(text.split()) >= 3
    ]
    assert len(graded) > 400
    too_hard = sorted((row for row in graded if row[0] > HIGHEST_GRADE), reverse=True)
    worst = "\n".join(f"  {score:5.1f}  {where}: {text}" for score, where, text in too_hard[:15])
    assert not too_hard, (
        f"{len(too_hard)} {language} texts read above grade {HIGHEST_GRADE}; the worst:\n{worst}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_patient_text_is_empty(language: Language) -> None:
    for where, text in patient_texts(language):
        assert text.strip() == text and text, where
    for _, explanation in explanations(language):
        assert explanation.name
        for part in PARTS:
            assert getattr(explanation, part).endswith("."), (explanation.name, part)
