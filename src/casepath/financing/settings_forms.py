"""Forms of the financing settings: the policy, a lender product, a membership plan.
Forms parse; the services check the rules and name the fields."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db import models
from django.forms.models import fields_for_model, model_to_dict

from casepath.core.catalog import CATEGORY_SPANS, category_words
from casepath.financing.models import FinancialPolicy, LenderProduct, MembershipPlan
from casepath.financing.services import LENDER_FIELDS, POLICY_FIELDS

CODE_SEPARATORS = re.compile(r"[\s,;]+")


class _ModelFieldsForm(forms.Form):
    """A plain form with a model's fields (a ModelForm would write its input on the row
    before the service has checked it)."""

    model: type[Any]
    names: tuple[str, ...]

    def __init__(self, *args: Any, row: Any = None, **kwargs: Any) -> None:
        if row is not None:
            kwargs.setdefault("initial", model_to_dict(row, fields=self.names))
        super().__init__(*args, **kwargs)
        made = fields_for_model(self.model, fields=self.names, formfield_callback=_formfield)
        self.fields.update(made)

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.names}


def _formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class PolicyForm(_ModelFieldsForm):
    model = FinancialPolicy
    names = POLICY_FIELDS


class LenderForm(_ModelFieldsForm):
    model = LenderProduct
    names = LENDER_FIELDS


class MembershipPlanForm(forms.Form):
    """The plan, its fee, included codes as one comma list, a discount per category."""

    name = forms.CharField(max_length=120)
    yearly_fee = forms.DecimalField(
        label="Yearly fee", required=False, max_digits=12, decimal_places=2
    )
    monthly_fee = forms.DecimalField(
        label="Monthly fee",
        required=False,
        max_digits=12,
        decimal_places=2,
        help_text="Give a yearly fee or a monthly fee.",
    )
    included_codes = forms.CharField(
        label="Included services",
        required=False,
        help_text="CDT codes at no charge, separated by commas: D0120, D1110, D0274",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, row: MembershipPlan | None = None, **kwargs: Any) -> None:
        if row is not None:
            kwargs.setdefault("initial", _plan_initial(row))
        super().__init__(*args, **kwargs)
        for category in CATEGORY_SPANS:
            self.fields[f"discount_{category}"] = forms.DecimalField(
                label=f"Discount on {category_words(category)} (%)",
                required=False,
                max_digits=5,
                decimal_places=2,
            )

    def discount_fields(self) -> list[forms.BoundField]:
        return [self[f"discount_{category}"] for category in CATEGORY_SPANS]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("name", "yearly_fee", "monthly_fee", "included_codes")]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        codes = [c for c in CODE_SEPARATORS.split(data["included_codes"] or "") if c]
        discounts = {c: data[f"discount_{c}"] for c in CATEGORY_SPANS if data[f"discount_{c}"]}
        return {
            "name": data["name"],
            "yearly_fee": data["yearly_fee"],
            "monthly_fee": data["monthly_fee"],
            "included_codes": codes,
            "discounts": discounts,
        }


def _plan_initial(row: MembershipPlan) -> dict[str, Any]:
    initial = {
        "name": row.name,
        "yearly_fee": row.yearly_fee,
        "monthly_fee": row.monthly_fee,
        "included_codes": ", ".join(row.included_codes),
    }
    return initial | {f"discount_{c}": p for c, p in (row.discounts or {}).items()}


def discount_words(discounts: dict[str, str]) -> str:
    """“15% off crowns, 10% off implants” for a list."""
    return ", ".join(f"{p}% off {category_words(c)}" for c, p in sorted(discounts.items()))
