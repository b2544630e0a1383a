"""What changed between two versions of a case plan, in sentences the TC can read.

A procedure is the same procedure in both versions when its option, code,
tooth and surfaces match; a plan can hold the same procedure twice, and then
they pair up in order. The sentences come in a fixed order: options added,
options removed, procedures added, procedures removed, procedures moved to
another phase, fees changed; within each group, in the order of the version
that holds them (the new one, except for removals).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from casepath.core.cases.plan_checks import surface_key
from casepath.core.money import to_cents

Key = tuple[str, str, str, str]


@dataclass(frozen=True)
class VersionItem:
    option: str
    phase: str
    code: str
    tooth: str
    surfaces: str
    fee: Decimal


def diff_versions(before: Sequence[VersionItem], after: Sequence[VersionItem]) -> list[str]:
    """Plain sentences, one per change; an empty list when nothing changed."""
    old_options, new_options = _options(before), _options(after)
    added = [o for o in new_options if o not in old_options]
    removed = [o for o in old_options if o not in new_options]
    kept_before = [item for item in before if item.option not in removed]
    kept_after = [item for item in after if item.option not in added]
    pairs, only_before, only_after = _pair(kept_before, kept_after)
    return [
        *(f"Added option “{o}” ({_count(after, o)})" for o in added),
        *(f"Removed option “{o}” ({_count(before, o)})" for o in removed),
        *(f"Added {_what(item)} to “{item.option}”" for item in only_after),
        *(f"Removed {_what(item)} from “{item.option}”" for item in only_before),
        *_moves(pairs),
        *_fee_changes(pairs),
    ]


def _options(items: Sequence[VersionItem]) -> list[str]:
    return list(dict.fromkeys(item.option for item in items))


def _count(items: Sequence[VersionItem], option: str) -> str:
    n = sum(1 for item in items if item.option == option)
    return f"{n} procedure{'' if n == 1 else 's'}"


def _key(item: VersionItem) -> Key:
    return item.option, item.code, item.tooth, surface_key(item.surfaces)


def _pair(
    before: Sequence[VersionItem], after: Sequence[VersionItem]
) -> tuple[list[tuple[VersionItem, VersionItem]], list[VersionItem], list[VersionItem]]:
    """Match items by key, in order: (matched pairs in new order, only before, only after)."""
    waiting: dict[Key, list[int]] = {}
    for i, item in enumerate(before):
        waiting.setdefault(_key(item), []).append(i)
    pairs, only_after, matched = [], [], set()
    for item in after:
        same = waiting.get(_key(item))
        if same:
            i = same.pop(0)
            matched.add(i)
            pairs.append((before[i], item))
        else:
            only_after.append(item)
    only_before = [item for i, item in enumerate(before) if i not in matched]
    return pairs, only_before, only_after


def _moves(pairs: Sequence[tuple[VersionItem, VersionItem]]) -> Iterator[str]:
    for old, new in pairs:
        if old.phase != new.phase:
            yield (f"Moved {_what(new)} in “{new.option}” from “{old.phase}” to “{new.phase}”")


def _fee_changes(pairs: Sequence[tuple[VersionItem, VersionItem]]) -> Iterator[str]:
    for old, new in pairs:
        if old.fee != new.fee:
            yield (
                f"Fee of {_what(new)} in “{new.option}” "
                f"changed from {_usd(old.fee)} to {_usd(new.fee)}"
            )


def _what(item: VersionItem) -> str:
    """ "D2391 on tooth 30 (MO)", "D2740 on tooth 30", "D0150"."""
    words = item.code
    if item.tooth:
        words += f" on tooth {item.tooth}"
    if item.surfaces:
        words += f" ({surface_key(item.surfaces)})"
    return words


def _usd(amount: Decimal) -> str:
    return f"${to_cents(amount):,.2f}"
