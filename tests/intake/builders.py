"""Builders for new-patient tests: a captured call, a booked first visit, and a new
patient taken along the pipeline to any stage (through the real services)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from casepath.core.intake import Stage
from casepath.intake import arrival_services, services, visit_services
from casepath.intake.models import Intake
from casepath.scheduling.checks import appointment_conflicts
from casepath.tenancy.models import Practice, Provider
from casepath.tenancy.scoping import scoped

CALLED_AT = datetime.fromisoformat("2026-11-02T14:00:00+00:00")  # a Monday, 9:00 in New York
VISIT_AT = datetime.fromisoformat("2026-11-10T15:00:00+00:00")  # the next Tuesday, 10:00


def call_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "caller_name": "Nina Patel",
        "caller_relation": "self",
        "caller_phone": "(614) 555-0142",
        "caller_email": "nina.patel@example.com",
        "source": "web",
        "source_detail": "Google search",
        "reason": "Broken front tooth",
        "preferred_times": "Mornings",
        "may_call": True,
        "may_text": False,
        "may_email": True,
    }
    return data | overrides


def new_patient(**overrides: Any) -> dict[str, Any]:
    data = {"first_name": "Nina", "last_name": "Patel", "date_of_birth": date(1988, 4, 12)}
    return data | overrides


def about(**overrides: Any) -> dict[str, Any]:
    data = {
        "chief_concern": "I broke my front tooth and hate my smile",
        "goals": "A natural-looking front tooth before my wedding in June",
        "fears": "Needles",
        "urgency": "soon",
    }
    return data | overrides


def capture(
    practice: Practice,
    user: Any,
    *,
    call: dict[str, Any] | None = None,
    patient: dict[str, Any] | None = None,
    at: datetime = CALLED_AT,
    **about_fields: Any,
) -> Intake:
    """One call about one new patient (not a duplicate): its intake, at inquiry."""
    entry = services.CallPatient(
        new=patient or new_patient(), not_a_duplicate=True, about=about(**about_fields)
    )
    _, intakes = services.call_capture(
        practice=practice,
        acting_user=user,
        call=call or call_data(),
        patients=[entry],
        started_at=at,
        now=at + timedelta(minutes=13),
    )
    return intakes[0]


def provider_of(practice: Practice) -> Provider:
    return scoped(Provider, practice).order_by("pk").first()  # type: ignore[return-value]


def book(
    intake: Intake, user: Any, *, at: datetime | None = None, now: datetime = CALLED_AT
) -> Intake:
    """Book the first visit at `at`, or at the first hour from VISIT_AT the provider is
    free (double bookings are refused)."""
    provider = provider_of(intake.practice)
    starts = at or _first_free(intake, provider)
    return visit_services.visit_book(
        intake=intake,
        acting_user=user,
        provider=provider,
        starts_at=starts,
        duration_minutes=60,
        now=now + timedelta(minutes=14),
    )


def _first_free(intake: Intake, provider: Provider) -> datetime:
    for hour in range(200):
        starts = VISIT_AT + timedelta(hours=hour)
        if not any(
            c.blocking
            for c in appointment_conflicts(
                intake.practice,
                patient=intake.patient,
                provider=provider,
                starts_at=starts,
                minutes=60,
            )
        ):
            return starts
    raise AssertionError("no free hour in 200")


def take_to(intake: Intake, stage: Stage, user: Any) -> Intake:
    """Walk `intake` along the usual way until it reaches `stage`."""
    visit_at = VISIT_AT
    steps = [
        (Stage.BOOKED, lambda i: book(i, user)),
        (
            Stage.CONFIRMED,
            lambda i: visit_services.visit_confirm(
                intake=i, acting_user=user, now=visit_at - timedelta(days=1), how="by phone"
            ),
        ),
        (
            Stage.ARRIVED,
            lambda i: visit_services.visit_arrived(
                intake=i, acting_user=user, now=visit_at - timedelta(minutes=5)
            ),
        ),
        (
            Stage.WELCOMED,
            lambda i: arrival_services.intake_welcomed(
                intake=i, acting_user=user, now=visit_at, tour_given=True
            ),
        ),
        (
            Stage.INTERVIEWED,
            lambda i: arrival_services.interview_save(
                intake=i,
                acting_user=user,
                now=visit_at + timedelta(minutes=15),
                answers=about(needs="A lasting fix", what_matters="Looks"),
            ),
        ),
        (
            Stage.HANDED_OFF,
            lambda i: arrival_services.hand_off(
                intake=i,
                acting_user=user,
                now=visit_at + timedelta(minutes=25),
                provider=provider_of(i.practice),
                note="Nervous about needles; wants it natural.",
            ),
        ),
    ]
    for reached, step in steps:
        if intake.stage == stage:
            break
        intake = step(intake)
        if reached == stage:
            break
    return intake
