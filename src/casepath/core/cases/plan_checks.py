"""Checks on the procedures planned in one option of a case.

Every problem is found in one pass and reported together, each at the path of
its field (`procedures[2].tooth`), so the TC fixes the whole form at once.
Messages number lines from 1, as the TC sees them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from casepath.core.catalog import code_number, is_cdt_code, tooth_info
from casepath.core.errors import CasepathError, FieldError
from casepath.core.money import to_cents

SURFACE_ORDER: Final = "MODBFIL"
"""Mesial, occlusal, distal, buccal, facial, incisal, lingual: the canonical order."""
MAX_SURFACES: Final = 5

# Restorative, crowns and endodontics, then simple and surgical extractions.
_NEEDS_TOOTH: Final = ((2000, 3999), (7111, 7250))
# Removable prosthodontics, implants, fixed prosthodontics (pontics, abutments).
_REPLACES_TOOTH: Final = ((5000, 5899), (6000, 6199), (6200, 6999))


@dataclass(frozen=True)
class PlannedItem:
    code: str
    tooth: str = ""
    surfaces: str = ""
    fee_override: Decimal | None = None


def needs_tooth(code: str) -> bool:
    """Codes that act on one tooth: fillings, crowns, root canals, extractions."""
    return _within(code, _NEEDS_TOOTH)


def replaces_tooth(code: str) -> bool:
    """Codes that may be planned on a missing tooth: implants, bridges, dentures."""
    return _within(code, _REPLACES_TOOTH)


def _within(code: str, spans: tuple[tuple[int, int], ...]) -> bool:
    return is_cdt_code(code) and any(low <= code_number(code) <= high for low, high in spans)


def normal_surfaces(surfaces: str) -> str:
    """Surfaces in upper case and canonical order ("dom" -> "MOD"); spaces are ignored."""
    normal, problem = _read_surfaces(surfaces)
    if problem:
        raise CasepathError.at("surfaces", problem)
    return normal


def surface_key(surfaces: str) -> str:
    """The normal form when the surfaces can be read, else the text as written."""
    normal, problem = _read_surfaces(surfaces)
    return surfaces if problem else normal


def _read_surfaces(surfaces: str) -> tuple[str, str | None]:
    letters = "".join(surfaces.split())
    for letter in letters:
        if not (letter.isascii() and letter.upper() in SURFACE_ORDER):
            return "", f"{letter!r} is not a surface: use the letters M, O, D, B, F, I and L."
    letters = letters.upper()
    repeated = sorted({x for x in letters if letters.count(x) > 1}, key=SURFACE_ORDER.index)
    if len(repeated) == 1:
        return "", f"Surface {repeated[0]} is written twice."
    if repeated:
        return "", f"Surfaces {', '.join(repeated[:-1])} and {repeated[-1]} are written twice."
    if len(letters) > MAX_SURFACES:
        return "", f"At most {MAX_SURFACES} surfaces, not {len(letters)}."
    return "".join(sorted(letters, key=SURFACE_ORDER.index)), None


def check_option(
    items: Sequence[PlannedItem],
    *,
    missing_teeth: frozenset[str] = frozenset(),
    fee_codes: frozenset[str] | None = None,
    path: str = "procedures",
) -> None:
    """Raise one CasepathError listing every problem of the option's procedures."""
    errors = []
    for i, item in enumerate(items):
        problems = _item_problems(item, items[:i], missing_teeth, fee_codes)
        errors += [FieldError(f"{path}[{i}].{field}", message) for field, message in problems]
    if errors:
        raise CasepathError(*errors)


def _item_problems(
    item: PlannedItem,
    earlier: Sequence[PlannedItem],
    missing_teeth: frozenset[str],
    fee_codes: frozenset[str] | None,
) -> Iterator[tuple[str, str]]:
    """(field, message) for one item, in the form's order: code, tooth, surfaces, fee."""
    if not item.code.strip():
        yield "code", "Enter a procedure code."
    elif not is_cdt_code(item.code):
        yield "code", f"{item.code!r} is not a CDT code: write D and four digits, like D2740."
    else:
        yield from _duplicate(item, earlier)
    yield from _tooth_problems(item, missing_teeth)
    if item.surfaces.strip():
        _normal, problem = _read_surfaces(item.surfaces)
        if not item.tooth:
            yield "surfaces", "Surfaces need a tooth: enter the tooth or clear the surfaces."
        elif problem:
            yield "surfaces", problem
    yield from _fee_problems(item, fee_codes)


def _tooth_problems(item: PlannedItem, missing_teeth: frozenset[str]) -> Iterator[tuple[str, str]]:
    code, tooth = item.code, item.tooth
    if tooth and tooth_info(tooth) is None:
        yield (
            "tooth",
            f"Tooth {tooth} does not exist: use 1-32 for adult teeth or A-T for baby teeth.",
        )
    elif not tooth and needs_tooth(code):
        yield "tooth", f"{code} needs a tooth: enter the tooth number."
    elif tooth in missing_teeth and is_cdt_code(code) and not replaces_tooth(code):
        yield "tooth", f"Tooth {tooth} is missing: {code} cannot be done on it."


def _fee_problems(item: PlannedItem, fee_codes: frozenset[str] | None) -> Iterator[tuple[str, str]]:
    fee = item.fee_override
    if fee is not None:
        if not fee.is_finite():
            yield "fee", "Type the fee as an amount, like 1250.00."
        elif fee < 0:
            yield "fee", "A fee cannot be negative."
        elif fee != to_cents(fee):
            yield "fee", "Type the fee in dollars and cents, like 1250.00."
    elif fee_codes is not None and is_cdt_code(item.code) and item.code not in fee_codes:
        yield (
            "fee",
            f"No fee for {item.code} in the fee schedule: "
            "add it to the schedule or type a fee here.",
        )


def _duplicate(item: PlannedItem, earlier: Sequence[PlannedItem]) -> Iterator[tuple[str, str]]:
    """The same code on the same tooth twice, with surfaces in common or both without.

    Codes without a tooth may repeat (another x-ray, sedation at each visit).
    """
    mine = _surface_set(item)
    if not item.tooth or mine is None:
        return
    for line, other in enumerate(earlier, start=1):
        theirs = _surface_set(other)
        if (other.code, other.tooth) != (item.code, item.tooth) or theirs is None:
            continue
        shared = "".join(x for x in SURFACE_ORDER if x in mine & theirs)
        if shared or not (mine or theirs):
            where = f"on tooth {item.tooth}"
            if shared:
                where += f" (surface{'s' if len(shared) > 1 else ''} {shared})"
            yield "code", f"{item.code} {where} is already in this option (line {line})."
            return


def _surface_set(item: PlannedItem) -> frozenset[str] | None:
    """The item's surfaces as a set; None when they cannot be read."""
    normal, problem = _read_surfaces(item.surfaces)
    return None if problem else frozenset(normal)
