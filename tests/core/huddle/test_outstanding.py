"""Outstanding treatment: which cases count, which option, how much, the threshold."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.cases import CaseStatus
from casepath.core.errors import CasepathError
from casepath.core.huddle import (
    OUTSTANDING_STATUSES,
    OptionRef,
    PlannedFee,
    Stage,
    check_threshold,
    option_in_question,
    outstanding_fee,
    over_threshold,
    stage_of,
)

# Written out again, independently of the module, so a slip in either one fails.
STAGES = {
    "draft": None,
    "ready": Stage.UNACCEPTED,
    "presented": Stage.UNACCEPTED,
    "pending": Stage.UNACCEPTED,
    "declined": Stage.UNACCEPTED,
    "expired": Stage.UNACCEPTED,
    "accepted": Stage.UNSCHEDULED,
    "scheduled": None,
    "in_progress": None,
    "completed": None,
}


@pytest.mark.parametrize("status", list(CaseStatus))
def test_stage_of_every_status(status: CaseStatus) -> None:
    assert stage_of(status) == STAGES[status.value]
    assert (status in OUTSTANDING_STATUSES) is (STAGES[status.value] is not None)


IMPLANT = OptionRef(id=7, position=0, recommended=False)
BRIDGE = OptionRef(id=8, position=1, recommended=True)
DENTURE = OptionRef(id=9, position=2, recommended=False)


def test_an_unaccepted_case_counts_its_recommended_option() -> None:
    assert option_in_question([IMPLANT, BRIDGE, DENTURE], Stage.UNACCEPTED, None) == 8


def test_without_a_recommendation_the_first_option_counts() -> None:
    options = [DENTURE, OptionRef(id=3, position=1, recommended=False), IMPLANT]
    assert option_in_question(options, Stage.UNACCEPTED, None) == 7


def test_an_accepted_case_counts_its_accepted_option() -> None:
    assert option_in_question([IMPLANT, BRIDGE, DENTURE], Stage.UNSCHEDULED, 9) == 9
    # an accepted option that is not among the options falls back to the recommended one
    assert option_in_question([IMPLANT, BRIDGE], Stage.UNSCHEDULED, 99) == 8


def test_a_case_without_options_has_none() -> None:
    assert option_in_question([], Stage.UNACCEPTED, None) is None


def test_outstanding_fee_is_net_of_discounts_and_never_negative() -> None:
    fees = [
        PlannedFee(Decimal("2400.00"), Decimal("100.00")),
        PlannedFee(Decimal("1450.00")),
        PlannedFee(Decimal("50.00"), Decimal("80.00")),  # a discount above the fee: 0
    ]
    assert outstanding_fee(fees, Stage.UNACCEPTED) == Decimal("3750.00")


def test_an_accepted_case_leaves_out_declined_procedures() -> None:
    fees = [PlannedFee(Decimal("2400.00")), PlannedFee(Decimal("1450.00"), declined=True)]
    assert outstanding_fee(fees, Stage.UNSCHEDULED) == Decimal("2400.00")
    # before acceptance a declined mark does not matter: the whole option is outstanding
    assert outstanding_fee(fees, Stage.UNACCEPTED) == Decimal("3850.00")


def test_outstanding_fee_rounds_half_up_to_cents() -> None:
    assert outstanding_fee([PlannedFee(Decimal("10.005"))], Stage.UNACCEPTED) == Decimal("10.01")


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=0, max_value=10_000, places=2),
            st.decimals(min_value=0, max_value=10_000, places=2),
            st.booleans(),
        ),
        max_size=12,
    )
)
def test_outstanding_fee_is_never_negative_nor_above_the_fees(
    lines: list[tuple[Decimal, Decimal, bool]],
) -> None:
    fees = [PlannedFee(fee, discount, declined) for fee, discount, declined in lines]
    for stage in Stage:
        total = outstanding_fee(fees, stage)
        assert Decimal("0.00") <= total <= sum((f.fee for f in fees), Decimal("0.00"))
    assert outstanding_fee(fees, Stage.UNSCHEDULED) <= outstanding_fee(fees, Stage.UNACCEPTED)


@pytest.mark.parametrize(
    ("amount", "threshold", "shown"),
    [
        ("1000.00", "1000.00", True),
        ("999.99", "1000.00", False),
        ("1000.01", "1000.00", True),
        ("0.00", "0.00", False),  # nothing owed is never on the huddle
        ("0.01", "0.00", True),
    ],
)
def test_over_threshold(amount: str, threshold: str, shown: bool) -> None:
    assert over_threshold(Decimal(amount), Decimal(threshold)) is shown


def test_check_threshold() -> None:
    assert check_threshold("1500") == Decimal("1500.00")
    for bad in ("-1", "1000000.01", "12.345", "lots"):
        with pytest.raises(CasepathError) as refused:
            check_threshold(bad)
        assert refused.value.errors[0].path == "threshold"
