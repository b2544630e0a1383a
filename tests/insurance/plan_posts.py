"""What the browser posts for the plan form: every field as the page renders it."""

from __future__ import annotations

from typing import Any

from django import forms

from casepath.insurance.forms.benefits import BenefitDesign


def _add(data: dict[str, Any], bound: forms.BoundField) -> None:
    value = bound.value()
    if isinstance(bound.field.widget, forms.CheckboxInput):
        if value:
            data[bound.html_name] = "on"
    elif value is not None:
        data[bound.html_name] = str(value)


def design_post(design: dict[str, Any] | None) -> dict[str, Any]:
    """The benefit part of the form, filled from `design` and left unchanged."""
    benefits = BenefitDesign(design=design)
    data: dict[str, Any] = {}
    for bound in benefits.form:
        _add(data, bound)
    for rows in benefits.rows.values():
        for bound in rows.management_form:
            _add(data, bound)
        for form in rows.forms:
            for bound in form:
                _add(data, bound)
    return data


def plan_post(carrier: Any, design: dict[str, Any] | None = None, **plan: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "carrier": carrier.pk,
        "employer": "Columbus City Schools",
        "group_name": "",
        "group_number": "KDB-40112",
        "plan_type": "percentage",
        "benefit_year_start_month": "1",
        "allowed_fees": "",
    }
    return fields | plan | design_post(design)
