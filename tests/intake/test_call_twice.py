"""A patient already on the new-patient board is not put on it twice."""

from __future__ import annotations

from typing import Any

import pytest

from casepath.core.errors import CasepathError
from casepath.core.intake import Stage
from casepath.intake import services
from casepath.intake.models import Call, Intake
from casepath.tenancy.scoping import scoped
from tests.intake.builders import CALLED_AT, about, call_data, capture


def _call_about(world: Any, patient: Any) -> list[Intake]:
    _, intakes = services.call_capture(
        practice=world.practice_a,
        acting_user=world.tess,
        call=call_data(caller_name="Nina again"),
        patients=[services.CallPatient(existing=patient, about=about())],
        started_at=CALLED_AT,
        now=CALLED_AT,
    )
    return intakes


def test_a_second_call_about_a_patient_on_the_board_is_refused(world: Any) -> None:
    first = capture(world.practice_a, world.tess)
    calls = scoped(Call, world.practice_a).count()
    with pytest.raises(CasepathError) as refused:
        _call_about(world, first.patient)
    [error] = refused.value.errors
    assert error.path == "patients[0]"
    assert "already on the new-patient board (“Inquiry”)" in error.message
    assert scoped(Call, world.practice_a).count() == calls
    assert scoped(Intake, world.practice_a).count() == 1


def test_a_closed_inquiry_does_not_stop_a_new_call(world: Any) -> None:
    first = capture(world.practice_a, world.tess)
    services.intake_close(
        intake=first, reason="Went elsewhere", acting_user=world.tess, now=CALLED_AT
    )
    [second] = _call_about(world, first.patient)
    assert second.stage == Stage.INQUIRY and second.pk != first.pk


def test_the_call_form_says_so_beside_the_patient(world: Any) -> None:
    from tests.conftest import signed_in
    from tests.intake.test_call_screen import posted

    first = capture(world.practice_a, world.tess)
    row = {"existing": str(first.patient_id), "chief_concern": "Front tooth", "urgency": "soon"}
    response = signed_in(world.tess).post("/new-patients/call/", posted("", [row]))
    assert response.status_code == 200
    assert "already on the new-patient board" in response.content.decode()
    assert scoped(Intake, world.practice_a).count() == 1
