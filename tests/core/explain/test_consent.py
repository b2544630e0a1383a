"""Default consent texts: every category, both languages, and the signed statement."""

from __future__ import annotations

import pytest

from casepath.core.catalog import CATEGORIES
from casepath.core.errors import CasepathError
from casepath.core.explain import CONSENT_STATEMENT, LANGUAGES, default_consent


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("category", sorted(CATEGORIES))
def test_every_category_has_a_full_consent(category: str, language: str) -> None:
    consent = default_consent(category, language)
    assert consent.title
    for part in (consent.risks, consent.benefits, consent.alternatives, consent.refusal):
        assert isinstance(part, tuple)
        assert part, f"{category} {language}: a part of the consent is empty"
        assert all(sentence.strip().endswith((".", "?")) for sentence in part)


def test_the_alternatives_always_include_no_treatment() -> None:
    for category in CATEGORIES:
        english = " ".join(default_consent(category, "en").alternatives)
        spanish = " ".join(default_consent(category, "es").alternatives)
        assert "You may choose" in english, category
        assert "Puede elegir" in spanish, category


def test_consent_is_in_the_patients_language() -> None:
    assert default_consent("crowns", "en").title == "Consent for a crown"
    assert default_consent("crowns", "español").title == "Su permiso para una corona"
    assert default_consent("crowns", "de") == default_consent("crowns", "en")


def test_an_unknown_category_is_refused_naming_the_field() -> None:
    with pytest.raises(CasepathError) as caught:
        default_consent("cosmetics", "en")
    assert caught.value.errors[0].path == "category"


def test_the_signed_statement_says_read_answered_and_agree() -> None:
    assert set(CONSENT_STATEMENT) == set(LANGUAGES)
    english = CONSENT_STATEMENT["en"]
    assert "read" in english and "questions were answered" in english and "agree" in english
    spanish = CONSENT_STATEMENT["es"]
    assert "Leí" in spanish and "preguntas" in spanish and "Acepto" in spanish
