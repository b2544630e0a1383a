"""Appointments: which patient is seen, by whom, in which room, when and for how long.

The start of scheduling: the insurance verification list reads upcoming visits now;
booking every appointment of a treatment plan's phases builds on the same model.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from casepath.core.scheduling import KIND_LABELS, VisitKind
from casepath.tenancy.models import ProviderKind
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
    appointment_type = models.ForeignKey(
        "scheduling.AppointmentType",
        verbose_name="type",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    booking = models.ForeignKey(
        "scheduling.PlanBooking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
    )
    plan_visit = models.CharField(
        max_length=40, blank=True, help_text="Which visit of the case's plan (the solver's key)."
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


# The practice's calendar: working hours, days off, appointment types, sequencing rules.

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
KIND_CHOICES = [(kind.value, KIND_LABELS[kind]) for kind in VisitKind]


class WorkingHours(PracticeScopedModel):
    """A provider works on `weekday` from `starts` to `ends` (a split day has two rows)."""

    provider = models.ForeignKey(
        "tenancy.Provider", on_delete=models.CASCADE, related_name="working_hours"
    )
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    starts = models.TimeField()
    ends = models.TimeField()

    class Meta:
        ordering = ["provider", "weekday", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")),
                name="working_hours_end_after_start",
                violation_error_message="The day ends after it starts.",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.provider} {self.get_weekday_display()} {self.starts:%H:%M} to {self.ends:%H:%M}"
        )


class TimeOff(PracticeScopedModel):
    """A provider away (or, without a provider, the practice closed) from `starts_on` to
    `ends_on`, both days included."""

    provider = models.ForeignKey(
        "tenancy.Provider",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="time_off",
        help_text="Empty: the whole practice is closed.",
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="time_off_ends_after_start",
                violation_error_message="The last day off is on or after the first.",
            )
        ]

    def __str__(self) -> str:
        who = self.provider or "Practice closed"
        return f"{who}: {self.starts_on} to {self.ends_on}"


class AppointmentType(PracticeScopedModel):
    """A kind of appointment and how long it usually takes."""

    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES, default=VisitKind.OTHER)
    minutes = models.PositiveSmallIntegerField(
        "length (minutes)",
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(LONGEST_MINUTES)],
    )
    provider_kind = models.CharField(
        "who does it",
        max_length=20,
        choices=ProviderKind.choices,
        blank=True,
        help_text="Empty: any provider.",
    )
    specialty = models.CharField(max_length=60, blank=True, help_text="e.g. Oral surgery.")
    is_active = models.BooleanField("in use", default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "name"],
                name="appointment_type_name_unique_in_practice",
                violation_error_message="An appointment type of this practice has this name.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.minutes} min)"


class SequencingRule(PracticeScopedModel):
    """`after_kind` comes at least `min_days` (at most `max_days`) after `before_kind`."""

    before_kind = models.CharField("first", max_length=20, choices=KIND_CHOICES)
    after_kind = models.CharField("then", max_length=20, choices=KIND_CHOICES)
    min_days = models.PositiveSmallIntegerField(
        "at least (days)", validators=[MaxValueValidator(730)]
    )
    max_days = models.PositiveSmallIntegerField(
        "at most (days)", null=True, blank=True, validators=[MaxValueValidator(730)]
    )
    why = models.CharField(
        max_length=120, help_text="In words, e.g. the implant fuses with the bone."
    )
    is_active = models.BooleanField("in use", default=True)

    class Meta:
        ordering = ["before_kind", "after_kind"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(before_kind=models.F("after_kind")),
                name="sequencing_rule_two_kinds",
                violation_error_message="A rule links two different kinds of visit.",
            ),
            models.CheckConstraint(
                condition=models.Q(max_days__isnull=True)
                | models.Q(max_days__gte=models.F("min_days")),
                name="sequencing_rule_max_after_min",
                violation_error_message="“At most” is at least “at least”.",
            ),
        ]

    def __str__(self) -> str:
        first, then = self.get_before_kind_display(), self.get_after_kind_display()
        return f"{first} → {then} ≥ {self.min_days} d"


class PlanBooking(PracticeScopedModel):
    """Every appointment of a case's plan booked in one step (the TC's reviewed proposal)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    booked_at = models.DateTimeField()
    benefit_year_split = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The first phase booked in the next benefit year."
    )
    notes = models.TextField(blank=True, help_text="What the TC was told (warnings accepted).")

    class Meta:
        ordering = ["-booked_at", "-pk"]

    def __str__(self) -> str:
        return f"Plan of case {self.case_id} booked {self.booked_at:%Y-%m-%d}"


class AppointmentProcedure(PracticeScopedModel):
    """A planned procedure done at an appointment."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="planned")
    procedure = models.ForeignKey(
        "cases.PlannedProcedure", on_delete=models.PROTECT, related_name="appointments"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "procedure"], name="appointment_procedure_once"
            )
        ]
