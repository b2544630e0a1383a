"""The huddle's settings, and schedules imported from the practice management system.

An imported visit is an ordinary `scheduling.Appointment`; `ImportedVisit` keeps beside
it the kind the file gave (hygiene, emergency, other) and the import it came from.
Appointments made in Casepath have no such row: their kind is read from their reason
(`core.huddle.kind_from_reason`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from casepath.core.huddle import DEFAULT_THRESHOLD, DEFAULT_WITHIN_DAYS, VisitKind
from casepath.core.huddle.benefit_year import LONGEST_WITHIN_DAYS
from casepath.core.huddle.outstanding import LARGEST_THRESHOLD
from casepath.core.huddle.visits import LABELS
from casepath.tenancy.scoping import PracticeScopedModel

KIND_CHOICES = [(kind.value, LABELS[kind]) for kind in VisitKind]


class HuddleSettings(PracticeScopedModel):
    """A practice's huddle rules."""

    threshold = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(Decimal("0.00")), MaxValueValidator(LARGEST_THRESHOLD)],
        help_text="List patients whose outstanding treatment comes to at least this much.",
    )
    expiring_within_days = models.PositiveSmallIntegerField(
        "benefits expiring within (days)",
        default=DEFAULT_WITHIN_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(LONGEST_WITHIN_DAYS)],
        help_text="List patients whose benefit year ends within this many days.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice"], name="one_huddle_settings_per_practice")
        ]

    def __str__(self) -> str:
        return f"Huddle settings of {self.practice}"


class ScheduleImport(PracticeScopedModel):
    """One schedule file imported: who, when, which days, how many visits."""

    file_name = models.CharField(max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    first_day = models.DateField()
    last_day = models.DateField()
    visits_added = models.PositiveIntegerField(default=0)
    visits_on_file = models.PositiveIntegerField(
        default=0, help_text="Rows that were on the schedule already (same patient and time)."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Schedule of {self.first_day:%Y-%m-%d} ({self.file_name or 'pasted'})"


class ImportedVisit(PracticeScopedModel):
    """The visit type a schedule file gave an appointment."""

    appointment = models.OneToOneField(
        "scheduling.Appointment", on_delete=models.CASCADE, related_name="huddle_visit"
    )
    schedule_import = models.ForeignKey(
        ScheduleImport, on_delete=models.CASCADE, related_name="visits"
    )
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    line = models.PositiveIntegerField(help_text="The line of the file it came from.")

    class Meta:
        ordering = ["schedule_import", "line"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[kind.value for kind in VisitKind]),
                name="imported_visit_kind_known",
                violation_error_message="Choose hygiene, emergency or other.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} visit, line {self.line}"
