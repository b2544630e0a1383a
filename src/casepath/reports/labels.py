"""How report keys read: months, procedure categories."""

from __future__ import annotations

from datetime import date
from typing import Any

from casepath.core.catalog.names import category_words


def month_key(value: Any) -> str:
    """'2026-10' from a date, a datetime or '2026-10-01' text (SQLite); '' for none."""
    if value is None or value == "":
        return ""
    return str(value)[:7]


def month_label(key: str) -> str:
    if not key:
        return "No month"
    return date.fromisoformat(f"{key}-01").strftime("%B %Y")


def category_label(key: str) -> str:
    if key == "other":
        return "Other codes"
    return category_words(key).capitalize()
