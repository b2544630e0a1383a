"""Default informed-consent texts per procedure category, and the signed statement.

A case's consent starts from these; the practice may edit its own copy. The
statement is the sentence the patient signs under the texts.
"""

from __future__ import annotations

from typing import Final

from casepath.core.catalog import CATEGORIES
from casepath.core.errors import CasepathError
from casepath.core.explain import consent_en, consent_es
from casepath.core.explain.content import language_of
from casepath.core.explain.texts import ConsentText, Language

CONSENT_STATEMENT: Final[dict[Language, str]] = {
    "en": "I have read this page. My questions were answered. "
    "I know the risks, the benefits and my other choices. "
    "I agree to the treatment I chose.",
    "es": "Leí esta página. Me respondieron mis preguntas. "
    "Conozco los riesgos, los beneficios y mis otras opciones. "
    "Acepto el tratamiento que elegí.",
}

_BY_LANGUAGE: Final[dict[Language, dict[str, ConsentText]]] = {
    "en": consent_en.CONSENT,
    "es": consent_es.CONSENT,
}


def default_consent(category: str, language: str) -> ConsentText:
    """The default consent of a procedure category, in the patient's language."""
    if category not in CATEGORIES:
        raise CasepathError.at("category", f"unknown procedure category: {category!r}")
    return _BY_LANGUAGE[language_of(language)][category]
