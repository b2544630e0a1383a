"""Pre-determinations: asking one coverage what it will pay for procedures of a case.

The rules (which status follows which, what a response may say) are in
casepath.core.predeterminations; the FHIR Claim and ClaimResponse in
casepath.interop.fhir_predetermination. Lines keep the procedure as it was asked
(code, tooth, surfaces, fee) even if the plan changes later.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from casepath.core.predeterminations import (
    CHANNEL_LABELS,
    LABELS,
    MAX_DEFAULT_MONTHS,
    MIN_DEFAULT_MONTHS,
)
from casepath.tenancy.scoping import PracticeScopedModel

STATUS_CHOICES = [(status.value, label) for status, label in LABELS.items()]
CHANNEL_CHOICES = [(channel.value, label) for channel, label in CHANNEL_LABELS.items()]
MONEY = {"max_digits": 11, "decimal_places": 2}


class PredeterminationSettings(PracticeScopedModel):
    """A practice's rules for pre-determinations and their work queue."""

    expiry_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(MIN_DEFAULT_MONTHS), MaxValueValidator(MAX_DEFAULT_MONTHS)],
        help_text="How long a payer's answer holds when the response gives no date.",
    )
    waiting_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="A request unanswered for longer is shown as waiting too long.",
    )
    expiring_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="An answer that ends within this many days is shown as expiring soon.",
    )
    billing_npi = models.CharField(
        "billing NPI",
        max_length=10,
        blank=True,
        help_text="The practice's organization NPI (type 2), for electronic requests.",
    )
    tax_id = models.CharField(
        "tax ID", max_length=10, blank=True, help_text="The practice's TIN, printed on requests."
    )

    class Meta:
        verbose_name_plural = "pre-determination settings"
        constraints = [
            models.UniqueConstraint(fields=["practice"], name="one_predetermination_settings")
        ]

    def __str__(self) -> str:
        return f"Pre-determination settings of {self.practice}"


class Predetermination(PracticeScopedModel):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="predeterminations"
    )
    option = models.ForeignKey("cases.CaseOption", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    coverage = models.ForeignKey("insurance.Coverage", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default="draft")
    narrative = models.TextField(
        blank=True, help_text="Why the treatment is needed, for the payer."
    )
    created_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_on = models.DateField(null=True, blank=True)
    channel = models.CharField(max_length=10, choices=CHANNEL_CHOICES, blank=True)
    payer_reference = models.CharField(
        max_length=60, blank=True, help_text="The payer's claim or tracking number."
    )
    received_on = models.DateField(null=True, blank=True)
    response_expiry = models.DateField(
        null=True, blank=True, help_text="The last day the answer holds, when the payer says."
    )
    expires_on = models.DateField(null=True, blank=True)
    discussed_on = models.DateField(
        null=True, blank=True, help_text="When the answer was discussed with the patient."
    )
    closed_reason = models.CharField(max_length=300, blank=True)
    claim = models.JSONField(
        default=dict, blank=True, help_text="The FHIR Claim as it was sent (electronic only)."
    )
    claim_response = models.JSONField(
        default=dict, blank=True, help_text="The payer's FHIR ClaimResponse, when imported."
    )

    class Meta:
        ordering = ["-created_on", "-pk"]
        indexes = [
            models.Index(fields=["practice", "status"], name="predetermination_status"),
        ]

    def __str__(self) -> str:
        return f"Pre-determination of {self.created_on.isoformat()}"


class PredeterminationLine(PracticeScopedModel):
    """One procedure asked about, and the payer's answer for it."""

    predetermination = models.ForeignKey(
        Predetermination, on_delete=models.CASCADE, related_name="lines"
    )
    procedure = models.ForeignKey(
        "cases.PlannedProcedure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The planned procedure it asks about (gone if the plan dropped it).",
    )
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=5)
    tooth = models.CharField(max_length=2, blank=True)
    surfaces = models.CharField(max_length=7, blank=True)
    fee = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0.00"))])
    answered = models.BooleanField(default=False)
    approved = models.DecimalField(**MONEY, null=True, blank=True)
    allowed = models.DecimalField(**MONEY, null=True, blank=True)
    denied = models.BooleanField(default=False)
    reason = models.CharField(max_length=300, blank=True, help_text="The payer's reason.")
    remarks = models.TextField(blank=True)

    class Meta:
        ordering = ["predetermination", "position"]

    def __str__(self) -> str:
        return f"{self.code} {self.tooth}".strip()


class AttachmentKind(models.TextChoices):
    XRAY = "xray", "Radiographs"
    PERIO_CHART = "perio_chart", "Periodontal chart"
    PHOTO = "photo", "Photographs"
    OTHER = "other", "Other document"


class PredeterminationAttachment(PracticeScopedModel):
    """A document the payer needs, and the case image it is, when it is one."""

    predetermination = models.ForeignKey(
        Predetermination, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(max_length=12, choices=AttachmentKind.choices)
    title = models.CharField(max_length=200)
    image = models.ForeignKey(
        "cases.CaseImage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["predetermination", "pk"]

    def __str__(self) -> str:
        return self.title
