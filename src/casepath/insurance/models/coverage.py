"""A patient's coverages (primary, secondary, tertiary) and the benefits each has used.

The member ID is encrypted at rest (casepath.encryption); audit rows and logs only
ever see it masked to its last four characters.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator, RegexValidator
from django.db import models

from casepath.encryption import EncryptedTextField, mask
from casepath.insurance.models.fees import procedure_code
from casepath.insurance.models.plans import InsurancePlan
from casepath.tenancy.scoping import PracticeScopedModel

member_id_text = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9 -]*$", "A member ID is letters and digits (dashes allowed)."
)
tooth_number = RegexValidator(
    r"^(?:[1-9]|[12]\d|3[0-2]|[A-Ta-t])$", "A tooth is 1 to 32, or A to T for baby teeth."
)
NOT_NEGATIVE = [MinValueValidator(Decimal("0.00"))]


class SubscriberRelationship(models.TextChoices):
    SELF = "self", "Self"
    SPOUSE = "spouse", "Spouse"
    CHILD = "child", "Child"
    OTHER = "other", "Other"


class Ordinal(models.IntegerChoices):
    PRIMARY = 1, "Primary"
    SECONDARY = 2, "Secondary"
    TERTIARY = 3, "Tertiary"


class Coverage(PracticeScopedModel):
    """One plan covering one patient, from the effective date to the end date (if any)."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="coverages"
    )
    plan = models.ForeignKey(InsurancePlan, on_delete=models.PROTECT, related_name="coverages")
    subscriber = models.ForeignKey(
        "patients.Patient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The patient, or a family member or responsible party who holds the plan.",
    )
    subscriber_name = models.CharField(
        max_length=200, blank=True, help_text="Only for a subscriber who is not a patient here."
    )
    subscriber_birth_date = models.DateField(null=True, blank=True)
    relationship = models.CharField(
        "patient is the subscriber's",
        max_length=10,
        choices=SubscriberRelationship.choices,
        default=SubscriberRelationship.SELF,
    )
    member_id = EncryptedTextField("member ID", validators=[MaxLengthValidator(40), member_id_text])
    group_number = models.CharField(
        "group number",
        max_length=40,
        blank=True,
        help_text="Only when it differs from the plan's group number.",
    )
    effective_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    ordinal = models.PositiveSmallIntegerField(choices=Ordinal.choices, default=Ordinal.PRIMARY)
    used_annual_max_adjustment = models.DecimalField(
        "annual maximum used (not itemised)",
        max_digits=9,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=NOT_NEGATIVE,
        help_text="What the carrier reports used this benefit year beyond the rows entered.",
    )
    used_deductible_adjustment = models.DecimalField(
        "deductible met (not itemised)",
        max_digits=9,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=NOT_NEGATIVE,
    )

    class Meta:
        ordering = ["ordinal", "-effective_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gt=models.F("effective_date")),
                name="coverage_ends_after_it_starts",
                violation_error_message="The end date must be after the effective date.",
            ),
            models.CheckConstraint(
                condition=models.Q(ordinal__gte=1, ordinal__lte=3),
                name="coverage_ordinal_1_to_3",
                violation_error_message="Choose primary, secondary or tertiary.",
            ),
            models.CheckConstraint(
                condition=models.Q(subscriber__isnull=False) | ~models.Q(subscriber_name=""),
                name="coverage_has_a_subscriber",
                violation_error_message="Choose the subscriber or enter their name.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_ordinal_display()} · {self.plan}"

    @property
    def member_id_masked(self) -> str:
        return mask(self.member_id)

    @property
    def group_number_in_use(self) -> str:
        return self.group_number or self.plan.group_number

    @property
    def subscriber_display(self) -> str:
        if self.subscriber_id and self.subscriber_id == self.patient_id:
            return "The patient"
        if self.subscriber is not None:
            return self.subscriber.display_name
        return self.subscriber_name

    def is_active_on(self, day: date) -> bool:
        return self.effective_date <= day and (self.end_date is None or day <= self.end_date)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.end_date and self.effective_date and self.end_date <= self.effective_date:
            errors["end_date"] = "The end date must be after the effective date."
        if self.subscriber_id is None:
            if not self.subscriber_name.strip():
                errors["subscriber_name"] = "Enter the subscriber's name, or choose a patient."
            if self.subscriber_birth_date is None:
                errors["subscriber_birth_date"] = "Enter the subscriber's date of birth."
        if errors:
            raise ValidationError(errors)


class BenefitUseKind(models.TextChoices):
    PAID = "paid", "Paid (benefits used)"
    PENDING = "pending", "Pending (sent, not paid yet)"


class BenefitSource(models.TextChoices):
    ENTERED = "entered", "Entered by staff"
    IMPORTED = "imported", "Imported"


class BenefitUse(PracticeScopedModel):
    """One service a coverage paid (history) or is expected to pay (pending).

    Rows are the `history` and `pending` entries of the estimate format (estimate v1).
    """

    coverage = models.ForeignKey(Coverage, on_delete=models.CASCADE, related_name="benefits_used")
    kind = models.CharField(max_length=8, choices=BenefitUseKind.choices)
    code = models.CharField("procedure code", max_length=5, validators=[procedure_code])
    service_date = models.DateField("date of service")
    tooth = models.CharField(max_length=2, blank=True, validators=[tooth_number])
    insurance_amount = models.DecimalField(
        "insurance paid or estimate", max_digits=9, decimal_places=2, validators=NOT_NEGATIVE
    )
    deductible_applied = models.DecimalField(
        max_digits=9, decimal_places=2, default=Decimal("0.00"), validators=NOT_NEGATIVE
    )
    family_member = models.BooleanField(
        "another family member's service",
        default=False,
        help_text="Counts toward the family deductible and maximum only.",
    )
    source = models.CharField(
        max_length=8, choices=BenefitSource.choices, default=BenefitSource.ENTERED
    )

    class Meta:
        ordering = ["-service_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(insurance_amount__gte=0, deductible_applied__gte=0),
                name="benefit_use_amounts_not_negative",
                violation_error_message="Amounts cannot be negative.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.service_date} ({self.get_kind_display()})"
