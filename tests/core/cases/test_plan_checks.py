"""Checks on one option's procedures: every problem at its path, all at once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.cases import PlannedItem, check_option, normal_surfaces
from casepath.core.errors import CasepathError

D = Decimal
Item = PlannedItem


def problems(
    items: list[PlannedItem],
    *,
    missing_teeth: frozenset[str] = frozenset(),
    fee_codes: frozenset[str] | None = None,
    path: str = "procedures",
) -> list[tuple[str, str]]:
    """(path, message) of every error; [] when the option is fine."""
    try:
        check_option(items, missing_teeth=missing_teeth, fee_codes=fee_codes, path=path)
    except CasepathError as error:
        return [(e.path, e.message) for e in error.errors]
    return []


def test_a_sound_option_passes() -> None:
    items = [
        Item("D0150"),
        Item("D2740", "30"),
        Item("D2391", "29", "mo"),
        Item("D3330", "19"),
        Item("D7140", "A"),
        Item("D0220"),
        Item("D0220"),  # codes without a tooth may repeat
    ]
    assert problems(items) == []


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter a procedure code."),
        ("2740", "'2740' is not a CDT code: write D and four digits, like D2740."),
        ("d2740", "'d2740' is not a CDT code: write D and four digits, like D2740."),
        ("D274", "'D274' is not a CDT code: write D and four digits, like D2740."),
        ("D27400", "'D27400' is not a CDT code: write D and four digits, like D2740."),
    ],
)
def test_code_must_be_cdt_shaped(code: str, message: str) -> None:
    assert problems([Item("D0150"), Item(code)]) == [("procedures[1].code", message)]


@pytest.mark.parametrize("tooth", ["33", "0", "01", "U", "a", "3 "])
def test_tooth_must_be_universal(tooth: str) -> None:
    assert problems([Item("D0140", tooth)]) == [
        (
            "procedures[0].tooth",
            f"Tooth {tooth} does not exist: use 1-32 for adult teeth or A-T for baby teeth.",
        )
    ]


@pytest.mark.parametrize(
    "code", ["D2000", "D2391", "D2740", "D2950", "D3330", "D3999", "D7111", "D7140", "D7250"]
)
def test_tooth_work_needs_a_tooth(code: str) -> None:
    assert problems([Item(code)]) == [
        ("procedures[0].tooth", f"{code} needs a tooth: enter the tooth number.")
    ]


@pytest.mark.parametrize("code", ["D1999", "D4000", "D7110", "D7251", "D0150", "D6010"])
def test_other_codes_do_without_a_tooth(code: str) -> None:
    assert problems([Item(code)]) == []


@pytest.mark.parametrize("code", ["D2740", "D3330", "D7140", "D4341", "D2391"])
def test_nothing_is_done_on_a_missing_tooth(code: str) -> None:
    assert problems([Item(code, "19")], missing_teeth=frozenset({"19", "3"})) == [
        ("procedures[0].tooth", f"Tooth 19 is missing: {code} cannot be done on it.")
    ]


@pytest.mark.parametrize("code", ["D5000", "D5213", "D5899", "D6010", "D6058", "D6240", "D6999"])
def test_a_missing_tooth_can_be_replaced(code: str) -> None:
    assert problems([Item(code, "19")], missing_teeth=frozenset({"19"})) == []


@pytest.mark.parametrize(
    ("surfaces", "normal"),
    [("MOD", "MOD"), ("dom", "MOD"), ("l b", "BL"), ("IFLMD", "MDFIL"), ("", ""), ("o", "O")],
)
def test_normal_surfaces(surfaces: str, normal: str) -> None:
    assert normal_surfaces(surfaces) == normal


@pytest.mark.parametrize(
    ("surfaces", "message"),
    [
        ("MX", "'X' is not a surface: use the letters M, O, D, B, F, I and L."),
        ("M,O", "',' is not a surface: use the letters M, O, D, B, F, I and L."),
        ("\u0131", "'\u0131' is not a surface: use the letters M, O, D, B, F, I and L."),
        ("MOo", "Surface O is written twice."),
        ("MMLL", "Surfaces M and L are written twice."),
        ("MODBFI", "At most 5 surfaces, not 6."),
    ],
)
def test_bad_surfaces(surfaces: str, message: str) -> None:
    assert problems([Item("D2391", "30", surfaces)]) == [("procedures[0].surfaces", message)]
    with pytest.raises(CasepathError) as refused:
        normal_surfaces(surfaces)
    assert [(e.path, e.message) for e in refused.value.errors] == [("surfaces", message)]


def test_surfaces_need_a_tooth() -> None:
    assert problems([Item("D1110", "", "MO")]) == [
        ("procedures[0].surfaces", "Surfaces need a tooth: enter the tooth or clear the surfaces.")
    ]


@given(st.text(alphabet="MODBFILmodbfil ", max_size=8))
def test_normal_surfaces_is_idempotent(surfaces: str) -> None:
    try:
        once = normal_surfaces(surfaces)
    except CasepathError:
        return
    assert normal_surfaces(once) == once
    assert sorted(once) == sorted("".join(surfaces.split()).upper())


def test_the_same_procedure_twice_is_refused_on_the_later_line() -> None:
    items = [Item("D0150"), Item("D2740", "30"), Item("D2740", "31"), Item("D2740", "30")]
    assert problems(items) == [
        ("procedures[3].code", "D2740 on tooth 30 is already in this option (line 2).")
    ]


def test_overlapping_surfaces_are_a_duplicate() -> None:
    items = [Item("D2392", "30", "MO"), Item("D2391", "30", "DO"), Item("D2392", "30", "od")]
    assert problems(items) == [
        ("procedures[2].code", "D2392 on tooth 30 (surface O) is already in this option (line 1).")
    ]
    items = [Item("D2393", "3", "MODB"), Item("D2393", "3", "BMO")]
    assert problems(items) == [
        (
            "procedures[1].code",
            "D2393 on tooth 3 (surfaces MOB) is already in this option (line 1).",
        )
    ]


def test_separate_surfaces_or_teeth_are_not_duplicates() -> None:
    items = [
        Item("D2391", "30", "MO"),
        Item("D2391", "30", "DL"),
        Item("D2391", "30"),  # one with surfaces, one without: not the same
        Item("D2391", "31", "MO"),
    ]
    assert problems(items) == []


def test_a_duplicate_is_reported_once_against_the_first_line() -> None:
    items = [Item("D2740", "30"), Item("D2740", "30"), Item("D2740", "30")]
    assert problems(items) == [
        ("procedures[1].code", "D2740 on tooth 30 is already in this option (line 1)."),
        ("procedures[2].code", "D2740 on tooth 30 is already in this option (line 1)."),
    ]


FEES = frozenset({"D0150", "D2391"})
NO_FEE = "No fee for D2740 in the fee schedule: add it to the schedule or type a fee here."


def test_a_code_off_the_schedule_needs_a_typed_fee() -> None:
    assert problems([Item("D0150"), Item("D2740", "30")], fee_codes=FEES) == [
        ("procedures[1].fee", NO_FEE)
    ]
    typed = Item("D2740", "30", fee_override=D("1250.00"))
    assert problems([typed], fee_codes=FEES) == []
    assert problems([Item("D2740", "30")]) == []  # no schedule given: fees not checked
    assert problems([Item("D2740", "30")], fee_codes=frozenset()) == [("procedures[0].fee", NO_FEE)]


@pytest.mark.parametrize(
    ("fee", "message"),
    [
        (D("-0.01"), "A fee cannot be negative."),
        (D("10.005"), "Type the fee in dollars and cents, like 1250.00."),
        (D("NaN"), "Type the fee as an amount, like 1250.00."),
        (D("Infinity"), "Type the fee as an amount, like 1250.00."),
    ],
)
def test_bad_typed_fees(fee: Decimal, message: str) -> None:
    assert problems([Item("D0150", fee_override=fee)]) == [("procedures[0].fee", message)]


def test_zero_and_whole_dollar_fees_are_fine() -> None:
    items = [Item("D0150", fee_override=D("0")), Item("D0140", fee_override=D("85"))]
    assert problems(items, fee_codes=frozenset()) == []


def test_every_problem_comes_at_once_in_form_order_with_the_given_path() -> None:
    items = [
        Item("D2740", "19", "MX"),
        Item("X1", "33", fee_override=D("-1")),
        Item("D3330", ""),
        Item("D2740", "19"),
    ]
    assert problems(
        items, missing_teeth=frozenset({"19"}), fee_codes=FEES, path="options[1].procedures"
    ) == [
        ("options[1].procedures[0].tooth", "Tooth 19 is missing: D2740 cannot be done on it."),
        (
            "options[1].procedures[0].surfaces",
            "'X' is not a surface: use the letters M, O, D, B, F, I and L.",
        ),
        ("options[1].procedures[0].fee", NO_FEE),
        (
            "options[1].procedures[1].code",
            "'X1' is not a CDT code: write D and four digits, like D2740.",
        ),
        (
            "options[1].procedures[1].tooth",
            "Tooth 33 does not exist: use 1-32 for adult teeth or A-T for baby teeth.",
        ),
        ("options[1].procedures[1].fee", "A fee cannot be negative."),
        ("options[1].procedures[2].tooth", "D3330 needs a tooth: enter the tooth number."),
        (
            "options[1].procedures[2].fee",
            "No fee for D3330 in the fee schedule: add it to the schedule or type a fee here.",
        ),
        ("options[1].procedures[3].tooth", "Tooth 19 is missing: D2740 cannot be done on it."),
        ("options[1].procedures[3].fee", NO_FEE),
    ]
