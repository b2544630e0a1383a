"""Patient-facing plain language: procedures, consent texts, page phrases.

English and Spanish, at a 6th-grade reading level. See docs.md beside this file.
"""

from casepath.core.explain.consent import CONSENT_STATEMENT, default_consent
from casepath.core.explain.content import explain, language_of
from casepath.core.explain.patient_words import WORDS, words
from casepath.core.explain.texts import LANGUAGES, ConsentText, Explanation, Language

__all__ = [
    "CONSENT_STATEMENT",
    "LANGUAGES",
    "WORDS",
    "ConsentText",
    "Explanation",
    "Language",
    "default_consent",
    "explain",
    "language_of",
    "words",
]
