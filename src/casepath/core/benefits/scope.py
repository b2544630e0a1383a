"""Which codes a rule is about, and how specific it is.

A rule names one `code`, some `codes` (a range "D2950-D2954", one code, or a
list of codes and ranges), a `category`, or none of these (general). The most
specific rule wins: code, then codes, then category, then general; between two
matching code sets or categories the narrower wins, then the one listed first.
"""

from __future__ import annotations

from typing import NamedTuple

from casepath.core.benefits.checks import a_text, choice, known_code
from casepath.core.benefits.model import Scoped
from casepath.core.catalog import (
    CATEGORIES,
    CATEGORY_SPANS,
    category_width,
    category_words,
    code_number,
    is_cdt_code,
)
from casepath.core.errors import CasepathError

Span = tuple[int, int]

CODE, CODES, CATEGORY, GENERAL = 0, 1, 2, 3
_EVERY_CODE: tuple[Span, ...] = ((0, 9999),)


class Scope(NamedTuple):
    rank: int
    width: int
    spans: tuple[Span, ...]
    words: str  # how a note names it: "crowns", "this procedure"

    def matches(self, number: int) -> bool:
        return any(low <= number <= high for low, high in self.spans)

    @property
    def general(self) -> bool:
        return self.rank == GENERAL


def scope_of(rule: Scoped, path: str) -> Scope:
    """Compile a rule's scope, refusing a rule that names more than one kind."""
    given = [name for name in ("code", "codes", "category") if getattr(rule, name) is not None]
    if len(given) > 1:
        raise CasepathError.at(path, f"give only one of code, codes or category, not {given}")
    if rule.code is not None:
        number = code_number(known_code(rule.code, f"{path}.code"))
        return Scope(CODE, 1, ((number, number),), "this procedure")
    if rule.codes is not None:
        spans = _code_spans(rule.codes, f"{path}.codes")
        width = sum(high - low + 1 for low, high in spans)
        return Scope(CODES, width, spans, "this kind of procedure")
    if rule.category is not None:
        category = choice(rule.category, CATEGORIES, f"{path}.category")
        words = category_words(category)
        return Scope(CATEGORY, category_width(category), CATEGORY_SPANS[category], words)
    return Scope(GENERAL, 10_000, _EVERY_CODE, "every procedure")


def _code_spans(codes: object, path: str) -> tuple[Span, ...]:
    if isinstance(codes, str):
        return (_one_span(codes, path),)
    if not isinstance(codes, tuple) or not codes:
        raise CasepathError.at(path, "must be a code, a range or a non-empty list of codes")
    return tuple(_one_span(item, f"{path}[{index}]") for index, item in enumerate(codes))


def _one_span(text: object, path: str) -> Span:
    low_code, _, high_code = a_text(text, path).partition("-")
    if not high_code:
        number = code_number(known_code(low_code, path))
        return number, number
    if not (is_cdt_code(low_code) and is_cdt_code(high_code)):
        raise CasepathError.at(path, f"{text!r} is not a range of codes like 'D2950-D2954'")
    low, high = code_number(low_code), code_number(high_code)
    if low > high:
        raise CasepathError.at(path, f"{text!r} runs backwards")
    return low, high
