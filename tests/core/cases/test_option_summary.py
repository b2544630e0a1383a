"""Visits, time to finish and money for one option."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.cases import (
    VISIT_SPACING_DAYS,
    OptionFigures,
    PhasePlan,
    ProcedurePlan,
    option_figures,
    phase_days,
    time_to_finish_days,
    visits_of,
    weeks_words,
)
from casepath.core.errors import CasepathError

D = Decimal
P = ProcedurePlan

EXTRACTION = PhasePlan("Extraction and graft", (P("D7140", 1, 14, D("250.00")), P("D7953")))
IMPLANT = PhasePlan("Implant", (P("D6010", 1, 90, D("2100.00")),))
CROWN = PhasePlan("Crown", (P("D6058", 2, 0, D("1450.50")), P("D2391", 1, 0, D("160.00"))))


def test_a_phase_takes_the_visits_of_its_longest_procedure_a_week_apart() -> None:
    assert phase_days(CROWN) == 7  # two visits, a week apart, no healing
    assert phase_days(EXTRACTION) == 14  # one visit, then two weeks of healing
    assert (
        phase_days(PhasePlan("Root canal and crown", (P("D3330", 2, 0), P("D2740", 3, 21)))) == 35
    )


def test_an_empty_phase_takes_no_time() -> None:
    assert phase_days(PhasePlan("Nothing yet", ())) == 0
    assert visits_of([PhasePlan("Nothing yet", ())]) == 0


def test_phases_follow_one_another() -> None:
    phases = [EXTRACTION, IMPLANT, CROWN]
    assert time_to_finish_days(phases) == 14 + 90 + 7
    assert visits_of(phases) == 1 + 1 + 2


def test_option_figures() -> None:
    figures = option_figures(
        [EXTRACTION, IMPLANT, CROWN], insurance_total=D("1500"), patient_total=D("2460.505")
    )
    assert figures == OptionFigures(
        visits=4,
        days_to_finish=111,
        fee_total=D("3960.50"),
        insurance_total=D("1500.00"),
        patient_total=D("2460.51"),
    )
    assert str(figures.fee_total) == "3960.50"


def test_no_phases() -> None:
    assert option_figures([], insurance_total=D(0), patient_total=D(0)) == OptionFigures(
        0, 0, D("0.00"), D("0.00"), D("0.00")
    )


@pytest.mark.parametrize(
    ("procedure", "path", "message"),
    [
        (
            P("D2740", visits=0),
            "phases[1].procedures[0].visits",
            "A procedure takes at least 1 visit.",
        ),
        (
            P("D2740", healing_days=-1),
            "phases[1].procedures[0].healing_days",
            "Healing time is a whole number of days, 0 or more.",
        ),
        (
            P("D2740", fee=D("-5")),
            "phases[1].procedures[0].fee",
            "A fee is an amount of zero or more.",
        ),
    ],
)
def test_bad_procedures_are_refused(procedure: ProcedurePlan, path: str, message: str) -> None:
    phases = [CROWN, PhasePlan("Bad", (procedure,))]
    for compute in (time_to_finish_days, visits_of):
        with pytest.raises(CasepathError) as refused:
            compute(phases)
        assert [(e.path, e.message) for e in refused.value.errors] == [(path, message)]


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "Same day"),
        (1, "Within a week"),
        (6, "Within a week"),
        (7, "About 1 week"),
        (10, "About 1 week"),
        (11, "About 2 weeks"),
        (21, "About 3 weeks"),
        (59, "About 8 weeks"),
        (60, "About 2 months"),
        (90, "About 3 months"),
        (104, "About 3 months"),
        (105, "About 4 months"),
        (547, "About 18 months"),
        (548, "About 2 years"),
        (1095, "About 3 years"),
    ],
)
def test_weeks_words(days: int, words: str) -> None:
    assert weeks_words(days) == words


def test_weeks_words_refuses_negative_days() -> None:
    with pytest.raises(CasepathError) as refused:
        weeks_words(-1)
    assert refused.value.errors[0].path == "days"


procedures = st.builds(
    ProcedurePlan,
    code=st.sampled_from(["D2740", "D6010", "D7140", "D0150"]),
    visits=st.integers(1, 5),
    healing_days=st.integers(0, 180),
    fee=st.decimals(min_value=0, max_value=10_000, places=2),
)
phases = st.builds(
    PhasePlan,
    name=st.text(max_size=10),
    procedures=st.tuples(procedures, procedures) | st.tuples(procedures),
)


@given(st.lists(phases, max_size=5), phases, st.integers(0, 5))
def test_adding_a_phase_never_shortens_the_option(
    plan: list[PhasePlan], extra: PhasePlan, where: int
) -> None:
    longer = [*plan[:where], extra, *plan[where:]]
    assert time_to_finish_days(longer) >= time_to_finish_days(plan)
    assert visits_of(longer) > visits_of(plan)
    gap = time_to_finish_days(longer) - time_to_finish_days(plan) - phase_days(extra)
    assert 0 <= gap <= VISIT_SPACING_DAYS  # at most a week's wait before or after it


def test_the_next_phase_starts_a_week_later_when_nothing_heals() -> None:
    crown = PhasePlan("Crown", (ProcedurePlan("D2740"),))
    assert time_to_finish_days([crown, crown]) == VISIT_SPACING_DAYS
    healing = PhasePlan("Implant", (ProcedurePlan("D6010", healing_days=90),))
    assert time_to_finish_days([healing, crown]) == 90
