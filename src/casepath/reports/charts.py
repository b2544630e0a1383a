"""The reports' charts as SVG text, for the dashboard (inline) and the monthly PDF.

Matplotlib's object API (no pyplot: no global state, safe in threads), text kept as
text so that the PDF can be searched, and fixed ids so the same figures give the same
bytes. Amounts become floats here only to place bars on a drawing; every figure a
reader is told is printed from the Decimal in the table beside the chart.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from decimal import Decimal

from matplotlib import rcParams
from matplotlib.figure import Figure

rcParams["svg.fonttype"] = "none"
rcParams["svg.hashsalt"] = "casepath"
rcParams["font.family"] = "DejaVu Sans"

INK = "#1f2933"
ACCENT = "#1d5fa8"
SECOND = "#8fb3dc"
WIDTH_IN = 7.0

Value = Decimal | int | None


def bars(
    title: str,
    labels: Sequence[str],
    values: Sequence[Value],
    *,
    unit: str = "%",
    second: Sequence[Value] | None = None,
    legend: tuple[str, str] = ("", ""),
) -> str:
    """Horizontal bars, one per label (a TC, a category); a second series beside."""
    height = max(1.6, 0.42 * len(labels) + 0.9)
    fig = Figure(figsize=(WIDTH_IN, height))
    ax = fig.add_subplot()
    rows = list(range(len(labels)))[::-1]
    thick = 0.38 if second is not None else 0.6
    first = ax.barh(
        [r + (thick / 2 if second is not None else 0) for r in rows],
        [_num(v) for v in values],
        height=thick,
        color=ACCENT,
        label=legend[0] or None,
    )
    ax.bar_label(first, labels=[_text(v, unit) for v in values], padding=3, fontsize=8)
    if second is not None:
        other = ax.barh(
            [r - thick / 2 for r in rows],
            [_num(v) for v in second],
            height=thick,
            color=SECOND,
            label=legend[1] or None,
        )
        ax.bar_label(other, labels=[_text(v, unit) for v in second], padding=3, fontsize=8)
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=8, frameon=False
        )
    ax.set_yticks(rows, labels=list(labels), fontsize=8)
    _frame(ax, title)
    ax.margins(x=0.18)
    return _svg(fig)


def trend(title: str, months: Sequence[str], series: dict[str, Sequence[Value]]) -> str:
    """One line per series (percentages) over months; a gap where a month has none."""
    fig = Figure(figsize=(WIDTH_IN, 2.6))
    ax = fig.add_subplot()
    colours = (ACCENT, SECOND, "#c2410c", "#15803d")
    for (name, values), colour in zip(series.items(), colours, strict=False):
        points = [float("nan") if v is None else _num(v) for v in values]
        ax.plot(range(len(months)), points, marker="o", color=colour, label=name)
    crowded = len(months) > 6
    ax.set_xticks(
        range(len(months)),
        labels=list(months),
        fontsize=8,
        rotation=40 if crowded else 0,
        ha="right" if crowded else "center",
    )
    ax.set_ylim(0, 100)
    ax.set_ylabel("%", fontsize=8)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    _frame(ax, title)
    return _svg(fig)


def _frame(ax: object, title: str) -> None:
    ax.set_title(title, loc="left", fontsize=10, color=INK)  # type: ignore[attr-defined]
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)  # type: ignore[attr-defined]
    ax.tick_params(colors=INK, labelsize=8)  # type: ignore[attr-defined]


def _num(value: Value) -> float:
    return 0.0 if value is None else float(value)


def _text(value: Value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "$":
        return f"${value:,.0f}"
    return f"{value}{unit}"


def _svg(fig: Figure) -> str:
    fig.tight_layout()
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    # Drop the XML prolog and doctype so the SVG can sit inline in HTML.
    return re.sub(r"^.*?(<svg)", r"\1", text, count=1, flags=re.S)
