"""Template context shared by every page: the current practice and the header menus."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from casepath.tenancy.roles import Permission

NAVIGATION = (
    ("Today", "web:today"),
    ("Huddle", "huddle:day"),
    ("Schedule", "scheduling:day"),
    ("New patients", "intake:board"),
    ("Patients", "patients:list"),
    ("Cases", "cases:board"),
    ("Follow-ups", "followups:worklist"),
    ("Reports", "reports:dashboard"),
    ("Settings", "accounts:settings"),
)
# The top-level section each URL namespace belongs to, for aria-current.
SECTION_OF_NAMESPACE = {
    "patients": "Patients",
    "coverage": "Patients",
    "estimates": "Patients",
    "cases": "Cases",
    "predeterminations": "Cases",
    "followups": "Follow-ups",
    "huddle": "Huddle",
    "intake": "New patients",
    "scheduling": "Schedule",
    "referrals": "Patients",
    "reports": "Reports",
    "payments": "Reports",
    "compensation": "Reports",
    "financing": "Settings",
    "audit": "Settings",
    "accounts": "Settings",
    "tenancy": "Settings",
    "insurance": "Settings",
    "procedures": "Settings",
}


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    match = request.resolver_match
    current = ""
    if match is not None:
        current = SECTION_OF_NAMESPACE.get(match.namespace, "")
        current = current or next(
            (label for label, name in NAVIGATION if name == match.view_name), ""
        )
    return [
        {"label": label, "href": reverse(name), "current": label == current}
        for label, name in NAVIGATION
    ]


def workbench(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    return {
        "navigation": _navigation(request) if request.user.is_authenticated else [],
        "current_membership": membership,
        "current_practice": getattr(request, "practice", None),
        "all_memberships": getattr(request, "memberships", []),
        "can_view_audit": bool(membership and membership.can(Permission.VIEW_AUDIT)),
        "can_view_cases": bool(membership and membership.can(Permission.VIEW_CASES)),
        "can_edit_case_templates": bool(
            membership and membership.can(Permission.MANAGE_CASE_TEMPLATES)
        ),
        "can_manage_practice": bool(membership and membership.can(Permission.MANAGE_PRACTICE)),
        "can_edit_patients": bool(membership and membership.can(Permission.EDIT_PATIENTS)),
        "demo_mode": settings.DEMO_MODE,
        "idle_seconds": settings.CASEPATH_IDLE_SECONDS,
    }
