"""Collections: payments received against cases, so that collected revenue is known.

A payment is entered here by the front desk or imported from the practice management
system's CSV export (`PaymentImport` keeps each file's fingerprint and outcome); a
payment on an in-house payment plan of a case is copied here (source "plan"). A
refund is a payment with a negative amount. An import line whose reference (the
practice management system's transaction number) is already on file is skipped, so
importing the same export twice counts nothing twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casepath.tenancy.scoping import PracticeScopedModel

MONEY = {"max_digits": 10, "decimal_places": 2}


class PaymentSource(models.TextChoices):
    ENTERED = "entered", "Entered in Casepath"
    IMPORTED = "imported", "Imported from the practice management system"
    PLAN = "plan", "Paid on an in-house payment plan"


class PayerKind(models.TextChoices):
    PATIENT = "patient", "Patient"
    INSURANCE = "insurance", "Insurance"
    LENDER = "lender", "Financing company"
    OTHER = "other", "Other"


class PaymentImport(PracticeScopedModel):
    """One CSV file imported: who, when, its SHA-256, and what came of each line."""

    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lines = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text="References already on file.")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class Payment(PracticeScopedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(**MONEY, help_text="Negative for a refund.")
    received_on = models.DateField()
    payer = models.CharField(max_length=10, choices=PayerKind.choices, default=PayerKind.PATIENT)
    reference = models.CharField(
        max_length=60, blank=True, help_text="The practice management system's transaction number."
    )
    note = models.CharField(max_length=200, blank=True)
    source = models.CharField(
        max_length=8, choices=PaymentSource.choices, default=PaymentSource.ENTERED
    )
    batch = models.ForeignKey(
        PaymentImport, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["practice", "received_on"], name="payment_practice_day"),
            models.Index(fields=["case", "received_on"], name="payment_case_day"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "reference"],
                condition=~models.Q(reference=""),
                name="payment_reference_once",
                violation_error_message="A payment with this reference is already on file.",
            ),
            models.CheckConstraint(condition=~models.Q(amount=0), name="payment_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} on {self.received_on}"
