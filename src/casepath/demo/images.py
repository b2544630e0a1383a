"""Synthetic pictures for the demo cases: a panoramic x-ray and an intraoral photo.

They are drawn, not photographed: plausible enough to show where a case's images go
(the plan, the presentation, the consult packet) without any real patient's picture.
The grain comes from the caller's seeded generator, so the same seed draws the same
bytes. Each picture takes a few milliseconds.
"""

from __future__ import annotations

import io
import random
from collections.abc import Collection

from PIL import Image, ImageDraw, ImageFilter

XRAY_SIZE = (720, 320)
PHOTO_SIZE = (640, 400)
UPPER = tuple(range(1, 17))  # Universal numbers, the patient's right to left
LOWER = tuple(range(32, 16, -1))


def panoramic_xray(
    rng: random.Random,
    *,
    missing: Collection[int] = (),
    restored: Collection[int] = (),
    lesions: Collection[int] = (),
) -> bytes:
    """A grey panoramic band: two arches of teeth with roots, dark where a tooth is
    missing, bright where it carries a filling or crown, a dark halo at an infected root."""
    width, height = XRAY_SIZE
    picture = Image.new("L", XRAY_SIZE, 18)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((30, 40, width - 30, height + 120), fill=58)  # the jaw bones
    draw.ellipse((90, 10, width - 90, 150), fill=48)  # the maxilla and sinuses
    step = (width - 120) / 16
    for index, tooth in enumerate(UPPER):
        _xray_tooth(draw, 60 + step * index, 150, step, -1, tooth, missing, restored, lesions)
    for index, tooth in enumerate(LOWER):
        _xray_tooth(draw, 60 + step * index, 170, step, 1, tooth, missing, restored, lesions)
    picture = picture.filter(ImageFilter.GaussianBlur(2))
    return _png(_grain(picture, rng, strength=22))


def _xray_tooth(
    draw: ImageDraw.ImageDraw,
    left: float,
    line: int,
    step: float,
    down: int,
    tooth: int,
    missing: Collection[int],
    restored: Collection[int],
    lesions: Collection[int],
) -> None:
    """One tooth from the bite line: crown towards it, roots away (down=1: lower arch)."""
    if tooth in missing:
        return
    molar = tooth % 16 in (0, 1, 2, 3, 14, 15)
    pad = step * (0.08 if molar else 0.16)
    x0, x1 = left + pad, left + step - pad
    crown_end = line - down * 4 + down * 46
    root_end = crown_end + down * 80
    middle = (x0 + x1) / 2
    roots = [(x0 + 3, middle - 2), (middle + 2, x1 - 3)] if molar else [(x0 + 5, x1 - 5)]
    for r0, r1 in roots:
        tip = (r0 + r1) / 2
        draw.polygon([(r0, crown_end), (r1, crown_end), (tip, root_end)], fill=150)
    box = (x0, min(line, crown_end), x1, max(line, crown_end))
    draw.rounded_rectangle(box, radius=6, fill=205)
    if tooth in restored:
        inset = (x0 + 3, box[1] + 4, x1 - 3, box[3] - 4)
        draw.rounded_rectangle(inset, radius=4, fill=252)
    if tooth in lesions:
        r = step * 0.42
        draw.ellipse((middle - r, root_end - r, middle + r, root_end + r), fill=22)


def intraoral_photo(
    rng: random.Random, *, missing: Collection[int] = (), damaged: Collection[int] = ()
) -> bytes:
    """A front view of the smile: pink gums, ivory teeth, a gap where a tooth is
    missing, and a greyish tooth with a crack line where one is damaged."""
    width, height = PHOTO_SIZE
    picture = Image.new("RGB", PHOTO_SIZE, (70, 18, 24))  # the mouth
    draw = ImageDraw.Draw(picture)
    draw.ellipse((-40, -60, width + 40, height // 2 + 20), fill=(196, 96, 110))  # upper gum
    draw.ellipse((-40, height // 2 - 20, width + 40, height + 60), fill=(188, 88, 104))
    draw.rectangle((0, height // 2 - 6, width, height // 2 + 6), fill=(60, 14, 20))
    upper = UPPER[3:13]  # what a camera sees: first premolar to first premolar
    lower = LOWER[3:13]
    for row, teeth, top in ((0, upper, 60), (1, lower, height // 2 + 8)):
        _photo_row(draw, teeth, top, row, missing, damaged)
    picture = picture.filter(ImageFilter.GaussianBlur(1.2))
    return _png(_grain(picture, rng, strength=10))


def _photo_row(
    draw: ImageDraw.ImageDraw,
    teeth: tuple[int, ...],
    top: int,
    row: int,
    missing: Collection[int],
    damaged: Collection[int],
) -> None:
    width = PHOTO_SIZE[0]
    step = (width - 80) / len(teeth)
    for index, tooth in enumerate(teeth):
        middle = abs(index - (len(teeth) - 1) / 2)  # front teeth are longer
        tall = int(130 - middle * 12) if row == 0 else int(110 - middle * 10)
        x0 = 40 + step * index + 3
        box = (
            (x0, top + (140 - tall), x0 + step - 6, top + 140)
            if row == 0
            else (x0, top, x0 + step - 6, top + tall)
        )
        if tooth in missing:
            continue
        shade = (170, 160, 140) if tooth in damaged else (236, 228, 206)
        draw.rounded_rectangle(box, radius=14, fill=shade, outline=(200, 186, 160))
        if tooth in damaged:
            x = (box[0] + box[2]) / 2
            draw.line(
                [(x - 8, box[1] + 10), (x + 4, box[1] + 50), (x - 4, box[3] - 12)], (90, 70, 60), 3
            )


def _grain(picture: Image.Image, rng: random.Random, *, strength: int) -> Image.Image:
    """Seeded film grain: random bytes on a small grid, scaled up and blended in."""
    small = (picture.width // 6, picture.height // 6)
    noise = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
    noise = noise.resize(picture.size, Image.Resampling.BILINEAR).convert(picture.mode)
    return Image.blend(picture, noise, strength / 255)


def _png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="PNG", compress_level=3)
    return out.getvalue()
