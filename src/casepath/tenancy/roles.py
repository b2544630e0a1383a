"""Roles and what each may do: the one explicit permission matrix.

A membership gives a user one role in one practice. Views and API endpoints ask
`can(membership, Permission.X)`; tests/tenancy/test_roles.py pins the matrix.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    TREATMENT_COORDINATOR = "tc", "Treatment coordinator"
    FRONT_DESK = "front_desk", "Front desk"
    PROVIDER = "provider", "Provider"
    PRACTICE_MANAGER = "manager", "Practice manager"
    ORGANIZATION_ADMIN = "org_admin", "Organization admin"


class Permission(models.TextChoices):
    VIEW_PATIENTS = "view_patients", "See patients"
    EDIT_PATIENTS = "edit_patients", "Add and change patients"
    VIEW_INSURANCE = "view_insurance", "See insurance, benefits and estimates"
    EDIT_COVERAGE = "edit_coverage", "Add and change patients' coverage and eligibility checks"
    EDIT_PLANS = "edit_plans", "Add and change carriers and plans' benefits"
    MANAGE_FEES = "manage_fees", "Manage fee schedules"
    VIEW_CASES = "view_cases", "See cases and their presentations"
    EDIT_CASES = "edit_cases", "Plan and revise cases"
    PRESENT_CASES = "present_cases", "Present cases, send patient links and record decisions"
    MANAGE_CASE_TEMPLATES = "manage_case_templates", "Edit consent and letter templates"
    MANAGE_FINANCING = (
        "manage_financing",
        "Set the practice's financial policy, lenders and membership plans",
    )
    RECORD_PAYMENTS = (
        "record_payments",
        "Record payment plans, payments, applications and memberships",
    )
    SEND_PREDETERMINATIONS = (
        "send_predeterminations",
        "Send pre-determinations and record the payers' answers",
    )
    WORK_FOLLOW_UPS = "work_follow_ups", "Work follow-up tasks: log calls, close and reassign"
    VIEW_AUDIT = "view_audit", "See and export the audit trail"
    VIEW_REPORTS = "view_reports", "See acceptance figures, the monthly reports and their own pay"
    MANAGE_COMPENSATION = (
        "manage_compensation",
        "Set TC compensation plans and see every TC's statement",
    )
    MANAGE_PRACTICE = "manage_practice", "Manage providers, rooms and staff of a practice"
    MANAGE_ORGANIZATION = "manage_organization", "Manage the organization's practices"


_ALL_STAFF = frozenset(Role)
_MANAGERS = frozenset({Role.PRACTICE_MANAGER, Role.ORGANIZATION_ADMIN})
_PLANNERS = frozenset({Role.TREATMENT_COORDINATOR, Role.PROVIDER, *_MANAGERS})
_DESK = frozenset({Role.TREATMENT_COORDINATOR, Role.FRONT_DESK, *_MANAGERS})

MATRIX: dict[Permission, frozenset[Role]] = {
    Permission.VIEW_PATIENTS: _ALL_STAFF,
    Permission.EDIT_PATIENTS: _DESK,
    Permission.VIEW_INSURANCE: _ALL_STAFF,
    Permission.EDIT_COVERAGE: _DESK,
    Permission.EDIT_PLANS: _DESK,
    Permission.MANAGE_FEES: _MANAGERS,
    Permission.VIEW_CASES: _ALL_STAFF,
    Permission.EDIT_CASES: _PLANNERS,
    Permission.PRESENT_CASES: _PLANNERS,
    Permission.MANAGE_CASE_TEMPLATES: frozenset({Role.TREATMENT_COORDINATOR, *_MANAGERS}),
    Permission.MANAGE_FINANCING: _MANAGERS,
    Permission.RECORD_PAYMENTS: _DESK,
    Permission.SEND_PREDETERMINATIONS: _DESK,
    Permission.WORK_FOLLOW_UPS: _DESK,
    Permission.VIEW_AUDIT: _MANAGERS,
    Permission.VIEW_REPORTS: _ALL_STAFF,
    Permission.MANAGE_COMPENSATION: _MANAGERS,
    Permission.MANAGE_PRACTICE: _MANAGERS,
    Permission.MANAGE_ORGANIZATION: frozenset({Role.ORGANIZATION_ADMIN}),
}


def role_can(role: str, permission: Permission) -> bool:
    return role in MATRIX[permission]
