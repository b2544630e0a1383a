"""Saved estimates of a patient's procedures, and runs that bring them up to date.

An estimate keeps the procedures as entered and the estimate-v1 response with
every note, so what the patient was told stays on file. While it is open, a
change to a fee schedule or a plan it used re-estimates it (ReestimateRun). A
payer's answer for a procedure (PayerAmount, from a pre-determination) replaces
the estimate of that procedure while it holds.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from casepath.insurance.models import procedure_code
from casepath.tenancy.scoping import PracticeScopedModel

AMOUNT = {"max_digits": 11, "decimal_places": 2, "default": Decimal("0.00")}


class EstimateStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Estimate(PracticeScopedModel):
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=120)
    status = models.CharField(
        max_length=8, choices=EstimateStatus.choices, default=EstimateStatus.OPEN
    )
    as_of = models.DateField(help_text="The day the estimate was last computed for.")
    fee_schedule = models.ForeignKey(
        "insurance.FeeSchedule", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    provider = models.ForeignKey(
        "tenancy.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The treating provider: their own fees win where their schedule has the code.",
    )
    provider_fee_schedule = models.ForeignKey(
        "insurance.FeeSchedule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The provider's own schedule it was last priced from (none: office fees only).",
    )
    plans = models.ManyToManyField("insurance.InsurancePlan", related_name="+", blank=True)
    response = models.JSONField(default=dict, help_text="The estimate, as estimate v1 writes it.")
    fee_total = models.DecimalField(**AMOUNT)
    insurance_total = models.DecimalField(**AMOUNT)
    write_off_total = models.DecimalField(**AMOUNT)
    patient_total = models.DecimalField(**AMOUNT)
    computed_at = models.DateTimeField(null=True, blank=True)
    problem = models.TextField(
        blank=True, help_text="Why the last re-estimate could not be made (the figures are older)."
    )

    class Meta:
        ordering = ["-computed_at", "-pk"]
        indexes = [models.Index(fields=["practice", "status"], name="estimate_practice_status")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.provider is not None and self.provider.practice_id != self.practice_id:
            raise ValidationError({"provider": "Choose a provider of this practice."})


class EstimateProcedure(PracticeScopedModel):
    """One procedure of an estimate, as the TC entered it."""

    estimate = models.ForeignKey(Estimate, on_delete=models.CASCADE, related_name="procedures")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=5, validators=[procedure_code])
    tooth = models.CharField(max_length=2, blank=True)
    surfaces = models.CharField(max_length=7, blank=True)
    units = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    planned_on = models.DateField(null=True, blank=True)
    priority = models.SmallIntegerField(null=True, blank=True)
    fee_override = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text="Only when this procedure is charged other than the fee schedule says.",
    )

    class Meta:
        ordering = ["estimate", "position"]

    def __str__(self) -> str:
        return f"{self.code} {self.tooth}".strip()


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


class ReestimateRun(PracticeScopedModel):
    """Re-estimating every open estimate that depends on a changed fee schedule or plan."""

    reason = models.CharField(max_length=200)
    fee_schedule = models.ForeignKey(
        "insurance.FeeSchedule", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    plan = models.ForeignKey(
        "insurance.InsurancePlan", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    as_of = models.DateField()
    estimates_total = models.PositiveIntegerField(default=0)
    estimates_done = models.PositiveIntegerField(default=0)
    procedures_done = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    problem = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.reason

    @property
    def percent_done(self) -> int:
        if not self.estimates_total:
            return 100 if self.status == RunStatus.FINISHED else 0
        return int(100 * self.estimates_done / self.estimates_total)


class PayerAmount(PracticeScopedModel):
    """What a payer answered it will pay for one procedure of a patient (from a
    pre-determination), used by the patient's estimates from `received_on` to
    `expires_on`. Never counted toward maximums, deductibles or frequencies."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    coverage = models.ForeignKey("insurance.Coverage", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=60, help_text='Where it came from: "predetermination:12".')
    code = models.CharField(max_length=5, validators=[procedure_code])
    tooth = models.CharField(max_length=2, blank=True)
    surfaces = models.CharField(max_length=7, blank=True)
    approved = models.DecimalField(
        max_digits=11, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    allowed = models.DecimalField(
        max_digits=11,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    denied = models.BooleanField(default=False)
    reason = models.CharField(max_length=300, blank=True)
    received_on = models.DateField()
    expires_on = models.DateField()
    label = models.CharField(max_length=120, help_text='"pre-determination of 2026-11-20"')

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["practice", "patient"], name="payer_amount_patient")]

    def __str__(self) -> str:
        return f"{self.code} {self.tooth} {self.label}".strip()

    def clean(self) -> None:
        if self.expires_on and self.received_on and self.expires_on < self.received_on:
            raise ValidationError({"expires_on": "Must not be before the day it was received."})
