# ruff: noqa: E501  (the hand computation reads as tables: one case or group a line)
"""Every metric of the acceptance report on the hand-computed dataset of
test_metrics_dataset.py (its docstring holds the case table; docs/metrics.md the same
worked example). Definitions: said yes, first presenter, unless a test says otherwise.

A group's figures are a pure function of its sums (core.metrics.figures, proven in
tests/core/metrics), so each breakdown is checked on its sums, one row per group, in
the columns of `test_metrics_dataset.COLUMNS`; the total is also checked figure by figure.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casepath.core.metrics import Cut, Definitions, PresenterRule
from casepath.reports.facts import Filters
from casepath.reports.selectors import acceptance_report
from tests.conftest import World
from tests.reports.test_metrics_dataset import Dataset, build_dataset, report, row, rows

NONE = (0, 0, 0, 0)  # no pre-determinations or financing: not about cases

#           dx  dx$   | pr pat proc pr$  | yes ypat yproc yes$ | sch sch$ | cmp cmp$ | sd | days n | coll | fu fuy | dec | pd   fin
TOTAL = (10, 19500, 10, 9, 16, 16000, 6, 6, 10, 8450, 4, 5050, 2, 1850, 3, 18, 6, 4650, 3, 2, 3, 4, 3, 5, 3)  # fmt: skip


@pytest.fixture
def data(world: World) -> Dataset:
    return build_dataset(world)


def test_the_total_sums(data: Dataset) -> None:
    """Diagnosed: every case but C9 (Sep) and C10 (outside). Presented: C1-C7, C9, C11,
    C12 (C8 is not presented); 9 patients (P1 has C1 and C5); 16 procedures of the
    recommended options. Said yes: C1 C2 C3 C7 C9 C11 = 2200+850+2100+1300+1000+1000.
    Collected: 1200+750+1000+300+400+1000 (C3's 1100 is after as_of; C10 is outside)."""
    assert row(report(data).total) == TOTAL


def test_every_figure_of_the_total(data: Dataset) -> None:
    shown = {f.key: (f.value, f.numerator, f.denominator) for f in report(data).figures()}
    assert shown == {
        "diagnosed_cases": (10, None, None),
        "diagnosed_usd": (Decimal("19500.00"), None, None),
        "presented_cases": (10, None, None),
        "presented_patients": (9, None, None),
        "presented_procedures": (16, None, None),
        "presented_usd": (Decimal("16000.00"), None, None),
        "accepted_cases": (6, None, None),
        "accepted_usd": (Decimal("8450.00"), None, None),
        "case_acceptance": (Decimal("60.0"), 6, 10),
        "patient_acceptance": (Decimal("66.7"), 6, 9),  # 66.67 half-up
        "procedure_acceptance": (Decimal("62.5"), 10, 16),
        "dollar_acceptance": (Decimal("52.8"), Decimal("8450"), Decimal("16000")),  # 52.81
        "same_day_acceptance": (Decimal("30.0"), 3, 10),  # C1, C7, C11
        "days_to_acceptance": (Decimal("3.0"), 18, 6),  # 0+10+5+0+3+0 over 6
        "scheduled_usd": (Decimal("5050.00"), None, None),  # C1 C2 C9 C11
        "completed_usd": (Decimal("1850.00"), None, None),  # C2 C11
        "collected_usd": (Decimal("55.0"), Decimal("4650"), Decimal("8450")),  # 55.03
        "followup_conversion": (Decimal("66.7"), 2, 3),  # C2 C3 of C2 C3 C4
        "declined": (Decimal("30.0"), 3, 10),  # C4 C6 C12
        "predeterminations_returned": (Decimal("75.0"), 3, 4),
        "financing_approved": (Decimal("60.0"), 3, 5),
    }


def test_the_denominators_are_said_in_words(data: Dataset) -> None:
    words = {f.key: f.denominator_label for f in report(data).figures() if f.denominator_label}
    assert words == {
        "case_acceptance": "of 10 cases presented",
        "patient_acceptance": "of 9 patients presented to",
        "procedure_acceptance": "of 16 procedures presented",
        "dollar_acceptance": "of $16,000.00 presented",
        "same_day_acceptance": "of 10 cases presented",
        "days_to_acceptance": "over 6 cases said yes to",
        "collected_usd": "of $8,450.00 said yes to",
        "followup_conversion": "of 3 cases followed up",
        "declined": "of 10 cases presented",
        "predeterminations_returned": "of 4 sent",
        "financing_approved": "of 5 applications",
    }


def test_by_practice(data: Dataset) -> None:
    assert rows(report(data), Cut.PRACTICE) == {
        str(data.a.pk): (8, 18200, 8, 7, 14, 14700, 5, 5, 9, 7450, 3, 4050, 1, 850, 2, 18, 5, 3650, 3, 2, 2, 3, 2, 3, 1),
        str(data.b.pk): (2, 1300, 2, 2, 2, 1300, 1, 1, 1, 1000, 1, 1000, 1, 1000, 1, 0, 1, 1000, 0, 0, 1, 1, 1, 2, 2),
    }  # fmt: skip


def test_one_practice_alone_is_its_row(data: Dataset) -> None:
    both = {g.key: g.measures for g in report(data).breakdowns[Cut.PRACTICE]}
    assert report(data, practices=("a",)).total == both[str(data.a.pk)]


def test_by_tc_first_presenter(data: Dataset) -> None:
    """Only presented cases, by who presented first; nothing diagnosed is a TC's."""
    assert rows(report(data), Cut.TC) == {
        str(data.tess.pk): (0, 0, 5, 5, 7, 7300, 3, 3, 5, 4050, 3, 4050, 1, 850, 1, 13, 3, 2350, 2, 1, 2, *NONE),
        str(data.tina.pk): (0, 0, 3, 3, 7, 7400, 2, 2, 4, 3400, 0, 0, 0, 0, 1, 5, 2, 1300, 1, 1, 0, *NONE),
        str(data.olga.pk): (0, 0, 2, 2, 2, 1300, 1, 1, 1, 1000, 1, 1000, 1, 1000, 1, 0, 1, 1000, 0, 0, 1, *NONE),
    }  # fmt: skip


def test_by_tc_last_presenter(data: Dataset) -> None:
    """C2 and C6 move from Tess to Tina, C5 from Tina to Tess."""
    last = report(data, Definitions(presenter_rule=PresenterRule.LAST))
    assert rows(last, Cut.TC) == {
        str(data.tess.pk): (0, 0, 4, 3, 6, 6600, 2, 2, 3, 3200, 2, 3200, 0, 0, 1, 3, 2, 1600, 1, 0, 1, *NONE),
        str(data.tina.pk): (0, 0, 4, 4, 8, 8100, 3, 3, 6, 4250, 1, 850, 1, 850, 1, 15, 3, 2050, 2, 2, 1, *NONE),
        str(data.olga.pk): (0, 0, 2, 2, 2, 1300, 1, 1, 1, 1000, 1, 1000, 1, 1000, 1, 0, 1, 1000, 0, 0, 1, *NONE),
    }  # fmt: skip


def test_a_tcs_figures(data: Dataset) -> None:
    tina = {g.key: g for g in report(data).breakdowns[Cut.TC]}[str(data.tina.pk)]
    shown = {f.key: f.value for f in tina.figures(Definitions())}
    assert tina.label == "Tina Tester"
    assert shown["case_acceptance"] == Decimal("66.7")  # C3 C7 of C3 C5 C7
    assert shown["dollar_acceptance"] == Decimal("45.9")  # 3400 / 7400 = 45.95
    assert shown["days_to_acceptance"] == Decimal("2.5")  # (5 + 0) / 2
    assert shown["diagnosed_cases"] == 0


def test_by_provider(data: Dataset) -> None:
    """P1 is presented to by Rita (C1) and Sam (C5): 4 + 4 + 2 patients, 9 in all."""
    assert rows(report(data), Cut.PROVIDER) == {
        str(data.rita.pk): (5, 14450, 4, 4, 6, 9950, 2, 2, 4, 4300, 1, 2200, 0, 0, 1, 5, 2, 2200, 2, 1, 2, *NONE),
        str(data.sam.pk): (3, 3750, 4, 4, 8, 4750, 3, 3, 5, 3150, 2, 1850, 1, 850, 1, 13, 3, 1450, 1, 1, 0, *NONE),
        str(data.b_provider.pk): (2, 1300, 2, 2, 2, 1300, 1, 1, 1, 1000, 1, 1000, 1, 1000, 1, 0, 1, 1000, 0, 0, 1, *NONE),
    }  # fmt: skip


def test_by_case_type(data: Dataset) -> None:
    assert rows(report(data), Cut.CASE_TYPE) == {
        "new_patient": (5, 13200, 4, 4, 7, 8700, 3, 3, 5, 4500, 2, 3200, 1, 1000, 3, 0, 3, 2500, 1, 0, 1, *NONE),
        "from_hygiene": (2, 1250, 2, 2, 4, 1250, 1, 1, 2, 850, 1, 850, 1, 850, 0, 10, 1, 750, 1, 1, 0, *NONE),
        "emergency": (3, 5050, 3, 3, 4, 5050, 1, 1, 2, 2100, 0, 0, 0, 0, 0, 5, 1, 1000, 1, 1, 2, *NONE),
        "specialty": (0, 0, 1, 1, 1, 1000, 1, 1, 1, 1000, 1, 1000, 0, 0, 0, 3, 1, 400, 0, 0, 0, *NONE),
    }  # fmt: skip


def test_by_referral_source(data: Dataset) -> None:
    """The patient's source; P5 has none recorded (key "")."""
    assert rows(report(data), Cut.SOURCE) == {
        "web": (4, 8100, 4, 3, 7, 8100, 3, 3, 5, 5300, 2, 3200, 1, 1000, 2, 5, 3, 3200, 1, 1, 0, *NONE),
        "patient": (2, 3350, 2, 2, 5, 3350, 2, 2, 4, 2150, 1, 850, 1, 850, 1, 10, 2, 1050, 1, 1, 0, *NONE),
        "campaign": (2, 7500, 1, 1, 1, 3000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, *NONE),
        "insurance": (0, 0, 1, 1, 1, 1000, 1, 1, 1, 1000, 1, 1000, 0, 0, 0, 3, 1, 400, 0, 0, 0, *NONE),
        "walk_in": (1, 300, 1, 1, 1, 300, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, *NONE),
        "": (1, 250, 1, 1, 1, 250, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, *NONE),
    }  # fmt: skip


def test_by_decline_reason(data: Dataset) -> None:
    """Only declined presented cases; their diagnosed half is kept (all three were
    diagnosed in the period)."""
    assert rows(report(data), Cut.DECLINE_REASON) == {
        "cost": (1, 3000, 1, 1, 1, 3000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, *NONE),
        "insurance": (1, 250, 1, 1, 1, 250, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, *NONE),
        "timing": (1, 300, 1, 1, 1, 300, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, *NONE),
    }  # fmt: skip


def test_by_month(data: Dataset) -> None:
    """Diagnosed by the month of diagnosis (C7: October), the rest by the month of
    presentation (C7: November); activity by its own day."""
    assert rows(report(data), Cut.MONTH) == {
        "2026-10": (8, 14700, 8, 7, 12, 13200, 5, 5, 8, 7150, 4, 5050, 2, 1850, 2, 18, 5, 4350, 3, 2, 2, 3, 2, 3, 2),
        "2026-11": (2, 4800, 2, 2, 4, 2800, 1, 1, 2, 1300, 0, 0, 0, 0, 1, 0, 1, 300, 0, 0, 1, 1, 1, 2, 1),
    }  # fmt: skip


def test_by_procedure_category(data: Dataset) -> None:
    """Procedures and dollars of the category only. A case counts as diagnosed and
    presented in the categories of its recommended option, and as accepted in those of
    the procedures it accepted: C3 took the bridge, not the recommended implant, so it
    is presented (not accepted) in implants and accepted (not presented) in
    prosthodontics ($2100, 5 days to the yes). Collected is not split by category
    (payments are not per procedure): 0 here."""
    assert rows(report(data), Cut.CATEGORY) == {
        "crowns": (3, 4600, 3, 3, 4, 4600, 3, 3, 3, 3400, 2, 2200, 1, 1000, 3, 0, 3, 0, 0, 0, 0, *NONE),
        "endodontics": (1, 1000, 2, 2, 2, 2000, 2, 2, 2, 2000, 2, 2000, 0, 0, 1, 3, 2, 0, 0, 0, 0, *NONE),
        "periodontics": (1, 700, 1, 1, 1, 700, 1, 1, 1, 700, 1, 700, 1, 700, 0, 10, 1, 0, 1, 1, 0, *NONE),
        "preventive": (1, 150, 1, 1, 1, 150, 1, 1, 1, 150, 1, 150, 1, 150, 0, 10, 1, 0, 1, 1, 0, *NONE),
        "implants": (3, 12000, 2, 2, 3, 7500, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1, *NONE),
        "prosthodontics": (0, 0, 0, 0, 0, 0, 1, 1, 2, 2100, 0, 0, 0, 0, 0, 5, 1, 0, 0, 1, 0, *NONE),
        "restorative": (1, 400, 1, 1, 2, 400, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, *NONE),
        "oral_surgery": (2, 550, 2, 2, 2, 550, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, *NONE),
        "diagnostic": (1, 100, 1, 1, 1, 100, 1, 1, 1, 100, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, *NONE),
    }  # fmt: skip


def test_group_labels(data: Dataset) -> None:
    r = report(data)

    def labels(cut: Cut) -> dict[str, str]:
        return {g.key: g.label for g in r.breakdowns[cut]}

    assert labels(Cut.PRACTICE)[str(data.a.pk)] == "Riverside Dental"
    assert labels(Cut.TC)[str(data.olga.pk)] == "Olga Tester"
    assert labels(Cut.PROVIDER)[str(data.sam.pk)] == str(data.sam)
    assert labels(Cut.CASE_TYPE)["from_hygiene"] == "Patient of record, from hygiene"
    assert labels(Cut.SOURCE)[""] == "Not recorded"
    assert labels(Cut.DECLINE_REASON)["cost"] == "The cost is too high"
    assert labels(Cut.MONTH) == {"2026-10": "October 2026", "2026-11": "November 2026"}
    assert [g.key for g in r.breakdowns[Cut.MONTH]] == ["2026-10", "2026-11"]


def test_each_cases_acceptance(data: Dataset) -> None:
    """Accepted $ (any option) over the recommended option's $, by presentation day."""
    lines = report(data, with_cases=True).cases
    assert [(c.title, c.tc, c.status, c.presented_usd, c.accepted_usd, c.acceptance) for c in lines] == [
        ("C9", "Tess Tester", "in_progress", Decimal("1000.00"), Decimal("1000.00"), Decimal("100.0")),
        ("C3", "Tina Tester", "accepted", Decimal("4500.00"), Decimal("2100.00"), Decimal("46.7")),
        ("C1", "Tess Tester", "scheduled", Decimal("2200.00"), Decimal("2200.00"), Decimal("100.0")),
        ("C11", "Olga Tester", "completed", Decimal("1000.00"), Decimal("1000.00"), Decimal("100.0")),
        ("C2", "Tess Tester", "completed", Decimal("850.00"), Decimal("850.00"), Decimal("100.0")),
        ("C4", "Tess Tester", "declined", Decimal("3000.00"), Decimal("0.00"), Decimal("0.0")),
        ("C5", "Tina Tester", "presented", Decimal("400.00"), Decimal("0.00"), Decimal("0.0")),
        ("C6", "Tess Tester", "declined", Decimal("250.00"), Decimal("0.00"), Decimal("0.0")),
        ("C7", "Tina Tester", "accepted", Decimal("2500.00"), Decimal("1300.00"), Decimal("52.0")),
        ("C12", "Olga Tester", "declined", Decimal("300.00"), Decimal("0.00"), Decimal("0.0")),
    ]  # fmt: skip
    assert lines[0].patient == "Metric, P8"
    assert lines[0].presented_on == date(2026, 10, 1)


def test_case_lines_name_the_last_presenter_under_that_rule(data: Dataset) -> None:
    last = report(data, Definitions(presenter_rule=PresenterRule.LAST), with_cases=True)
    tcs = {c.title: c.tc for c in last.cases}
    assert (tcs["C2"], tcs["C5"], tcs["C6"]) == ("Tina Tester", "Tess Tester", "Tina Tester")


def test_collected_counts_payments_up_to_as_of(data: Dataset) -> None:
    """With as_of 30 November, C3's 1000 of 1 December is not collected yet; with
    as_of 31 December its 1100 of 20 December is."""
    assert report(data, as_of=date(2026, 11, 30)).total.collected_usd == Decimal("3650.00")
    assert report(data, as_of=date(2026, 12, 31)).total.collected_usd == Decimal("5750.00")


FILTERS = {
    "tc tina (first presenter)": (
        "tina", PresenterRule.FIRST,
        (3, 7400, 3, 3, 7, 7400, 2, 2, 4, 3400, 0, 0, 0, 0, 1, 5, 2, 1300, 1, 1, 0, *NONE),
    ),
    "tc tina (last presenter)": (
        "tina", PresenterRule.LAST,
        (4, 8100, 4, 4, 8, 8100, 3, 3, 6, 4250, 1, 850, 1, 850, 1, 15, 3, 2050, 2, 2, 1, *NONE),
    ),
    "provider sam": (
        "sam", PresenterRule.FIRST,
        (3, 3750, 4, 4, 8, 4750, 3, 3, 5, 3150, 2, 1850, 1, 850, 1, 13, 3, 1450, 1, 1, 0, *NONE),
    ),
    "case type emergency": (
        "emergency", PresenterRule.FIRST,
        (3, 5050, 3, 3, 4, 5050, 1, 1, 2, 2100, 0, 0, 0, 0, 0, 5, 1, 1000, 1, 1, 2, *NONE),
    ),
    "source web": (
        "web", PresenterRule.FIRST,
        (4, 8100, 4, 3, 7, 8100, 3, 3, 5, 5300, 2, 3200, 1, 1000, 2, 5, 3, 3200, 1, 1, 0, *NONE),
    ),
    # Only crown procedures count; collected is every payment of C1, C7 and C11.
    "category crowns": (
        "crowns", PresenterRule.FIRST,
        (3, 4600, 3, 3, 4, 4600, 3, 3, 3, 3400, 2, 2200, 1, 1000, 3, 0, 3, 2500, 0, 0, 0, *NONE),
    ),
    # C3 said yes to the bridge: with only implants counted, it is accepted with $0.
    "category implants": (
        "implants", PresenterRule.FIRST,
        (3, 12000, 2, 2, 3, 7500, 1, 1, 0, 0, 0, 0, 0, 0, 0, 5, 1, 1000, 2, 1, 1, *NONE),
    ),
}  # fmt: skip


def _filters(data: Dataset, name: str) -> Filters:
    return {
        "tina": Filters(tc_id=data.tina.pk),
        "sam": Filters(provider_id=data.sam.pk),
        "emergency": Filters(case_type="emergency"),
        "web": Filters(source="web"),
        "crowns": Filters(category="crowns"),
        "implants": Filters(category="implants"),
    }[name]


@pytest.mark.parametrize("case", FILTERS, ids=list(FILTERS))
def test_a_filter_narrows_the_cases(data: Dataset, case: str) -> None:
    """A filter keeps the cases it names and leaves out the activity counts."""
    name, rule, expected = FILTERS[case]
    filtered = report(data, Definitions(presenter_rule=rule), filters=_filters(data, name))
    assert row(filtered.total) == expected


def test_a_filter_narrows_every_breakdown(data: Dataset) -> None:
    filtered = report(data, filters=Filters(category="crowns"))
    assert [g.key for g in filtered.breakdowns[Cut.CATEGORY]] == ["crowns"]
    assert set(rows(filtered, Cut.TC)) == {str(data.tess.pk), str(data.tina.pk), str(data.olga.pk)}
    assert rows(filtered, Cut.DECLINE_REASON) == {}


def test_a_period_with_nothing_shows_no_rates(data: Dataset) -> None:
    empty = acceptance_report(
        [data.a], date(2027, 1, 1), date(2027, 1, 31), Definitions(), as_of=date(2027, 2, 1)
    )
    shown = {f.key: f.value for f in empty.figures()}
    assert shown["case_acceptance"] is None
    assert shown["days_to_acceptance"] is None
    assert shown["presented_usd"] == Decimal("0")
    assert all(not groups for groups in empty.breakdowns.values())
