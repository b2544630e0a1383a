"""The case: whose treatment, who diagnosed and coordinates it, and where it stands."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from casepath.core.cases import LABELS, CaseStatus
from casepath.tenancy.scoping import PracticeScopedModel

STATUS_CHOICES = [(status.value, LABELS[status]) for status in CaseStatus]


class CaseType(models.TextChoices):
    NEW_PATIENT = "new_patient", "New patient"
    FROM_HYGIENE = "from_hygiene", "Patient of record, from hygiene"
    EMERGENCY = "emergency", "Emergency"
    SPECIALTY_CONSULT = "specialty", "Specialty consult"
    ORTHODONTIC = "orthodontic", "Orthodontic"


class Urgency(models.TextChoices):
    IMMEDIATE = "immediate", "Immediate"
    SOON = "soon", "Soon"
    ELECTIVE = "elective", "Elective"


class Acceptance(models.TextChoices):
    WHOLE = "whole", "Whole case"
    PART = "part", "Part of the case"


class Case(PracticeScopedModel):
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="cases")
    title = models.CharField(max_length=120)
    case_type = models.CharField("type", max_length=20, choices=CaseType.choices)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.SOON)
    diagnosing_provider = models.ForeignKey(
        "tenancy.Provider", on_delete=models.PROTECT, related_name="+"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The treatment coordinator who owns the case.",
    )
    first_presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diagnosed_on = models.DateField()
    chief_concern = models.TextField(blank=True, help_text="In the patient's words.")
    goals = models.TextField(blank=True, help_text="What the patient wants, from intake.")
    missing_teeth = models.CharField(
        max_length=120, blank=True, help_text="Teeth already missing, e.g. “1, 16, 19”."
    )
    status = models.CharField(max_length=12, choices=STATUS_CHOICES, default=CaseStatus.DRAFT)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    plan_version = models.PositiveIntegerField(
        default=1, help_text="Goes up with every revision of the options and procedures."
    )
    presented_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    accepted_option = models.ForeignKey(
        "cases.CaseOption", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acceptance = models.CharField(max_length=5, choices=Acceptance.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decline_reason = models.CharField(max_length=20, blank=True)
    decline_detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["practice", "status"], name="case_practice_status"),
            models.Index(fields=["patient", "status"], name="case_patient_status"),
            models.Index(fields=["practice", "presented_on"], name="case_practice_presented"),
            models.Index(fields=["practice", "diagnosed_on"], name="case_practice_diagnosed"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def missing_teeth_set(self) -> frozenset[str]:
        return frozenset(t.strip().upper() for t in self.missing_teeth.split(",") if t.strip())


class CaseSettings(PracticeScopedModel):
    """A practice's rules for cases."""

    expiry_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="A presented case expires this many days after its last presentation.",
    )
    link_days = models.PositiveSmallIntegerField(
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="How long a patient link stays open.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice"], name="one_case_settings_per_practice")
        ]

    def __str__(self) -> str:
        return f"Case settings of {self.practice}"
