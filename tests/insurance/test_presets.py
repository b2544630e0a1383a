"""Benefit design presets: the common designs a TC starts from."""

from __future__ import annotations

from casepath.insurance.presets import PRESET_LABELS, PRESETS, preset


def percent_for(design: dict, category: str) -> int:
    return next(r["percent"] for r in design["coverage"] if r.get("category") == category)


def test_every_preset_has_a_label() -> None:
    assert set(PRESETS) == set(PRESET_LABELS)


def test_classic_100_80_50() -> None:
    design = preset("100-80-50-1500")
    assert [percent_for(design, c) for c in ("preventive", "restorative", "crowns")] == [
        100,
        80,
        50,
    ]
    assert {"amount": "1500.00", "level": "individual"} in design["maximums"]
    assert {"amount": "50.00", "level": "individual"} in design["deductibles"]


def test_ortho_preset_has_a_lifetime_ortho_maximum() -> None:
    scoped = [m for m in preset("100-90-60-2000-ortho")["maximums"] if m.get("category")]
    assert scoped == [
        {
            "amount": "1500.00",
            "level": "individual",
            "category": "orthodontics",
            "period": "lifetime",
        }
    ]


def test_waiting_period_preset() -> None:
    waits = preset("80-60-50-1000-waiting")["waiting_periods"]
    assert {"category": "crowns", "months": 12} in waits


def test_preset_returns_a_copy() -> None:
    design = preset("100-80-50-1500")
    design["coverage"].clear()
    assert preset("100-80-50-1500")["coverage"]
