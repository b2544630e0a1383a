"""A strict reader of parsed JSON that collects every error with the path of its field.

Each method checks one value and returns it converted, or records an error and
returns None, so that one pass over a request reports all its problems at once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from casepath.core.catalog import CATEGORIES, category_of, tooth_info
from casepath.core.errors import CasepathError, FieldError

TWO_PLACES = Decimal("0.01")
NO_DATE = date(1900, 1, 1)  # stands in for a missing date while errors are collected
T = TypeVar("T")


class Reader:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def fail(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))

    def raise_errors(self) -> None:
        if self.errors:
            raise CasepathError(*self.errors)

    def obj(
        self, value: Any, path: str, *, allowed: Collection[str], required: Collection[str] = ()
    ) -> Mapping[str, Any] | None:
        """An object with only `allowed` keys and every `required` key."""
        if not isinstance(value, dict):
            self.fail(path, "must be an object")
            return None
        for key in value:
            if key not in allowed:
                self.fail(join(path, key), f"is not a field of this object (unknown key {key!r})")
        for key in required:
            if key not in value:
                self.fail(join(path, key), "is required")
        return value

    def field(
        self, obj: Mapping[str, Any], key: str, path: str, read: Callable[[Any, str], T | None]
    ) -> T | None:
        """A required field read with `read`; None when absent (obj() reported it)."""
        return read(obj[key], join(path, key)) if key in obj else None

    def array(self, value: Any, path: str, *, max_items: int | None = None) -> list[Any]:
        if not isinstance(value, list):
            self.fail(path, "must be a list")
            return []
        if max_items is not None and len(value) > max_items:
            self.fail(path, f"may hold at most {max_items} items")
        return value

    def money(self, value: Any, path: str) -> Decimal | None:
        """A non-negative amount with at most two decimals, from a string or a number."""
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            self.fail(path, 'must be an amount such as "1200.00"')
            return None
        try:
            amount = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
        except InvalidOperation:
            self.fail(path, f'{value!r} is not an amount such as "1200.00"')
            return None
        if not amount.is_finite() or amount < 0:
            self.fail(path, "must be zero or more")
            return None
        if amount != amount.quantize(TWO_PLACES):
            self.fail(path, "has more than two decimals (whole cents only)")
            return None
        return amount.quantize(TWO_PLACES)

    def day(self, value: Any, path: str) -> date | None:
        if not isinstance(value, str) or len(value) != 10:
            self.fail(path, "must be a date written YYYY-MM-DD")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(path, f"{value!r} is not a real date (YYYY-MM-DD)")
            return None

    def integer(
        self, value: Any, path: str, *, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, "must be a whole number")
            return None
        if minimum is not None and value < minimum:
            self.fail(path, f"must be at least {minimum}")
            return None
        if maximum is not None and value > maximum:
            self.fail(path, f"must be at most {maximum}")
            return None
        return value

    def choice(self, value: Any, path: str, choices: Collection[str]) -> str | None:
        if value not in choices or not isinstance(value, str):
            self.fail(path, f"must be one of: {', '.join(sorted(choices))}")
            return None
        return value

    def boolean(self, value: Any, path: str) -> bool | None:
        if not isinstance(value, bool):
            self.fail(path, "must be true or false")
            return None
        return value

    def text(self, value: Any, path: str) -> str | None:
        if not isinstance(value, str):
            self.fail(path, "must be text")
            return None
        return value

    def code(self, value: Any, path: str) -> str | None:
        """A procedure code Casepath knows: D and four digits, in a category's span."""
        if not isinstance(value, str) or category_of(value) is None:
            self.fail(path, f"{value!r} is not a known procedure code (D and four digits)")
            return None
        return value

    def codes(self, value: Any, path: str) -> str | tuple[str, ...] | None:
        """One code, a range "D2950-D2954", or a list of codes and ranges."""
        if isinstance(value, list):
            if not value:
                self.fail(path, "must list at least one code")
            items = [self.code_or_range(v, f"{path}[{i}]") for i, v in enumerate(value)]
            return tuple(i for i in items if i is not None)
        return self.code_or_range(value, path)

    def code_or_range(self, value: Any, path: str) -> str | None:
        if isinstance(value, str) and "-" in value:
            low, _, high = value.partition("-")
            if self.code(low, path) and self.code(high, path):
                if low > high:
                    self.fail(path, f"the range {value!r} ends before it starts")
                    return None
                return value
            return None
        return self.code(value, path)

    def category(self, value: Any, path: str) -> str | None:
        return self.choice(value, path, CATEGORIES)

    def tooth(self, value: Any, path: str) -> str | None:
        if value == "":
            return ""
        if not isinstance(value, str) or tooth_info(value) is None:
            self.fail(path, "must be a tooth in Universal numbering (1-32 or A-T)")
            return None
        return value


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def each(
    r: Reader,
    value: Any,
    path: str,
    read: Callable[[Reader, Any, str, int], T | None],
    *,
    max_items: int | None = None,
) -> tuple[T, ...]:
    """Read every item of a list with `read(reader, item, path, index)`."""
    items = r.array(value, path, max_items=max_items)
    read_items = (read(r, item, f"{path}[{i}]", i) for i, item in enumerate(items))
    return tuple(item for item in read_items if item is not None)


def build(kind: Callable[..., T], fields: Mapping[str, Any]) -> T | None:
    """The object, or None when a field failed (its error is already recorded)."""
    if any(v is None for v in fields.values()):
        return None
    return kind(**fields)
