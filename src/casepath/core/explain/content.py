"""Explanations of procedures in the patient's language.

`explain(code, language)` gives our own text for a common code, else the text
of the code's category, else a generic one. `language_of` turns the preferred
language written on a patient's file ("Spanish", "español", "es-MX") into one
of the languages Casepath writes.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from casepath.core.catalog import category_of, plain_name
from casepath.core.explain import en, es
from casepath.core.explain.texts import Explanation, Language, Texts

_SPANISH: Final = frozenset({"es", "spa", "spanish", "espanol", "castellano", "castilian"})


def language_of(preferred: str) -> Language:
    """Spanish for any way of writing Spanish or a Spanish locale; English otherwise.

    Only the first word counts ("Spanish (Mexico)", "es_MX", "Spanish, English"):
    a patient who lists several languages lists the preferred one first.
    """
    folded = unicodedata.normalize("NFKD", preferred.strip().casefold())
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    first = re.split(r"[^a-z]+", plain, maxsplit=1)[0] if plain else ""
    return "es" if first in _SPANISH else "en"


def explain(code: str, language: str = "en") -> Explanation:
    """What a procedure is, why, what waiting does and what to expect."""
    category = category_of(code)
    if language_of(language) == "es":
        name = es.CODE_NAMES.get(code) or (
            es.CATEGORY_NAMES[category] if category else es.GENERIC_NAME
        )
        return Explanation.of(name, _texts(es.CODES, es.CATEGORIES, es.GENERIC, code, category))
    texts = _texts(en.CODES, en.CATEGORIES, en.GENERIC, code, category)
    return Explanation.of(plain_name(code), texts)


def _texts(
    codes: dict[str, Texts],
    categories: dict[str, Texts],
    generic: Texts,
    code: str,
    category: str | None,
) -> Texts:
    found = codes.get(code)
    if found is not None:
        return found
    return categories[category] if category else generic
