"""A dict that works out a missing value once and keeps it, up to a limit.

The estimator turns the same cents into the same Decimals and note texts many
times a second; a lookup that hits is a plain dict lookup. Memos may be shared
between threads: a race only works a value out twice.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(dict[K, V]):
    def __init__(self, work_out: Callable[[K], V], limit: int = 20_000) -> None:
        super().__init__()
        self.work_out = work_out
        self.limit = limit

    def __missing__(self, key: K) -> V:
        value = self.work_out(key)
        if len(self) < self.limit:
            self[key] = value
        return value
