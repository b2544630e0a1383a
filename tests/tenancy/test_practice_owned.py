"""Every row a practice owns carries its practice: checked over every model of Casepath."""

from __future__ import annotations

from django.apps import apps

from casepath.tenancy.scoping import PracticeScopedModel

# Models that are not owned by one practice, and why.
NOT_PRACTICE_OWNED = {
    "tenancy.Organization": "the top of the tree",
    "tenancy.Practice": "the tenant itself",
    "tenancy.Membership": "links a user to a practice; read only through memberships_for",
    "accounts.ApiToken": "belongs to a user, acts in that user's practices",
    "audit.AuditEvent": "carries its practice, but is append-only (no updated_at)",
}


def casepath_models() -> list[str]:
    return [
        m._meta.label
        for m in apps.get_models()
        if m.__module__.startswith("casepath.") and not m._meta.abstract
    ]


def test_every_model_is_practice_scoped_or_explained() -> None:
    unexplained = [
        label
        for label in casepath_models()
        if label not in NOT_PRACTICE_OWNED
        and not issubclass(apps.get_model(label), PracticeScopedModel)
    ]
    assert not unexplained, f"inherit PracticeScopedModel or explain: {unexplained}"


def test_the_explanations_name_real_models() -> None:
    assert set(NOT_PRACTICE_OWNED) <= set(casepath_models())


def test_audit_rows_still_carry_their_practice() -> None:
    assert apps.get_model("audit.AuditEvent")._meta.get_field("practice").remote_field
