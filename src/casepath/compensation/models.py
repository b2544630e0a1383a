"""Compensation plans per practice, who is on them, and each TC's statement per period.

The figures are computed by `casepath.core.compensation`; a `Statement` keeps them and
the lines behind them as a snapshot, so a final statement reads the same forever.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casepath.core.compensation import BonusKind, BonusSplit, TierMode
from casepath.core.metrics import PresenterRule
from casepath.tenancy.scoping import PracticeScopedModel

MONEY = {"max_digits": 12, "decimal_places": 2}
RATE = {"max_digits": 5, "decimal_places": 2}


class CompensationPlan(PracticeScopedModel):
    name = models.CharField(max_length=120)
    base_pay = models.DecimalField(**MONEY, default=0, help_text="Paid each month.")
    presenter_rule = models.CharField(
        max_length=5,
        choices=[(PresenterRule.FIRST, "First presenter"), (PresenterRule.LAST, "Last presenter")],
        default=PresenterRule.FIRST,
    )
    tier_mode = models.CharField(
        max_length=8,
        choices=[
            (TierMode.MARGINAL, "Marginal: each dollar at its tier's rate"),
            (TierMode.WHOLE, "Whole: every dollar at the highest tier reached"),
        ],
        default=TierMode.MARGINAL,
    )
    threshold = models.DecimalField(
        **MONEY, default=0, help_text="No commission unless collected revenue reaches this."
    )
    minimum_acceptance = models.DecimalField(
        **RATE, null=True, blank=True, help_text="No commission below this case acceptance %."
    )
    bonus_kind = models.CharField(
        max_length=9,
        choices=[
            (BonusKind.NONE, "No bonus pool"),
            (BonusKind.FIXED, "A fixed amount"),
            (BonusKind.OVER_GOAL, "A % of the practice's collected revenue above a goal"),
        ],
        default=BonusKind.NONE,
    )
    bonus_amount = models.DecimalField(**MONEY, default=0)
    bonus_percent = models.DecimalField(**RATE, default=0)
    bonus_goal = models.DecimalField(**MONEY, default=0)
    bonus_split = models.CharField(
        max_length=12,
        choices=[(BonusSplit.BY_COLLECTED, "By collected revenue"), (BonusSplit.EQUAL, "Equally")],
        default=BonusSplit.BY_COLLECTED,
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class CommissionTier(PracticeScopedModel):
    plan = models.ForeignKey(CompensationPlan, on_delete=models.CASCADE, related_name="tiers")
    from_usd = models.DecimalField(**MONEY)
    rate_percent = models.DecimalField(**RATE)

    class Meta:
        ordering = ["plan", "from_usd"]

    def __str__(self) -> str:
        return f"from ${self.from_usd}: {self.rate_percent} %"


class PlanMember(PracticeScopedModel):
    plan = models.ForeignKey(CompensationPlan, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "user", "starts_on"]

    def __str__(self) -> str:
        return f"{self.user} on {self.plan}"


class StatementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"


class Statement(PracticeScopedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(CompensationPlan, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    collected = models.DecimalField(**MONEY)
    acceptance = models.DecimalField(**RATE, null=True, blank=True)
    base = models.DecimalField(**MONEY)
    commission = models.DecimalField(**MONEY)
    bonus = models.DecimalField(**MONEY)
    total = models.DecimalField(**MONEY)
    snapshot = models.JSONField(help_text="The lines, bands and gates behind the figures.")
    status = models.CharField(
        max_length=5, choices=StatementStatus.choices, default=StatementStatus.DRAFT
    )
    made_at = models.DateTimeField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    finalized_at = models.DateTimeField(null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["period_start", "user__last_name", "user__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "user", "period_start", "period_end"],
                name="statement_once_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.period_start:%Y-%m}"
