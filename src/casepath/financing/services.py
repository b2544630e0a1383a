"""Writes for the practice's financing settings: its financial policy, the lender
products it offers and its membership plans. Each checks every field first (all the
problems at once, naming the fields), saves in a transaction and audits the change.

Payment plans and payments: plan_services.py. Applications and enrolments:
patient_services.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from casepath.audit.models import Action
from casepath.audit.services import audit_record, diff
from casepath.core.catalog import CATEGORY_SPANS, is_cdt_code
from casepath.financing.checks import HUNDRED, Problems
from casepath.financing.models import FinancialPolicy, LenderKind, LenderProduct, MembershipPlan
from casepath.financing.selectors import financial_policy
from casepath.tenancy.models import Practice

POLICY_FIELDS = (
    "longest_term_months",
    "min_down_percent",
    "apr_percent",
    "apr_cap_percent",
    "pay_in_full_percent",
)
LENDER_FIELDS = (
    "name",
    "kind",
    "months",
    "apr_percent",
    "min_amount",
    "max_amount",
    "practice_fee_percent",
    "application_url",
)
MEMBERSHIP_FIELDS = ("name", "yearly_fee", "monthly_fee", "included_codes", "discounts")
LONGEST_TERM = 120


# The financial policy


@transaction.atomic
def financial_policy_update(
    *, acting_user: Any, practice: Practice, **fields: Any
) -> FinancialPolicy:
    """Change the policy's terms (keyword arguments: POLICY_FIELDS)."""
    _known(fields, POLICY_FIELDS, "financial_policy_update")
    policy = financial_policy(practice)
    before = _values(policy, POLICY_FIELDS)
    for name, value in fields.items():
        setattr(policy, name, value)
    _check_policy(policy)
    return _save(policy, before, POLICY_FIELDS, acting_user, "the financial policy")


def _check_policy(policy: FinancialPolicy) -> None:
    problems = Problems()
    if not 1 <= (policy.longest_term_months or 0) <= LONGEST_TERM:
        problems.add(
            "longest_term_months",
            f"The longest in-house term must be between 1 and {LONGEST_TERM} months.",
        )
    problems.percent("min_down_percent", policy.min_down_percent, "minimum down payment")
    problems.percent("apr_cap_percent", policy.apr_cap_percent, "highest APR allowed")
    if not problems.has("apr_cap_percent"):
        problems.rate("apr_percent", policy.apr_percent, "in-house APR", policy.apr_cap_percent)
    problems.percent("pay_in_full_percent", policy.pay_in_full_percent, "pay-in-full discount")
    problems.raise_any()


# Lender products


@transaction.atomic
def lender_product_create(*, acting_user: Any, practice: Practice, **fields: Any) -> LenderProduct:
    """Offer a lender's product (keyword arguments: LENDER_FIELDS)."""
    _known(fields, LENDER_FIELDS, "lender_product_create")
    lender = LenderProduct(practice=practice, **fields)
    _check_lender(lender)
    return _save(lender, {}, LENDER_FIELDS, acting_user, f"lender product {lender.name}")


@transaction.atomic
def lender_product_update(
    *, acting_user: Any, lender: LenderProduct, **fields: Any
) -> LenderProduct:
    _known(fields, LENDER_FIELDS, "lender_product_update")
    before = _values(_fresh(lender), LENDER_FIELDS)
    for name, value in fields.items():
        setattr(lender, name, value)
    _check_lender(lender)
    return _save(lender, before, LENDER_FIELDS, acting_user, f"lender product {lender.name}")


def _check_lender(lender: LenderProduct) -> None:
    problems = Problems()
    if not (lender.name or "").strip():
        problems.add("name", "Name the product, e.g. “CareCredit 12 months”.")
    lender.name = (lender.name or "").strip()
    if lender.kind not in LenderKind.values:
        problems.add("kind", "Choose deferred interest or fixed APR.")
    problems.more_than_zero("months", lender.months, "number of months")
    problems.rate("apr_percent", lender.apr_percent, "APR", HUNDRED)
    problems.more_than_zero("min_amount", lender.min_amount, "smallest amount")
    problems.more_than_zero("max_amount", lender.max_amount, "largest amount")
    amounts_given = not problems.has("min_amount") and not problems.has("max_amount")
    if amounts_given and lender.min_amount > lender.max_amount:
        problems.add("min_amount", "The smallest amount is more than the largest amount.")
    problems.percent("practice_fee_percent", lender.practice_fee_percent, "practice fee")
    problems.raise_any()


# Membership plans


@transaction.atomic
def membership_plan_create(
    *, acting_user: Any, practice: Practice, **fields: Any
) -> MembershipPlan:
    """Offer a membership plan (keyword arguments: MEMBERSHIP_FIELDS; included_codes a
    list of CDT codes, discounts {category: percent})."""
    _known(fields, MEMBERSHIP_FIELDS, "membership_plan_create")
    plan = MembershipPlan(practice=practice)
    for name, value in fields.items():
        setattr(plan, name, value)
    _check_membership(plan)
    return _save(plan, {}, MEMBERSHIP_FIELDS, acting_user, f"membership plan {plan.name}")


@transaction.atomic
def membership_plan_update(
    *, acting_user: Any, plan: MembershipPlan, **fields: Any
) -> MembershipPlan:
    _known(fields, MEMBERSHIP_FIELDS, "membership_plan_update")
    before = _values(_fresh(plan), MEMBERSHIP_FIELDS)
    for name, value in fields.items():
        setattr(plan, name, value)
    _check_membership(plan)
    return _save(plan, before, MEMBERSHIP_FIELDS, acting_user, f"membership plan {plan.name}")


def _check_membership(plan: MembershipPlan) -> None:
    problems = Problems()
    plan.name = (plan.name or "").strip()
    if not plan.name:
        problems.add("name", "Name the plan, e.g. “Healthy smile club”.")
    fees = [f for f in ("yearly_fee", "monthly_fee") if getattr(plan, f) is not None]
    if len(fees) != 1:
        problems.add("yearly_fee", "Give a yearly fee or a monthly fee (one of them).")
    for name in fees:
        what = name.replace("_", " ")
        problems.more_than_zero(name, getattr(plan, name), what)
    plan.included_codes = _codes(plan.included_codes or [], problems)
    plan.discounts = _discounts(plan.discounts or {}, problems)
    problems.raise_any()


def _codes(codes: Iterable[str], problems: Problems) -> list[str]:
    cleaned = sorted({str(c).strip().upper() for c in codes if str(c).strip()})
    wrong = [c for c in cleaned if not is_cdt_code(c)]
    if wrong:
        problems.add(
            "included_codes",
            f"Not CDT codes: {', '.join(wrong)}. Write codes like D0120, D1110.",
        )
    return cleaned


def _discounts(discounts: Mapping[str, Any], problems: Problems) -> dict[str, str]:
    """{category: "15"}: known categories, percents 0 to 100, zeros left out."""
    kept: dict[str, str] = {}
    for category, percent in discounts.items():
        field = f"discount_{category}"
        if category not in CATEGORY_SPANS:
            problems.add("discounts", f"“{category}” is not a procedure category.")
            continue
        value = Decimal(str(percent)) if percent not in (None, "") else Decimal(0)
        problems.percent(field, value, f"discount on {category.replace('_', ' ')}")
        if value and 0 < value <= HUNDRED:
            kept[category] = str(value)
    return kept


# Offering or withdrawing a lender product or a membership plan


@transaction.atomic
def offer_set(
    *, acting_user: Any, row: LenderProduct | MembershipPlan, enabled: bool
) -> LenderProduct | MembershipPlan:
    """Offer (`enabled`) or stop offering a lender product or membership plan."""
    if row.is_enabled == enabled:
        return row
    row.is_enabled = enabled
    row.save(update_fields=["is_enabled", "updated_at"])
    verb = "Offered" if enabled else "Stopped offering"
    audit_record(
        practice=row.practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=row,
        summary=f"{verb} {row._meta.verbose_name} {row}",
        changes={"is_enabled": {"before": not enabled, "after": enabled}},
    )
    return row


# Shared


def _known(fields: Mapping[str, Any], allowed: tuple[str, ...], service: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{service}() got unexpected fields {sorted(unknown)}")


def _values(row: models.Model, names: tuple[str, ...]) -> dict[str, Any]:
    """JSON-ready values of `names` for the audit trail (amounts as text, "7.90")."""
    values = {}
    for name in names:
        value, field = getattr(row, name), row._meta.get_field(name)
        if isinstance(field, models.DecimalField) and value is not None:
            value = str(Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places)))
        values[name] = value
    return values


def _fresh(row: Any) -> Any:
    """The row as stored: a bound ModelForm may already have written its input on it."""
    return type(row)._default_manager.get(pk=row.pk)


def _save(row: Any, before: dict[str, Any], names: tuple[str, ...], actor: Any, what: str) -> Any:
    row.full_clean()
    row.save()
    changes = diff(before, _values(row, names))
    if changes:
        audit_record(
            practice=row.practice,
            actor=actor,
            action=Action.UPDATE if before else Action.CREATE,
            target=row,
            summary=f"{'Changed' if before else 'Added'} {what}",
            changes=changes,
        )
    return row
