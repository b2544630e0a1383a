"""What kind of visit a procedure needs, and the sequencing rules between kinds.

A plan's procedures become visits; each visit has a kind (from its main procedure's
CDT code) so that sequencing rules, kept as the practice's editable data, can say
"an implant at least 90 days after the extraction" without naming codes. DEFAULT_RULES
are where a practice starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class VisitKind(StrEnum):
    EXAM = "exam"
    CLEANING = "cleaning"
    PERIO = "perio"
    FILLING = "filling"
    ROOT_CANAL = "root_canal"
    CROWN = "crown"
    BRIDGE = "bridge"
    DENTURE = "denture"
    EXTRACTION = "extraction"
    GRAFT = "graft"
    IMPLANT = "implant"
    IMPLANT_RESTORATION = "implant_restoration"
    ORTHODONTIC = "orthodontic"
    OTHER = "other"


KIND_LABELS: Final[dict[VisitKind, str]] = {
    VisitKind.EXAM: "Exam and x-rays",
    VisitKind.CLEANING: "Cleaning",
    VisitKind.PERIO: "Gum treatment",
    VisitKind.FILLING: "Fillings",
    VisitKind.ROOT_CANAL: "Root canal",
    VisitKind.CROWN: "Crown",
    VisitKind.BRIDGE: "Bridge",
    VisitKind.DENTURE: "Denture",
    VisitKind.EXTRACTION: "Extraction",
    VisitKind.GRAFT: "Bone graft",
    VisitKind.IMPLANT: "Implant placement",
    VisitKind.IMPLANT_RESTORATION: "Implant crown or abutment",
    VisitKind.ORTHODONTIC: "Orthodontics",
    VisitKind.OTHER: "Other treatment",
}

# (first code number, last code number, kind): the narrowest span wins (listed first).
_SPANS: Final[tuple[tuple[int, int, VisitKind], ...]] = (
    (6010, 6013, VisitKind.IMPLANT),
    (6040, 6050, VisitKind.IMPLANT),
    (6051, 6199, VisitKind.IMPLANT_RESTORATION),
    (7950, 7955, VisitKind.GRAFT),
    (4263, 4266, VisitKind.GRAFT),
    (7111, 7251, VisitKind.EXTRACTION),
    (100, 999, VisitKind.EXAM),
    (1000, 1999, VisitKind.CLEANING),
    (4000, 4999, VisitKind.PERIO),
    (2000, 2699, VisitKind.FILLING),
    (2700, 2799, VisitKind.CROWN),
    (2800, 2999, VisitKind.FILLING),
    (3000, 3999, VisitKind.ROOT_CANAL),
    (6200, 6999, VisitKind.BRIDGE),
    (5000, 5899, VisitKind.DENTURE),
    (8000, 8999, VisitKind.ORTHODONTIC),
)


def kind_of(code: str) -> VisitKind:
    """The kind of visit for a CDT code ("D7140" -> extraction); OTHER when unknown."""
    digits = code.strip().upper().removeprefix("D")
    if not digits.isdigit():
        return VisitKind.OTHER
    number = int(digits)
    for low, high, kind in _SPANS:
        if low <= number <= high:
            return kind
    return VisitKind.OTHER


@dataclass(frozen=True)
class Rule:
    """`after` comes at least `min_days` (and at most `max_days`) after `before`, for
    the same tooth when both name one (else for the whole plan)."""

    before: VisitKind
    after: VisitKind
    min_days: int
    why: str
    max_days: int | None = None


DEFAULT_RULES: Final[tuple[Rule, ...]] = (
    Rule(VisitKind.EXTRACTION, VisitKind.IMPLANT, 90, "the socket and graft heal"),
    Rule(VisitKind.GRAFT, VisitKind.IMPLANT, 90, "the bone graft heals"),
    Rule(VisitKind.IMPLANT, VisitKind.IMPLANT_RESTORATION, 90, "the implant fuses with the bone"),
    Rule(VisitKind.EXTRACTION, VisitKind.DENTURE, 42, "the gums heal"),
    Rule(VisitKind.ROOT_CANAL, VisitKind.CROWN, 0, "the crown protects the treated tooth", 60),
    Rule(VisitKind.PERIO, VisitKind.CROWN, 28, "the gums settle"),
)
