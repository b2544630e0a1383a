"""Referrals: the directory of providers who send us patients or take ours, inbound
referrals (tied to the new patient and the call), outbound referrals for parts of a plan
(procedures, reason, urgency, documents) with their status, and the letters sent to the
other provider (thank-you, consult report, progress update, completion).

Every status change is a `ReferralEvent` with its time; letters keep the PDF as sent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casepath.tenancy.scoping import PracticeScopedModel


class ReferringProvider(PracticeScopedModel):
    """A provider outside the practice: sends us patients, or takes ours."""

    name = models.CharField("name", max_length=120, help_text="e.g. Dr. Alan Reyes")
    practice_name = models.CharField("practice", max_length=120, blank=True)
    specialty = models.CharField(max_length=60, blank=True)
    npi = models.CharField("NPI", max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    fax = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    is_active = models.BooleanField("in use", default=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "npi"],
                condition=~models.Q(npi=""),
                name="referring_provider_npi_once",
                violation_error_message="Another provider in the directory has this NPI.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.practice_name})" if self.practice_name else self.name


class Direction(models.TextChoices):
    INBOUND = "in", "Referred to us"
    OUTBOUND = "out", "Referred out"


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    SENT = "sent", "Sent"
    SCHEDULED = "scheduled", "Scheduled"
    CONSULTED = "consulted", "Consulted"
    IN_TREATMENT = "in_treatment", "In treatment"
    COMPLETED = "completed", "Completed"
    RETURNED = "returned", "Returned to us"
    CANCELLED = "cancelled", "Cancelled"


class ReferralUrgency(models.TextChoices):
    URGENT = "urgent", "Urgent: within days"
    SOON = "soon", "Soon: within weeks"
    ROUTINE = "routine", "Routine"


class Referral(PracticeScopedModel):
    direction = models.CharField(max_length=3, choices=Direction.choices)
    other_provider = models.ForeignKey(
        ReferringProvider,
        verbose_name="referring or receiving provider",
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="referrals"
    )
    intake = models.ForeignKey(
        "intake.Intake",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Inbound: the new patient's first call.",
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField()
    urgency = models.CharField(
        max_length=8, choices=ReferralUrgency.choices, default=ReferralUrgency.ROUTINE
    )
    status = models.CharField(max_length=12, choices=ReferralStatus.choices)
    status_changed_at = models.DateTimeField()
    referred_on = models.DateField(help_text="Sent (outbound) or received (inbound).")
    expected_back_on = models.DateField(
        "expected back on", null=True, blank=True, help_text="Outbound: when the patient returns."
    )
    returned_on = models.DateField(null=True, blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-referred_on", "-pk"]
        indexes = [
            models.Index(fields=["practice", "direction", "status"], name="referral_status"),
            models.Index(fields=["practice", "referred_on"], name="referral_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.patient} ({self.get_status_display()})"


class ReferralProcedure(PracticeScopedModel):
    """Outbound: a planned procedure the other provider does."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="procedures")
    procedure = models.ForeignKey(
        "cases.PlannedProcedure", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "procedure"], name="referral_procedure_once"
            )
        ]


class ReferralEvent(PracticeScopedModel):
    """One status change of a referral: when, by whom, why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=12, choices=ReferralStatus.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]


class ReferralDocument(PracticeScopedModel):
    """A file sent with (or received with) a referral: x-rays, a chart, a report."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=120)
    file = models.FileField(upload_to="referrals/%Y/%m/")
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]


class LetterKind(models.TextChoices):
    THANK_YOU = "thank_you", "Thank you for the referral"
    CONSULT_REPORT = "consult_report", "Consult report"
    PROGRESS = "progress", "Progress update"
    COMPLETION = "completion", "Treatment completed"


class LetterTemplate(PracticeScopedModel):
    """The words of one kind of letter, with merge fields; the practice edits them."""

    kind = models.CharField(max_length=16, choices=LetterKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "kind"], name="letter_template_per_kind")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class ReferralLetter(PracticeScopedModel):
    """A letter to the other provider, kept as sent (the PDF and its SHA-256)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=16, choices=LetterKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="The letter's text as sent.")
    pdf = models.FileField(upload_to="referral-letters/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_how = models.CharField(max_length=20, blank=True, help_text="e-mail, fax, mail")

    class Meta:
        ordering = ["-created_at", "-pk"]
