"""Payers' answers on file become the estimate of the procedures they answer.

The patient of tests/estimates/builders.py: a PPO (100-80-50, $50 deductible, $1,500
maximum) allowing $900.00 for the crown the office charges $1,250.00. Ordinarily
the crown is (900 - 50) x 50% = $425.00, write-off $350.00, patient $475.00. The
payer answered $600.00 approved, $900.00 allowed: patient 1250 - 600 - 350 = $300.00.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casepath.core.errors import CasepathError
from casepath.estimates.bulk import recompute_batch
from casepath.estimates.models import Estimate, PayerAmount
from casepath.estimates.payer_amounts import (
    Answer,
    patient_reestimate,
    payer_amounts_replace,
    payer_amounts_withdraw,
)
from casepath.estimates.requests import ProcedureLine
from casepath.estimates.selectors import practice_files
from casepath.estimates.services import estimate_close, estimate_create
from casepath.insurance.models import Coverage
from casepath.patients.models import Patient
from tests.builders import build_patient
from tests.conftest import World, signed_in
from tests.estimates.builders import AS_OF, Insured, insured
from tests.insurance.coverage_builders import build_carrier, build_coverage, build_plan

CROWN = ProcedureLine(code="D2740", tooth="30")
EXAM = ProcedureLine(code="D0120")
RECEIVED = AS_OF - timedelta(days=9)  # 2026-03-01
LABEL = "pre-determination of 2026-03-01"
SOURCE = "predetermination:1"
APPROVED_NOTE = f"From {LABEL}: $600.00 approved"


@pytest.fixture
def on_file(world: World) -> Insured:
    return insured(world)


def answer(coverage: Coverage, **fields: Any) -> Answer:
    values: dict[str, Any] = {
        "coverage_id": coverage.pk,
        "code": "D2740",
        "tooth": "30",
        "surfaces": "",
        "approved": Decimal("600.00"),
        "allowed": Decimal("900.00"),
        "denied": False,
        "reason": "",
        "received_on": RECEIVED,
        "expires_on": date(2027, 3, 1),
        "label": LABEL,
    }
    values.update(fields)
    return Answer(**values)


def answered(on_file: Insured, *answers: Answer, source: str = SOURCE) -> None:
    given = answers or (answer(on_file.coverage),)
    payer_amounts_replace(patient=on_file.patient, source=source, answers=given)


def saved(world: World, patient: Patient, *lines: ProcedureLine, title: str = "Crown") -> Estimate:
    return estimate_create(
        acting_user=world.tess,
        patient=patient,
        title=title,
        lines=list(lines or (CROWN,)),
        as_of=AS_OF,
    )


def crown_of(estimate: Estimate) -> dict[str, Any]:
    crown: dict[str, Any] = estimate.response["procedures"][0]
    return crown


def figures(crown: dict[str, Any]) -> tuple[str, str, str]:
    return (crown["insurance"], crown["write_off"], crown["patient"])


ORDINARY = ("425.00", "350.00", "475.00")
ANSWERED = ("600.00", "350.00", "300.00")


def test_an_answered_crown_is_estimated_at_the_approved_amount(
    world: World, on_file: Insured
) -> None:
    plain = saved(world, build_ordinary_twin(world, on_file), CROWN, EXAM)
    answered(on_file)

    estimate = saved(world, on_file.patient, CROWN, EXAM)
    crown, exam = estimate.response["procedures"]
    (line,) = crown["coverages"]
    assert figures(crown) == ANSWERED
    assert (line["deductible"], line["allowed"], line["notes"]) == (
        "0.00",
        "900.00",
        [APPROVED_NOTE],
    )
    assert exam == plain.response["procedures"][1]
    assert estimate.patient_total == Decimal("300.00") + Decimal(exam["patient"])
    assert figures(crown_of(plain)) == ORDINARY


def build_ordinary_twin(world: World, on_file: Insured) -> Patient:
    """Another patient with the same coverage and no answers: the ordinary estimate."""
    twin = build_patient(world.practice_a, first_name="Tia", last_name="Twin")
    build_coverage(twin, on_file.plan)
    return twin


@pytest.mark.parametrize(
    "changed",
    [
        {"expires_on": AS_OF - timedelta(days=1)},
        {"received_on": AS_OF + timedelta(days=1)},
        {"tooth": "19"},
        {"surfaces": "MO"},
        {"code": "D2750"},
    ],
    ids=["expired", "received-later", "other-tooth", "other-surfaces", "other-code"],
)
def test_an_answer_that_does_not_hold_or_fit_is_ignored(
    world: World, on_file: Insured, changed: dict[str, Any]
) -> None:
    answered(on_file, answer(on_file.coverage, **changed))
    assert figures(crown_of(saved(world, on_file.patient))) == ORDINARY


def test_an_answer_holds_on_the_day_it_expires(world: World, on_file: Insured) -> None:
    answered(on_file, answer(on_file.coverage, expires_on=AS_OF))
    assert figures(crown_of(saved(world, on_file.patient))) == ANSWERED


def test_an_answer_of_a_coverage_not_in_force_is_ignored(world: World, on_file: Insured) -> None:
    ended = build_coverage(
        on_file.patient, on_file.plan, ordinal=2, end_date=AS_OF - timedelta(days=30)
    )
    answered(on_file, answer(ended))
    crown = crown_of(saved(world, on_file.patient))
    assert figures(crown) == ORDINARY
    assert len(crown["coverages"]) == 1


def test_a_secondary_answer_goes_to_the_secondary(world: World, on_file: Insured) -> None:
    plan = build_plan(world.practice_a, build_carrier(world.practice_a, "Bay Dental"))
    secondary = build_coverage(on_file.patient, plan, ordinal=2)
    answered(on_file, answer(secondary, approved=Decimal("100.00"), allowed=None))
    primary, second = crown_of(saved(world, on_file.patient))["coverages"]
    assert primary["insurance"] == "425.00"
    assert primary["notes"][-1] == f"Estimated: the {LABEL} came from another plan, not this one"
    assert (second["insurance"], second["notes"]) == ("100.00", [f"From {LABEL}: $100.00 approved"])


def test_the_newest_answer_wins(world: World, on_file: Insured) -> None:
    older = answer(
        on_file.coverage, approved=Decimal("500.00"), received_on=RECEIVED.replace(day=1)
    )
    answered(on_file, older, source="predetermination:0")
    answered(on_file)
    assert figures(crown_of(saved(world, on_file.patient))) == ANSWERED


def test_a_denial_shows_the_reason(world: World, on_file: Insured) -> None:
    denial = answer(
        on_file.coverage, approved=Decimal("0.00"), denied=True, reason="Crowned in 2024"
    )
    answered(on_file, denial)
    crown = crown_of(saved(world, on_file.patient))
    assert figures(crown) == ("0.00", "350.00", "900.00")
    assert crown["coverages"][0]["notes"] == [f"Denied in {LABEL}: Crowned in 2024"]


def test_withdrawing_brings_back_the_plans_figures(world: World, on_file: Insured) -> None:
    answered(on_file)
    estimate = saved(world, on_file.patient)
    assert figures(crown_of(estimate)) == ANSWERED

    payer_amounts_withdraw(patient=on_file.patient, source=SOURCE)
    assert patient_reestimate(acting_user=world.tess, patient=on_file.patient, as_of=AS_OF) == 1
    estimate.refresh_from_db()
    assert figures(crown_of(estimate)) == ORDINARY
    assert not PayerAmount.objects.filter(patient=on_file.patient).exists()


def test_patient_reestimate_brings_open_estimates_up_to_date_only(
    world: World, on_file: Insured
) -> None:
    first, second = saved(world, on_file.patient), saved(world, on_file.patient, title="Again")
    closed = estimate_close(acting_user=world.tess, estimate_row=saved(world, on_file.patient))
    elsewhere = saved(world, build_ordinary_twin(world, on_file))
    answered(on_file)

    assert patient_reestimate(acting_user=world.tess, patient=on_file.patient, as_of=AS_OF) == 2
    for estimate in (first, second, closed, elsewhere):
        estimate.refresh_from_db()
    assert [figures(crown_of(e)) for e in (first, second)] == [ANSWERED, ANSWERED]
    assert figures(crown_of(closed)) == ORDINARY
    assert figures(crown_of(elsewhere)) == ORDINARY


def test_replacing_keeps_only_the_new_answers_of_the_source(world: World, on_file: Insured) -> None:
    answered(on_file, answer(on_file.coverage, tooth="19"), answer(on_file.coverage))
    answered(on_file, answer(on_file.coverage, approved=Decimal("550.00")))
    answered(on_file, answer(on_file.coverage, tooth="3"), source="predetermination:2")
    rows = PayerAmount.objects.filter(patient=on_file.patient).order_by("source")
    assert [(r.source, r.tooth, r.approved) for r in rows] == [
        (SOURCE, "30", Decimal("550.00")),
        ("predetermination:2", "3", Decimal("600.00")),
    ]
    assert {r.practice_id for r in rows} == {world.practice_a.pk}


@pytest.mark.parametrize(
    ("changed", "path"),
    [
        ({"approved": Decimal("-1.00")}, "answers[1].approved"),
        ({"code": "X1"}, "answers[1].code"),
        ({"expires_on": RECEIVED - timedelta(days=1)}, "answers[1].expires_on"),
    ],
)
def test_a_bad_answer_names_its_field_and_nothing_changes(
    world: World, on_file: Insured, changed: dict[str, Any], path: str
) -> None:
    answered(on_file)
    with pytest.raises(CasepathError) as caught:
        answered(on_file, answer(on_file.coverage), answer(on_file.coverage, **changed))
    assert [e.path for e in caught.value.errors] == [path]
    assert PayerAmount.objects.filter(patient=on_file.patient).count() == 1


def test_a_coverage_of_another_patient_is_refused(world: World, on_file: Insured) -> None:
    twin = build_ordinary_twin(world, on_file)
    theirs = Coverage.objects.get(patient=twin)
    with pytest.raises(CasepathError) as caught:
        answered(on_file, answer(theirs))
    assert [e.path for e in caught.value.errors] == ["answers[0].coverage_id"]
    assert not PayerAmount.objects.exists()


def test_a_batch_reads_the_answers_in_one_query(world: World, on_file: Insured) -> None:
    """The same number of queries for one estimate as for three patients' estimates."""
    answered(on_file)
    ids = [saved(world, on_file.patient).pk]
    files = practice_files(world.practice_a)
    with CaptureQueriesContext(connection) as one:
        recompute_batch(world.practice_a, files, ids, AS_OF)
    for name in ("Ben", "Cy"):
        patient = build_patient(world.practice_a, first_name=name, last_name="More")
        build_coverage(patient, on_file.plan)
        ids.append(saved(world, patient).pk)
    with CaptureQueriesContext(connection) as three:
        recompute_batch(world.practice_a, files, ids, AS_OF)
    assert len(three.captured_queries) == len(one.captured_queries)
    assert any("estimates_payeramount" in q["sql"] for q in one.captured_queries)


def test_the_estimate_page_shows_the_answer(world: World, on_file: Insured) -> None:
    answered(on_file)
    estimate = saved(world, on_file.patient)
    url = f"/patients/{on_file.patient.pk}/estimates/{estimate.pk}/"
    page = signed_in(world.tess).get(url).content.decode()
    assert APPROVED_NOTE in page
    assert "$300.00" in page
