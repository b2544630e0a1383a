"""Appointments: which patient is seen, by whom, in which room, when and for how long.

The start of scheduling: the insurance verification list reads upcoming visits now;
booking every appointment of a treatment plan's phases builds on the same model.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from casepath.tenancy.scoping import PracticeScopedModel

LONGEST_MINUTES = 720


class AppointmentStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CONFIRMED = "confirmed", "Confirmed"
    ARRIVED = "arrived", "Arrived"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"
    NO_SHOW = "no_show", "No-show"


# An appointment in these states is not a visit: nobody is (or was) seen.
NOT_A_VISIT = (AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW)


class Appointment(PracticeScopedModel):
    """A booked time for one patient with one provider, perhaps in a given room."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="appointments"
    )
    provider = models.ForeignKey(
        "tenancy.Provider", on_delete=models.PROTECT, related_name="appointments"
    )
    operatory = models.ForeignKey(
        "tenancy.Operatory",
        verbose_name="room",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
    )
    starts_at = models.DateTimeField("starts at")
    duration_minutes = models.PositiveSmallIntegerField(
        "length (minutes)",
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(LONGEST_MINUTES)],
    )
    status = models.CharField(
        max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.SCHEDULED
    )
    reason = models.CharField(
        max_length=120, blank=True, help_text="What the visit is for, e.g. crown preparation."
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gt=0, duration_minutes__lte=LONGEST_MINUTES),
                name="appointment_length_in_range",
                violation_error_message=(
                    f"An appointment lasts from 1 to {LONGEST_MINUTES} minutes (12 hours)."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AppointmentStatus.values),
                name="appointment_status_known",
                violation_error_message="Choose one of the appointment statuses.",
            ),
        ]
        indexes = [
            models.Index(fields=["practice", "starts_at"], name="appointment_practice_start"),
            models.Index(fields=["patient", "starts_at"], name="appointment_patient_start"),
        ]

    def __str__(self) -> str:
        return f"{self.patient} at {self.starts_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_visit(self) -> bool:
        return self.status not in NOT_A_VISIT

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at is not None and timezone.is_naive(self.starts_at):
            errors["starts_at"] = "The start time needs a time zone."
        for name, message in (
            ("patient", "Choose a patient of this practice."),
            ("provider", "Choose a provider of this practice."),
            ("operatory", "Choose a room of this practice."),
        ):
            if self._belongs_elsewhere(name):
                errors[name] = message
        if errors:
            raise ValidationError(errors)

    def _belongs_elsewhere(self, name: str) -> bool:
        if getattr(self, f"{name}_id") is None or self.practice_id is None:
            return False
        return bool(getattr(self, name).practice_id != self.practice_id)
