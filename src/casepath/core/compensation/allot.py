"""Share an amount in cents by weights so that the shares add up exactly.

Each share is its exact part rounded down to the cent; the cents left over go one each
to the largest remainders, the earlier share first on a tie (largest remainder method).
Arithmetic is exact (fractions), so no rounding but this one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

CENTS = 100


def allot(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """`total` (cents) in parts proportional to `weights` (whose sum is not zero)."""
    whole = sum((Fraction(w) for w in weights), Fraction(0))
    if not weights or whole == 0:
        raise ValueError("allot needs weights with a non-zero sum")
    exact = [Fraction(total) * CENTS * Fraction(w) / whole for w in weights]
    floors = [math.floor(x) for x in exact]
    left = int(Fraction(total) * CENTS) - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(cents).scaleb(-2) for cents in floors]
