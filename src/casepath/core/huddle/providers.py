"""Which provider a schedule file means: by NPI, or by a name written any usual way.

"Dr. Rita Nunez, DDS", "Rita Nunez", "Nunez, Rita", "Dr Nunez" and "nunez" all name
Rita Nunez; a last name alone is enough while no other provider shares it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from casepath.core.patient_search import name_key

TITLES: Final = frozenset({"dr", "doctor"})
CREDENTIALS: Final = frozenset(
    {"dds", "dmd", "bds", "mds", "msd", "ms", "md", "phd", "rdh", "rda", "cda", "lda", "edda"}
)


@dataclass(frozen=True)
class ProviderName:
    id: int
    first_name: str
    last_name: str
    npi: str = ""


def written_name_key(text: str) -> str:
    """The provider's name as written, without title or credentials, first name first."""
    parts = [part for part in text.split(",") if name_key(part) not in CREDENTIALS | {""}]
    if len(parts) == 2:  # "Last, First"
        parts.reverse()
    words = " ".join(parts).split()
    while words and name_key(words[0]) in TITLES:
        words = words[1:]
    while words and name_key(words[-1]) in CREDENTIALS:
        words = words[:-1]
    return name_key("".join(words))


def providers_named(text: str, providers: Sequence[ProviderName]) -> list[int]:
    """The ids of the providers `text` may mean (none, one, or several to tell apart)."""
    given = text.strip()
    if given.isdigit():
        return [p.id for p in providers if p.npi and p.npi == given]
    key = written_name_key(given)
    if not key:
        return []
    return [
        p.id
        for p in providers
        if key in (name_key(p.last_name), name_key(p.first_name + p.last_name))
    ]
