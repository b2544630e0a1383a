"""Entering payments: refunds and corrections are new negative payments, never edits;
each refusal names its field; every payment is audited."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from casepath.audit.models import AuditEvent
from casepath.core.errors import CasepathError
from casepath.payments.models import Payment, PaymentSource
from casepath.payments.selectors import collected_for_case
from casepath.payments.services import payment_record
from tests.conftest import World
from tests.payments.builders import TODAY, accepted_case


def record(world: World, case: object, amount: str, **fields: object) -> Payment:
    values: dict[str, object] = {"received_on": date(2026, 11, 2), "today": TODAY}
    values.update(fields)
    return payment_record(acting_user=world.fran, case=case, amount=Decimal(amount), **values)  # type: ignore[arg-type]


def paths(error: CasepathError) -> dict[str, str]:
    return {e.path: e.message for e in error.errors}


def test_a_payment_is_recorded_against_the_case_and_audited(world: World) -> None:
    case = accepted_case(world)
    payment = record(world, case, "250.00", payer="insurance", reference="PMS-1", note="EOB")

    assert (payment.patient, payment.source, payment.recorded_by) == (
        world.patient_a,
        PaymentSource.ENTERED,
        world.fran,
    )
    assert collected_for_case(case) == Decimal("250.00")
    event = AuditEvent.objects.get(object_type="payment", object_id=str(payment.pk))
    assert event.patient == world.patient_a
    assert event.summary == "Recorded a payment of $250.00 on “Crown on 19”"
    assert event.changes["amount"] == {"before": None, "after": "250.00"}


def test_a_refund_is_a_new_negative_payment_with_a_note(world: World) -> None:
    case = accepted_case(world)
    first = record(world, case, "400.00", reference="PMS-1")
    record(world, case, "-150.00", note="Refund: crown fee lowered")

    assert collected_for_case(case) == Decimal("250.00")
    assert Payment.objects.filter(case=case).count() == 2
    first.refresh_from_db()
    assert first.amount == Decimal("400.00")  # nothing edited
    assert AuditEvent.objects.filter(summary__contains="a refund or correction of -$150.00")


def test_a_refund_needs_a_note_and_cannot_exceed_what_was_collected(world: World) -> None:
    case = accepted_case(world)
    record(world, case, "100.00")
    with pytest.raises(CasepathError) as no_note:
        record(world, case, "-50.00")
    assert paths(no_note.value) == {
        "note": "Say why: a refund, or the correction of which payment."
    }
    with pytest.raises(CasepathError) as too_much:
        record(world, case, "-100.01", note="Refund")
    assert paths(too_much.value) == {
        "amount": "Only $100.00 has been collected on this case: a refund cannot be more."
    }
    assert Payment.objects.count() == 1


def test_a_payment_received_after_today_is_refused(world: World) -> None:
    case = accepted_case(world)
    record(world, case, "10.00", received_on=TODAY)  # today itself is fine
    with pytest.raises(CasepathError) as error:
        record(world, case, "10.00", received_on=TODAY + timedelta(days=1))
    assert paths(error.value) == {
        "received_on": "11/21/2026 is after today: enter the day the money came in."
    }


def test_a_reference_already_on_file_is_refused_at_reference(world: World) -> None:
    case = accepted_case(world)
    record(world, case, "80.00", reference="PMS-77")
    with pytest.raises(CasepathError) as error:
        record(world, case, "80.00", reference=" PMS-77 ")
    assert paths(error.value) == {
        "reference": "Reference PMS-77 is already on file: $80.00 received 11/02/2026."
    }
    # Payments without a reference are not duplicates of one another.
    record(world, case, "5.00")
    record(world, case, "5.00")
    assert Payment.objects.count() == 3


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "Enter the amount received (a refund or correction is negative)."),
        ("10.005", "Amounts are dollars and cents: at most 2 decimal places."),
        ("100000000", "$100,000,000.00 is more than a payment can be; check the amount."),
    ],
)
def test_an_amount_that_cannot_be_a_payment_is_refused(
    world: World, amount: str, message: str
) -> None:
    with pytest.raises(CasepathError) as error:
        record(world, accepted_case(world), amount)
    assert paths(error.value) == {"amount": message}
    assert not Payment.objects.exists()


def test_payer_must_be_one_of_the_choices(world: World) -> None:
    with pytest.raises(CasepathError) as error:
        record(world, accepted_case(world), "10.00", payer="uncle")
    assert set(paths(error.value)) == {"payer"}
