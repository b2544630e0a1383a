"""Fee schedules: the office's own fees, a provider's own, and PPO allowed fees."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models

from casepath.tenancy.scoping import PracticeScopedModel

procedure_code = RegexValidator(r"^D\d{4}$", "A procedure code is D followed by four digits.")


class FeeScheduleKind(models.TextChoices):
    OFFICE = "office", "Office (UCR) fees"
    PPO = "ppo", "PPO allowed fees"


class FeeSchedule(PracticeScopedModel):
    """A list of fees: the office's own, a provider's own, or a PPO's allowed fees."""

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=FeeScheduleKind.choices)
    provider = models.ForeignKey(
        "tenancy.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Only for a provider who charges other fees than the office.",
    )

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "name"],
                name="fee_schedule_name_unique_in_practice",
                violation_error_message="This practice already has a fee schedule of this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Fee(PracticeScopedModel):
    """One procedure's fee in one schedule."""

    schedule = models.ForeignKey(FeeSchedule, on_delete=models.CASCADE, related_name="fees")
    code = models.CharField(max_length=5, validators=[procedure_code])
    amount = models.DecimalField(
        max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "code"],
                name="fee_one_per_code_in_schedule",
                violation_error_message="This schedule already has a fee for this code.",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="fee_not_negative",
                violation_error_message="A fee cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.amount}"
