"""The first visit goes through the calendar's own check: a provider already booked then
refuses it in words; moving one's own visit by half an hour does not clash with itself."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine

from casepath.core.errors import CasepathError
from casepath.scheduling.models import Appointment
from tests.intake.builders import CALLED_AT, VISIT_AT, book, capture, new_patient


@time_machine.travel(CALLED_AT, tick=False)
def test_a_provider_already_booked_refuses_the_first_visit(world: Any) -> None:
    book(capture(world.practice_a, world.tess), world.tess, at=VISIT_AT)
    other = capture(
        world.practice_a, world.tess, patient=new_patient(first_name="Omar", last_name="Haddad")
    )
    with pytest.raises(CasepathError) as refused:
        book(other, world.tess, at=VISIT_AT + timedelta(minutes=30))
    [error] = refused.value.errors
    assert error.path == "provider"
    assert "already sees Nina Patel from 10:00 to 11:00" in error.message
    assert Appointment.objects.filter(patient=other.patient).count() == 0


@time_machine.travel(CALLED_AT, tick=False)
def test_moving_ones_own_visit_does_not_clash_with_itself(world: Any) -> None:
    intake = book(capture(world.practice_a, world.tess), world.tess, at=VISIT_AT)
    moved = book(intake, world.tess, at=VISIT_AT + timedelta(minutes=30))
    assert moved.first_visit is not None
    assert moved.first_visit.starts_at == VISIT_AT + timedelta(minutes=30)
