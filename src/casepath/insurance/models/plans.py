"""Carriers and insurance plans with their benefit design.

A plan's benefit design is kept as the `plan` object of the estimate format
(docs/formats/estimate-v1.md), so what the TC enters is exactly what the
estimator reads.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from casepath.insurance.models.fees import FeeSchedule
from casepath.tenancy.scoping import PracticeScopedModel


class Carrier(PracticeScopedModel):
    """An insurance company the practice sends claims and pre-determinations to."""

    name = models.CharField(max_length=120)
    payer_id = models.CharField("payer ID", max_length=20, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    portal_url = models.URLField("provider portal", blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "name"],
                name="carrier_name_unique_in_practice",
                violation_error_message="This practice already has a carrier of this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PlanType(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage (indemnity)"
    PPO = "ppo", "PPO"
    FLAT_COPAY = "flat_copay", "Flat copay"
    CAPITATION = "capitation", "Capitation (DHMO)"


class InsurancePlan(PracticeScopedModel):
    """One employer group's plan with a carrier, and its benefit design."""

    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="plans")
    employer = models.CharField(max_length=160, blank=True)
    group_name = models.CharField(max_length=160, blank=True)
    group_number = models.CharField(max_length=40, blank=True)
    plan_type = models.CharField(max_length=12, choices=PlanType.choices)
    benefit_year_start_month = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    allowed_fees = models.ForeignKey(
        FeeSchedule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        help_text="The PPO's allowed fees (network fee schedule).",
    )
    benefits = models.JSONField(
        default=dict, help_text="Coverage, deductibles, maximums and limits, as in estimate v1."
    )

    class Meta:
        ordering = ["carrier__name", "employer", "group_number"]

    def __str__(self) -> str:
        return f"{self.carrier} · {self.employer or self.group_name or self.group_number}"
