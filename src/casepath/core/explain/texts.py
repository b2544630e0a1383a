"""The value types of patient-facing text: languages, explanations, consent texts.

They live apart from the data modules (en.py, es.py, consent_en.py, consent_es.py)
so that the data can be plain literals and the lookup code can import the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Language = Literal["en", "es"]
LANGUAGES: Final[tuple[Language, ...]] = ("en", "es")


@dataclass(frozen=True)
class Texts:
    """The four things a patient reads about one procedure, without its name."""

    what: str
    why: str
    delay: str
    expect: str


@dataclass(frozen=True)
class Explanation:
    """A procedure in plain words: what it is, why, if delayed, what to expect."""

    name: str
    what: str
    why: str
    delay: str
    expect: str

    @classmethod
    def of(cls, name: str, texts: Texts) -> Explanation:
        return cls(name, texts.what, texts.why, texts.delay, texts.expect)


@dataclass(frozen=True)
class ConsentText:
    """The default informed-consent text of one procedure category.

    Each part is a few short sentences, shown as a list: what can go wrong, what
    the treatment helps, the other choices (no treatment among them), and what
    can happen if the patient says no.
    """

    title: str
    risks: tuple[str, ...]
    benefits: tuple[str, ...]
    alternatives: tuple[str, ...]
    refusal: tuple[str, ...]
