"""API: a practice's payment plans, each with its schedule and standing, and payments.

The practice and the plan named in the URL are found during authentication, so a
caller who cannot see them gets 404 whatever they send, before their input is read.
Reading needs VIEW_INSURANCE; preparing a plan and recording a payment RECORD_PAYMENTS.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.responses import Status

from casepath import apikit
from casepath.apikit import ERRORS, require
from casepath.audit.models import Action, Channel
from casepath.audit.services import audit_request
from casepath.cases.models import Case
from casepath.core.errors import CasepathError
from casepath.financing import api_schemas as s
from casepath.financing import plan_services, selectors
from casepath.financing.models import PaymentPlan
from casepath.patients.models import Patient
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404, scoped

BASE = "/practices/{practice_id}/payment-plans"
PLAN = BASE + "/{payment_plan_id}"
NAMES = {"patient": "patient_id", "case": "case_id"}


def enter_plan(request: HttpRequest) -> None:
    """The plan named in the URL, within the URL's practice (else 404)."""
    kwargs = request.resolver_match.kwargs if request.resolver_match else {}
    practice = getattr(request, "practice", None)
    if practice is None or "payment_plan_id" not in kwargs:
        return
    request.plan = get_scoped_or_404(  # type: ignore[attr-defined]
        PaymentPlan, practice, kwargs["payment_plan_id"], related=("patient",)
    )


router = Router(tags=["financing"], auth=apikit.entering(enter_plan))


def _practice(request: HttpRequest) -> Any:
    return request.practice  # type: ignore[attr-defined]


def _plan(request: HttpRequest) -> PaymentPlan:
    return request.plan  # type: ignore[attr-defined,no-any-return]


def _audit(request: HttpRequest, plan: PaymentPlan, summary: str) -> None:
    audit_request(
        request,
        channel=Channel.API,
        action=Action.VIEW,
        target=plan,
        patient=plan.patient,
        summary=f"{summary} (API)",
    )


def _detail(plan: PaymentPlan) -> dict[str, Any]:
    return s.plan_detail_out(plan, selectors.payment_plan_detail(plan, timezone.localdate()))


@router.get(BASE, response={200: s.PaymentPlanPage, **ERRORS})
def plan_list(
    request: HttpRequest, practice_id: int, filters: Query[s.PlanFilters]
) -> dict[str, Any]:
    """Payment plans of the practice, newest first, each with its standing today;
    `patient` keeps one patient's; `limit` (at most 200) and `offset` page through them."""
    require(request, Permission.VIEW_INSURANCE)
    plans = selectors.plans_with_paid(_practice(request), timezone.localdate())
    if filters.patient is not None:
        plans = plans.filter(patient_id=filters.patient)
    plans = plans.order_by("-agreement_date", "-pk")
    rows = selectors.plan_rows(
        plans[filters.offset : filters.offset + filters.limit], timezone.localdate()
    )
    audit_request(
        request,
        channel=Channel.API,
        action=Action.SEARCH,
        object_type="paymentplan",
        summary=f"Listed payment plans (patient={filters.patient}): {len(rows)} shown (API)",
    )
    return {
        "count": plans.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [s.plan_out(r.plan, r.standing, r.instalments) for r in rows],
    }


@router.post(BASE, response={201: s.PaymentPlanDetail, **ERRORS})
def plan_create(request: HttpRequest, practice_id: int, payload: s.PaymentPlanIn) -> Status[Any]:
    """Prepare a draft plan and its schedule (plan_services.payment_plan_create): the
    practice's policy applies (APR cap, minimum down payment, longest term)."""
    require(request, Permission.RECORD_PAYMENTS)
    data = payload.dict()
    practice = _practice(request)
    with apikit.renamed_errors(NAMES), transaction.atomic():
        patient = _patient(request, data.pop("patient_id"))
        data["case"] = _case(request, data.pop("case_id"))
        if data["apr_percent"] is None:
            data["apr_percent"] = selectors.financial_policy(practice).apr_percent
        plan = plan_services.payment_plan_create(
            acting_user=request.user, patient=patient, channel=Channel.API, **data
        )
    return Status(201, _detail(plan))


@router.get(PLAN, response={200: s.PaymentPlanDetail, **ERRORS})
def plan_read(request: HttpRequest, practice_id: int, payment_plan_id: int) -> dict[str, Any]:
    """The plan: terms, Truth-in-Lending figures, schedule, payments and standing today."""
    require(request, Permission.VIEW_INSURANCE)
    plan = _plan(request)
    _audit(request, plan, f"Read payment plan {plan.pk}")
    return _detail(plan)


@router.post(PLAN + "/payments", response={201: s.PaymentRecorded, **ERRORS})
def payment_add(
    request: HttpRequest, practice_id: int, payment_plan_id: int, payload: s.PaymentIn
) -> Status[Any]:
    """Record a payment against a signed plan; the answer holds the plan as it now stands."""
    require(request, Permission.RECORD_PAYMENTS)
    with apikit.renamed_errors(NAMES), transaction.atomic():
        payment = plan_services.payment_record(
            acting_user=request.user, plan=_plan(request), channel=Channel.API, **payload.dict()
        )
    plan = get_scoped_or_404(PaymentPlan, _practice(request), payment.plan_id, related=("patient",))
    return Status(201, s.payment_out(payment) | {"plan": _detail(plan)})


# ---- records named in a body: 422 at the field when not of this practice ----------


def _patient(request: HttpRequest, patient_id: int) -> Patient:
    found = scoped(Patient, _practice(request)).filter(pk=patient_id).first()
    if found is None:
        raise CasepathError.at("patient_id", "Choose a patient of this practice.")
    return found


def _case(request: HttpRequest, case_id: int | None) -> Case | None:
    if case_id is None:
        return None
    found = scoped(Case, _practice(request)).filter(pk=case_id).first()
    if found is None:
        raise CasepathError.at("case_id", "Choose a case of this practice.")
    return found
