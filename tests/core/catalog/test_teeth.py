"""Teeth in Universal numbering: arch, quadrant, anterior/posterior, molar."""

from __future__ import annotations

import pytest

from casepath.core.catalog import TEETH, tooth_info


@pytest.mark.parametrize(
    ("tooth", "arch", "quadrant", "anterior", "molar", "primary"),
    [
        ("1", "upper", "UR", False, True, False),
        ("3", "upper", "UR", False, True, False),
        ("4", "upper", "UR", False, False, False),
        ("5", "upper", "UR", False, False, False),
        ("6", "upper", "UR", True, False, False),
        ("8", "upper", "UR", True, False, False),
        ("9", "upper", "UL", True, False, False),
        ("11", "upper", "UL", True, False, False),
        ("12", "upper", "UL", False, False, False),
        ("14", "upper", "UL", False, True, False),
        ("16", "upper", "UL", False, True, False),
        ("17", "lower", "LL", False, True, False),
        ("19", "lower", "LL", False, True, False),
        ("20", "lower", "LL", False, False, False),
        ("22", "lower", "LL", True, False, False),
        ("24", "lower", "LL", True, False, False),
        ("25", "lower", "LR", True, False, False),
        ("27", "lower", "LR", True, False, False),
        ("28", "lower", "LR", False, False, False),
        ("30", "lower", "LR", False, True, False),
        ("32", "lower", "LR", False, True, False),
        ("A", "upper", "UR", False, True, True),
        ("B", "upper", "UR", False, True, True),
        ("C", "upper", "UR", True, False, True),
        ("E", "upper", "UR", True, False, True),
        ("F", "upper", "UL", True, False, True),
        ("H", "upper", "UL", True, False, True),
        ("J", "upper", "UL", False, True, True),
        ("K", "lower", "LL", False, True, True),
        ("M", "lower", "LL", True, False, True),
        ("O", "lower", "LL", True, False, True),
        ("P", "lower", "LR", True, False, True),
        ("R", "lower", "LR", True, False, True),
        ("T", "lower", "LR", False, True, True),
    ],
)
def test_tooth_classification(
    tooth: str, arch: str, quadrant: str, anterior: bool, molar: bool, primary: bool
) -> None:
    info = tooth_info(tooth)
    assert info is not None
    assert (info.arch, info.quadrant, info.anterior, info.molar, info.primary) == (
        arch,
        quadrant,
        anterior,
        molar,
        primary,
    )
    assert info.posterior is not anterior


@pytest.mark.parametrize("tooth", ["0", "33", "01", "U", "a", "t", "", " 1", "51"])
def test_not_a_universal_tooth(tooth: str) -> None:
    assert tooth_info(tooth) is None


def test_there_are_32_permanent_and_20_primary_teeth_in_4_quadrants() -> None:
    assert len(TEETH) == 52
    assert sum(t.molar for t in TEETH.values()) == 12 + 8
    assert sum(not t.anterior and not t.molar for t in TEETH.values()) == 8  # premolars
    for quadrant in ("UR", "UL", "LL", "LR"):
        teeth = [t for t in TEETH.values() if t.quadrant == quadrant]
        assert len(teeth) == 8 + 5
        assert {t.arch for t in teeth} == {"upper" if quadrant[0] == "U" else "lower"}
