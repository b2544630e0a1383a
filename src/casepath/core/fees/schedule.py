"""Which fee a procedure is charged: the provider's own schedule, else the office's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from casepath.core.errors import CasepathError


@dataclass(frozen=True)
class FeeLookup:
    """The office schedule and, optionally, the treating provider's own schedule."""

    office: Mapping[str, Decimal]
    provider: Mapping[str, Decimal] = field(default_factory=dict)


def fee_for(lookup: FeeLookup, code: str, *, path: str = "code") -> Decimal:
    """The provider's fee when their schedule has the code, else the office fee."""
    if code in lookup.provider:
        return lookup.provider[code]
    if code in lookup.office:
        return lookup.office[code]
    raise CasepathError.at(path, f"{code} has no fee in the office fee schedule")
