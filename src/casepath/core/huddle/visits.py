"""What kind of visit an appointment is: hygiene, emergency or anything else.

The huddle looks at hygiene and emergency visits: the patient is in the chair for
something small while bigger treatment waits. A schedule imported from the practice
management system says the kind in its `type` column; an appointment made in Casepath
has only its reason, read here by its words ("Prophy and exam" is hygiene,
"Toothache" is an emergency). A reason with no telling word is "other".
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final


class VisitKind(StrEnum):
    HYGIENE = "hygiene"
    EMERGENCY = "emergency"
    OTHER = "other"


HUDDLE_KINDS: Final = frozenset({VisitKind.HYGIENE, VisitKind.EMERGENCY})
"""The visits whose patients the huddle lists."""

LABELS: Final = {
    VisitKind.HYGIENE: "Hygiene",
    VisitKind.EMERGENCY: "Emergency",
    VisitKind.OTHER: "Other",
}

# Whole words (or word starts) of a reason, lower case. Emergency words are read first:
# "emergency exam" is an emergency, not a recall exam. CDT codes count too.
_EMERGENCY: Final = re.compile(
    r"\b(emergenc\w*|emerg|toothache|pain|painful|swell\w*|broken|broke|fractur\w*|"
    r"abscess\w*|bleed\w*|urgent|limited exam|palliative|d0140|d9110)\b"
)
_HYGIENE: Final = re.compile(
    r"\b(hygiene|hyg|prophy\w*|clean\w*|recall|recare|re-care|periodic|perio maint\w*|"
    r"scaling|srp|fluoride|bitewings?|d1110|d1120|d4910|d4341|d4342|d0120)\b"
)


def kind_from_reason(reason: str) -> VisitKind:
    """The kind of a visit from the words of its reason."""
    text = reason.lower()
    if _EMERGENCY.search(text):
        return VisitKind.EMERGENCY
    if _HYGIENE.search(text):
        return VisitKind.HYGIENE
    return VisitKind.OTHER


def parse_kind(text: str) -> VisitKind | None:
    """The kind written in a schedule file's `type` column, or None when it is not one."""
    try:
        return VisitKind(text.strip().lower())
    except ValueError:
        return None
