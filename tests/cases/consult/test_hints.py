"""What the checklist already knows: a hint beside each item."""

from __future__ import annotations

from datetime import date

from casepath.cases import plan_services
from casepath.cases.consult_services import Hint, checklist_hints
from casepath.cases.document_services import document_make
from tests.cases.builders import TwoOptions, build_case
from tests.cases.consult.conftest import TODAY, book
from tests.conftest import World
from tests.insurance.coverage_builders import build_check


def test_a_ready_estimated_case_with_recent_verification(world: World, two: TwoOptions) -> None:
    build_check(two.insured.coverage, date(2026, 2, 20))
    consult = book(world, two)
    document_make(acting_user=world.tess, case=two.case, kind="patient_letter", today=TODAY)

    hints = checklist_hints(two.case, consult, TODAY)

    assert hints == {
        "plan_final": Hint(
            True, f"Plan version {two.case.plan_version}; the case is ready to present."
        ),
        "estimate_verified": Hint(
            True, "Every option is estimated; insurance verified 02/20/2026."
        ),
        "predetermination": Hint(None, "No pre-determination yet."),
        "financing_ready": Hint(None, "Financing arrives with a later release."),
        "letters_printed": Hint(True, "1 document made."),
        "visuals_loaded": Hint(False, "No images on the case yet."),
        "room_ready": Hint(True, "Room: Op 1."),
    }


def test_verification_30_days_old_is_due_again(world: World, two: TwoOptions) -> None:
    build_check(two.insured.coverage, date(2026, 2, 8))

    hint = checklist_hints(two.case, None, TODAY)["estimate_verified"]

    assert hint == Hint(
        False, "Every option is estimated, but insurance is not verified in 30 days."
    )


def test_a_draft_without_estimates_and_without_a_room(world: World) -> None:
    case = build_case(world)
    plan_services.option_add(acting_user=world.tess, case=case, name="Crown")

    hints = checklist_hints(case, None, TODAY)

    assert hints["plan_final"] == Hint(
        False, "Still a draft: mark the case ready when the plan is final."
    )
    assert hints["estimate_verified"] == Hint(
        False, "Not every option is estimated: estimate the case."
    )
    assert hints["room_ready"] == Hint(False, "No room chosen for the consult.")
    assert hints["letters_printed"] == Hint(False, "No documents made yet.")


def test_no_insurance_on_file(world: World, two: TwoOptions) -> None:
    two.insured.coverage.end_date = date(2026, 1, 31)
    two.insured.coverage.save()

    hint = checklist_hints(two.case, None, TODAY)["estimate_verified"]

    assert hint == Hint(True, "Every option is estimated; no insurance on file.")
