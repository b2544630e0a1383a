"""What the estimate panel posts: the day, the grid of rows (a formset), an action."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tests.estimates.builders import AS_OF

ROW_FIELDS = ("code", "tooth", "surfaces", "units", "planned_on", "priority", "fee_override")


def panel_post(
    rows: Sequence[Mapping[str, str]],
    *,
    as_of: str = AS_OF.isoformat(),
    action: str = "estimate",
    blank_rows: int = 1,
    **extra: str,
) -> dict[str, Any]:
    """The form data of `rows` (each a dict of row fields) followed by blank rows."""
    data: dict[str, Any] = {
        "as_of": as_of,
        "action": action,
        "p-TOTAL_FORMS": str(len(rows) + blank_rows),
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "40",
        **extra,
    }
    for index, row in enumerate([*rows, *({} for _ in range(blank_rows))]):
        values = {"units": "1"} | dict(row)
        for name, value in values.items():
            data[f"p-{index}-{name}"] = value
    return data
