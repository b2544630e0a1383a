"""A small tooth chart for the presentation: which teeth the plan touches.

The chart is drawn as the dentist sees the patient: upper teeth 1-16 from left
to right, lower teeth 32-17 below them, so the patient's right is on the left.
Baby teeth (A-J above T-K) get a smaller block underneath, drawn only when one
of them is planned. A planned tooth is tinted, outlined thickly and numbered in
bold (colour is never the only cue); a missing tooth is greyed with a dashed
outline. The SVG is inline, has `role="img"`, a `<title>` and a `<desc>` listing
the planned and missing teeth for screen readers, and the same input always
gives the same text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Final, NamedTuple

from casepath.core.catalog import tooth_info
from casepath.core.errors import CasepathError

ADULT_UPPER: Final = tuple(str(n) for n in range(1, 17))
ADULT_LOWER: Final = tuple(str(n) for n in range(32, 16, -1))
BABY_UPPER: Final = tuple("ABCDEFGHIJ")
BABY_LOWER: Final = tuple("TSRQPONMLK")

PAD, GAP = 12, 4
ADULT_W, ADULT_H = 36, 44
BABY_W, BABY_H = 30, 34
WIDTH: Final = 2 * PAD + 16 * ADULT_W + 15 * GAP
TOP = 30  # room for the "patient's right / left" captions

INK, MUTED, WASH, PAPER = "#1c2430", "#4f5b6b", "#f4f6f9", "#ffffff"
BRAND, TINT = "#0b5c7a", "#cfe6ef"


class Box(NamedTuple):
    tooth: str
    x: int
    y: int
    w: int
    h: int


def tooth_chart_svg(
    planned: Mapping[str, str], *, missing: frozenset[str] = frozenset(), title: str
) -> str:
    """The chart as SVG text; `planned` maps a tooth to a short label ("Crown")."""
    _check_teeth("planned", planned)
    _check_teeth("missing", missing)
    boxes = list(_layout(with_baby=any(_is_baby(tooth) for tooth in planned)))
    height = boxes[-1].y + boxes[-1].h + PAD
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" class="tooth-chart">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(_summary(boxes, planned, missing))}</desc>",
        _caption(PAD, "start", "Patient's right"),
        _caption(WIDTH - PAD, "end", "Patient's left"),
        *(_tooth(box, planned.get(box.tooth), box.tooth in missing) for box in boxes),
        "</svg>",
    ]
    return "\n".join(parts)


def _check_teeth(field: str, teeth: Iterable[str]) -> None:
    for tooth in sorted(teeth):
        if tooth_info(tooth) is None:
            raise CasepathError.at(
                field,
                f"Tooth {tooth} does not exist: use 1-32 for adult teeth or A-T for baby teeth.",
            )


def _is_baby(tooth: str) -> bool:
    info = tooth_info(tooth)
    return info is not None and info.primary


def _layout(*, with_baby: bool) -> Iterable[Box]:
    lower_y = TOP + ADULT_H + 2 * GAP
    yield from _row(ADULT_UPPER, PAD, TOP, ADULT_W, ADULT_H)
    yield from _row(ADULT_LOWER, PAD, lower_y, ADULT_W, ADULT_H)
    if with_baby:
        baby_x = (WIDTH - (10 * BABY_W + 9 * GAP)) // 2
        baby_y = lower_y + ADULT_H + 4 * GAP
        yield from _row(BABY_UPPER, baby_x, baby_y, BABY_W, BABY_H)
        yield from _row(BABY_LOWER, baby_x, baby_y + BABY_H + GAP, BABY_W, BABY_H)


def _row(teeth: tuple[str, ...], x: int, y: int, w: int, h: int) -> Iterable[Box]:
    for i, tooth in enumerate(teeth):
        yield Box(tooth, x + i * (w + GAP), y, w, h)


def _summary(boxes: list[Box], planned: Mapping[str, str], missing: frozenset[str]) -> str:
    """The chart in words, in chart order (what a screen reader announces)."""
    order = [box.tooth for box in boxes]
    plans = [
        f"tooth {t} ({planned[t]})" if planned[t] else f"tooth {t}" for t in order if t in planned
    ]
    gone = [f"tooth {t}" for t in order if t in missing]
    words = [f"Planned: {', '.join(plans)}." if plans else "No treatment planned."]
    if gone:
        words.append(f"Missing: {', '.join(gone)}.")
    return " ".join(words)


def _caption(x: int, anchor: str, words: str) -> str:
    return (
        f'<text x="{x}" y="{TOP - 10}" text-anchor="{anchor}" font-size="11" '
        f'font-family="system-ui, sans-serif" fill="{MUTED}">{escape(words)}</text>'
    )


def _tooth(box: Box, label: str | None, is_missing: bool) -> str:
    fill, stroke, ink, weight, width = PAPER, MUTED, INK, "400", "1"
    classes = ["tooth"]
    if is_missing:
        fill, ink = WASH, MUTED
        classes.append("missing")
    if label is not None:
        fill, stroke, weight, width = TINT, BRAND, "700", "3"
        classes.append("planned")
    dash = ' stroke-dasharray="4 3"' if is_missing else ""
    return (
        f'<g class="{" ".join(classes)}" data-tooth="{box.tooth}">'
        f"<title>{escape(_tooth_title(box.tooth, label, is_missing))}</title>"
        f'<rect x="{box.x}" y="{box.y}" width="{box.w}" height="{box.h}" rx="6" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dash}/>'
        f'<text x="{box.x + box.w // 2}" y="{box.y + box.h // 2 + 4}" text-anchor="middle" '
        f'font-size="13" font-weight="{weight}" font-family="system-ui, sans-serif" '
        f'fill="{ink}">{box.tooth}</text></g>'
    )


def _tooth_title(tooth: str, label: str | None, is_missing: bool) -> str:
    words = f"Tooth {tooth}" + (" (missing)" if is_missing else "")
    if label is None:
        return words
    return f"{words}: {label}" if label else f"{words}: planned"
