"""How patients pay: the practice's financial policy, lender products and membership
plans (its settings), the patient's choice on a case, in-house payment plans with their
schedule and payments, applications to lenders, and membership enrolments.

Money is DecimalField to the cent; rates are percents ("9.90" is 9.9 % a year).
The figures of a payment plan come from casepath.core.financing.amortize: the shell
stores them, it never recomputes them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models

from casepath.tenancy.scoping import PracticeScopedModel


def _money(verbose_name: str | None = None, **kwargs: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


def _percent(verbose_name: str | None = None, **kwargs: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(verbose_name, max_digits=5, decimal_places=2, **kwargs)


# The practice's settings


class FinancialPolicy(PracticeScopedModel):
    """One per practice: the terms of in-house plans and the pay-in-full discount."""

    longest_term_months = models.PositiveSmallIntegerField("longest in-house term", default=12)
    min_down_percent = _percent("minimum down payment (%)", default=Decimal("20.00"))
    apr_percent = _percent("in-house APR (%)", default=Decimal("0.00"))
    apr_cap_percent = _percent("highest APR allowed (%)", default=Decimal("18.00"))
    pay_in_full_percent = _percent("pay-in-full discount (%)", default=Decimal("5.00"))

    class Meta:
        verbose_name_plural = "financial policies"
        constraints = [
            models.UniqueConstraint(
                fields=["practice"],
                name="one_financial_policy",
                violation_error_message="The practice already has a financial policy.",
            )
        ]

    def __str__(self) -> str:
        return f"Financial policy of practice {self.practice_id}"


class LenderKind(models.TextChoices):
    DEFERRED = "deferred", "Deferred interest promotion"
    FIXED = "fixed", "Fixed APR"


class LenderProduct(PracticeScopedModel):
    """A third-party financing product (e.g. 12 months no interest if paid in full).

    For a deferred-interest promotion `months` is the promotion and `apr_percent` the
    rate that applies after it; for a fixed-APR loan they are the term and its rate.
    """

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=LenderKind.choices)
    months = models.PositiveSmallIntegerField()
    apr_percent = _percent("APR (%)")
    min_amount = _money("smallest amount")
    max_amount = _money("largest amount")
    practice_fee_percent = _percent("practice fee (%)", default=Decimal("0.00"))
    application_url = models.URLField("application link", max_length=300, blank=True)
    is_enabled = models.BooleanField("offered to patients", default=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class MembershipPlan(PracticeScopedModel):
    """The practice's own plan for patients without insurance: a fee, services included
    at no charge, and a discount percent by procedure category."""

    name = models.CharField(max_length=120)
    yearly_fee = _money(null=True, blank=True)
    monthly_fee = _money(null=True, blank=True)
    included_codes = models.JSONField("included services", default=list, blank=True)
    discounts = models.JSONField(default=dict, blank=True, help_text='{"crowns": "15"}')
    is_enabled = models.BooleanField("offered to patients", default=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(yearly_fee__isnull=True) ^ models.Q(monthly_fee__isnull=True),
                name="membership_one_fee",
                violation_error_message="Give a yearly fee or a monthly fee (one of them).",
            )
        ]

    def __str__(self) -> str:
        return self.name


# The patient's choice on a case


class ArrangementKind(models.TextChoices):
    PAY_IN_FULL = "pay_in_full", "Pay in full"
    IN_HOUSE = "in_house", "In-house payment plan"
    LENDER = "lender", "Third-party financing"
    MEMBERSHIP = "membership", "Membership plan"


class FinancialChoice(PracticeScopedModel):
    """The way to pay the patient chose for a case option, as it was shown to them."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey("cases.CaseOption", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=ArrangementKind.choices)
    name = models.CharField(max_length=120)
    upfront = _money()
    monthly = _money(default=Decimal("0.00"))
    payments = models.PositiveSmallIntegerField("number of payments", default=0)
    total_cost = _money()
    details = models.JSONField(default=dict, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    chosen_by_name = models.CharField(max_length=150, help_text="Staff user name, or “patient”.")
    chosen_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "-chosen_at", "-pk"]

    def __str__(self) -> str:
        return self.name


# In-house payment plans


class Frequency(models.TextChoices):
    """The same values as casepath.core.financing.Frequency."""

    WEEKLY = "weekly", "Weekly"
    BIWEEKLY = "biweekly", "Every 2 weeks"
    SEMIMONTHLY = "semimonthly", "Twice a month"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


class PlanStatus(models.TextChoices):
    """Stored: draft, signed, paid_off, cancelled. current and late depend on the day:
    selectors.plan_standing computes them from the schedule and the payments."""

    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"
    CURRENT = "current", "Current"
    LATE = "late", "Late"
    PAID_OFF = "paid_off", "Paid off"
    CANCELLED = "cancelled", "Cancelled"


def agreement_path(instance: PaymentPlan, filename: str) -> str:
    return f"practice-{instance.practice_id}/financing/plans/{instance.pk}/{filename}"


class PaymentPlan(PracticeScopedModel):
    """An in-house plan: the terms, the Truth-in-Lending figures and the signed agreement.

    `down_payment` is paid on the agreement date, outside the schedule; payments
    (PlanPayment) go to the instalments, oldest first. The agreement PDF is written
    once, when the patient signs, and never replaced.
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="payment_plans"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    choice = models.ForeignKey(
        FinancialChoice, on_delete=models.PROTECT, null=True, blank=True, related_name="plans"
    )
    amount_financed = _money()
    down_payment = _money(default=Decimal("0.00"))
    apr_percent = _percent("APR (%)", help_text="The plan's yearly rate.")
    disclosed_apr_percent = _percent(
        "annual percentage rate (%)", help_text="Regulation Z Appendix J, from the dates."
    )
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    interest_free_days = models.PositiveSmallIntegerField(default=0)
    agreement_date = models.DateField()
    first_payment_date = models.DateField()
    finance_charge = _money()
    total_of_payments = _money()
    is_consumer_credit = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    signed_at = models.DateTimeField(null=True, blank=True)
    signer_name = models.CharField(max_length=150, blank=True)
    signature = models.TextField(blank=True, help_text="A data URL of the drawing, or typed.")
    pdf = models.FileField(upload_to=agreement_path, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["patient", "-agreement_date", "-pk"]

    def __str__(self) -> str:
        return f"Payment plan {self.pk} of {self.amount_financed}"

    @property
    def total(self) -> Decimal:
        """What the patient owed for the treatment: financed plus down."""
        return self.amount_financed + self.down_payment


class PlanInstalment(PracticeScopedModel):
    """One line of a plan's schedule, as amortize() made it."""

    plan = models.ForeignKey(PaymentPlan, on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField()
    due = models.DateField()
    payment = _money()
    interest = _money()
    principal = _money()
    balance = _money()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_instalment_number")
        ]
        indexes = [models.Index(fields=["practice", "due"], name="instalment_due")]

    def __str__(self) -> str:
        return f"#{self.number} due {self.due}"


class PaymentMethod(models.TextChoices):
    CASH = "cash", "Cash"
    CARD = "card", "Card"
    CHECK = "check", "Check"
    ACH = "ach", "Bank transfer (ACH)"


class PlanPayment(PracticeScopedModel):
    plan = models.ForeignKey(PaymentPlan, on_delete=models.PROTECT, related_name="payments")
    amount = _money()
    paid_on = models.DateField()
    method = models.CharField(max_length=8, choices=PaymentMethod.choices)
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.amount} on {self.paid_on}"


# Lenders and memberships of a patient


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class FinancingApplication(PracticeScopedModel):
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="financing_applications"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lender = models.ForeignKey(LenderProduct, on_delete=models.PROTECT, related_name="+")
    amount = _money()
    status = models.CharField(
        max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    approved_amount = _money(null=True, blank=True)
    submitted_on = models.DateField()
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["patient", "-submitted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.lender_id}: {self.amount} ({self.status})"


class MembershipEnrolment(PracticeScopedModel):
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="membership_enrolments"
    )
    plan = models.ForeignKey(MembershipPlan, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    renews_on = models.DateField()
    fee_paid = _money(default=Decimal("0.00"))

    class Meta:
        ordering = ["patient", "-starts_on", "-pk"]
        indexes = [models.Index(fields=["practice", "renews_on"], name="enrolment_renews")]

    def __str__(self) -> str:
        return f"{self.plan_id} from {self.starts_on}"
