"""API: a practice's cases, their plans, estimates, lifecycle moves, decisions and notes.

Like every practice route, the practice comes from the URL during authentication; here
the case (and the option or phase) in the URL is found then too, so that a caller who
cannot see it gets 404 whatever they send, before their input is read. Writes go
through the services in one transaction with an audit row of the API channel.
Seeing needs VIEW_CASES, planning EDIT_CASES, recording a decision PRESENT_CASES.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.responses import Status

from casepath import apikit
from casepath.apikit import ERRORS, require
from casepath.audit.models import Action, Channel
from casepath.audit.services import audit_request
from casepath.cases import api_schemas as s
from casepath.cases import plan_services, selectors, services
from casepath.cases.models import Case, CaseNote, CaseOption, CasePhase, Presentation
from casepath.core.errors import CasepathError
from casepath.estimates.models import Estimate
from casepath.patients.models import Patient
from casepath.tenancy.models import Provider
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404, scoped
from casepath.tenancy.selectors import staff_of

BASE = "/practices/{practice_id}/cases"
CASE = BASE + "/{case_id}"


def enter_case(request: HttpRequest) -> None:
    """The case, option and phase named in the URL, within the URL's practice (else 404)."""
    kwargs = request.resolver_match.kwargs if request.resolver_match else {}
    practice = getattr(request, "practice", None)
    if practice is None or "case_id" not in kwargs:
        return
    case = get_scoped_or_404(
        Case, practice, kwargs["case_id"], related=("patient", "diagnosing_provider", "coordinator")
    )
    request.case = case  # type: ignore[attr-defined]
    if "option_id" in kwargs:
        options = scoped(CaseOption, practice).filter(case=case)
        request.option = _one(options, kwargs["option_id"])  # type: ignore[attr-defined]
    if "phase_id" in kwargs:
        phases = scoped(CasePhase, practice).filter(option__case=case).select_related("option")
        request.phase = _one(phases, kwargs["phase_id"])  # type: ignore[attr-defined]


def _one(rows: QuerySet[Any], pk: object) -> Any:
    try:
        return rows.get(pk=pk)
    except (rows.model.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found") from None


router = Router(tags=["cases"], auth=apikit.entering(enter_case))


def _case(request: HttpRequest) -> Case:
    return request.case  # type: ignore[attr-defined,no-any-return]


def _practice(request: HttpRequest) -> Any:
    return request.practice  # type: ignore[attr-defined]


def _audit(request: HttpRequest, case: Case, action: Action, summary: str) -> None:
    audit_request(
        request,
        channel=Channel.API,
        action=action,
        target=case,
        patient=case.patient,
        summary=f"{summary} (API)",
    )


def _detail(request: HttpRequest, case: Case) -> dict[str, Any]:
    """The case with its plan, estimates, presentations and notes (seven queries)."""
    practice = _practice(request)
    options = selectors.case_plan(case)
    ids = [o.estimate_id for o in options if o.estimate_id]
    estimates = {e.pk: e for e in scoped(Estimate, practice).filter(pk__in=ids)}
    presentations = (
        scoped(Presentation, practice)
        .filter(case=case)
        .select_related("presented_by")
        .defer("snapshot")
        .order_by("number")
    )
    notes = scoped(CaseNote, practice).filter(case=case).select_related("author")
    return s.case_row(case) | {
        "chief_concern": case.chief_concern,
        "goals": case.goals,
        "missing_teeth": case.missing_teeth,
        "options": [s.option_out(option, estimates) for option in options],
        "presentations": [s.presentation_out(p) for p in presentations],
        "notes": [s.note_out(note) for note in notes],
    }


def _reloaded(request: HttpRequest, case: Case) -> Case:
    return get_scoped_or_404(
        Case,
        _practice(request),
        case.pk,
        related=("patient", "diagnosing_provider", "coordinator"),
    )


# ---- people named in a body: 422 at the field when not of this practice ----------


def _patient(request: HttpRequest, patient_id: int) -> Patient:
    found = scoped(Patient, _practice(request)).filter(pk=patient_id).first()
    if found is None:
        raise CasepathError.at("patient_id", "Choose a patient of this practice.")
    return found


def _provider(request: HttpRequest, provider_id: int, path: str) -> Provider:
    found = scoped(Provider, _practice(request)).filter(pk=provider_id).first()
    if found is None:
        raise CasepathError.at(path, "Choose a provider of this practice.")
    return found


def _coordinator(request: HttpRequest, user_id: int | None) -> Any:
    if user_id is None:
        return None
    member = staff_of(_practice(request)).filter(user_id=user_id, is_active=True).first()
    if member is None:
        raise CasepathError.at("coordinator_id", "Choose a staff member of this practice.")
    return member.user


def _header(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    """Body fields as the services take them (ids become rows)."""
    if "diagnosing_provider_id" in data:
        provider_id = data.pop("diagnosing_provider_id")
        if provider_id is None:
            raise CasepathError.at("diagnosing_provider_id", "Choose the diagnosing provider.")
        data["diagnosing_provider"] = _provider(request, provider_id, "diagnosing_provider_id")
    if "coordinator_id" in data:
        data["coordinator"] = _coordinator(request, data.pop("coordinator_id"))
    return data


def _patch(data: dict[str, Any]) -> dict[str, Any]:
    """A PATCH body: null clears a text, and is refused where a value is needed."""
    for name in ("title", "case_type", "urgency", "diagnosed_on"):
        if name in data and data[name] is None:
            raise CasepathError.at(name, "This field cannot be empty.")
    for name in ("chief_concern", "goals", "missing_teeth"):
        if name in data and data[name] is None:
            data[name] = ""
    return data


HEADER_NAMES = {"diagnosing_provider": "diagnosing_provider_id", "coordinator": "coordinator_id"}


# ---- cases -------------------------------------------------------------------


@router.get(BASE, response={200: s.CasePage, **ERRORS})
def case_list(
    request: HttpRequest, practice_id: int, filters: Query[s.CaseFilters]
) -> dict[str, Any]:
    """Cases of the practice, newest first, filtered by status, coordinator, provider,
    type, urgency and patient; `limit` (at most 200) and `offset` page through them."""
    require(request, Permission.VIEW_CASES)
    found = selectors.cases_of(_practice(request))
    wanted = {
        "status": filters.status,
        "coordinator_id": filters.coordinator,
        "diagnosing_provider_id": filters.provider,
        "case_type": filters.type,
        "urgency": filters.urgency,
        "patient_id": filters.patient,
    }
    found = found.filter(**{field: value for field, value in wanted.items() if value is not None})
    page = list(found[filters.offset : filters.offset + filters.limit])
    shown = ", ".join(
        f"{k}={v}" for k, v in filters.model_dump(mode="json").items() if v is not None
    )
    audit_request(
        request,
        channel=Channel.API,
        action=Action.SEARCH,
        object_type="case",
        summary=f"Listed cases ({shown}): {len(page)} shown (API)",
    )
    return {
        "count": found.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [s.case_row(case) for case in page],
    }


@router.post(BASE, response={201: s.CaseDetail, **ERRORS})
def case_create(request: HttpRequest, practice_id: int, payload: s.CaseIn) -> Status[Any]:
    """Open a draft case (services.case_create)."""
    require(request, Permission.EDIT_CASES)
    data = payload.dict()
    with apikit.api_writes(request, {"patient": "patient_id", **HEADER_NAMES}):
        patient = _patient(request, data.pop("patient_id"))
        header = _header(request, data)
        case = services.case_create(acting_user=request.user, patient=patient, **header)
    return Status(201, _detail(request, _reloaded(request, case)))


@router.get(CASE, response={200: s.CaseDetail, **ERRORS})
def case_read(request: HttpRequest, practice_id: int, case_id: int) -> dict[str, Any]:
    """The case: header, status, options with their phases, procedures and estimate
    totals, presentations and discussion notes."""
    require(request, Permission.VIEW_CASES)
    case = _case(request)
    _audit(request, case, Action.VIEW, f"Read the case “{case.title}”")
    return _detail(request, case)


@router.patch(CASE, response={200: s.CaseDetail, **ERRORS})
def case_update(
    request: HttpRequest, practice_id: int, case_id: int, payload: s.CasePatch
) -> dict[str, Any]:
    """Change header fields (the status moves through /transitions)."""
    require(request, Permission.EDIT_CASES)
    case = _case(request)
    data = payload.dict(exclude_unset=True)
    with apikit.api_writes(request, HEADER_NAMES):
        header = _header(request, _patch(data))
        case = services.case_update(acting_user=request.user, case=case, **header)
    return _detail(request, _reloaded(request, case))


# ---- the plan ----------------------------------------------------------------


@router.post(CASE + "/options", response={201: s.OptionOut, **ERRORS})
def option_add(
    request: HttpRequest, practice_id: int, case_id: int, payload: s.OptionIn
) -> Status[Any]:
    """Add an option (it gets a first phase; the first option is the recommended one)."""
    require(request, Permission.EDIT_CASES)
    case = _case(request)
    with apikit.api_writes(request):
        option = plan_services.option_add(acting_user=request.user, case=case, **payload.dict())
        _audit(request, case, Action.UPDATE, f"Added the option “{option.name}”")
    phases = [s.phase_out(phase) for phase in option.phases.all()]
    return Status(201, s.option_out(option, {}, planned=False) | {"phases": phases})


@router.post(CASE + "/options/{option_id}/phases", response={201: s.PhaseOut, **ERRORS})
def phase_add(
    request: HttpRequest, practice_id: int, case_id: int, option_id: int, payload: s.PhaseIn
) -> Status[Any]:
    require(request, Permission.EDIT_CASES)
    option = request.option  # type: ignore[attr-defined]
    with apikit.api_writes(request):
        phase = plan_services.phase_add(acting_user=request.user, option=option, name=payload.name)
        _audit(request, _case(request), Action.UPDATE, f"Added the phase “{phase.name}”")
    return Status(201, s.phase_out(phase))


@router.post(CASE + "/phases/{phase_id}/procedures", response={201: s.ProcedureOut, **ERRORS})
def procedure_add(
    request: HttpRequest, practice_id: int, case_id: int, phase_id: int, payload: s.ProcedureIn
) -> Status[Any]:
    """Plan a procedure; its fee comes from the fee schedule unless `fee` is given.
    A missing or impossible tooth, a duplicate, a fee missing from the schedule: 422."""
    require(request, Permission.EDIT_CASES)
    data = payload.dict()
    provider_id = data.pop("provider_id")
    with apikit.api_writes(request, {"provider": "provider_id"}):
        provider = _provider(request, provider_id, "provider_id") if provider_id else None
        row = plan_services.procedure_add(
            acting_user=request.user,
            phase=request.phase,  # type: ignore[attr-defined]
            provider=provider,
            **data,
        )
    return Status(201, s.procedure_out(row))


@router.post(CASE + "/estimate", response={200: s.CaseDetail, **ERRORS})
def case_estimate(request: HttpRequest, practice_id: int, case_id: int) -> dict[str, Any]:
    """Estimate each option as if it were the only one, as of today."""
    require(request, Permission.EDIT_CASES)
    case = _case(request)
    with apikit.api_writes(request):
        plan_services.case_estimate(acting_user=request.user, case=case, as_of=timezone.localdate())
    return _detail(request, _reloaded(request, case))


# ---- lifecycle and decisions -------------------------------------------------


@router.post(CASE + "/transitions", response={200: s.CaseDetail, **ERRORS})
def case_move(
    request: HttpRequest, practice_id: int, case_id: int, payload: s.TransitionIn
) -> dict[str, Any]:
    """Move the case, e.g. {"to": "ready"}. Presenting, accepting and declining have
    their own routes; a move the lifecycle refuses answers 422 at "status"."""
    require(request, Permission.EDIT_CASES)
    case = _case(request)
    with apikit.api_writes(request):
        case = services.case_move(
            acting_user=request.user, case=case, to=payload.to, note=payload.note
        )
    return _detail(request, _reloaded(request, case))


@router.post(CASE + "/accept", response={200: s.CaseDetail, **ERRORS})
def case_accept(
    request: HttpRequest, practice_id: int, case_id: int, payload: s.AcceptIn
) -> dict[str, Any]:
    """Record that the patient accepted an option, whole or without some procedures."""
    require(request, Permission.PRESENT_CASES)
    case = _case(request)
    names = {"option": "option_id", "procedures": "declined_procedure_ids"}
    with apikit.api_writes(request, names):
        case = services.case_accept(
            acting_user=request.user,
            case=case,
            option_id=payload.option_id,
            declined_procedure_ids=frozenset(payload.declined_procedure_ids),
            decided_on=timezone.localdate(),
        )
    return _detail(request, _reloaded(request, case))


@router.post(CASE + "/decline", response={200: s.CaseDetail, **ERRORS})
def case_decline(
    request: HttpRequest, practice_id: int, case_id: int, payload: s.DeclineIn
) -> dict[str, Any]:
    """Record that the patient declined, with a reason from the list (and words)."""
    require(request, Permission.PRESENT_CASES)
    case = _case(request)
    with apikit.api_writes(request):
        case = services.case_decline(
            acting_user=request.user,
            case=case,
            reason=payload.reason,
            detail=payload.detail,
            decided_on=timezone.localdate(),
        )
    return _detail(request, _reloaded(request, case))


@router.post(CASE + "/notes", response={201: s.NoteOut, **ERRORS})
def note_add(
    request: HttpRequest, practice_id: int, case_id: int, payload: s.NoteIn
) -> Status[Any]:
    """A discussion note: financial, an objection, or a question for the clinical team."""
    require(request, Permission.EDIT_CASES)
    case = _case(request)
    with apikit.api_writes(request):
        note = services.case_note_add(
            acting_user=request.user, case=case, kind=payload.kind, text=payload.text
        )
    return Status(201, s.note_out(note))
