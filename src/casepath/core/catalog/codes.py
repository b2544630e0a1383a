"""Procedure codes: the CDT shape (D + four digits) and the category of a code.

Casepath ships code numbers and categories, never the ADA's descriptors. The
categories and their spans are those of the estimate contract (estimate-v1).
Where spans nest, the narrower category is the code's category (xray inside
diagnostic); a category rule still applies to every code inside its spans.
"""

from __future__ import annotations

from typing import Final

Span = tuple[int, int]

CATEGORY_SPANS: Final[dict[str, tuple[Span, ...]]] = {
    "diagnostic": ((100, 999),),
    "xray": ((200, 399),),
    "preventive": ((1000, 1999),),
    "restorative": ((2000, 2699), (2800, 2999)),
    "crowns": ((2700, 2799),),
    "endodontics": ((3000, 3999),),
    "periodontics": ((4000, 4999),),
    "prosthodontics": ((5000, 5899), (6200, 6999)),
    "maxillofacial": ((5900, 5999),),
    "implants": ((6000, 6199),),
    "oral_surgery": ((7000, 7999),),
    "orthodontics": ((8000, 8999),),
    "adjunctive": ((9000, 9999),),
}
CATEGORIES: Final = frozenset(CATEGORY_SPANS)


def category_width(category: str) -> int:
    """How many code numbers a category spans (narrower categories win)."""
    return sum(high - low + 1 for low, high in CATEGORY_SPANS[category])


_BY_WIDTH: Final = sorted(CATEGORY_SPANS, key=category_width)


def is_cdt_code(code: object) -> bool:
    """True for a CDT-shaped code: the letter D and four ASCII digits."""
    return (
        isinstance(code, str)
        and len(code) == 5
        and code[0] == "D"
        and code[1:].isascii()
        and code[1:].isdigit()
    )


def code_number(code: str) -> int:
    """The four digits of a CDT-shaped code as a number (D2740 -> 2740)."""
    return int(code[1:])


def in_category(code: str, category: str) -> bool:
    number = code_number(code)
    return any(low <= number <= high for low, high in CATEGORY_SPANS[category])


def _narrowest_by_number() -> list[str | None]:
    """For each number 0-9999, the narrowest category holding D<number>."""
    table: list[str | None] = [None] * 10_000
    for category in reversed(_BY_WIDTH):
        for low, high in CATEGORY_SPANS[category]:
            table[low : high + 1] = [category] * (high - low + 1)
    return table


_NARROWEST: Final = _narrowest_by_number()
_KNOWN: dict[str, str] = {}  # codes already looked up; at most 10,000


def category_of(code: object) -> str | None:
    """The narrowest category whose spans hold the code; None when none does.

    None also for anything that is not CDT-shaped, so callers can use it as the
    one check for "a code Casepath knows".
    """
    if not isinstance(code, str):
        return None
    known = _KNOWN.get(code)
    if known is None and is_cdt_code(code):
        known = _NARROWEST[code_number(code)]
        if known is not None:
            _KNOWN[code] = known
    return known
