"""Eligibility checks: each time someone verified a coverage, how, and what they learnt."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from casepath.insurance.models.coverage import NOT_NEGATIVE, Coverage
from casepath.tenancy.scoping import PracticeScopedModel

# A verification is good for this long unless the checker sets another due date.
RECHECK_AFTER = timedelta(days=30)


class VerificationMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    PORTAL = "portal", "Carrier portal"
    ELECTRONIC = "electronic", "Electronic response"
    FHIR = "fhir", "FHIR import"


class EligibilityCheck(PracticeScopedModel):
    """One verification of a coverage's eligibility and remaining benefits."""

    coverage = models.ForeignKey(
        Coverage, on_delete=models.CASCADE, related_name="eligibility_checks"
    )
    checked_on = models.DateField("verified on")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    checked_by_name = models.CharField("verified by", max_length=150)
    method = models.CharField(max_length=10, choices=VerificationMethod.choices)
    is_active = models.BooleanField("coverage is active", default=True)
    remaining_maximum = models.DecimalField(
        "remaining annual maximum",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    deductible_met = models.DecimalField(
        "deductible met so far",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    frequencies_used = models.TextField(
        blank=True, help_text="For example: 1 of 2 cleanings used, bitewings taken 08/2025."
    )
    frequency_counts = models.JSONField(
        default=list,
        blank=True,
        help_text='Structured counts: [{"service": "...", "allowed": 2, "used": 1}].',
    )
    waiting_periods = models.TextField(blank=True)
    reference_number = models.CharField("call or response reference", max_length=60, blank=True)
    notes = models.TextField(blank=True)
    next_check_due = models.DateField(help_text="30 days after the check unless you choose.")

    class Meta:
        ordering = ["-checked_on", "-pk"]
        indexes = [models.Index(fields=["coverage", "-checked_on"], name="check_latest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(next_check_due__gte=models.F("checked_on")),
                name="check_due_not_before_check",
                violation_error_message="The next check cannot be due before this one.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.checked_on} by {self.checked_by_name}"

    def clean(self) -> None:
        due, on = self.next_check_due, self.checked_on
        if due and on and due < on:
            raise ValidationError({"next_check_due": "The next check is due after this one."})

    @property
    def has_amounts(self) -> bool:
        return self.remaining_maximum is not None or self.deductible_met is not None
