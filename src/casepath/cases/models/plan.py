"""What the provider planned: options, their ordered phases, and the procedures."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from casepath.core.cases import Decision
from casepath.insurance.models import procedure_code
from casepath.tenancy.scoping import PracticeScopedModel

MONEY = {"max_digits": 9, "decimal_places": 2}


class CaseOption(PracticeScopedModel):
    """One alternative (implant, bridge, partial denture), estimated as if alone."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=80)
    summary = models.TextField(blank=True, help_text="One or two sentences for the patient.")
    is_recommended = models.BooleanField("recommended", default=False)
    estimate = models.ForeignKey(
        "estimates.Estimate", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["case", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class CasePhase(PracticeScopedModel):
    option = models.ForeignKey(CaseOption, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["option", "position", "pk"]

    def __str__(self) -> str:
        return self.name


DECISIONS = [(d.value, d.value.capitalize()) for d in Decision]


class PlannedProcedure(PracticeScopedModel):
    phase = models.ForeignKey(CasePhase, on_delete=models.CASCADE, related_name="procedures")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(max_length=5, validators=[procedure_code])
    tooth = models.CharField(max_length=2, blank=True)
    surfaces = models.CharField(max_length=7, blank=True)
    provider = models.ForeignKey(
        "tenancy.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who does it: one of ours, or an outside specialist.",
    )
    fee = models.DecimalField(
        **MONEY,
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text="From the fee schedule when the procedure was planned, unless typed.",
    )
    fee_typed = models.BooleanField(default=False)
    discount = models.DecimalField(
        **MONEY, default=Decimal("0.00"), validators=[MinValueValidator(Decimal("0.00"))]
    )
    visits = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    healing_days = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(730)], help_text="Healing before the next phase."
    )
    decision = models.CharField(max_length=10, choices=DECISIONS, default=Decision.UNDECIDED)

    class Meta:
        ordering = ["phase", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.tooth}".strip()

    @property
    def net_fee(self) -> Decimal:
        return max(self.fee - self.discount, Decimal("0.00"))
