"""Teeth in the Universal numbering system: 1-32 permanent, A-T primary.

Permanent teeth run 1 (upper right third molar) to 16 (upper left third molar),
then 17 (lower left third molar) to 32 (lower right third molar). Primary teeth
run A (upper right second molar) to J, then K (lower left second molar) to T.
"""

from __future__ import annotations

from typing import Final, Literal, NamedTuple

Arch = Literal["upper", "lower"]
Quadrant = Literal["UR", "UL", "LL", "LR"]


class Tooth(NamedTuple):
    tooth: str
    primary: bool
    anterior: bool
    molar: bool
    arch: Arch
    quadrant: Quadrant

    @property
    def posterior(self) -> bool:
        """Premolars and molars (for primary teeth: the molars)."""
        return not self.anterior


_PERMANENT_MOLARS: Final = frozenset({1, 2, 3, 14, 15, 16, 17, 18, 19, 30, 31, 32})
_PERMANENT_ANTERIOR: Final = frozenset(range(6, 12)) | frozenset(range(22, 28))
_PRIMARY_MOLARS: Final = frozenset("ABIJKLST")
_QUADRANTS: Final[tuple[Quadrant, ...]] = ("UR", "UL", "LL", "LR")


def _permanent(number: int) -> Tooth:
    quadrant = _QUADRANTS[(number - 1) // 8]
    return Tooth(
        tooth=str(number),
        primary=False,
        anterior=number in _PERMANENT_ANTERIOR,
        molar=number in _PERMANENT_MOLARS,
        arch="upper" if number <= 16 else "lower",
        quadrant=quadrant,
    )


def _primary(letter: str) -> Tooth:
    position = ord(letter) - ord("A")
    molar = letter in _PRIMARY_MOLARS
    return Tooth(
        tooth=letter,
        primary=True,
        anterior=not molar,
        molar=molar,
        arch="upper" if position < 10 else "lower",
        quadrant=_QUADRANTS[position // 5],
    )


TEETH: Final[dict[str, Tooth]] = {
    **{str(n): _permanent(n) for n in range(1, 33)},
    **{chr(c): _primary(chr(c)) for c in range(ord("A"), ord("T") + 1)},
}


def tooth_info(tooth: str) -> Tooth | None:
    """What Casepath knows about a tooth; None when it is not a Universal number."""
    return TEETH.get(tooth)
