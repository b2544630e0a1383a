"""{% load estimate_tags %}: the saved-estimates card of a patient (the Insurance tab)."""

from __future__ import annotations

from typing import Any

from django import template

from casepath.estimates.selectors import estimates_of
from casepath.patients.models import Patient
from casepath.tenancy.roles import Permission

register = template.Library()
ON_TAB = 10


@register.inclusion_tag("estimates/partials/saved_list.html", takes_context=True)
def saved_estimates(context: Any, patient: Patient) -> dict[str, Any]:
    """The patient's latest saved estimates and a New estimate link."""
    membership = getattr(context["request"], "membership", None)
    rows = list(estimates_of(patient)[: ON_TAB + 1])
    return {
        "patient": patient,
        "estimates": rows[:ON_TAB],
        "more": len(rows) > ON_TAB,
        "can_edit": bool(membership and membership.can(Permission.EDIT_COVERAGE)),
    }
